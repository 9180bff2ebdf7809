/**
 * Running the lab against the real control plane: the built CLI (`node dist/cli.js --kubectl <real>`), the
 * real kubectl as the admin or with a learner's kubeconfig, and a Context for driving the engine API in
 * the test process. Every call is asynchronous: a test may serve something (a proxy) while the lab runs.
 */
import { execa } from 'execa';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Context } from '../../src/context.js';
import { sleep } from '../../src/context.js';
import type { ProvidedPlane } from './global-setup.js';
import { realKubectl } from './harness.js';

const root = join(import.meta.dirname, '..', '..');
export const CLI = join(root, 'dist', 'cli.js');

export interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

export interface RealLab {
  dir: string;
  home: string;
  env: NodeJS.ProcessEnv;
  /** `node dist/cli.js --kubectl <real> --kubeconfig <admin> ARGS` (`kubeconfig: null` leaves the flag out). */
  cli(args: string[], o?: { kubeconfig?: string | null; kubectl?: string; timeout?: number }): Promise<Ran>;
  /** The real kubectl, as the admin unless another kubeconfig is given. */
  kubectl(args: string[], o?: { input?: string; kubeconfig?: string }): Promise<Ran>;
  /** Like kubectl, but a failure throws with kubectl's stderr. */
  ok(args: string[], o?: { input?: string; kubeconfig?: string }): Promise<string>;
  ctx(signal?: AbortSignal): Pick<Context, 'env' | 'lang' | 'signal' | 'home' | 'now' | 'sleep'>;
}

const ran = (r: { exitCode?: number; stdout?: unknown; stderr?: unknown }): Ran => ({
  code: r.exitCode ?? -1,
  stdout: String(r.stdout ?? ''),
  stderr: String(r.stderr ?? ''),
});

export function realLab(plane: ProvidedPlane, name: string): RealLab {
  const dir = mkdtempSync(join(tmpdir(), `emqx-lab-${name}-`));
  const home = join(dir, 'home');
  const env: NodeJS.ProcessEnv = { ...process.env, EMQX_LAB_HOME: home, KUBECONFIG: plane.kubeconfig, NO_COLOR: '1', CI: '1', LANG: 'en_US.UTF-8', LC_ALL: '' };
  delete env.EMQX_LAB_COURSE;
  delete env.FORCE_COLOR;
  delete env.EMQX_LAB_KUBECTL;
  const kubectl = async (args: string[], o: { input?: string; kubeconfig?: string } = {}) =>
    ran(
      await execa(realKubectl, [`--kubeconfig=${o.kubeconfig ?? plane.kubeconfig}`, ...args], {
        env,
        reject: false,
        input: o.input,
        stdin: o.input === undefined ? 'ignore' : undefined,
        timeout: 120_000,
      }),
    );
  return {
    dir,
    home,
    env,
    async cli(args, o = {}) {
      const kc = o.kubeconfig === null ? [] : ['--kubeconfig', o.kubeconfig ?? plane.kubeconfig];
      return ran(
        await execa('node', [CLI, '--kubectl', o.kubectl ?? realKubectl, ...kc, ...args], {
          cwd: dir,
          env,
          reject: false,
          stdin: 'ignore',
          timeout: o.timeout ?? 300_000,
        }),
      );
    },
    kubectl,
    async ok(args, o) {
      const r = await kubectl(args, o);
      if (r.code !== 0) throw new Error(`kubectl ${args.join(' ')} failed (${r.code}): ${r.stderr}`);
      return r.stdout;
    },
    ctx: (signal = new AbortController().signal) => ({ env, lang: 'en', signal, home, now: Date.now, sleep }),
  };
}

/** Wait until `probe` returns a value (polling every 500 ms). */
export async function eventually<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 120_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > until) throw new Error(`not within ${timeoutMs / 1000} s: ${what}`);
    await sleep(500);
  }
}

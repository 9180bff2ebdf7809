/**
 * The two clusters a corpus invocation runs against: the simulator (node dist/sim/kubectl.js with its state
 * in a home of its own) and the real control plane (the real kubectl v1.32 client with the plane's admin
 * kubeconfig). Same argv, same stdin; a watch is stopped after its time and only what it printed counts.
 */
import { execa } from 'execa';
import { join } from 'node:path';

export interface Output {
  stdout: string;
  stderr: string;
  exitCode: number | undefined;
}

export interface RunOptions {
  stdin?: string;
  /** Stop the command after this many ms and keep what it printed (watches, port-forwards, logs -f). */
  stopAfterMs?: number;
  timeoutMs?: number;
  /** The working folder (files a command names, `-f deployment.yaml`). */
  cwd?: string;
}

export interface Target {
  name: 'sim' | 'real';
  run(argv: string[], o?: RunOptions): Promise<Output>;
}

const root = join(import.meta.dirname, '..', '..');

async function exec(file: string, args: string[], env: NodeJS.ProcessEnv, o: RunOptions): Promise<Output> {
  const p = execa(file, args, {
    env,
    reject: false,
    input: o.stdin,
    stdin: o.stdin === undefined ? 'ignore' : undefined,
    timeout: o.timeoutMs ?? 60_000,
    stripFinalNewline: false,
    cwd: o.cwd,
  });
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  if (o.stopAfterMs !== undefined) {
    timer = setTimeout(() => {
      stopped = true;
      p.kill('SIGTERM');
    }, o.stopAfterMs);
  }
  const r = await p;
  if (timer) clearTimeout(timer);
  // A command stopped on purpose has no exit code worth comparing; one that ended by itself has.
  return { stdout: String(r.stdout ?? ''), stderr: String(r.stderr ?? ''), exitCode: stopped ? undefined : r.exitCode };
}

export function simTarget(home: string, speed = '50'): Target {
  const env: NodeJS.ProcessEnv = { ...process.env, EMQX_LAB_HOME: home, EMQX_LAB_SIM_SPEED: speed };
  delete env.KUBECONFIG;
  return { name: 'sim', run: (argv, o = {}) => exec(process.execPath, [join(root, 'dist', 'sim', 'kubectl.js'), ...argv], env, o) };
}

export function realTarget(kubectl: string, kubeconfig: string): Target {
  const env = { ...process.env, KUBECONFIG: kubeconfig };
  return { name: 'real', run: (argv, o = {}) => exec(kubectl, argv, env, o) };
}

/** Running the built simulator (dist/sim/kubectl.js) as kubectl would be run, with its own EMQX_LAB_HOME. */
import { execa } from 'execa';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const SIM = join(import.meta.dirname, '..', '..', 'dist', 'sim', 'kubectl.js');

export interface Run {
  stdout: string;
  stderr: string;
  code: number;
}

export function simHome(): string {
  return mkdtempSync(join(tmpdir(), 'emqx-lab-sim-'));
}

export function kubectl(home: string, args: string[], opts: { input?: string; speed?: number; env?: Record<string, string> } = {}): Promise<Run> {
  return execa(process.execPath, [SIM, ...args], {
    reject: false,
    input: opts.input,
    stdin: opts.input === undefined ? 'ignore' : undefined,
    env: { EMQX_LAB_HOME: home, EMQX_LAB_SIM_SPEED: String(opts.speed ?? 50), LANG: 'en_US.UTF-8', ...opts.env },
    extendEnv: false,
    timeout: 120_000,
    stripFinalNewline: false,
  }).then((r) => ({ stdout: String(r.stdout), stderr: String(r.stderr), code: r.exitCode ?? -1 }));
}

/** Poll a kubectl call until `ok` holds (wall-clock deadline). */
export async function poll(home: string, args: string[], ok: (r: Run) => boolean, ms = 60_000): Promise<Run> {
  const deadline = Date.now() + ms;
  for (;;) {
    const r = await kubectl(home, args);
    if (ok(r)) return r;
    if (Date.now() > deadline) throw new Error(`timed out: kubectl ${args.join(' ')}\n${r.stdout}\n${r.stderr}`);
    await new Promise((res) => setTimeout(res, 250));
  }
}

/** Running the built CLI and the simulator's kubectl for the room tests (one simulated cluster per home). */
import { execa } from 'execa';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sleep } from '../../src/context.js';
import type { Context } from '../../src/context.js';

const root = join(import.meta.dirname, '..', '..');
export const CLI = join(root, 'dist', 'cli.js');
export const SIM = join(root, 'dist', 'sim', 'kubectl.js');

export interface SimRoom {
  dir: string;
  env: NodeJS.ProcessEnv;
  cli(args: string[], o?: { timeout?: number }): ReturnType<typeof execa>;
  kubectl(args: string[], input?: string): ReturnType<typeof execa>;
  /** A Context for driving engine functions in this process against the same simulated cluster. */
  ctx(signal?: AbortSignal): Pick<Context, 'env' | 'lang' | 'signal' | 'home' | 'now' | 'sleep'>;
}

export function simRoom(speed = '500'): SimRoom {
  const dir = mkdtempSync(join(tmpdir(), 'emqx-lab-room-'));
  const env: NodeJS.ProcessEnv = { ...process.env, EMQX_LAB_HOME: join(dir, 'home'), EMQX_LAB_SIM_SPEED: speed, NO_COLOR: '1', CI: '1' };
  delete env.EMQX_LAB_COURSE;
  delete env.FORCE_COLOR;
  return {
    dir,
    env,
    cli: (args, o = {}) => execa('node', [CLI, ...args], { cwd: dir, env, reject: false, stdin: 'ignore', timeout: o.timeout ?? 180_000 }),
    kubectl: (args, input) => execa('node', [SIM, ...args], { cwd: dir, env, reject: false, input, stdin: input === undefined ? 'ignore' : undefined, timeout: 60_000 }),
    ctx: (signal = new AbortController().signal) => ({ env, lang: 'en', signal, home: env.EMQX_LAB_HOME!, now: Date.now, sleep }),
  };
}

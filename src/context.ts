/**
 * What every command gets from the outside world. Side effects come in through here (streams, env, clock,
 * cancellation), so tests replace them; modules take only the fields they need with Pick<Context, ...>.
 */
import type { Readable, Writable } from 'node:stream';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { Lang } from './i18n/lang.js';

export interface Output extends Writable {
  isTTY?: boolean;
  columns?: number;
}
export interface Input extends Readable {
  isTTY?: boolean;
  setRawMode?: (mode: boolean) => unknown;
}

export interface Io {
  stdout: Output;
  stderr: Output;
  stdin: Input;
}

/** Options every command accepts (PRODUCT.md, "global"). */
export interface GlobalOptions {
  sim?: boolean;
  namespace?: string;
  context?: string;
  kubectl?: string;
  kubeconfig?: string;
  lang?: Lang;
  json?: boolean;
  yes?: boolean;
  color?: boolean;
}

export interface Context {
  io: Io;
  env: NodeJS.ProcessEnv;
  cwd: string;
  lang: Lang;
  /** Colour and other ANSI styling allowed on stdout. */
  color: boolean;
  /** EMQX_LAB_HOME: progress, settings, simulator state. */
  home: string;
  /** Milliseconds since the epoch. */
  now: () => number;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Aborted on Ctrl-C: everything long-running listens to it and cleans up. */
  signal: AbortSignal;
}

export function labHome(env: NodeJS.ProcessEnv): string {
  return env.EMQX_LAB_HOME || join(homedir(), '.emqx-lab');
}

/** A colour decision the way kleur and styleText make it: NO_COLOR, FORCE_COLOR, TERM=dumb, TTY. */
export function colorAllowed(env: NodeJS.ProcessEnv, out: Output, flag?: boolean): boolean {
  if (flag === false) return false;
  if ('NO_COLOR' in env && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0') return true;
  if (env.FORCE_COLOR === '0') return false;
  if (env.TERM === 'dumb') return false;
  return Boolean(out.isTTY);
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

/**
 * Running one kubectl process to completion (execa 9). A failure is data here (reject:false); the adapter
 * decides what to throw. Cancellation uses `cancelSignal` (execa's `signal` option is something else), and
 * every call has a hard timeout so nothing waits forever on a black-holed API server.
 */
import { execa } from 'execa';
import type { KubectlBinary } from './binary.js';
import type { RunResult } from './result.js';

export interface RunOptions {
  /** Written to stdin (the manifests of `apply -f -`). */
  input?: string;
  timeoutMs?: number;
  signal?: AbortSignal;
}

export type Runner = (args: string[], opts?: RunOptions) => Promise<RunResult>;

export const DEFAULT_TIMEOUT_MS = 60_000;

export function execaRunner(bin: KubectlBinary, env: NodeJS.ProcessEnv): Runner {
  return async (args, opts = {}) => {
    const r = await execa(bin.file, [...bin.prefix, ...args], {
      reject: false,
      env,
      extendEnv: false,
      input: opts.input,
      stdin: opts.input === undefined ? 'ignore' : undefined,
      timeout: opts.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      cancelSignal: opts.signal,
      forceKillAfterDelay: 2_000,
      stripFinalNewline: false,
    });
    return {
      args,
      exitCode: r.exitCode,
      stdout: typeof r.stdout === 'string' ? r.stdout : '',
      stderr: typeof r.stderr === 'string' ? r.stderr : '',
      timedOut: Boolean(r.timedOut),
      canceled: Boolean(r.isCanceled),
      // Not there, or not runnable (a folder, a file without the execute bit): kubectl cannot run either way.
      missing: ['ENOENT', 'EACCES', 'EISDIR', 'ENOEXEC'].includes((r as { code?: string }).code ?? ''),
    };
  };
}

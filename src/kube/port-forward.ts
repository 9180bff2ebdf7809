/**
 * Port-forwards as managed subprocesses. Each one binds 127.0.0.1 with local port 0 and reports the port
 * kubectl picked (`Forwarding from 127.0.0.1:PORT -> REMOTE`). A registry per adapter holds every live
 * forward so that close, Ctrl-C (the abort signal) and process exit all kill them: nothing is left behind.
 */
import { execa, type ResultPromise } from 'execa';
import type { KubectlBinary } from './binary.js';
import { classify, cleanStderr, detailOf, failedRun } from './result.js';
import { packageRoot } from '../util/paths.js';
import { join } from 'node:path';

/** The guard program every port-forward runs under (always the built file: it runs as its own process). */
export function childGuardPath(): string {
  return join(packageRoot(), 'dist', 'kube', 'child-guard.js');
}

export interface PortForward {
  target: string;
  localPort: number;
  /** False once kubectl has exited (the pod went away, the connection dropped). */
  readonly alive: boolean;
  /** The last thing kubectl complained about (e.g. `error forwarding port 1883 ...`). */
  readonly lastError: string;
  close(): Promise<void>;
}

export interface PortForwarder {
  open(args: string[], target: string, opts?: { timeoutMs?: number; signal?: AbortSignal }): Promise<PortForward>;
  /** Kill every forward still running. */
  closeAll(): Promise<void>;
}

const READY = /Forwarding from 127\.0\.0\.1:(\d+)/;

export function createPortForwarder(bin: KubectlBinary, env: NodeJS.ProcessEnv): PortForwarder {
  const live = new Set<ResultPromise>();
  // At exit the guards are told to stop (they end their kubectl); even unsaid, each one sees its stdin close.
  const killAll = () => {
    for (const p of live) p.kill('SIGTERM');
  };
  const track = (p: ResultPromise) => {
    if (live.size === 0) process.on('exit', killAll);
    live.add(p);
  };
  const untrack = (p: ResultPromise) => {
    live.delete(p);
    if (live.size === 0) process.off('exit', killAll);
  };

  async function open(args: string[], target: string, opts: { timeoutMs?: number; signal?: AbortSignal } = {}): Promise<PortForward> {
    // Through the child guard (child-guard.ts): the forward ends when this process dies, even by kill -9,
    // because the guard's stdin is a pipe only this process holds open.
    const sub = execa(process.execPath, [childGuardPath(), bin.file, ...bin.prefix, ...args], {
      reject: false,
      env,
      extendEnv: false,
      stdin: 'pipe',
      buffer: false,
      cancelSignal: opts.signal,
      forceKillAfterDelay: 2_000,
    });
    track(sub);
    let stdout = '';
    let stderr = '';
    let alive = true;
    let lastError = '';
    sub.stderr?.setEncoding('utf8');
    sub.stdout?.setEncoding('utf8');
    sub.stderr?.on('data', (d: string) => {
      stderr = (stderr + d).slice(-8_000);
      const line = cleanStderr(d).split('\n').filter(Boolean).pop();
      if (line) lastError = line;
    });
    const done = sub.then((r) => {
      alive = false;
      untrack(sub);
      return r;
    });

    const port = await new Promise<number | undefined>((resolve) => {
      const timer = setTimeout(() => resolve(undefined), opts.timeoutMs ?? 20_000);
      const onData = (d: string) => {
        stdout = (stdout + d).slice(-8_000);
        const m = READY.exec(stdout);
        if (m) {
          clearTimeout(timer);
          resolve(Number(m[1]));
        }
      };
      sub.stdout?.on('data', onData);
      void done.then(() => {
        clearTimeout(timer);
        resolve(undefined);
      });
    });

    if (port === undefined) {
      const timedOut = alive;
      sub.kill();
      const r = await done;
      const result = {
        args,
        exitCode: r.exitCode,
        stdout,
        stderr,
        timedOut: timedOut && !r.isCanceled,
        canceled: Boolean(r.isCanceled),
        // The guard exits 127 when it could not start the kubectl it was given.
        missing: (r as { code?: string }).code === 'ENOENT' || r.exitCode === 127,
      };
      const kind = classify(result) ?? 'other';
      throw failedRun(kind, result, detailOf(result) || cleanStderr(stderr));
    }

    return {
      target,
      localPort: port,
      get alive() {
        return alive;
      },
      get lastError() {
        return lastError;
      },
      async close() {
        if (alive) sub.kill();
        await done;
      },
    };
  }

  return {
    open,
    async closeAll() {
      const all = [...live];
      for (const p of all) p.kill();
      await Promise.all(all.map((p) => p.catch(() => undefined)));
    },
  };
}

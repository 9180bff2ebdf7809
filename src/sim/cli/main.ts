/** Parse the command line, run the command, turn failures into kubectl's messages and exit codes. */
import { writeSync } from 'node:fs';
import { ApiError, kubectlMessage } from '../api/errors.js';
import { CorruptState, StateBusy } from '../state/store.js';
import { findPath, parseArgv } from './argv.js';
import type { Cli } from './cli.js';
import { resolveTarget } from './context.js';
import { CmdError, ManifestErrors, UsageError } from './errors.js';
import { dispatch, helpHint } from './run.js';

/** The exit code of a simulator that cannot use its state (sim/failure.ts; kubectl itself never exits 3). */
const SIM_ENV_EXIT = 3;

/** Streams that had to fall back to process.stdout / process.stderr (their later output goes there too). */
const viaStream = new Set<1 | 2>();

/**
 * Write to fd 1 or 2 directly. Creating process.stdout for a pipe (a net.Socket) costs milliseconds, and the
 * lab runs one simulator process per kubectl call, many per poll round. Should a direct write fail (EAGAIN on
 * a non-blocking pipe shared with another process, EPIPE, ...), the rest of that output goes through the
 * Node stream as before, so ordering and error behaviour stay what they were.
 */
function write(fd: 1 | 2, text: string): void {
  // A reader that went away (`kubectl get pods | head -1`): like kubectl on SIGPIPE, the rest goes nowhere,
  // quietly. Never a `write EPIPE` stack trace, whichever way the write failed.
  if (closed.has(fd)) return;
  // process.stdout is a getter that creates the stream: touch it only when falling back.
  const stream = () => {
    const s = fd === 1 ? process.stdout : process.stderr;
    if (s.listenerCount('error') === 0) s.on('error', () => closed.add(fd));
    return s;
  };
  if (viaStream.has(fd)) {
    stream().write(text);
    return;
  }
  const buf = Buffer.from(text, 'utf8');
  let off = 0;
  try {
    while (off < buf.length) off += writeSync(fd, buf, off);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EPIPE') {
      closed.add(fd);
      return;
    }
    viaStream.add(fd);
    stream().write(buf.subarray(off));
  }
}

/** Output streams whose reader has gone. */
const closed = new Set<1 | 2>();

/** True when all output went out synchronously: nothing is left to flush, the process may end at once. */
export function allWritten(): boolean {
  return viaStream.size === 0;
}

function readStdin(): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    process.stdin.on('data', (c: Buffer) => chunks.push(c));
    process.stdin.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    process.stdin.on('error', reject);
  });
}

export async function main(argv: string[]): Promise<number> {
  const env = process.env;
  const ac = new AbortController();
  const onSignal = () => ac.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const path = findPath(argv);
  try {
    const p = parseArgv(argv);
    const target = await resolveTarget(p);
    target.warn = (m) => write(2, `Warning: ${m}\n`);
    const c: Cli = {
      p,
      env,
      out: (t) => write(1, t),
      err: (t) => write(2, t),
      target,
      stdin: readStdin,
      signal: ac.signal,
    };
    return await dispatch(c);
  } catch (err) {
    if (err instanceof UsageError) {
      write(2, `error: ${err.message}\n${helpHint(path)}\n`);
      return 1;
    }
    if (err instanceof CmdError) {
      if (err.message) write(2, `${err.message}\n`);
      return err.code;
    }
    if (err instanceof ManifestErrors) {
      write(2, `${err.message}\n`);
      return 1;
    }
    if (err instanceof ApiError) {
      write(2, `${kubectlMessage(err)}\n`);
      return 1;
    }
    if (err instanceof CorruptState) {
      const { langFromEnv } = await import('../../i18n/lang.js');
      const { simMessages } = await import('../../i18n/sim.js');
      write(2, `${simMessages[langFromEnv(env)].corrupt(err.path, err.message)}\n`);
      return SIM_ENV_EXIT;
    }
    if (err instanceof StateBusy) {
      const { langFromEnv } = await import('../../i18n/lang.js');
      const { simMessages } = await import('../../i18n/sim.js');
      write(2, `${simMessages[langFromEnv(env)].simLockBusy(err.message)}\n`);
      return SIM_ENV_EXIT;
    }
    // Anything else: one line, never a stack trace (sim/failure.ts).
    if (env.EMQX_LAB_DEBUG) write(2, `${(err as Error)?.stack ?? String(err)}\n`);
    const { simFailure } = await import('../failure.js');
    const f = simFailure(err, env);
    write(2, `${f.message}\n`);
    return f.code;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

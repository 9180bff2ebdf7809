/**
 * Where the simulated cluster lives: $EMQX_LAB_HOME/sim/state.json (default ~/.emqx-lab). Several kubectl
 * processes run at once (the lab polls while a learner types), so every read-modify-write holds a lock file,
 * and the file is replaced atomically: a reader sees the old state or the new one, never half.
 */
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { SimState } from './types.js';
import { processAlive } from '../../util/process.js';

export class CorruptState extends Error {
  constructor(
    public readonly path: string,
    detail: string,
  ) {
    super(detail);
  }
}

export function simDir(env: NodeJS.ProcessEnv): string {
  return join(env.EMQX_LAB_HOME || join(homedir(), '.emqx-lab'), 'sim');
}

export function statePath(dir: string): string {
  return join(dir, 'state.json');
}

/** The saved state, or undefined when there is none yet. Throws CorruptState for an unreadable file. */
export function readState(dir: string): SimState | undefined {
  const path = statePath(dir);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  let s: SimState;
  try {
    s = JSON.parse(text) as SimState;
  } catch (err) {
    throw new CorruptState(path, (err as Error).message);
  }
  if (!s || typeof s !== 'object' || s.format !== 1 || !s.objs || !s.rt || !s.clock) {
    throw new CorruptState(path, 'unknown format');
  }
  return s;
}

/** Replace the saved state atomically (loaded on first write: a read never needs it). */
export async function writeState(dir: string, s: SimState): Promise<void> {
  const { writeFileAtomic } = await import('../../util/atomic.js');
  writeFileAtomic(statePath(dir), JSON.stringify(s));
}

const sleeper = new Int32Array(new SharedArrayBuffer(4));
function sleepSync(ms: number): void {
  Atomics.wait(sleeper, 0, 0, ms);
}

/**
 * Take the lock (a file created exclusively, holding our pid). A lock whose process is gone, or older than
 * 20 s (no invocation holds it that long), is stale and broken. Returns the release function.
 */
export function lock(dir: string, timeoutMs = 15_000): () => void {
  const path = join(dir, 'state.lock');
  const deadline = Date.now() + timeoutMs;
  for (let attempt = 0; ; attempt++) {
    try {
      const fd = openSync(path, 'wx', 0o600);
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(path, { force: true });
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') {
        mkdirSync(dir, { recursive: true });
        continue;
      }
      if (code !== 'EEXIST') throw err;
    }
    if (isStale(path)) {
      rmSync(path, { force: true });
      continue;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for the lock ${path}`);
    sleepSync(Math.min(2 + attempt, 20));
  }
}

function isStale(path: string): boolean {
  try {
    const st = statSync(path);
    const pid = Number(readFileSync(path, 'utf8'));
    if (pid > 0 && pid !== process.pid && !processAlive(pid)) return true;
    return Date.now() - st.mtimeMs > 20_000;
  } catch {
    return false;
  }
}

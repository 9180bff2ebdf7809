/**
 * One writer per (context, namespace) on this machine. Commands that change the namespace (apply, solve,
 * reset, a disruption experiment, writing the progress record) hold a lock file in EMQX_LAB_HOME/locks while
 * they do; a second command waits for it and says who holds it, so two runs never scale the same
 * StatefulSet at once (one would record the other's temporary 0 replicas as the value to put back).
 *
 * The lock is a file created whole with link(2) (it exists with its content or not at all). It names its
 * holder: the command, the process id, the host, since when. A holder that died (kill -9, a crash) leaves
 * the file behind; a waiter on the same host that finds its process gone removes it. Re-entrant within one
 * lock object: solve holds it and the verify it runs may take it again.
 */
import { linkSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { processAlive } from '../util/process.js';

export interface LockHolder {
  command: string;
  pid: number;
  host: string;
  /** ISO time the holder took the lock. */
  since: string;
  token: string;
}

export interface NamespaceLock {
  /** Run `fn` holding the lock; waits (until `signal` aborts) while another live process holds it. */
  hold<T>(fn: () => Promise<T>, signal?: AbortSignal): Promise<T>;
}

export interface LockOptions {
  home: string;
  context: string;
  namespace: string;
  /** What people are told holds the lock: `emqx-lab solve 9`. */
  command: string;
  sleep(ms: number): Promise<void>;
  /** Told once per wait, with the holder, when the lock is busy. */
  onWait?(holder: LockHolder): void;
}

/** How often a waiter looks again. */
const RETRY_MS = 200;
/** A lock file without a readable holder (a writer cut off mid-way) is taken as abandoned after this. */
const UNREADABLE_STALE_MS = 5_000;

export class LockWaitAborted extends Error {}

export function lockPath(home: string, context: string, namespace: string): string {
  return join(home, 'locks', `${encodeURIComponent(context)}__${encodeURIComponent(namespace)}.lock`);
}

function readHolder(path: string): LockHolder | undefined {
  try {
    const h = JSON.parse(readFileSync(path, 'utf8')) as LockHolder;
    return typeof h?.pid === 'number' && typeof h.token === 'string' ? h : undefined;
  } catch {
    return undefined;
  }
}

/** The holder is gone: a process on this host that no longer runs. (Another host's holder is never judged.) */
function abandoned(path: string, h: LockHolder | undefined): boolean {
  if (!h) {
    try {
      return Date.now() - statSync(path).mtimeMs > UNREADABLE_STALE_MS;
    } catch {
      return false;
    }
  }
  return h.host === hostname() && !processAlive(h.pid);
}

/**
 * Take an abandoned lock away. It is renamed aside first and checked: if another waiter replaced it in the
 * meantime with a live lock of its own, that one is put back.
 */
function breakLock(path: string, seen: LockHolder | undefined, me: string): void {
  const aside = `${path}.${me}.stale`;
  try {
    renameSync(path, aside);
  } catch {
    return;
  }
  const moved = readHolder(aside);
  if (moved && seen && moved.token !== seen.token) {
    try {
      linkSync(aside, path);
    } catch {
      // Someone took the lock meanwhile; theirs stands.
    }
  }
  rmSync(aside, { force: true });
}

export function namespaceLock(o: LockOptions): NamespaceLock {
  const path = lockPath(o.home, o.context, o.namespace);
  let depth = 0;
  let mine: LockHolder | undefined;
  const releaseOnExit = () => release();

  function tryTake(): boolean {
    const holder: LockHolder = { command: o.command, pid: process.pid, host: hostname(), since: new Date().toISOString(), token: randomBytes(8).toString('hex') };
    mkdirSync(join(o.home, 'locks'), { recursive: true });
    const tmp = `${path}.${holder.token}.tmp`;
    writeFileSync(tmp, JSON.stringify(holder), { mode: 0o600 });
    try {
      linkSync(tmp, path);
      mine = holder;
      process.on('exit', releaseOnExit);
      return true;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      return false;
    } finally {
      rmSync(tmp, { force: true });
    }
  }

  function release(): void {
    if (!mine) return;
    const h = readHolder(path);
    if (h?.token === mine.token) rmSync(path, { force: true });
    mine = undefined;
    process.off('exit', releaseOnExit);
  }

  async function acquire(signal?: AbortSignal): Promise<void> {
    let told = false;
    for (;;) {
      if (signal?.aborted) throw new LockWaitAborted('interrupted while waiting for the namespace lock');
      if (tryTake()) return;
      const h = readHolder(path);
      if (abandoned(path, h)) {
        breakLock(path, h, randomBytes(4).toString('hex'));
        continue;
      }
      if (h && !told) {
        told = true;
        o.onWait?.(h);
      }
      await o.sleep(RETRY_MS);
    }
  }

  return {
    async hold(fn, signal) {
      if (depth === 0) await acquire(signal);
      depth++;
      try {
        return await fn();
      } finally {
        depth--;
        if (depth === 0) release();
      }
    },
  };
}

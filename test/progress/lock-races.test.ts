/**
 * The namespace lock in-process: who counts as a holder, when a lock is taken over and when it is not, what is
 * left behind, and the races between waiters (played by a stand-in for node:fs that acts at the right moment:
 * another waiter taking the lock while this one looks at it, a file system without hard links).
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';

type Hook = (real: (...a: unknown[]) => unknown, ...a: unknown[]) => unknown;
const hooks = vi.hoisted(() => ({}) as Record<string, Hook | undefined>);

vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  const wrap =
    (name: 'linkSync' | 'readFileSync' | 'renameSync' | 'statSync') =>
    (...a: unknown[]) => {
      const real = (fs[name] as (...x: unknown[]) => unknown).bind(fs);
      const hook = hooks[name];
      return hook ? hook(real, ...a) : real(...a);
    };
  return { ...fs, linkSync: wrap('linkSync'), readFileSync: wrap('readFileSync'), renameSync: wrap('renameSync'), statSync: wrap('statSync') };
});

const { LockWaitAborted, lockPath, namespaceLock } = await import('../../src/progress/lock.js');
type LockHolder = import('../../src/progress/lock.js').LockHolder;

const realSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
const home = () => mkdtempSync(join(tmpdir(), 'emqx-lab-lock-'));
const lockOf = (h: string, onWait?: (x: LockHolder) => void) => namespaceLock({ home: h, context: 'kind-lab', namespace: 'emqx-lab', command: 'emqx-lab verify 9', sleep: realSleep, onWait });
/** No process has this pid (above Linux's pid_max). */
const DEAD_PID = 99_999_999;

function lockFile(h: string, content: string, ageSeconds = 0): string {
  const path = lockPath(h, 'kind-lab', 'emqx-lab');
  mkdirSync(join(h, 'locks'), { recursive: true });
  writeFileSync(path, content);
  if (ageSeconds) {
    const t = (Date.now() - ageSeconds * 1000) / 1000;
    utimesSync(path, t, t);
  }
  return path;
}
const holder = (o: Partial<LockHolder>): LockHolder => ({ command: 'emqx-lab solve 9', pid: process.pid, host: hostname(), since: '2026-01-01T00:00:00Z', token: 'theirs', ...o });

/** A wait that must not end on its own: it is interrupted after `ms`. */
async function stillWaiting(h: string, ms = 600, onWait?: (x: LockHolder) => void): Promise<void> {
  const ran = vi.fn();
  await expect(lockOf(h, onWait).hold(async () => ran(), AbortSignal.timeout(ms))).rejects.toThrow(
    new LockWaitAborted('interrupted while waiting for the namespace lock'),
  );
  expect(ran).not.toHaveBeenCalled();
}

afterEach(() => {
  for (const k of Object.keys(hooks)) hooks[k] = undefined;
  vi.restoreAllMocks();
});

describe('who holds a lock', () => {
  it('a fresh lock file without a readable holder is waited on (a writer may be half-way)', async () => {
    const h = home();
    const path = lockFile(h, '{"half');
    await stillWaiting(h);
    expect(readFileSync(path, 'utf8')).toBe('{"half');
  });

  it('an unreadable lock is abandoned only when older than 5 s, to the millisecond', async () => {
    const h = home();
    const path = lockFile(h, '{"half');
    const t = Math.floor(Date.now() / 1000) - 100;
    utimesSync(path, t, t);
    const now = vi.spyOn(Date, 'now').mockReturnValue(t * 1000 + 5000);
    await stillWaiting(h, 400);
    now.mockReturnValue(t * 1000 + 5001);
    expect(await lockOf(h).hold(async () => 'taken')).toBe('taken');
  });

  it.each([
    ['an empty object', {}],
    ['no token (a live pid)', { command: 'x', pid: process.pid, host: hostname() }],
    ['a pid that is not a number', { command: 'x', pid: String(process.pid), host: hostname(), token: 't' }],
    ['null', null],
  ])('JSON that is not a holder (%s) counts as unreadable: taken over once old', async (_what, content) => {
    const h = home();
    lockFile(h, JSON.stringify(content), 60);
    const told = vi.fn();
    expect(await lockOf(h, told).hold(async () => 'taken', AbortSignal.timeout(2000))).toBe('taken');
    expect(told).not.toHaveBeenCalled();
  });

  it("another host's holder is never judged, even when its pid is not running here", async () => {
    const h = home();
    const theirs = holder({ pid: DEAD_PID, host: `not-${hostname()}` });
    const path = lockFile(h, JSON.stringify(theirs), 600);
    const told: LockHolder[] = [];
    await stillWaiting(h, 600, (x) => told.push(x));
    expect(told).toEqual([theirs]);
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual(theirs);
  });

  it('a holder on this host whose process is gone is taken over at once', async () => {
    const h = home();
    lockFile(h, JSON.stringify(holder({ pid: DEAD_PID })));
    expect(await lockOf(h).hold(async () => 'taken', AbortSignal.timeout(2000))).toBe('taken');
  });
});

describe('holding a lock', () => {
  it('the lock file names the holder; nothing else is left in locks/ while held or after', async () => {
    const h = home();
    const path = lockPath(h, 'kind-lab', 'emqx-lab');
    await lockOf(h).hold(async () => {
      expect(readdirSync(join(h, 'locks'))).toEqual(['kind-lab__emqx-lab.lock']);
      const mine = JSON.parse(readFileSync(path, 'utf8')) as LockHolder;
      expect(mine).toMatchObject({ command: 'emqx-lab verify 9', pid: process.pid, host: hostname() });
      expect(mine.token).toMatch(/^[0-9a-f]{16}$/);
      // It names a process and a host: readable by its owner only.
      expect(statSync(path).mode & 0o777).toBe(0o600);
    });
    expect(readdirSync(join(h, 'locks'))).toEqual([]);
  });

  it('a waiter leaves no temporary file behind', async () => {
    const h = home();
    lockFile(h, JSON.stringify(holder({})));
    await stillWaiting(h, 500);
    expect(readdirSync(join(h, 'locks'))).toEqual(['kind-lab__emqx-lab.lock']);
  });

  it('a re-entrant hold ending keeps the lock: the outer hold still has it', async () => {
    const h = home();
    const path = lockPath(h, 'kind-lab', 'emqx-lab');
    const lock = lockOf(h);
    await lock.hold(async () => {
      await lock.hold(async () => undefined);
      expect(JSON.parse(readFileSync(path, 'utf8'))).toMatchObject({ pid: process.pid });
    });
    expect(existsSync(path)).toBe(false);
  });

  it('the lock goes when the process exits while holding it; the exit hook goes with the lock', async () => {
    const h = home();
    const path = lockPath(h, 'kind-lab', 'emqx-lab');
    const before = process.listeners('exit');
    await lockOf(h).hold(async () => {
      const added = process.listeners('exit').filter((l) => !before.includes(l));
      expect(added).toHaveLength(1);
      expect(existsSync(path)).toBe(true);
      (added[0] as () => void)();
      expect(existsSync(path)).toBe(false);
    });
    expect(process.listeners('exit')).toEqual(before);
  });

  it('releasing leaves alone a lock that is no longer ours (taken over meanwhile)', async () => {
    const h = home();
    const path = lockPath(h, 'kind-lab', 'emqx-lab');
    const theirs = holder({ token: 'theirs' });
    await lockOf(h).hold(async () => {
      writeFileSync(path, JSON.stringify(theirs));
    });
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual(theirs);
  });

  it('a lock file removed by someone else just as it is released is no error', async () => {
    const h = home();
    const path = lockPath(h, 'kind-lab', 'emqx-lab');
    await lockOf(h).hold(async () => {
      hooks.readFileSync = (real, ...a) => {
        const text = real(...a);
        if (a[0] === path) unlinkSync(path);
        return text;
      };
    });
    expect(existsSync(path)).toBe(false);
  });

  it('a file system without hard links is an error, not an endless wait; no temporary file stays', async () => {
    const h = home();
    hooks.linkSync = () => {
      throw Object.assign(new Error('EPERM: operation not permitted, link'), { code: 'EPERM' });
    };
    await expect(lockOf(h).hold(async () => 'ran', AbortSignal.timeout(2000))).rejects.toMatchObject({ code: 'EPERM' });
    expect(readdirSync(join(h, 'locks'))).toEqual([]);
  });
});

describe('races between waiters', () => {
  it('a dead lock replaced by a live one while it is being broken: the live one is put back and waited on', async () => {
    const h = home();
    const path = lockFile(h, JSON.stringify(holder({ pid: DEAD_PID, token: 'dead' })));
    const live = holder({ token: 'live', command: 'emqx-lab solve 9' });
    let swapped = false;
    hooks.renameSync = (real, from, to) => {
      if (!swapped && from === path && String(to).endsWith('.stale')) {
        swapped = true;
        writeFileSync(path, JSON.stringify(live));
      }
      return real(from, to);
    };
    const told: LockHolder[] = [];
    await stillWaiting(h, 600, (x) => told.push(x));
    expect(swapped).toBe(true);
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual(live);
    expect(told).toEqual([live]);
    expect(readdirSync(join(h, 'locks'))).toEqual(['kind-lab__emqx-lab.lock']);
  });

  it('an unreadable lock that becomes a live one while its age is looked at is not broken', async () => {
    const h = home();
    const path = lockFile(h, '{"half');
    const live = holder({ token: 'live' });
    let swapped = false;
    hooks.statSync = (real, ...a) => {
      if (!swapped && a[0] === path) {
        swapped = true;
        unlinkSync(path);
        const err = (() => {
          try {
            real(...a);
          } catch (e) {
            return e;
          }
        })();
        writeFileSync(path, JSON.stringify(live));
        throw err;
      }
      return real(...a);
    };
    await stillWaiting(h);
    expect(swapped).toBe(true);
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual(live);
  });
});

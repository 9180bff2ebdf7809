/** Simulator-only commands: `kubectl sim reset | status | advance DURATION` (no real kubectl has them). */
import { rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { langFromEnv } from '../../i18n/lang.js';
import { simMessages } from '../../i18n/sim.js';
import { iso } from '../api/world.js';
import { lock, readState, statePath, writeState } from '../state/store.js';
import type { Cli } from './cli.js';
import { CmdError } from './errors.js';
import { simDir, withWorld } from './session.js';

export async function cmdSimReset(c: Cli): Promise<number> {
  const dir = simDir(c.env);
  const path = statePath(dir);
  // A lock that is a folder is damage too: reset clears it (a lock file is taken as usual).
  const lockPath = join(dir, 'state.lock');
  if (statSync(lockPath, { throwIfNoEntry: false })?.isDirectory()) rmSync(lockPath, { recursive: true, force: true });
  const release = statSync(dir, { throwIfNoEntry: false }) ? lock(dir) : () => undefined;
  try {
    rmSync(path, { force: true, recursive: true });
  } finally {
    release();
  }
  c.out(`${simMessages[langFromEnv(c.env)].resetDone(path)}\n`);
  return 0;
}

export async function cmdSimStatus(c: Cli): Promise<number> {
  const dir = simDir(c.env);
  const t = await withWorld(c.env, false, (w) => ({ now: w.now, speed: w.s.clock.speed }));
  const bytes = statSync(statePath(dir), { throwIfNoEntry: false })?.size ?? 0;
  c.out(`${simMessages[langFromEnv(c.env)].status(statePath(dir), t.speed, iso(t.now), bytes)}\n`);
  return 0;
}

/** Move the simulated clock forward (for demos and tests: "an hour later"). */
export async function cmdSimAdvance(c: Cli): Promise<number> {
  const m = simMessages[langFromEnv(c.env)];
  const v = c.p.args[0] ?? '';
  const mm = /^(\d+)(ms|s|m|h|d)$/.exec(v);
  if (!mm) throw new CmdError(m.badDuration(v));
  const ms = Number(mm[1]) * { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[mm[2]]!;
  await withWorld(c.env, true, (w) => {
    w.s.clock.sim += ms;
    w.dirty = true;
  });
  const now = await withWorld(c.env, true, (w) => w.now);
  c.out(`${m.advanced(v, iso(now))}\n`);
  void readState;
  void writeState;
  return 0;
}

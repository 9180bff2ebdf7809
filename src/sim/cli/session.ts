/**
 * One invocation's view of the simulated cluster: load the state, advance it to now, let the command act,
 * save when something changed. Reads take no lock unless time moved something (then they save, under it).
 * The controllers are only loaded when the model has to move: a quiet `get` reads and prints.
 */
import { mkdirSync } from 'node:fs';
import { World } from '../api/world.js';
import { simTime, speedFromEnv } from '../state/clock.js';
import { lock, readState, simDir, writeState } from '../state/store.js';
import type { SimState } from '../state/types.js';

type Settle = typeof import('../ctrl/settle.js');
let engine: Settle | undefined;

async function loadEngine(): Promise<Settle> {
  engine ??= await import('../ctrl/settle.js');
  return engine;
}

function due(s: SimState, now: number): boolean {
  for (const k in s.timers) if (s.timers[k] <= now) return true;
  return false;
}

async function open(s: SimState, env: NodeJS.ProcessEnv, created: boolean): Promise<World> {
  const { now, reanchored } = simTime(s.clock, Date.now(), speedFromEnv(env));
  const w = new World(s, s.now);
  if (reanchored || created) w.dirty = true;
  const target = Math.max(now, s.now);
  if (created || due(s, target)) {
    const e = await loadEngine();
    if (created) await e.initialize(w);
    e.advance(w, target);
  } else w.now = target;
  return w;
}

/** Run `fn` on the cluster as of now. `write`: the command changes the cluster (always locked). */
export async function withWorld<T>(env: NodeJS.ProcessEnv, write: boolean, fn: (w: World) => T): Promise<T> {
  const dir = simDir(env);
  if (!write) {
    const s = readState(dir);
    if (s) {
      const w = await open(s, env, false);
      if (!w.dirty) return fn(w);
    }
  }
  mkdirSync(dir, { recursive: true });
  const release = lock(dir);
  try {
    const existing = readState(dir);
    const s = existing ?? (await import('../state/init.js')).freshState(Date.now(), speedFromEnv(env));
    const w = await open(s, env, !existing);
    let ok = false;
    try {
      const r = fn(w);
      ok = true;
      return r;
    } finally {
      if (w.dirty) {
        (await loadEngine()).settle(w);
        w.s.now = w.now;
        await writeState(dir, s);
      }
      void ok;
    }
  } finally {
    release();
  }
}

export { simDir };

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
    if ((err as NodeJS.ErrnoException).code === 'EISDIR') throw new CorruptState(path, 'it is a folder');
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
  const wrong = shapeProblem(s);
  if (wrong) throw new CorruptState(path, wrong);
  return s;
}

const isRecord = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/**
 * A state that parses but has the wrong shapes (edited by hand, written by another version) would fail
 * deep inside a controller as a TypeError: check the shapes every part of the model relies on first, one
 * pass over the objects (cheap next to the JSON.parse before it).
 */
function shapeProblem(s: SimState): string | undefined {
  const c = s.clock as unknown;
  if (!isRecord(c) || !isNum(c.wall) || !isNum(c.sim) || !isNum(c.speed) || c.speed <= 0) return 'clock';
  if (!isNum(s.now) || !isNum(s.rv)) return 'now/rv';
  if (typeof s.key !== 'string') return 'key';
  if (!isRecord(s.objs)) return 'objs';
  for (const [k, o] of Object.entries(s.objs)) {
    if (!isRecord(o) || typeof o.kind !== 'string' || typeof o.apiVersion !== 'string' || !isRecord(o.metadata) || typeof o.metadata.name !== 'string') return `objs["${k.slice(0, 80)}"]`;
    const md = o.metadata as Record<string, unknown>;
    for (const f of ['labels', 'annotations'] as const) if (md[f] !== undefined && !isRecord(md[f])) return `objs["${k.slice(0, 80)}"].metadata.${f}`;
    for (const f of ['spec', 'status'] as const) if (o[f] !== undefined && !isRecord(o[f])) return `objs["${k.slice(0, 80)}"].${f}`;
  }
  if (!isRecord(s.timers) || !Object.values(s.timers).every(isNum)) return 'timers';
  const rt = s.rt as unknown;
  if (!isRecord(rt)) return 'rt';
  for (const f of ['pods', 'nodes', 'emqx', 'vols', 'logs', 'ipNext', 'memo'] as const) if (!isRecord(rt[f])) return `rt.${f}`;
  if (!isNum(rt.svcNext) || !isNum(rt.seq)) return 'rt.svcNext/seq';
  for (const [k, p] of Object.entries(rt.pods as Record<string, unknown>)) {
    if (!isRecord(p) || !isRecord(p.ctrs) || !Object.values(p.ctrs).every((x) => isRecord(x) && typeof x.st === 'string')) return `rt.pods["${k.slice(0, 80)}"]`;
  }
  for (const [k, n] of Object.entries(rt.nodes as Record<string, unknown>)) if (!isRecord(n) || !isRecord(n.images)) return `rt.nodes["${k.slice(0, 80)}"]`;
  for (const [k, e] of Object.entries(rt.emqx as Record<string, unknown>)) if (!isRecord(e) || !isRecord(e.cfg)) return `rt.emqx["${k.slice(0, 80)}"]`;
  for (const [k, l] of Object.entries(rt.logs as Record<string, unknown>)) if (!Array.isArray(l)) return `rt.logs["${k.slice(0, 80)}"]`;
  for (const [k, v] of Object.entries(rt.vols as Record<string, unknown>)) if (!isRecord(v)) return `rt.vols["${k.slice(0, 80)}"]`;
  return undefined;
}

/** The state's lock is held by a live process past the wait, or is not a lock file at all (a folder). */
export class StateBusy extends Error {
  constructor(
    public readonly path: string,
    detail: string,
  ) {
    super(detail);
  }
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
    // A folder where the lock file belongs was not made by a simulator: the state folder is damaged.
    if (statSync(path, { throwIfNoEntry: false })?.isDirectory()) throw new CorruptState(path, 'the lock is a folder');
    if (isStale(path)) {
      rmSync(path, { force: true });
      continue;
    }
    if (Date.now() > deadline) throw new StateBusy(path, lockHolder(path));
    sleepSync(Math.min(2 + attempt, 20));
  }
}

function lockHolder(path: string): string {
  try {
    return `${path}: process ${readFileSync(path, 'utf8').trim().slice(0, 20)}`;
  } catch {
    return path;
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

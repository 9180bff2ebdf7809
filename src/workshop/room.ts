/**
 * The trainer's local record of a room (EMQX_LAB_HOME/workshop/<context>/<prefix>.json): which namespaces
 * `up` made and where it wrote their kubeconfigs, so `down` removes exactly those files and `status` knows
 * the learners who have not started yet without asking the cluster. The cluster stays the authority on
 * namespaces (they carry the room label); a missing or broken record is never fatal.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../util/atomic.js';

export const ROOM_FORMAT = 1;

export interface RoomLearner {
  index: number;
  namespace: string;
  /** Absolute path of the kubeconfig file written for them. */
  kubeconfig: string;
}

export interface RoomRecord {
  format: number;
  context: string;
  prefix: string;
  createdAt: string;
  /** The folder the latest `up` wrote the kubeconfigs to. */
  out: string;
  /** Folders an `up` created (`down` removes them when they are empty). */
  createdDirs: string[];
  learners: RoomLearner[];
}

export function roomPath(home: string, context: string, prefix: string): string {
  return join(home, 'workshop', encodeURIComponent(context), `${encodeURIComponent(prefix)}.json`);
}

export function readRoom(home: string, context: string, prefix: string): RoomRecord | undefined {
  const path = roomPath(home, context, prefix);
  if (!existsSync(path)) return undefined;
  try {
    const r = JSON.parse(readFileSync(path, 'utf8')) as RoomRecord;
    if (r && r.format <= ROOM_FORMAT && Array.isArray(r.learners) && typeof r.prefix === 'string') return { ...r, createdDirs: r.createdDirs ?? [] };
  } catch {
    // A broken record: the cluster's labels still say which namespaces are the room's.
  }
  return undefined;
}

export function writeRoom(home: string, r: RoomRecord): void {
  writeFileAtomic(roomPath(home, r.context, r.prefix), `${JSON.stringify(r, null, 2)}\n`);
}

export function deleteRoom(home: string, context: string, prefix: string): void {
  rmSync(roomPath(home, context, prefix), { force: true });
}

/** Is `ns` one of this room's learner namespaces by name (`<prefix>-<digits>`)? */
export function isLearnerName(prefix: string, ns: string): boolean {
  return ns.startsWith(`${prefix}-`) && /^\d+$/.test(ns.slice(prefix.length + 1));
}

/**
 * A learner as the trainer names them: `7`, `07` or `learner-07`. Numbers are matched by value against the
 * namespaces known, so `7` finds `learner-07` (or `learner-007` in a room of a hundred).
 */
export function resolveLearner(prefix: string, ref: string, known: string[]): string | undefined {
  if (/^\d+$/.test(ref)) {
    const n = Number(ref);
    return known.find((ns) => isLearnerName(prefix, ns) && Number(ns.slice(prefix.length + 1)) === n);
  }
  return known.includes(ref) ? ref : undefined;
}

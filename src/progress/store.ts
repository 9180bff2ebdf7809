/**
 * Progress per (context, namespace): EMQX_LAB_HOME/progress/<context>/<namespace>.json, keyed by step ID
 * (not position), rewritten atomically on every change. A corrupt file is moved aside and reported,
 * never a crash: the learner's cluster still holds their work, and verify re-records it.
 */
import { existsSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../util/atomic.js';

export const PROGRESS_FORMAT = 1;

export interface StepProgress {
  /** When verify first passed (ISO time). */
  passedAt?: string;
  /** When the learner first opened or verified the step. */
  startedAt?: string;
  /** How many hints have been shown; the next hint escalates from here. */
  hintsShown?: number;
  /** The last failing verify: which check and why (also what the trainer sees). */
  lastFailure?: { at: string; check: string; reason: string };
}

export interface Progress {
  format: number;
  context: string;
  namespace: string;
  steps: Record<string, StepProgress>;
}

export function progressPath(home: string, context: string, namespace: string): string {
  return join(home, 'progress', encodeURIComponent(context), `${encodeURIComponent(namespace)}.json`);
}

export function emptyProgress(context: string, namespace: string): Progress {
  return { format: PROGRESS_FORMAT, context, namespace, steps: {} };
}

function isProgress(v: unknown): v is Progress {
  if (!v || typeof v !== 'object') return false;
  const p = v as Progress;
  return (
    typeof p.format === 'number' &&
    typeof p.context === 'string' &&
    typeof p.namespace === 'string' &&
    !!p.steps &&
    typeof p.steps === 'object' &&
    !Array.isArray(p.steps) &&
    Object.values(p.steps).every(isStepProgress)
  );
}

const optional = (v: unknown, type: 'string' | 'number') => v === undefined || typeof v === type;

/** One step's entry: a wrong shape anywhere makes the file unreadable as a whole (set aside, not a crash later). */
function isStepProgress(v: unknown): v is StepProgress {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return false;
  const s = v as Record<string, unknown>;
  if (!optional(s.passedAt, 'string') || !optional(s.startedAt, 'string') || !optional(s.hintsShown, 'number')) return false;
  if (s.lastFailure === undefined) return true;
  const f = s.lastFailure as Record<string, unknown> | null;
  return !!f && typeof f === 'object' && typeof f.at === 'string' && typeof f.check === 'string' && typeof f.reason === 'string';
}

/** Read progress; a corrupt or unreadable file is renamed `*.corrupt-<time>` and `setAside` says where. */
export function readProgress(
  home: string,
  context: string,
  namespace: string,
  now: () => number = Date.now,
): { progress: Progress; setAside?: string } {
  const path = progressPath(home, context, namespace);
  if (!existsSync(path)) return { progress: emptyProgress(context, namespace) };
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    parsed = undefined;
  }
  if (isProgress(parsed) && parsed.format <= PROGRESS_FORMAT) return { progress: parsed };
  const aside = `${path}.corrupt-${now()}`;
  try {
    renameSync(path, aside);
  } catch {
    return { progress: emptyProgress(context, namespace) };
  }
  return { progress: emptyProgress(context, namespace), setAside: aside };
}

export function writeProgress(home: string, progress: Progress): void {
  writeFileAtomic(progressPath(home, progress.context, progress.namespace), `${JSON.stringify(progress, null, 2)}\n`);
}

/** Read, change, write back: the one way progress is updated. */
export function updateProgress(
  home: string,
  context: string,
  namespace: string,
  change: (p: Progress) => void,
): Progress {
  const { progress } = readProgress(home, context, namespace);
  change(progress);
  writeProgress(home, progress);
  return progress;
}

/** Forget all progress for (context, namespace): `reset --all`. */
export function deleteProgress(home: string, context: string, namespace: string): void {
  rmSync(progressPath(home, context, namespace), { force: true });
}

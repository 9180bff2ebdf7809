/**
 * The room at one moment, from the learners' progress ConfigMaps (written by the engine's verify; data keys
 * in docs/dev/ARCHITECTURE.md): per learner, each step passed / current / locked, how long they have been on
 * the current step, and why their last check failed. A namespace without a record is a learner who has not
 * verified anything yet. Pure; `status --json` and the dashboard use this shape as it is.
 */
import type { Course } from '../course/load.js';
import type { Lang } from '../i18n/lang.js';
import type { LiveObject } from '../kube/objects.js';
import { readRecord, RECORD_NAME } from '../progress/record.js';

export type Cell = 'passed' | 'current' | 'locked';

export interface LearnerFailure {
  /** Step number in the course (undefined when the record names a step the course does not have). */
  step?: number;
  id: string;
  check: string;
  reason: string;
  at: string;
}

export interface LearnerStatus {
  namespace: string;
  started: boolean;
  cells: Cell[];
  passed: number;
  /** Every step passed. */
  done: boolean;
  current?: { step: number; id: string };
  /** When they started the current step (ISO), and for how long (seconds, at `RoomStatus.at`). */
  since?: string;
  secondsOnStep?: number;
  lastFailure?: LearnerFailure;
  updatedAt?: string;
}

export interface RoomStatus {
  prefix: string;
  /** When this was read (ISO). */
  at: string;
  steps: { number: number; id: string; title: string }[];
  learners: LearnerStatus[];
}


export function learnerStatus(namespace: string, record: LiveObject | undefined, ids: string[], now: number): LearnerStatus {
  if (!record) return { namespace, started: false, cells: ids.map(() => 'locked'), passed: 0, done: false };
  const r = readRecord(record as { data?: Record<string, unknown> });
  const steps = r.steps;
  const currentId = r.currentStep;
  const cells: Cell[] = ids.map((id) => (steps[id]?.state === 'passed' ? 'passed' : id === currentId ? 'current' : 'locked'));
  const passed = cells.filter((c) => c === 'passed').length;
  const index = ids.indexOf(currentId);
  const out: LearnerStatus = { namespace, started: true, cells, passed, done: passed === ids.length, updatedAt: r.updatedAt };
  if (index >= 0) out.current = { step: index + 1, id: currentId };
  // Not verified yet on the current step: they have been on it since the step before it passed.
  const since = r.currentStepSince || (index > 0 ? steps[ids[index - 1]]?.passedAt : undefined);
  if (out.current && since && !Number.isNaN(Date.parse(since))) {
    out.since = since;
    out.secondsOnStep = Math.max(0, Math.round((now - Date.parse(since)) / 1000));
  }
  const f = r.lastFailure;
  if (f?.step && steps[f.step]?.state !== 'passed') {
    const i = ids.indexOf(f.step);
    out.lastFailure = { step: i >= 0 ? i + 1 : undefined, id: f.step, check: f.check ?? '', reason: f.reason ?? '', at: f.at ?? '' };
  }
  return out;
}

export function roomStatus(course: Course, lang: Lang, prefix: string, namespaces: string[], records: LiveObject[], now: number): RoomStatus {
  const ids = course.steps.map((s) => s.id);
  const byNs = new Map(records.filter((r) => r.metadata.name === RECORD_NAME).map((r) => [r.metadata.namespace ?? '', r]));
  return {
    prefix,
    at: new Date(now).toISOString(),
    steps: course.steps.map((s) => ({ number: s.number, id: s.id, title: s.lesson.title[lang] })),
    learners: [...new Set(namespaces)].sort().map((ns) => learnerStatus(ns, byNs.get(ns), ids, now)),
  };
}

/**
 * Before the trainer verifies a step in a learner's namespace, the trainer's local progress for that
 * namespace is replaced by what the learner's own record says (their progress ConfigMap): verify writes the
 * ConfigMap from local progress, and it must carry the learner's passed steps, not a stale copy of the
 * trainer's (a room of the same name last week) or nothing. Pure, plus the read and the write.
 */
import type { Kube } from '../kube/kube.js';
import type { LiveObject } from '../kube/objects.js';
import { readRecord, RECORD_NAME } from '../progress/record.js';
import { emptyProgress, writeProgress, type Progress } from '../progress/store.js';


export function progressFromRecord(context: string, namespace: string, record: LiveObject | undefined): Progress {
  const p = emptyProgress(context, namespace);
  const r = readRecord(record as { data?: Record<string, unknown> } | undefined);
  for (const [id, s] of Object.entries(r.steps)) if (s?.passedAt) p.steps[id] = { passedAt: s.passedAt, startedAt: s.passedAt };
  const current = r.currentStep;
  if (current && r.currentStepSince) p.steps[current] = { ...(p.steps[current] ?? {}), startedAt: r.currentStepSince };
  const f = r.lastFailure;
  if (f?.step && f.at && !p.steps[f.step]?.passedAt) {
    p.steps[f.step] = { ...(p.steps[f.step] ?? {}), lastFailure: { at: f.at, check: f.check ?? '', reason: f.reason ?? '' } };
  }
  return p;
}

/** Read the learner's record (one get) and make it the trainer's local progress for that namespace. */
export async function seedProgress(kube: Kube, home: string, progressKey: string, namespace: string): Promise<Progress> {
  const record = await kube.get<LiveObject>('ConfigMap', RECORD_NAME);
  const p = progressFromRecord(progressKey, namespace, record);
  writeProgress(home, p);
  return p;
}

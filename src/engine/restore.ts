/**
 * Progress recovered from the cluster. The local record (EMQX_LAB_HOME/progress/...) can go missing or be
 * damaged (and set aside) while the namespace's progress ConfigMap still holds what the learner passed:
 * then the passes it shows come back into the local record (one `kubectl get`). verify, apply, solve, hint,
 * reset and test do it with a notice, `list` too when a cluster answers quickly, `start` asks first.
 */
import { existsSync } from 'node:fs';
import type { Kube } from '../kube/kube.js';
import type { LiveObject } from '../kube/objects.js';
import { isKubeError } from '../kube/result.js';
import { mergeRecordedPasses, RECORD_NAME } from '../progress/record.js';
import { progressPath, readProgress, writeProgress } from '../progress/store.js';

export interface RestoreTarget {
  kube: Kube;
  home: string;
  progressKey: string;
  namespace: string;
  stepIds: readonly string[];
  now: () => number;
}

/** The local record is missing (or was just set aside as unreadable): worth asking the cluster. */
export function localRecordMissing(home: string, progressKey: string, namespace: string): boolean {
  return !existsSync(progressPath(home, progressKey, namespace));
}

/** The steps the namespace's record shows as passed that the local record lacks (nothing written). */
export async function recordedPasses(t: RestoreTarget): Promise<{ ids: string[]; record?: LiveObject }> {
  let record: LiveObject | undefined;
  try {
    record = await t.kube.get<LiveObject>('ConfigMap', RECORD_NAME);
  } catch (e) {
    // No record to read (forbidden, the namespace gone): nothing to restore; the command says the rest.
    if (isKubeError(e)) return { ids: [] };
    throw e;
  }
  if (!record) return { ids: [] };
  const { progress } = readProgress(t.home, t.progressKey, t.namespace, t.now);
  const probe = structuredClone(progress);
  return { ids: mergeRecordedPasses(probe, record as { data?: Record<string, unknown> }, t.stepIds), record };
}

/**
 * Merge the record's passes into the local progress and write it. `ask` (start) may decline. Returns the
 * step ids restored (empty when there was nothing to restore or the learner said no).
 */
export async function restoreFromRecord(t: RestoreTarget, ask?: (count: number) => Promise<boolean>): Promise<string[]> {
  const found = await recordedPasses(t);
  if (!found.ids.length) return [];
  if (ask && !(await ask(found.ids.length))) return [];
  const { progress } = readProgress(t.home, t.progressKey, t.namespace, t.now);
  const added = mergeRecordedPasses(progress, found.record as { data?: Record<string, unknown> }, t.stepIds);
  if (added.length) writeProgress(t.home, progress);
  return added;
}

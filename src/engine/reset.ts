/**
 * Reset touches only lab-labelled objects in the lab namespace. `resetStep` removes what the step declares
 * and forgets the progress of that step and every later one; `resetAll` removes every lab object (PVCs and
 * the progress record included), then all progress for (context, namespace).
 */
import type { Step } from '../course/load.js';
import { callNeeds, type ApiNames } from '../kube/needs.js';
import type { Permission } from '../kube/permissions.js';
import { LAB_SELECTOR } from '../course/render.js';
import type { LiveObject } from '../kube/objects.js';
import { isKubeError } from '../kube/result.js';
import { progressRecordManifest, recordNeeds } from '../progress/record.js';
import { deleteProgress, updateProgress } from '../progress/store.js';
import { changing, type EngineDeps } from './deps.js';
import { declaredObjects } from './objects.js';
import { removalNeeds, removeLabObjects } from './removal.js';

/** Reset of one step (list its kinds — some of the course's `kinds` —, delete its objects, rewrite the record) and of all (removal). */
export function resetNeeds(kinds: string[], api: ApiNames): Permission[] {
  return [...callNeeds.list(api, kinds), ...callNeeds.delete(api, kinds, { wait: true }), ...recordNeeds(), ...removalNeeds(kinds, api)];
}

export function resetStep(d: EngineDeps, step: Step): Promise<string[]> {
  return changing(d, () => resetStepUnlocked(d, step));
}

async function resetStepUnlocked(d: EngineDeps, step: Step): Promise<string[]> {
  const declared = declaredObjects(step, d.namespace, d.lang);
  const kinds = [...new Set(declared.map((o) => o.kind))];
  const wanted = new Set(declared.map((o) => `${o.kind}/${o.metadata.name}`));
  const live = await d.kube.list<LiveObject>(kinds, { selector: LAB_SELECTOR });
  const doomed = live.filter((o) => wanted.has(`${o.kind}/${o.metadata.name}`)).map((o) => ({ kind: o.kind!, name: o.metadata.name }));
  const lines = await d.kube.delete(doomed);
  const ids = d.course.steps.map((s) => s.id);
  const later = new Set(ids.slice(ids.indexOf(step.id)));
  const progress = updateProgress(d.home, d.progressKey, d.namespace, (p) => {
    for (const id of later) delete p.steps[id];
  });
  try {
    await d.kube.apply(progressRecordManifest(progress, ids, d.namespace, d.now()));
  } catch (e) {
    // The record is a convenience for the trainer; a namespace that is gone or read-only must not fail reset.
    if (!isKubeError(e)) throw e;
  }
  return lines;
}

export function resetAll(d: EngineDeps): Promise<string[]> {
  return changing(d, async () => {
    const lines = await removeLabObjects(d);
    deleteProgress(d.home, d.progressKey, d.namespace);
    return lines;
  });
}

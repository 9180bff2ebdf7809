/** The objects a step declares, and the kinds the whole course uses (what prune and reset look at). */
import type { Course, Step } from '../course/load.js';
import { renderStep, type KubeObject } from '../course/render.js';
import type { ObjectRef } from '../kube/kube.js';

export function declaredObjects(step: Step, namespace: string): KubeObject[] {
  return renderStep(step, namespace).flatMap((m) => m.objects);
}

export function refsOf(objects: KubeObject[]): ObjectRef[] {
  return objects.map((o) => ({ kind: o.kind, name: o.metadata.name }));
}

/** Every kind any step's manifests use, in first-seen order. */
export function courseKinds(course: Course, namespace: string): string[] {
  const kinds = new Set<string>();
  for (const s of course.steps) for (const o of declaredObjects(s, namespace)) kinds.add(o.kind);
  return [...kinds];
}

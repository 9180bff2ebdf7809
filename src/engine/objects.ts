/** The objects a step declares, and the kinds the whole course uses (what prune and reset look at). */
import type { Course, Step } from '../course/load.js';
import type { Lang } from '../i18n/lang.js';
import { renderStep, type KubeObject } from '../course/render.js';
import type { ObjectRef } from '../kube/kube.js';

/** `lang`: the language a content error of the course's manifests is said in. */
export function declaredObjects(step: Step, namespace: string, lang: Lang): KubeObject[] {
  return renderStep(step, namespace, lang).flatMap((m) => m.objects);
}

export function refsOf(objects: KubeObject[]): ObjectRef[] {
  return objects.map((o) => ({ kind: o.kind, name: o.metadata.name }));
}

/** Every kind any step's manifests use, in first-seen order. */
export function courseKinds(course: Course, namespace: string, lang: Lang): string[] {
  const kinds = new Set<string>();
  for (const s of course.steps) for (const o of declaredObjects(s, namespace, lang)) kinds.add(o.kind);
  return [...kinds];
}

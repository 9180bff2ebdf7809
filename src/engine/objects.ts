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

const kindsOf = new WeakMap<Course, Map<string, string[]>>();

/**
 * Every kind any step's manifests use, in first-seen order. Remembered per course, namespace and language:
 * a course is loaded once and never changes, and rendering all its manifests again for every solve and
 * reset is most of what a self-test allocates.
 */
export function courseKinds(course: Course, namespace: string, lang: Lang): string[] {
  let byKey = kindsOf.get(course);
  if (!byKey) kindsOf.set(course, (byKey = new Map()));
  const key = `${namespace}\0${lang}`;
  let kinds = byKey.get(key);
  if (!kinds) {
    const seen = new Set<string>();
    for (const s of course.steps) for (const o of declaredObjects(s, namespace, lang)) seen.add(o.kind);
    byKey.set(key, (kinds = [...seen]));
  }
  return [...kinds];
}

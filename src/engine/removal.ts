/** Removing every lab-labelled object from the namespace (the self-test's clean slate, and reset --all). */
import { LAB_SELECTOR } from '../course/render.js';
import type { EngineDeps } from './deps.js';
import { courseKinds } from './objects.js';

export function labKinds(d: Pick<EngineDeps, 'course' | 'namespace'>): string[] {
  return [...new Set(['Pod', ...courseKinds(d.course, d.namespace), 'PersistentVolumeClaim', 'ConfigMap'])];
}

export function removeLabObjects(d: EngineDeps): Promise<string[]> {
  return d.kube.deleteAll(labKinds(d), LAB_SELECTOR);
}

/** Removing every lab-labelled object from the namespace (the self-test's clean slate, and reset --all). */
import { LAB_SELECTOR } from '../course/render.js';
import { callNeeds, type ApiNames } from '../kube/needs.js';
import type { Permission } from '../kube/permissions.js';
import type { EngineDeps } from './deps.js';
import { courseKinds } from './objects.js';

export function labKinds(d: Pick<EngineDeps, 'course' | 'namespace' | 'lang'>): string[] {
  return labKindsOf(courseKinds(d.course, d.namespace, d.lang));
}

/** The course's kinds, and what the lab itself leaves in the namespace: pods, claims, its record. */
function labKindsOf(kinds: string[]): string[] {
  return [...new Set(['Pod', ...kinds, 'PersistentVolumeClaim', 'ConfigMap'])];
}

/** `delete KINDS -l SELECTOR --wait=true` over the lab's kinds (the UI lists the same kinds to show them). */
export function removalNeeds(kinds: string[], api: ApiNames): Permission[] {
  return callNeeds.delete(api, labKindsOf(kinds), { wait: true, selector: true });
}

export function removeLabObjects(d: EngineDeps): Promise<string[]> {
  return d.kube.deleteAll(labKinds(d), LAB_SELECTOR);
}

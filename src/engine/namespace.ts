/** Making sure the lab namespace exists before anything is applied into it. */
import type { Kube } from '../kube/kube.js';
import type { LiveObject } from '../kube/objects.js';
import type { Permission } from '../kube/permissions.js';
import { isKubeError } from '../kube/result.js';

/**
 * Reading the namespace object (ensureNamespace, and diagnosis's namespace phase). A namespace is cluster-
 * scoped, but a Role in it may grant `get` on it by name. Creating it is cluster-wide and no Role's to give:
 * a learner's namespace is made for them, and doctor's namespace item says when it will be created.
 */
export function namespaceNeeds(namespace: string): Permission[] {
  return [{ apiGroup: '', resource: 'namespaces', verbs: ['get'], resourceNames: [namespace] }];
}

/**
 * Create the namespace unless it exists. A learner on a workshop cluster may not read namespaces at all
 * (forbidden): their namespace was made for them, so carry on.
 */
export async function ensureNamespace(kube: Kube): Promise<'exists' | 'created' | 'unknown'> {
  try {
    if (await kube.get<LiveObject>('Namespace', kube.target.namespace)) return 'exists';
  } catch (e) {
    if (isKubeError(e, 'forbidden')) return 'unknown';
    throw e;
  }
  try {
    await kube.createNamespace();
    return 'created';
  } catch (e) {
    // Created by someone else in the meantime: that is what we wanted.
    if (isKubeError(e, 'conflict')) return 'exists';
    throw e;
  }
}

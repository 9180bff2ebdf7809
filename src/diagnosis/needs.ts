/**
 * What diagnosis reads in the lab namespace (evidence.ts once a check has failed, waiting.ts while it keeps
 * failing, and the "does anything run at all" question), from the same kind lists those files read. Every
 * read there is best effort (a refused one leaves its part empty and is noted as a gap), but a learner
 * without them gets poorer diagnoses, so doctor asks for them and the learner's Role grants them.
 * Not here: StorageClasses (cluster-scoped, no Role's to grant; the `noDefaultStorageClass` matcher is
 * then silent) — doctor's storage item reads them for whoever runs it.
 */
import { callNeeds, type ApiNames } from '../kube/needs.js';
import type { Permission } from '../kube/permissions.js';
import { RUNNING_KINDS } from './evidence.js';
import { WAITING_KINDS } from './waiting.js';

/** collectEvidence's lists (Secrets: their keys only), its logs (current and previous containers). */
const EVIDENCE_KINDS = ['Event', 'PersistentVolumeClaim', 'ConfigMap', 'Secret'];

export function diagnosisNeeds(api: ApiNames, namespace: string): Permission[] {
  return [
    ...callNeeds.list(api, [...RUNNING_KINDS, ...EVIDENCE_KINDS, ...WAITING_KINDS]),
    ...callNeeds.logs(),
    { apiGroup: '', resource: 'namespaces', verbs: ['get'], resourceNames: [namespace] },
  ];
}

/**
 * The objects `workshop up` makes for one learner: a namespace labelled for the room (and for Pod Security's
 * baseline level), a ServiceAccount, the
 * Role of role.ts bound to it, a ResourceQuota (the budget: the course's peak, so one learner cannot starve
 * the room) and a LimitRange (defaults for containers that declare no resources, so the learner's own
 * manifests are admitted under the quota). Pure.
 *
 * None of them carries the lab label (app.kubernetes.io/part-of=emqx-lab): the engine's solve prunes and
 * `reset --all` removes lab-labelled objects of the course's kinds, and the course has ServiceAccounts,
 * Roles and RoleBindings of its own. These belong to the room, not to a step.
 */
import type { Course } from '../course/load.js';
import type { Lang } from '../i18n/lang.js';
import { cpuQuantity, memoryQuantity, type Footprint } from './footprint.js';
import { learnerRules } from './role.js';

export const ROOM_LABEL = 'emqx-lab.io/workshop';
export const LEARNER_LABEL = 'emqx-lab.io/learner';
export const MANAGED_BY = { 'app.kubernetes.io/managed-by': 'emqx-lab-workshop' } as const;
/** The learner's account, its Role and binding (course objects are named `emqx`: no clash). */
export const LEARNER_ACCOUNT = 'emqx-lab-learner';
export const QUOTA_NAME = 'emqx-lab-budget';
export const LIMITS_NAME = 'emqx-lab-defaults';

/** Claims are never pruned (they hold the learner's data), so a second try of the PVC step may leave some. */
const CLAIM_HEADROOM = 2;
/** A default memory limit a few times the default request: bounds a runaway container, never a normal one. */
const MEMORY_LIMIT_FACTOR = 4;

export function roomSelector(prefix: string): string {
  return `${ROOM_LABEL}=${prefix}`;
}

/** `learner-01` … `learner-20`: two digits at least, so names sort in order. */
export function learnerNamespace(prefix: string, i: number, total: number): string {
  return `${prefix}-${String(i).padStart(Math.max(2, String(total).length), '0')}`;
}

export function roomLabels(prefix: string, index: number): Record<string, string> {
  return { [ROOM_LABEL]: prefix, [LEARNER_LABEL]: String(index), ...MANAGED_BY };
}

/**
 * Pod Security for a learner namespace: pods that break the baseline level (host namespaces, privileged
 * containers, hostPath volumes, …) are refused, and a workload whose template would break it is admitted
 * with a warning, so the learner hears why its pods never come. The course's own pods pass baseline.
 */
export const POD_SECURITY = {
  'pod-security.kubernetes.io/enforce': 'baseline',
  'pod-security.kubernetes.io/warn': 'baseline',
} as const;

export function budget(fp: Footprint): { hard: Record<string, string>; defaultRequest: Record<string, string>; defaultLimit: Record<string, string> } {
  const hard: Record<string, string> = {
    pods: String(fp.peak.pods),
    'requests.cpu': cpuQuantity(fp.peak.cpu),
    'requests.memory': memoryQuantity(fp.peak.memory),
  };
  if (fp.pvcs) {
    hard.persistentvolumeclaims = String(fp.pvcs * CLAIM_HEADROOM);
    hard['requests.storage'] = memoryQuantity(fp.storage * CLAIM_HEADROOM);
  }
  return {
    hard,
    defaultRequest: { cpu: cpuQuantity(fp.defaultRequest.cpu), memory: memoryQuantity(fp.defaultRequest.memory) },
    // No CPU limit: a throttled EMQX boots slowly and fails its probes; memory is what starves a node.
    defaultLimit: { memory: memoryQuantity(fp.defaultRequest.memory * MEMORY_LIMIT_FACTOR) },
  };
}

export function learnerObjects(course: Course, fp: Footprint, prefix: string, index: number, namespace: string, lang: Lang): object[] {
  const labels = roomLabels(prefix, index);
  const meta = (name: string) => ({ name, namespace, labels });
  const b = budget(fp);
  return [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace, labels: { ...labels, ...POD_SECURITY } } },
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: meta(LEARNER_ACCOUNT) },
    { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: meta(LEARNER_ACCOUNT), rules: learnerRules(course, namespace, lang) },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: meta(LEARNER_ACCOUNT),
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: LEARNER_ACCOUNT },
      subjects: [{ kind: 'ServiceAccount', name: LEARNER_ACCOUNT, namespace }],
    },
    { apiVersion: 'v1', kind: 'ResourceQuota', metadata: meta(QUOTA_NAME), spec: { hard: b.hard } },
    {
      apiVersion: 'v1',
      kind: 'LimitRange',
      metadata: meta(LIMITS_NAME),
      spec: { limits: [{ type: 'Container', defaultRequest: b.defaultRequest, default: b.defaultLimit }] },
    },
  ];
}

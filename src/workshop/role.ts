/**
 * The learner's Role: everything the lab does in their own namespace and nothing else (a Role cannot reach
 * outside its namespace; nothing here is cluster-wide). Two parts:
 *   - what the lab and its checks need, exactly as doctor asks it: `labPermissions` (engine/permissions.ts),
 *     derived from the course and from each check kind's own declaration, so a new kind or engine call is
 *     granted without anyone remembering to add it here (impersonation of exactly the ServiceAccounts the
 *     course's canI checks ask as, the service proxy, exec, port-forward, logs, scale…);
 *   - what the learner's own `kubectl` is for, which the lessons ask of them: full write access to every
 *     kind the course's manifests create (each kind's API group from its apiVersion) and to what its
 *     workloads make, `kubectl scale`, the pod and service proxies, and the read-only views that `kubectl
 *     get all` and `describe` want, the namespace's budget included.
 * Deliberately absent: `escalate` and `bind` (a learner's own Role may grant only what they already hold),
 * and anything on nodes, namespaces other than their own, or cluster-scoped objects.
 */
import type { Course } from '../course/load.js';
import { declaredObjects } from '../engine/objects.js';
import type { Lang } from '../i18n/lang.js';
import { labPermissions } from '../engine/permissions.js';
import { resourceOf } from '../kube/argv.js';
import { groupOf } from '../kube/needs.js';
import { rulesOf, type Permission, type PolicyRule } from '../kube/permissions.js';

export type { PolicyRule };

const WRITE = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete', 'deletecollection'];
const READ = ['get', 'list', 'watch'];
const NS = 'role';

/** The ServiceAccounts the course's canI checks ask as (at any depth: follow-up checks too). */
export function impersonatedAccounts(course: Course): string[] {
  const out = new Set<string>();
  const visit = (v: unknown): void => {
    if (Array.isArray(v)) return v.forEach(visit);
    if (!v || typeof v !== 'object') return;
    const o = v as { kind?: unknown; as?: { serviceAccount?: unknown } };
    if (o.kind === 'canI' && typeof o.as?.serviceAccount === 'string') out.add(o.as.serviceAccount);
    Object.values(v).forEach(visit);
  };
  for (const s of course.steps) visit(s.lesson.checks);
  return [...out].sort();
}

/** Kinds the course writes and what its workloads make, with every verb: the learner applies, edits, deletes. */
function writtenByLearner(course: Course, lang: Lang): Permission[] {
  const out: Permission[] = [];
  const write = (apiGroup: string, resource: string) => out.push({ apiGroup, resource, verbs: WRITE });
  for (const s of course.steps) {
    for (const o of declaredObjects(s, NS, lang)) {
      write(groupOf(o.apiVersion), resourceOf(o.kind));
      if (['Deployment', 'StatefulSet', 'ReplicaSet', 'Job'].includes(o.kind)) write('', 'pods');
      if (o.kind === 'Deployment') write('apps', 'replicasets');
      if (o.kind === 'StatefulSet') write('', 'persistentvolumeclaims');
    }
  }
  return out;
}

/** The learner's own kubectl beyond what the lab does: scale, the proxies, and read-only views. */
const LEARNER_VIEWS: Permission[] = [
  { apiGroup: '', resource: 'pods', subresource: 'log', verbs: READ },
  ...['services', 'pods'].map((resource) => ({ apiGroup: '', resource, subresource: 'proxy', verbs: ['get', 'create'] })),
  ...['deployments', 'statefulsets', 'replicasets'].map((resource) => ({ apiGroup: 'apps', resource, subresource: 'scale', verbs: ['get', 'update', 'patch'] })),
  ...['controllerrevisions', 'daemonsets'].map((resource) => ({ apiGroup: 'apps', resource, verbs: READ })),
  ...['events', 'endpoints', 'replicationcontrollers', 'resourcequotas', 'limitranges'].map((resource) => ({ apiGroup: '', resource, verbs: READ })),
  { apiGroup: 'events.k8s.io', resource: 'events', verbs: READ },
  { apiGroup: 'discovery.k8s.io', resource: 'endpointslices', verbs: READ },
  ...['jobs', 'cronjobs'].map((resource) => ({ apiGroup: 'batch', resource, verbs: READ })),
  { apiGroup: 'autoscaling', resource: 'horizontalpodautoscalers', verbs: READ },
];

export function learnerRules(course: Course, namespace: string, lang: Lang): PolicyRule[] {
  return rulesOf([...labPermissions(course, namespace, lang), ...writtenByLearner(course, lang), ...LEARNER_VIEWS]);
}

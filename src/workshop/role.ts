/**
 * The learner's Role: everything the course needs in their own namespace and nothing else (a Role cannot
 * reach outside its namespace; nothing here is cluster-wide). Read from the course where the course decides:
 *   - full write access to every kind its manifests create (with each kind's API group from its apiVersion),
 *     plus the pods and claims its workloads make;
 *   - `impersonate` on exactly the ServiceAccounts its `canI` checks ask as (`auth can-i --as=...`);
 * and fixed for what the lab and kubectl do around them: logs, exec, port-forward, the service proxy the
 * http checks go through, scale (disruption checks), events (diagnosis), read-only views that `kubectl get
 * all` and `describe` want, the namespace's budget (read-only), and `get` on the namespace object itself.
 * Deliberately absent: `escalate` and `bind` (a learner's own Role may grant only what they already hold),
 * and anything on nodes, namespaces other than their own, or cluster-scoped objects.
 */
import type { Course } from '../course/load.js';
import { declaredObjects } from '../engine/objects.js';
import { resourceOf } from '../kube/argv.js';

export interface PolicyRule {
  apiGroups: string[];
  resources: string[];
  verbs: string[];
  resourceNames?: string[];
}

const WRITE = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete', 'deletecollection'];
const READ = ['get', 'list', 'watch'];
const NS = 'role';

/** `apps/v1` → `apps`; `v1` → `` (the core group). */
export function groupOf(apiVersion: string): string {
  return apiVersion.includes('/') ? apiVersion.split('/')[0] : '';
}

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

/** Kinds the course writes, by API group. */
function writtenResources(course: Course): Map<string, Set<string>> {
  const byGroup = new Map<string, Set<string>>();
  const add = (group: string, res: string) => byGroup.set(group, (byGroup.get(group) ?? new Set()).add(res));
  for (const s of course.steps) {
    for (const o of declaredObjects(s, NS)) {
      add(groupOf(o.apiVersion), resourceOf(o.kind));
      // What those objects make on the learner's behalf, which the lab deletes or the learner inspects.
      if (['Deployment', 'StatefulSet', 'ReplicaSet', 'Job'].includes(o.kind)) add('', 'pods');
      if (o.kind === 'Deployment') add('apps', 'replicasets');
      if (o.kind === 'StatefulSet') add('', 'persistentvolumeclaims');
    }
  }
  // The lab's own record of progress lives in a ConfigMap the learner's verify writes.
  add('', 'configmaps');
  return byGroup;
}

export function learnerRules(course: Course, namespace: string): PolicyRule[] {
  const rules: PolicyRule[] = [];
  const written = writtenResources(course);
  for (const group of [...written.keys()].sort()) {
    rules.push({ apiGroups: [group], resources: [...written.get(group)!].sort(), verbs: WRITE });
  }
  rules.push(
    { apiGroups: [''], resources: ['pods/log'], verbs: READ },
    { apiGroups: [''], resources: ['pods/exec', 'pods/portforward'], verbs: ['get', 'create'] },
    { apiGroups: [''], resources: ['services/proxy', 'pods/proxy'], verbs: ['get', 'create'] },
    { apiGroups: ['apps'], resources: ['deployments/scale', 'statefulsets/scale', 'replicasets/scale'], verbs: ['get', 'update', 'patch'] },
    { apiGroups: ['apps'], resources: ['controllerrevisions', 'daemonsets'], verbs: READ },
    { apiGroups: [''], resources: ['events', 'endpoints', 'replicationcontrollers', 'resourcequotas', 'limitranges'], verbs: READ },
    { apiGroups: ['events.k8s.io'], resources: ['events'], verbs: READ },
    { apiGroups: ['discovery.k8s.io'], resources: ['endpointslices'], verbs: READ },
    { apiGroups: ['batch'], resources: ['jobs', 'cronjobs'], verbs: READ },
    { apiGroups: ['autoscaling'], resources: ['horizontalpodautoscalers'], verbs: READ },
    { apiGroups: [''], resources: ['namespaces'], verbs: ['get'], resourceNames: [namespace] },
  );
  const accounts = impersonatedAccounts(course);
  if (accounts.length) rules.push({ apiGroups: [''], resources: ['serviceaccounts'], verbs: ['impersonate'], resourceNames: accounts });
  return rules;
}

/**
 * What each kubectl call the lab makes (argv.ts) asks the API server for, in RBAC's terms (kubectl v1.32
 * against a v1.32 server). The check kinds and the engine say which calls they make; these say what the
 * calls need. Facts behind them:
 *   - `get|patch|scale|rollout restart|delete KIND/NAME` first read the object (a GET), `apply -f -` reads
 *     each object, then creates or patches it;
 *   - `delete --wait=true` then waits for the object to go: a GET, then a LIST and WATCH on its name;
 *   - `scale` patches the object's `scale` subresource;
 *   - `exec`, `logs`, `port-forward` read the pod first; exec and port-forward stream over WebSockets (an
 *     upgraded GET) and fall back to SPDY (a POST, `create`) when the server refuses the upgrade, so both
 *     verbs are declared; `port-forward svc/NAME` reads the Service and lists (and, while none exists,
 *     watches) its pods to pick one;
 *   - `get --raw .../services/NAME:PORT/proxy/...` is a GET on the `proxy` subresource;
 *   - `auth can-i --as=system:serviceaccount:NS:SA` impersonates that ServiceAccount (resource
 *     `serviceaccounts`, name SA); the access review itself is every authenticated user's
 *     (system:basic-user), as is `auth can-i --list`.
 */
import { resourceOf } from './argv.js';
import type { Permission } from './permissions.js';

/** A kind's API group and plural resource. */
export interface ApiNames {
  of(kind: string): { group: string; resource: string };
}

const RBAC = 'rbac.authorization.k8s.io';
/** Groups of the built-in kinds a course may name without declaring them in a manifest (a check on a Pod). */
const GROUP_OF: Record<string, string> = {
  Deployment: 'apps',
  ReplicaSet: 'apps',
  StatefulSet: 'apps',
  DaemonSet: 'apps',
  ControllerRevision: 'apps',
  Job: 'batch',
  CronJob: 'batch',
  Role: RBAC,
  RoleBinding: RBAC,
  ClusterRole: RBAC,
  ClusterRoleBinding: RBAC,
  Ingress: 'networking.k8s.io',
  NetworkPolicy: 'networking.k8s.io',
  PodDisruptionBudget: 'policy',
  HorizontalPodAutoscaler: 'autoscaling',
  EndpointSlice: 'discovery.k8s.io',
  StorageClass: 'storage.k8s.io',
};

/** `apps/v1` → `apps`; `v1` → `` (the core group). */
export function groupOf(apiVersion: string): string {
  return apiVersion.includes('/') ? apiVersion.split('/')[0] : '';
}

/** Names for kinds: the given objects' apiVersions first (a course's own kinds), then the built-in table. */
export function apiNames(objects: { kind: string; apiVersion: string }[] = []): ApiNames {
  const declared = new Map(objects.map((o) => [o.kind, groupOf(o.apiVersion)]));
  return { of: (kind) => ({ group: declared.get(kind) ?? GROUP_OF[kind] ?? '', resource: resourceOf(kind) }) };
}

function on(api: ApiNames, kind: string, verbs: string[], subresource?: string): Permission {
  const { group, resource } = api.of(kind);
  return { apiGroup: group, resource, verbs, ...(subresource ? { subresource } : {}) };
}

const pods = (verbs: string[], subresource?: string): Permission => ({ apiGroup: '', resource: 'pods', verbs, ...(subresource ? { subresource } : {}) });

/** The calls, by the Kube method that makes them. */
export const callNeeds = {
  get: (api: ApiNames, kinds: string[]): Permission[] => kinds.map((k) => on(api, k, ['get'])),
  list: (api: ApiNames, kinds: string[]): Permission[] => kinds.map((k) => on(api, k, ['list'])),
  apply: (api: ApiNames, kinds: string[]): Permission[] => kinds.map((k) => on(api, k, ['get', 'create', 'patch'])),
  /** `delete KIND/NAME` and `delete KINDS -l SEL` (which lists first); with wait, the watch for the end. */
  delete: (api: ApiNames, kinds: string[], o: { wait: boolean; selector?: boolean }): Permission[] =>
    kinds.map((k) => on(api, k, [...(o.wait ? ['get', 'list', 'watch'] : o.selector ? ['list'] : []), 'delete'])),
  scale: (api: ApiNames, kind: string): Permission[] => [on(api, kind, ['get']), on(api, kind, ['patch'], 'scale')],
  patch: (api: ApiNames, kind: string): Permission[] => [on(api, kind, ['get', 'patch'])],
  rolloutRestart: (api: ApiNames, kind: string): Permission[] => [on(api, kind, ['get', 'patch'])],
  exec: (): Permission[] => [pods(['get']), pods(['get', 'create'], 'exec')],
  logs: (): Permission[] => [pods(['get']), pods(['get'], 'log')],
  portForward: (to: 'pod' | 'svc'): Permission[] => [
    ...(to === 'svc' ? [{ apiGroup: '', resource: 'services', verbs: ['get'] }, pods(['list', 'watch'])] : []),
    pods(['get']),
    pods(['get', 'create'], 'portforward'),
  ],
  proxyGet: (to: 'pod' | 'svc'): Permission[] => [{ apiGroup: '', resource: to === 'svc' ? 'services' : 'pods', subresource: 'proxy', verbs: ['get'] }],
  canIAs: (serviceAccount: string): Permission[] => [{ apiGroup: '', resource: 'serviceaccounts', verbs: ['impersonate'], resourceNames: [serviceAccount] }],
};

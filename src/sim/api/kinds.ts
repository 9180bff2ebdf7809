/** The API resources the simulated API server serves, as discovery would list them. */

export interface Kind {
  kind: string;
  /** Plural resource name (the REST path segment). */
  res: string;
  singular: string;
  short: string[];
  group: string;
  version: string;
  namespaced: boolean;
  verbs: string[];
  /** Part of `kubectl get all`. */
  all?: boolean;
}

const RW = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

function k(kind: string, res: string, group: string, version: string, namespaced: boolean, short: string[] = [], all = false, verbs = RW): Kind {
  return { kind, res, singular: kind.toLowerCase(), short, group, version, namespaced, verbs, all };
}

export const KINDS: Kind[] = [
  k('Pod', 'pods', '', 'v1', true, ['po'], true),
  k('Service', 'services', '', 'v1', true, ['svc'], true),
  k('DaemonSet', 'daemonsets', 'apps', 'v1', true, ['ds'], true),
  k('Deployment', 'deployments', 'apps', 'v1', true, ['deploy'], true),
  k('ReplicaSet', 'replicasets', 'apps', 'v1', true, ['rs'], true),
  k('StatefulSet', 'statefulsets', 'apps', 'v1', true, ['sts'], true),
  k('ControllerRevision', 'controllerrevisions', 'apps', 'v1', true),
  k('Endpoints', 'endpoints', '', 'v1', true, ['ep']),
  k('EndpointSlice', 'endpointslices', 'discovery.k8s.io', 'v1', true),
  k('ConfigMap', 'configmaps', '', 'v1', true, ['cm']),
  k('Secret', 'secrets', '', 'v1', true),
  k('ServiceAccount', 'serviceaccounts', '', 'v1', true, ['sa']),
  k('PersistentVolumeClaim', 'persistentvolumeclaims', '', 'v1', true, ['pvc']),
  k('PersistentVolume', 'persistentvolumes', '', 'v1', false, ['pv']),
  k('Event', 'events', '', 'v1', true, ['ev']),
  k('ResourceQuota', 'resourcequotas', '', 'v1', true, ['quota']),
  k('LimitRange', 'limitranges', '', 'v1', true, ['limits']),
  k('Namespace', 'namespaces', '', 'v1', false, ['ns'], false, ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch']),
  k('Node', 'nodes', '', 'v1', false, ['no']),
  k('Role', 'roles', 'rbac.authorization.k8s.io', 'v1', true),
  k('RoleBinding', 'rolebindings', 'rbac.authorization.k8s.io', 'v1', true),
  k('ClusterRole', 'clusterroles', 'rbac.authorization.k8s.io', 'v1', false),
  k('ClusterRoleBinding', 'clusterrolebindings', 'rbac.authorization.k8s.io', 'v1', false),
  k('StorageClass', 'storageclasses', 'storage.k8s.io', 'v1', false, ['sc']),
];

const byRes = new Map<string, Kind>();
for (const x of KINDS) byRes.set(x.res, x);

export function kindByRes(res: string): Kind {
  const x = byRes.get(res);
  if (!x) throw new Error(`unknown resource ${res}`);
  return x;
}

export function apiVersionOf(x: Kind): string {
  return x.group ? `${x.group}/${x.version}` : x.version;
}

/** `deployments.apps` / `pods`: how API errors name a resource. */
export function qualifiedRes(x: Kind): string {
  return x.group ? `${x.res}.${x.group}` : x.res;
}

/** `deployment.apps` / `pod`: how kubectl prints an object's type in `created` lines and -o name. */
export function qualifiedSingular(x: Kind): string {
  return x.group ? `${x.singular}.${x.group}` : x.singular;
}

/** The kind for an apiVersion + kind pair from a manifest, or undefined when the server has no such match. */
export function kindFor(apiVersion: string, kind: string): Kind | undefined {
  return KINDS.find((x) => x.kind === kind && apiVersionOf(x) === apiVersion);
}

/**
 * Resolve what a user typed as a resource type (`po`, `pods`, `pod`, `deploy`, `deployments.apps`,
 * `Deployment`): the kubectl REST mapper's rules, case-insensitive for kinds.
 */
export function resolveType(typed: string): Kind | undefined {
  const t = typed.toLowerCase();
  const [name, ...groupParts] = t.split('.');
  const group = groupParts.join('.');
  for (const x of KINDS) {
    if (group && x.group !== group && !(group.startsWith(`${x.version}.`) && group === `${x.version}.${x.group}`)) continue;
    if (x.res === name || x.singular === name || x.short.includes(name) || x.kind.toLowerCase() === name) return x;
  }
  return undefined;
}

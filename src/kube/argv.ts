/**
 * Pure argv builders for every kubectl call the lab makes (table-tested in test/kube/argv.test.ts, and run
 * through the real kubectl in test/kube/argv-real.test.ts to catch usage errors). Nothing here spawns.
 *
 * Shape of every call: GLOBAL FLAGS first, then the verb: `--context C --kubeconfig F --namespace N
 * --request-timeout T <verb> ...`. Global flags before the verb keep them away from the `--` of exec (after
 * which everything belongs to the command run in the container). The simulator accepts exactly these forms.
 */

/** Where a call goes: the lab's namespace on one context. */
export interface KubeTarget {
  namespace: string;
  context?: string;
  kubeconfig?: string;
  /** kubectl's --request-timeout, e.g. `10s` (one API request, not a whole watch or stream). */
  requestTimeout?: string;
}

interface GlobalOpts {
  /** Add --namespace (false for cluster-scoped objects and config commands). */
  namespaced?: boolean;
  /** Add --request-timeout (false for long-lived streams such as port-forward). */
  timed?: boolean;
  /** Add --context (false for `config current-context`, which must not be told the answer). */
  withContext?: boolean;
}

export function globalFlags(t: KubeTarget, o: GlobalOpts = {}): string[] {
  const { namespaced = true, timed = true, withContext = true } = o;
  const out: string[] = [];
  if (t.kubeconfig) out.push('--kubeconfig', t.kubeconfig);
  if (withContext && t.context) out.push('--context', t.context);
  if (namespaced) out.push('--namespace', t.namespace);
  if (timed && t.requestTimeout) out.push(`--request-timeout=${t.requestTimeout}`);
  return out;
}

/** Resource names kubectl resolves without guessing (lowercase plural); unknown kinds go lowercase. */
const PLURAL: Record<string, string> = {
  Pod: 'pods',
  Deployment: 'deployments',
  ReplicaSet: 'replicasets',
  StatefulSet: 'statefulsets',
  Service: 'services',
  Endpoints: 'endpoints',
  ServiceAccount: 'serviceaccounts',
  Role: 'roles',
  RoleBinding: 'rolebindings',
  ClusterRole: 'clusterroles',
  ClusterRoleBinding: 'clusterrolebindings',
  ConfigMap: 'configmaps',
  Secret: 'secrets',
  PersistentVolumeClaim: 'persistentvolumeclaims',
  PersistentVolume: 'persistentvolumes',
  StorageClass: 'storageclasses',
  Namespace: 'namespaces',
  Node: 'nodes',
  Event: 'events',
  Job: 'jobs',
  DaemonSet: 'daemonsets',
  Ingress: 'ingresses',
  NetworkPolicy: 'networkpolicies',
  PodDisruptionBudget: 'poddisruptionbudgets',
};

export function resourceOf(kind: string): string {
  return PLURAL[kind] ?? kind.toLowerCase();
}

const CLUSTER_SCOPED = new Set(['Namespace', 'Node', 'StorageClass', 'PersistentVolume', 'ClusterRole', 'ClusterRoleBinding']);
export function isClusterScoped(kind: string): boolean {
  return CLUSTER_SCOPED.has(kind);
}

/** `get KIND [NAME] [-l SELECTOR] -o json`; several kinds may be given (`get pods,services -o json`). */
export function getArgs(t: KubeTarget, kinds: string | string[], opts: { name?: string; selector?: string } = {}): string[] {
  const list = Array.isArray(kinds) ? kinds : [kinds];
  const namespaced = !list.every(isClusterScoped);
  const out = [...globalFlags(t, { namespaced }), 'get', list.map(resourceOf).join(',')];
  if (opts.name) out.push(opts.name);
  if (opts.selector) out.push('-l', opts.selector);
  out.push('-o', 'json');
  return out;
}

/** `apply -f -`: the manifests come on stdin, never from a file the lab writes. */
export function applyArgs(t: KubeTarget): string[] {
  return [...globalFlags(t), 'apply', '-f', '-'];
}

/** Delete named objects (`KIND/NAME` each); NotFound is not an error. */
export function deleteArgs(t: KubeTarget, refs: { kind: string; name: string }[], opts: { wait?: boolean } = {}): string[] {
  const namespaced = !refs.every((r) => isClusterScoped(r.kind));
  return [
    ...globalFlags(t, { namespaced }),
    'delete',
    ...refs.map((r) => `${resourceOf(r.kind)}/${r.name}`),
    '--ignore-not-found',
    `--wait=${opts.wait ?? true}`,
  ];
}

/** Delete every object of these kinds that carries the selector (reset --all). */
export function deleteSelectorArgs(t: KubeTarget, kinds: string[], selector: string, opts: { wait?: boolean } = {}): string[] {
  return [
    ...globalFlags(t),
    'delete',
    kinds.map(resourceOf).join(','),
    '-l',
    selector,
    '--ignore-not-found',
    `--wait=${opts.wait ?? true}`,
  ];
}

export function scaleArgs(t: KubeTarget, kind: string, name: string, replicas: number): string[] {
  return [...globalFlags(t), 'scale', `${resourceOf(kind)}/${name}`, `--replicas=${replicas}`];
}

/** A JSON merge patch: the patch travels as one argv element, never through a shell. */
export function patchMergeArgs(t: KubeTarget, kind: string, name: string, patch: unknown): string[] {
  return [...globalFlags(t), 'patch', `${resourceOf(kind)}/${name}`, '--type', 'merge', '-p', JSON.stringify(patch)];
}

export function rolloutRestartArgs(t: KubeTarget, kind: string, name: string): string[] {
  return [...globalFlags(t), 'rollout', 'restart', `${resourceOf(kind)}/${name}`];
}

/**
 * `exec [-i] POD [-c C] -- argv...`: the command is an argv array, never a shell string. `-i` (stdin) when the
 * caller writes to the command's standard input: what must not be seen in `ps` travels there.
 */
export function execArgs(t: KubeTarget, pod: string, command: string[], container?: string, stdin = false): string[] {
  const out = [...globalFlags(t), 'exec'];
  if (stdin) out.push('-i');
  out.push(pod);
  if (container) out.push('-c', container);
  return [...out, '--', ...command];
}

export function logsArgs(t: KubeTarget, pod: string, opts: { container?: string; tail?: number; previous?: boolean } = {}): string[] {
  const out = [...globalFlags(t), 'logs', pod];
  if (opts.container) out.push('-c', opts.container);
  if (opts.tail !== undefined) out.push(`--tail=${opts.tail}`);
  if (opts.previous) out.push('--previous');
  return out;
}

export function serviceAccountUser(namespace: string, sa: string): string {
  return `system:serviceaccount:${namespace}:${sa}`;
}

/** `auth can-i VERB RESOURCE[/NAME] [--subresource=S] [--as=USER]`: prints yes/no, exit 0/1. */
export function canIArgs(
  t: KubeTarget,
  verb: string,
  resource: string,
  opts: { name?: string; as?: string; subresource?: string } = {},
): string[] {
  const out = [...globalFlags(t), 'auth', 'can-i', verb, opts.name ? `${resource}/${opts.name}` : resource];
  if (opts.subresource) out.push(`--subresource=${opts.subresource}`);
  if (opts.as) out.push(`--as=${opts.as}`);
  return out;
}

/** `auth can-i --list`: every rule the user holds in the namespace (a SelfSubjectRulesReview), as a table. */
export function canIListArgs(t: KubeTarget): string[] {
  return [...globalFlags(t), 'auth', 'can-i', '--list'];
}

/** `get --raw PATH`: a GET on the API server (e.g. the service proxy). */
export function getRawArgs(t: KubeTarget, path: string): string[] {
  return [...globalFlags(t, { namespaced: false }), 'get', '--raw', path];
}

/** The API server's proxy path to a Service or a pod port. */
export function proxyPath(namespace: string, to: { service?: string; pod?: string }, port: number, path: string): string {
  const what = to.service ? `services/${to.service}` : `pods/${to.pod}`;
  return `/api/v1/namespaces/${namespace}/${what}:${port}/proxy${path}`;
}

/**
 * `port-forward --address 127.0.0.1 TARGET 0:PORT`: local port 0 lets the system pick a free one; kubectl
 * prints `Forwarding from 127.0.0.1:PORT -> REMOTE`. No --request-timeout: it would cut the stream.
 */
export function portForwardArgs(t: KubeTarget, target: string, remotePort: number): string[] {
  return [...globalFlags(t, { timed: false }), 'port-forward', '--address', '127.0.0.1', target, `0:${remotePort}`];
}

export function versionArgs(t: KubeTarget, opts: { clientOnly?: boolean } = {}): string[] {
  const out = [...globalFlags(t, { namespaced: false, timed: !opts.clientOnly }), 'version'];
  if (opts.clientOnly) out.push('--client');
  return [...out, '-o', 'json'];
}

/** Which context kubectl would use (never given --context: that is the question). */
export function currentContextArgs(t: KubeTarget): string[] {
  return [...globalFlags(t, { namespaced: false, timed: false, withContext: false }), 'config', 'current-context'];
}

/** The selected context's cluster and server, credentials redacted by kubectl. */
export function configViewArgs(t: KubeTarget): string[] {
  return [...globalFlags(t, { namespaced: false, timed: false }), 'config', 'view', '--minify', '-o', 'json'];
}

/** The whole kubeconfig kubectl would load (credentials redacted by kubectl): `--cluster NAME`'s server. */
export function configViewAllArgs(t: KubeTarget): string[] {
  return [...globalFlags(t, { namespaced: false, timed: false, withContext: false }), 'config', 'view', '-o', 'json'];
}

export function createNamespaceArgs(t: KubeTarget): string[] {
  return [...globalFlags(t, { namespaced: false }), 'create', 'namespace', t.namespace];
}

/** Arguments the learner typed for `emqx-lab kubectl ...`, with the lab's namespace unless they chose one. */
export function passthroughArgs(t: KubeTarget, args: string[]): string[] {
  const dashdash = args.indexOf('--');
  const own = dashdash < 0 ? args : args.slice(0, dashdash);
  const chose = own.some(
    (a) =>
      a === '-A' ||
      a === '-n' ||
      /^-n./.test(a) ||
      a === '--namespace' ||
      a.startsWith('--namespace=') ||
      a === '--all-namespaces' ||
      a.startsWith('--all-namespaces='),
  );
  return [...globalFlags(t, { namespaced: !chose, timed: false }), ...args];
}

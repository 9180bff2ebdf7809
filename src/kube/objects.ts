/**
 * The shapes of live objects as `kubectl get -o json` prints them, every field optional: a field that is
 * not there yet means "not ready yet" to a check, never a crash.
 */

export interface ObjectMeta {
  name: string;
  namespace?: string;
  uid?: string;
  generation?: number;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: { kind?: string; name?: string; uid?: string; controller?: boolean }[];
  deletionTimestamp?: string;
  creationTimestamp?: string;
}

export interface LiveObject {
  apiVersion?: string;
  kind?: string;
  metadata: ObjectMeta;
  [key: string]: unknown;
}

export interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: {
    configMapKeyRef?: { name?: string; key?: string };
    secretKeyRef?: { name?: string; key?: string };
    fieldRef?: { fieldPath?: string };
  };
}

export interface Container {
  name: string;
  image?: string;
  env?: EnvVar[];
  envFrom?: { prefix?: string; configMapRef?: { name?: string }; secretRef?: { name?: string } }[];
}

export interface ContainerState {
  waiting?: { reason?: string; message?: string };
  running?: { startedAt?: string };
  terminated?: { reason?: string; message?: string; exitCode?: number };
}

export interface ContainerStatus {
  name: string;
  ready?: boolean;
  restartCount?: number;
  image?: string;
  state?: ContainerState;
  lastState?: ContainerState;
}

export interface Condition {
  type?: string;
  status?: string;
  reason?: string;
  message?: string;
}

export interface Pod extends LiveObject {
  spec?: { containers?: Container[]; initContainers?: Container[]; nodeName?: string; serviceAccountName?: string };
  status?: {
    phase?: string;
    podIP?: string;
    reason?: string;
    conditions?: Condition[];
    containerStatuses?: ContainerStatus[];
    initContainerStatuses?: ContainerStatus[];
  };
}

export interface Workload extends LiveObject {
  spec?: { replicas?: number; selector?: { matchLabels?: Record<string, string> } };
  status?: {
    observedGeneration?: number;
    replicas?: number;
    updatedReplicas?: number;
    readyReplicas?: number;
    availableReplicas?: number;
    currentRevision?: string;
    updateRevision?: string;
  };
}

export interface KubeEvent extends LiveObject {
  type?: string;
  reason?: string;
  message?: string;
  count?: number;
  lastTimestamp?: string;
  eventTime?: string;
  firstTimestamp?: string;
  involvedObject?: { kind?: string; name?: string; uid?: string };
}

export function isReady(pod: Pod): boolean {
  return pod.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
}

export function isTerminating(o: LiveObject): boolean {
  return Boolean(o.metadata.deletionTimestamp);
}

export function byName<T extends LiveObject>(a: T, b: T): number {
  return a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0;
}

/** Turn `a=b,c=d` (equality selectors only) into matchLabels; other forms are left to kubectl. */
export function selectorFromLabels(labels: Record<string, string>): string {
  return Object.entries(labels)
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
}

/** Does an object's labels satisfy a selector? Equality terms (`k=v`, `k==v`, `k!=v`) only; others pass. */
export function matchesSelector(labels: Record<string, string> | undefined, selector: string | undefined): boolean {
  if (!selector) return true;
  return selector.split(',').every((term) => {
    const ne = /^\s*([^!=\s]+)\s*!=\s*(\S*)\s*$/.exec(term);
    if (ne) return labels?.[ne[1]] !== ne[2];
    const eq = /^\s*([^!=\s]+)\s*==?\s*(\S*)\s*$/.exec(term);
    if (eq) return labels?.[eq[1]] === eq[2];
    return true;
  });
}

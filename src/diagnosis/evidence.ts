/**
 * Evidence collected ONCE when a check fails: pods (with container states and restarts) and the workloads'
 * pod templates, events in the namespace, the last log lines of up to 3 pods (and of the previous container
 * when one restarted), the env given to the containers (including envFrom ConfigMaps and Secrets — Secret
 * values are never kept), PVC phases, StorageClasses, the namespace phase, and the apply error if any.
 * The calls run in parallel; one that fails (forbidden, say) leaves its part empty and is noted.
 */
import type { Kube } from '../kube/kube.js';
import type { Container, KubeEvent, LiveObject, Pod } from '../kube/objects.js';
import { byName, isReady } from '../kube/objects.js';
import { isKubeError } from '../kube/result.js';

export interface LogEvidence {
  pod: string;
  container: string;
  previous: boolean;
  lines: string[];
}

export interface EnvEvidence {
  /** `pod/emqx-0` or `Deployment/emqx` (a template), and the container. */
  owner: string;
  container: string;
  name: string;
  /** Undefined for Secret values (never read into evidence) and fields set at run time. */
  value?: string;
  source: 'env' | 'configMap' | 'secret' | 'field';
}

export interface Evidence {
  pods: Pod[];
  events: KubeEvent[];
  logs: LogEvidence[];
  env: EnvEvidence[];
  pvcs: { name: string; phase: string }[];
  /** Undefined when they could not be read (no permission on a shared cluster). */
  storageClasses?: { name: string; isDefault: boolean }[];
  namespacePhase?: string;
  /**
   * True when there is no pod and no Deployment or StatefulSet asks for one (see nothingRuns);
   * undefined when the pods could not be read.
   */
  nothingRuns?: boolean;
  applyError?: string;
  /** Parts that could not be collected, and why (kubectl's words). */
  gaps: string[];
}

export const LOG_LINES = 200;
export const LOG_PODS = 3;

interface Workload extends LiveObject {
  spec?: { replicas?: number; template?: { spec?: { containers?: Container[] } } };
}

/** The kinds nothingRuns looks at: one `kubectl get` of them is enough to tell. */
export const RUNNING_KINDS = ['Pod', 'Deployment', 'StatefulSet'];

/**
 * Nothing in the namespace will change by itself: no pod at all (one being deleted still changes: it goes
 * away, which a check may be waiting for), and no Deployment or StatefulSet that asks for a pod (replicas
 * default to 1). Until somebody applies something, a check that fails now fails forever.
 */
export function nothingRuns(objects: LiveObject[]): boolean {
  return !objects.some((o) => {
    if (o.kind === 'Pod') return true;
    if (o.kind === 'Deployment' || o.kind === 'StatefulSet') return ((o as Workload).spec?.replicas ?? 1) > 0;
    return false;
  });
}

const DEFAULT_CLASS = ['storageclass.kubernetes.io/is-default-class', 'storageclass.beta.kubernetes.io/is-default-class'];

/** Which pods' logs say most: pods with restarts or not Ready first, then by name. */
export function podsForLogs(pods: Pod[], max = LOG_PODS): Pod[] {
  const score = (p: Pod) => {
    const restarts = (p.status?.containerStatuses ?? []).reduce((n, s) => n + (s.restartCount ?? 0), 0);
    return (restarts > 0 ? 2 : 0) + (isReady(p) ? 0 : 1);
  };
  const started = pods.filter((p) => (p.status?.containerStatuses ?? []).some((s) => s.state?.running || s.state?.terminated || (s.restartCount ?? 0) > 0));
  return [...started].sort((a, b) => score(b) - score(a) || byName(a, b)).slice(0, max);
}

/** The env entries of one container, with envFrom expanded from the ConfigMaps/Secrets we could read. */
export function containerEnv(
  owner: string,
  c: Container,
  configMaps: Map<string, Record<string, string>>,
  secretKeys: Map<string, string[]>,
): EnvEvidence[] {
  const out: EnvEvidence[] = [];
  for (const from of c.envFrom ?? []) {
    const prefix = from.prefix ?? '';
    if (from.configMapRef?.name) {
      for (const [k, v] of Object.entries(configMaps.get(from.configMapRef.name) ?? {})) {
        out.push({ owner, container: c.name, name: prefix + k, value: v, source: 'configMap' });
      }
    }
    if (from.secretRef?.name) {
      for (const k of secretKeys.get(from.secretRef.name) ?? []) out.push({ owner, container: c.name, name: prefix + k, source: 'secret' });
    }
  }
  for (const e of c.env ?? []) {
    const ref = e.valueFrom;
    if (ref?.secretKeyRef) out.push({ owner, container: c.name, name: e.name, source: 'secret' });
    else if (ref?.configMapKeyRef) {
      const v = configMaps.get(ref.configMapKeyRef.name ?? '')?.[ref.configMapKeyRef.key ?? ''];
      out.push({ owner, container: c.name, name: e.name, value: v, source: 'configMap' });
    } else if (ref) out.push({ owner, container: c.name, name: e.name, source: 'field' });
    else out.push({ owner, container: c.name, name: e.name, value: e.value ?? '', source: 'env' });
  }
  return out;
}

export async function safely<T>(gaps: string[], what: string, f: () => Promise<T>, fallback: T): Promise<T> {
  try {
    return await f();
  } catch (e) {
    if (isKubeError(e)) {
      gaps.push(`${what}: ${e.detail}`);
      return fallback;
    }
    throw e;
  }
}

export interface ObjectsRead {
  /** Pods and workloads (other kinds in the list are ignored); undefined when they could not be read. */
  running?: LiveObject[];
  events: KubeEvent[];
  /** ConfigMaps, Secrets (only their keys are kept) and PVCs. */
  config: LiveObject[];
  classes?: LiveObject[];
  namespace?: LiveObject;
  /**
   * Kinds read in full above: an event about an object of such a kind that no longer exists (no live object
   * with its name and uid) is history, not evidence (a StatefulSet deleted since, a PVC of an earlier try).
   */
  listed?: string[];
}

/** Drop events about objects that are gone (see ObjectsRead.listed); events without a uid are kept. */
export function presentEvents(events: KubeEvent[], objects: LiveObject[], listed: string[]): KubeEvent[] {
  const live = new Set(objects.map((o) => `${o.kind}/${o.metadata.name}/${o.metadata.uid ?? ''}`));
  return events.filter((e) => {
    const o = e.involvedObject;
    if (!o?.kind || !o.uid || !listed.includes(o.kind)) return true;
    return live.has(`${o.kind}/${o.name}/${o.uid}`);
  });
}

/** Evidence from objects already read; the logs come separately (they depend on the pods). */
export function evidenceOf(read: ObjectsRead, logs: LogEvidence[], gaps: string[], applyError?: string): Evidence {
  const objects = read.running ?? [];
  const pods = (objects.filter((o) => o.kind === 'Pod') as Pod[]).sort(byName);
  const workloads = objects.filter((o) => o.kind === 'Deployment' || o.kind === 'StatefulSet') as Workload[];

  const configMaps = new Map<string, Record<string, string>>();
  const secretKeys = new Map<string, string[]>();
  const pvcs: Evidence['pvcs'] = [];
  for (const o of read.config) {
    if (o.kind === 'ConfigMap') configMaps.set(o.metadata.name, (o.data as Record<string, string> | undefined) ?? {});
    // Only the keys of a Secret: its values never enter evidence, output or logs.
    if (o.kind === 'Secret') secretKeys.set(o.metadata.name, Object.keys({ ...(o.data as object), ...(o.stringData as object) }));
    if (o.kind === 'PersistentVolumeClaim') pvcs.push({ name: o.metadata.name, phase: (o.status as { phase?: string } | undefined)?.phase ?? 'Pending' });
  }

  const env: EnvEvidence[] = [];
  for (const p of pods) for (const c of p.spec?.containers ?? []) env.push(...containerEnv(`pod/${p.metadata.name}`, c, configMaps, secretKeys));
  for (const w of workloads) {
    for (const c of w.spec?.template?.spec?.containers ?? []) env.push(...containerEnv(`${w.kind}/${w.metadata.name}`, c, configMaps, secretKeys));
  }

  return {
    pods,
    events: presentEvents(read.events, [...objects, ...read.config], read.listed ?? [])
      .filter((e) => e.involvedObject?.name !== 'emqx-lab-progress')
      .sort((a, b) => eventTime(a).localeCompare(eventTime(b))),
    logs,
    env,
    pvcs,
    storageClasses: read.classes?.map((c) => ({ name: c.metadata.name, isDefault: DEFAULT_CLASS.some((k) => c.metadata.annotations?.[k] === 'true') })),
    namespacePhase: (read.namespace?.status as { phase?: string } | undefined)?.phase,
    nothingRuns: read.running && nothingRuns(read.running),
    applyError,
    gaps,
  };
}

/** Which logs say most, as (pod, container, previous) reads: the current container, and the previous one after a restart. */
export function logTargets(pods: Pod[]): { pod: string; container: string; previous: boolean; restarts: number }[] {
  const out: { pod: string; container: string; previous: boolean; restarts: number }[] = [];
  for (const p of podsForLogs(pods)) {
    for (const s of p.status?.containerStatuses ?? []) {
      const restarts = s.restartCount ?? 0;
      if (s.state?.running || s.state?.terminated) out.push({ pod: p.metadata.name, container: s.name, previous: false, restarts });
      if (restarts > 0) out.push({ pod: p.metadata.name, container: s.name, previous: true, restarts });
    }
  }
  return out;
}

/** Read one container's log into evidence (a failure becomes a gap). */
export function readLog(kube: Kube, gaps: string[], t: { pod: string; container: string; previous: boolean }): Promise<LogEvidence | undefined> {
  return safely(gaps, `logs ${t.pod}`, async () => {
    const text = await kube.logs(t.pod, { container: t.container, tail: LOG_LINES, previous: t.previous });
    return { pod: t.pod, container: t.container, previous: t.previous, lines: text.split('\n').filter((l) => l.trim()) };
  }, undefined);
}

export async function collectEvidence(kube: Kube, opts: { applyError?: string } = {}): Promise<Evidence> {
  const gaps: string[] = [];
  const [running, events, config, secrets, classes, namespace] = await Promise.all([
    safely(gaps, 'pods', () => kube.list<LiveObject>(RUNNING_KINDS), undefined),
    safely(gaps, 'events', () => kube.list<KubeEvent>('Event'), []),
    safely(gaps, 'configmaps', () => kube.list<LiveObject>(['PersistentVolumeClaim', 'ConfigMap']), undefined),
    // Apart from the rest: a trainer may well forbid reading Secrets, and that must not hide the ConfigMaps.
    safely(gaps, 'secrets', () => kube.list<LiveObject>('Secret'), []),
    safely(gaps, 'storageclasses', async () => kube.list<LiveObject>('StorageClass'), undefined),
    safely(gaps, 'namespace', () => kube.get<LiveObject>('Namespace', kube.target.namespace), undefined),
  ]);
  const pods = ((running ?? []).filter((o) => o.kind === 'Pod') as Pod[]).sort(byName);
  const logs = (await Promise.all(logTargets(pods).map((t) => readLog(kube, gaps, t)))).filter((l): l is LogEvidence => l !== undefined);
  const listed = [...(running ? ['Pod', 'Deployment', 'StatefulSet'] : []), ...(config ? ['PersistentVolumeClaim', 'ConfigMap'] : [])];
  return evidenceOf({ running, events, config: [...(config ?? []), ...secrets], classes, namespace, listed }, logs, gaps, opts.applyError);
}

export function eventTime(e: KubeEvent): string {
  return e.lastTimestamp ?? e.eventTime ?? e.firstTimestamp ?? e.metadata.creationTimestamp ?? '';
}

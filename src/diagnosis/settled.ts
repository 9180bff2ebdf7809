/**
 * Has the namespace settled, so that what is wrong now stays wrong until somebody changes something? A
 * diagnosis may end a check's wait only then (verify.ts). Decided from the workloads' status and their pods'
 * template hashes, from one `kubectl get` of pods, Deployments, ReplicaSets, StatefulSets and events:
 * - nothing is being deleted, and every controller has seen its latest spec (observedGeneration);
 * - every workload has either finished rolling out (all its pods on the current template, as many as it
 *   asks for, each Ready or stuck) or is blocked: a pod on the current template is stuck (crash-looping,
 *   failing to pull, missing a ConfigMap, unschedulable) or the controller cannot create pods at all (a
 *   FailedCreate event newer than its pods). A rolling update waiting on such a pod never goes on by itself.
 * Pods that are still starting, pulling or being replaced mean not settled: a controller may still cure it.
 * `currentPods` names the pods on their workload's current template (a bare pod is its own template): only
 * their logs, states and env, the workloads' templates and fresh events may end a wait.
 */
import type { KubeEvent, LiveObject, Pod, Workload } from '../kube/objects.js';
import { isReady, isTerminating } from '../kube/objects.js';
import { isUnschedulable } from '../checks/pods.js';
import { eventTime } from './evidence.js';

/** Waiting reasons a pod does not leave by itself (the kubelet retries, with the same outcome). */
const STUCK_WAITING = /^(CrashLoopBackOff|ErrImagePull|ImagePullBackOff|InvalidImageName|ErrImageNeverPull|CreateContainerConfigError|CreateContainerError|RunContainerError)$/;

export interface Settledness {
  settled: boolean;
  /** Why not (for tests and debugging; not shown to the learner). */
  why?: string;
  /** Pods on their workload's current template. */
  currentPods: Set<string>;
  /** Events newer than the newest current pod (or any, when there is none): they describe the present. */
  freshSince?: number;
}

/** A pod that will not become Ready by itself. */
export function isStuck(p: Pod): boolean {
  if (isUnschedulable(p)) return true;
  const statuses = [...(p.status?.initContainerStatuses ?? []), ...(p.status?.containerStatuses ?? [])];
  if (statuses.some((s) => STUCK_WAITING.test(s.state?.waiting?.reason ?? ''))) return true;
  // Between two crashes the container runs for a moment: a restarted, failed, unready container is crash-looping.
  return !isReady(p) && statuses.some((s) => (s.restartCount ?? 0) > 0 && (s.lastState?.terminated?.exitCode ?? 0) !== 0);
}

const ownedBy = (o: LiveObject, kind: string, names: Set<string>) =>
  (o.metadata.ownerReferences ?? []).some((r) => r.kind === kind && names.has(r.name ?? ''));

const time = (s: string | undefined) => (s ? Date.parse(s) : NaN);

interface ReplicaSet extends LiveObject {
  status?: { conditions?: { type?: string; status?: string }[] };
}

export function settledness(objects: LiveObject[]): Settledness {
  const pods = objects.filter((o) => o.kind === 'Pod') as Pod[];
  const events = objects.filter((o) => o.kind === 'Event') as KubeEvent[];
  const sets = objects.filter((o) => o.kind === 'ReplicaSet') as ReplicaSet[];
  const currentPods = new Set<string>();
  const fail = (why: string): Settledness => ({ settled: false, why, currentPods });
  const terminating = pods.find(isTerminating);

  // Which pods are current, and whether each workload is done or blocked.
  const verdicts: string[] = [];
  const failedCreate = (kind: string, name: string, ownPods: Pod[]) => {
    const newest = Math.max(...ownPods.map((p) => time(p.metadata.creationTimestamp)).filter((t) => !Number.isNaN(t)), -Infinity);
    return events.some(
      (e) => e.reason === 'FailedCreate' && e.involvedObject?.kind === kind && e.involvedObject?.name === name && time(eventTime(e)) >= newest,
    );
  };
  const judge = (what: string, want: number, current: Pod[], all: Pod[], cannotCreate: boolean) => {
    for (const p of current) currentPods.add(p.metadata.name);
    if (current.some(isStuck) || cannotCreate) return;
    if (all.length !== current.length) verdicts.push(`${what}: old pods remain`);
    else if (current.length !== want) verdicts.push(`${what}: ${current.length} of ${want} pods`);
    else if (!current.every(isReady)) verdicts.push(`${what}: pods still starting`);
  };

  for (const d of objects.filter((o) => o.kind === 'Deployment') as Workload[]) {
    const name = d.metadata.name;
    const want = d.spec?.replicas ?? 1;
    if ((d.status?.observedGeneration ?? 0) < (d.metadata.generation ?? 0)) return fail(`Deployment/${name}: not observed yet`);
    const own = sets.filter((rs) => ownedBy(rs, 'Deployment', new Set([name])));
    const revision = d.metadata.annotations?.['deployment.kubernetes.io/revision'];
    const newest = own.find((rs) => rs.metadata.annotations?.['deployment.kubernetes.io/revision'] === revision);
    const ownPods = pods.filter((p) => ownedBy(p, 'ReplicaSet', new Set(own.map((rs) => rs.metadata.name))));
    if (!newest) {
      if (want === 0 && ownPods.length === 0) continue;
      return fail(`Deployment/${name}: no ReplicaSet for revision ${revision ?? '?'}`);
    }
    const current = ownPods.filter((p) => ownedBy(p, 'ReplicaSet', new Set([newest.metadata.name])));
    const replicaFailure = (newest.status?.conditions ?? []).some((c) => c.type === 'ReplicaFailure' && c.status === 'True');
    judge(`Deployment/${name}`, want, current, ownPods, replicaFailure || failedCreate('ReplicaSet', newest.metadata.name, current));
  }

  for (const s of objects.filter((o) => o.kind === 'StatefulSet') as Workload[]) {
    const name = s.metadata.name;
    const want = s.spec?.replicas ?? 1;
    if ((s.status?.observedGeneration ?? 0) < (s.metadata.generation ?? 0)) return fail(`StatefulSet/${name}: not observed yet`);
    const ownPods = pods.filter((p) => ownedBy(p, 'StatefulSet', new Set([name])));
    const revision = s.status?.updateRevision;
    const current = revision ? ownPods.filter((p) => p.metadata.labels?.['controller-revision-hash'] === revision) : ownPods;
    judge(`StatefulSet/${name}`, want, current, ownPods, failedCreate('StatefulSet', name, current));
  }

  for (const p of pods.filter((x) => !(x.metadata.ownerReferences ?? []).length)) {
    currentPods.add(p.metadata.name);
    if (!isReady(p) && !isStuck(p)) verdicts.push(`pod/${p.metadata.name}: still starting`);
  }

  const newestCurrent = Math.max(...pods.filter((p) => currentPods.has(p.metadata.name)).map((p) => time(p.metadata.creationTimestamp)).filter((t) => !Number.isNaN(t)), -Infinity);
  const freshSince = newestCurrent === -Infinity ? undefined : newestCurrent;
  if (terminating) return { ...fail(`pod/${terminating.metadata.name}: terminating`), freshSince };
  if (verdicts.length) return { ...fail(verdicts.join('; ')), freshSince };
  return { settled: true, currentPods, freshSince };
}

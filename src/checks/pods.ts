/** Finding the pods a check names, and saying in a few words what state a pod is in. */
import type { Lang } from '../i18n/lang.js';
import { checkMessages } from '../i18n/checks.js';
import type { Kube } from '../kube/kube.js';
import type { Permission } from '../kube/permissions.js';
import { byName, isReady, isTerminating, type Pod } from '../kube/objects.js';

export interface PodsRef {
  name?: string;
  selector?: string;
}

/** The pods a reference names, sorted by name (one kubectl call). */
export async function selectPods(kube: Kube, ref: PodsRef): Promise<Pod[]> {
  if (ref.name) {
    const pod = await kube.get<Pod>('Pod', ref.name);
    return pod ? [pod] : [];
  }
  return (await kube.list<Pod>('Pod', { selector: ref.selector })).sort(byName);
}

/** What selectPods asks: a get by name, or a list. */
export function selectPodsNeeds(ref: PodsRef): Permission[] {
  return [{ apiGroup: '', resource: 'pods', verbs: [ref.name ? 'get' : 'list'] }];
}

export function describeRef(ref: PodsRef): string {
  return ref.name ? `pod/${ref.name}` : ref.selector!;
}

/** Is the pod's main container running (exec and logs can reach it)? */
export function isRunning(pod: Pod): boolean {
  return pod.status?.phase === 'Running' && !isTerminating(pod);
}

export function isUnschedulable(pod: Pod): boolean {
  return pod.status?.phase === 'Pending' && (pod.status?.conditions ?? []).some((c) => c.type === 'PodScheduled' && c.status === 'False');
}

/** "ContainerCreating", "CrashLoopBackOff (5 restarts)", "Running, not Ready", "terminating"… */
export function podState(pod: Pod, lang: Lang): string {
  const m = checkMessages[lang];
  if (isTerminating(pod)) return m.podTerminating;
  const statuses = [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])];
  const restarts = statuses.reduce((n, s) => n + (s.restartCount ?? 0), 0);
  const waiting = statuses.find((s) => s.state?.waiting?.reason)?.state?.waiting?.reason;
  const terminated = statuses.find((s) => s.state?.terminated?.reason)?.state?.terminated?.reason;
  const phase = pod.status?.phase ?? 'Pending';
  let state: string;
  if (isUnschedulable(pod)) state = m.podUnschedulable;
  else if (waiting) state = waiting;
  else if (terminated) state = terminated;
  else if (phase === 'Running') state = isReady(pod) ? m.podReady : m.podRunningNotReady;
  else state = phase;
  return restarts > 0 ? m.withRestarts(state, restarts) : state;
}

/** Several short items on one line, with the separator of the language. */
export function joinList(items: string[], lang: Lang): string {
  return items.join(lang === 'zh' ? '；' : '; ');
}

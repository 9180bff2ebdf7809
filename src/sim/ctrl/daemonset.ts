/** The DaemonSet controller: one pod on every node whose taints it tolerates and whose labels it selects. */
import { recordEvent } from '../api/events.js';
import { apiDelete } from '../api/server.js';
import { World } from '../api/world.js';
import type { Obj } from '../state/types.js';
import { nodeSelectorMatches, taintsTolerated } from './scheduler.js';
import { CONTROLLER, createPod, isActive, isAvailable, isReady, mayCreate, podFromTemplate, podsOwnedBy, templateHash } from './util.js';

const COMPONENT = 'daemonset-controller';
type J = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const DS_TOLERATIONS = [
  { effect: 'NoExecute', key: 'node.kubernetes.io/not-ready', operator: 'Exists' },
  { effect: 'NoExecute', key: 'node.kubernetes.io/unreachable', operator: 'Exists' },
  { effect: 'NoSchedule', key: 'node.kubernetes.io/disk-pressure', operator: 'Exists' },
  { effect: 'NoSchedule', key: 'node.kubernetes.io/memory-pressure', operator: 'Exists' },
  { effect: 'NoSchedule', key: 'node.kubernetes.io/pid-pressure', operator: 'Exists' },
  { effect: 'NoSchedule', key: 'node.kubernetes.io/unschedulable', operator: 'Exists' },
];

function nodeOfPod(p: Obj): string | undefined {
  return p.spec.nodeName ?? p.spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms?.[0]?.matchFields?.[0]?.values?.[0];
}

export function syncDaemonSets(w: World): void {
  const nodes = w.list('nodes');
  for (const ds of w.list('daemonsets')) {
    if (ds.metadata.deletionTimestamp) continue;
    const hash = templateHash(ds.spec.template, 0, w);
    const spec: J = ds.spec.template.spec ?? {};
    const wanted = nodes.filter((n) => taintsTolerated(n, [...(spec.tolerations ?? []), ...DS_TOLERATIONS]) && nodeSelectorMatches(n, spec.nodeSelector));
    const pods = podsOwnedBy(w, ds).filter(isActive);
    for (const n of wanted) {
      if (pods.some((p) => nodeOfPod(p) === n.metadata.name) || !mayCreate(w, ds)) continue;
      const pod = podFromTemplate(ds, ds.spec.template, { generateName: `${ds.metadata.name}-` }, {
        'controller-revision-hash': hash,
        'pod-template-generation': String(ds.metadata.generation ?? 1),
      });
      pod.spec.affinity = { ...(pod.spec.affinity ?? {}), nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: [n.metadata.name] }] }] } } };
      pod.spec.tolerations = [...(pod.spec.tolerations ?? []), ...DS_TOLERATIONS.filter((t) => !(pod.spec.tolerations ?? []).some((x: J) => x.key === t.key))];
      const created = createPod(w, ds, pod, COMPONENT);
      if (created) pods.push(created);
    }
    for (const p of pods) {
      if (!wanted.some((n) => n.metadata.name === nodeOfPod(p))) {
        apiDelete(w, CONTROLLER, p);
        recordEvent(w, ds, 'Normal', 'SuccessfulDelete', `Deleted pod: ${p.metadata.name}`, { component: COMPONENT });
      }
    }
    // Rolling update: replace one out-of-date pod at a time while the others are ready.
    const stale = pods.filter((p) => p.metadata.labels?.['controller-revision-hash'] !== hash && !p.metadata.deletionTimestamp);
    if (stale.length && pods.every((p) => isReady(p) || stale.includes(p)) && !podsOwnedBy(w, ds).some((p) => p.metadata.deletionTimestamp)) {
      if (ds.spec.updateStrategy?.type !== 'OnDelete') {
        apiDelete(w, CONTROLLER, stale[0]);
        recordEvent(w, ds, 'Normal', 'SuccessfulDelete', `Deleted pod: ${stale[0].metadata.name}`, { component: COMPONENT });
      }
    }
    const live = podsOwnedBy(w, ds).filter(isActive);
    const minReady = ds.spec.minReadySeconds ?? 0;
    const status: J = {
      currentNumberScheduled: live.filter((p) => p.spec.nodeName).length,
      desiredNumberScheduled: wanted.length,
      numberAvailable: live.filter((p) => isAvailable(p, minReady, w.now)).length,
      numberMisscheduled: 0,
      numberReady: live.filter(isReady).length,
      observedGeneration: ds.metadata.generation,
      updatedNumberScheduled: live.filter((p) => p.metadata.labels?.['controller-revision-hash'] === hash).length,
    };
    status.numberUnavailable = wanted.length - status.numberAvailable;
    if (!status.numberAvailable) delete status.numberAvailable;
    if (!status.numberUnavailable) delete status.numberUnavailable;
    if (!status.updatedNumberScheduled) delete status.updatedNumberScheduled;
    w.setStatus(ds, status);
  }
}

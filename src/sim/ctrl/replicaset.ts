/** The ReplicaSet controller: keep `replicas` active pods, newest and least-ready ones go first. */
import { recordEvent } from '../api/events.js';
import { apiDelete } from '../api/server.js';
import { iso, World } from '../api/world.js';
import type { Obj } from '../state/types.js';
import { CONTROLLER, createPod, isActive, isAvailable, isReady, mayCreate, msOf, podFromTemplate, podsOwnedBy, setCondition } from './util.js';

const COMPONENT = 'replicaset-controller';

/** Deletion preference: unscheduled, pending, not ready, then the youngest. */
function deleteRank(p: Obj): number[] {
  return [p.spec.nodeName ? 1 : 0, p.status?.phase === 'Running' ? 1 : 0, isReady(p) ? 1 : 0, -msOf(p.metadata.creationTimestamp)];
}

function compareRank(a: number[], b: number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return 0;
}

export function syncReplicaSets(w: World): void {
  for (const rs of w.list('replicasets')) {
    if (rs.metadata.deletionTimestamp) continue;
    const pods = podsOwnedBy(w, rs);
    const active = pods.filter(isActive);
    const want = rs.spec.replicas ?? 1;
    let failure: string | undefined;
    if (active.length < want && mayCreate(w, rs)) {
      for (let i = active.length; i < want; i++) {
        const hash = rs.metadata.labels?.['pod-template-hash'];
        const pod = podFromTemplate(rs, rs.spec.template, { generateName: `${rs.metadata.name}-` }, hash ? { 'pod-template-hash': hash } : {});
        const created = createPod(w, rs, pod, COMPONENT);
        if (!created) {
          failure = w.list('events', rs.metadata.namespace).filter((e) => e.involvedObject.uid === rs.metadata.uid && e.reason === 'FailedCreate').pop()?.message;
          break;
        }
        active.push(created);
      }
    } else if (active.length > want) {
      const victims = [...active].sort((a, b) => compareRank(deleteRank(a), deleteRank(b))).slice(0, active.length - want);
      for (const p of victims) {
        apiDelete(w, CONTROLLER, p);
        recordEvent(w, rs, 'Normal', 'SuccessfulDelete', `Deleted pod: ${p.metadata.name}`, { component: COMPONENT });
      }
    }
    const now = podsOwnedBy(w, rs).filter(isActive);
    const minReady = rs.spec.minReadySeconds ?? 0;
    let conditions: Record<string, unknown>[] = rs.status?.conditions ?? [];
    if (failure) conditions = setCondition(conditions, { type: 'ReplicaFailure', status: 'True', reason: 'FailedCreate', message: failure.replace(/^Error creating: /, '') }, iso(w.now));
    else if (now.length >= want) conditions = conditions.filter((c) => c.type !== 'ReplicaFailure');
    const status: Record<string, unknown> = {
      availableReplicas: now.filter((p) => isAvailable(p, minReady, w.now)).length,
      fullyLabeledReplicas: now.length,
      observedGeneration: rs.metadata.generation,
      readyReplicas: now.filter(isReady).length,
      replicas: now.length,
    };
    if (!status.availableReplicas) delete status.availableReplicas;
    if (!status.readyReplicas) delete status.readyReplicas;
    if (!status.fullyLabeledReplicas) delete status.fullyLabeledReplicas;
    if (conditions.length) status.conditions = conditions;
    w.setStatus(rs, status);
    if (minReady > 0) {
      for (const p of now) {
        const t = msOf(p.status?.conditions?.find((c: { type: string; status: string }) => c.type === 'Ready' && c.status === 'True')?.lastTransitionTime);
        if (t && t + minReady * 1000 > w.now) w.wake(`avail/${p.metadata.uid}`, t + minReady * 1000);
      }
    }
  }
}

/**
 * The Deployment controller: one ReplicaSet per pod template (named by its hash), rolling from the old ones to
 * the new one within maxSurge/maxUnavailable (or all at once for Recreate), with the status and conditions
 * `kubectl rollout status` reads.
 */
import { recordEvent } from '../api/events.js';
import { ADMIN } from '../api/rbac.js';
import { apiCreate, apiDelete } from '../api/server.js';
import { iso, msOf, World } from '../api/world.js';
import type { Obj } from '../state/types.js';
import { intOrPercent, isActive, ownedBy, ownerRef, podsOwnedBy, setCondition, templateHash } from './util.js';

const COMPONENT = 'deployment-controller';
type J = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function revision(rs: Obj): number {
  return Number(rs.metadata.annotations?.['deployment.kubernetes.io/revision'] ?? 0);
}

function scale(w: World, d: Obj, rs: Obj, to: number): void {
  const from = rs.spec.replicas ?? 0;
  if (from === to) return;
  rs.spec.replicas = to;
  rs.metadata.annotations = { ...(rs.metadata.annotations ?? {}), 'deployment.kubernetes.io/desired-replicas': String(d.spec.replicas), 'deployment.kubernetes.io/max-replicas': String(d.spec.replicas + maxSurge(d)) };
  w.update(rs, true);
  recordEvent(w, d, 'Normal', 'ScalingReplicaSet', `Scaled ${to > from ? 'up' : 'down'} replica set ${rs.metadata.name} from ${from} to ${to}`, { component: COMPONENT });
}

function maxSurge(d: Obj): number {
  if (d.spec.strategy?.type !== 'RollingUpdate') return 0;
  return intOrPercent(d.spec.strategy.rollingUpdate?.maxSurge, d.spec.replicas, true);
}

function maxUnavailable(d: Obj): number {
  if (d.spec.strategy?.type !== 'RollingUpdate') return 0;
  const v = intOrPercent(d.spec.strategy.rollingUpdate?.maxUnavailable, d.spec.replicas, false);
  return v === 0 && maxSurge(d) === 0 ? 1 : Math.min(v, d.spec.replicas);
}

function newReplicaSet(w: World, d: Obj, rsList: Obj[], hash: string): Obj {
  const existing = rsList.find((rs) => rs.metadata.labels?.['pod-template-hash'] === hash);
  const maxRev = Math.max(0, ...rsList.map(revision));
  if (existing) {
    if (revision(existing) < maxRev) {
      // A rollback to this template: it becomes the newest revision and remembers the one it had
      // (SetNewReplicaSetAnnotations: revision-history, comma-separated).
      const old = existing.metadata.annotations?.['deployment.kubernetes.io/revision'];
      const history = existing.metadata.annotations?.['deployment.kubernetes.io/revision-history'];
      existing.metadata.annotations = {
        ...existing.metadata.annotations,
        'deployment.kubernetes.io/revision': String(maxRev + 1),
        ...(old ? { 'deployment.kubernetes.io/revision-history': history ? `${history},${old}` : old } : {}),
      };
      w.update(existing);
    }
    return existing;
  }
  const t: J = JSON.parse(JSON.stringify(d.spec.template));
  t.metadata = { ...(t.metadata ?? {}), labels: { ...(t.metadata?.labels ?? {}), 'pod-template-hash': hash } };
  const sel: J = JSON.parse(JSON.stringify(d.spec.selector));
  sel.matchLabels = { ...(sel.matchLabels ?? {}), 'pod-template-hash': hash };
  const rs = apiCreate(w, ADMIN, {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name: `${d.metadata.name}-${hash}`,
      namespace: d.metadata.namespace,
      labels: t.metadata.labels,
      annotations: {
        'deployment.kubernetes.io/desired-replicas': String(d.spec.replicas),
        'deployment.kubernetes.io/max-replicas': String(d.spec.replicas + maxSurge(d)),
        'deployment.kubernetes.io/revision': String(maxRev + 1),
      },
      ownerReferences: [ownerRef(d)],
    },
    spec: { replicas: 0, minReadySeconds: d.spec.minReadySeconds, selector: sel, template: t },
  });
  if (!rs.spec.minReadySeconds) delete rs.spec.minReadySeconds;
  return rs;
}

export function syncDeployments(w: World): void {
  for (const d of w.list('deployments')) {
    if (d.metadata.deletionTimestamp) continue;
    const rsList = w.list('replicasets', d.metadata.namespace).filter((rs) => ownedBy(rs, d));
    const hash = templateHash(d.spec.template, d.status?.collisionCount, w);
    const desired = d.spec.replicas ?? 1;
    const newRS = d.spec.paused ? rsList.find((rs) => rs.metadata.labels?.['pod-template-hash'] === hash) : newReplicaSet(w, d, rsList, hash);
    const olds = rsList.filter((rs) => rs !== newRS && rs.metadata.uid !== newRS?.metadata.uid).sort((a, b) => msOf(a.metadata.creationTimestamp) - msOf(b.metadata.creationTimestamp));
    if (newRS && !d.spec.paused) {
      if (d.spec.strategy?.type === 'Recreate') {
        for (const rs of olds) scale(w, d, rs, 0);
        const oldPods = olds.flatMap((rs) => podsOwnedBy(w, rs));
        if (oldPods.length === 0) scale(w, d, newRS, desired);
      } else {
        rollingUpdate(w, d, newRS, olds, desired);
      }
    }
    // The Deployment carries its newest ReplicaSet's revision (SetDeploymentRevision).
    const rev = newRS?.metadata.annotations?.['deployment.kubernetes.io/revision'];
    if (rev && d.metadata.annotations?.['deployment.kubernetes.io/revision'] !== rev) {
      d.metadata.annotations = { ...(d.metadata.annotations ?? {}), 'deployment.kubernetes.io/revision': rev };
      w.update(d);
    }
    cleanup(w, d, olds);
    updateStatus(w, d, newRS, [newRS, ...olds].filter(Boolean) as Obj[], desired);
  }
}

function rollingUpdate(w: World, d: Obj, newRS: Obj, olds: Obj[], desired: number): void {
  const all = [newRS, ...olds];
  const sumSpec = () => all.reduce((n, rs) => n + (rs.spec.replicas ?? 0), 0);
  if ((newRS.spec.replicas ?? 0) > desired) scale(w, d, newRS, desired);
  else if ((newRS.spec.replicas ?? 0) < desired) {
    const room = desired + maxSurge(d) - sumSpec();
    if (room > 0) scale(w, d, newRS, Math.min(desired, (newRS.spec.replicas ?? 0) + room));
  }
  const oldTotal = olds.reduce((n, rs) => n + (rs.spec.replicas ?? 0), 0);
  if (oldTotal === 0) return;
  const minAvailable = desired - maxUnavailable(d);
  const available = all.reduce((n, rs) => n + (rs.status?.availableReplicas ?? 0), 0);
  const newUnavailable = (newRS.spec.replicas ?? 0) - (newRS.status?.availableReplicas ?? 0);
  let budget = sumSpec() - minAvailable - newUnavailable;
  if (budget <= 0) return;
  // First drop old replicas that are not available anyway, then healthy ones as availability allows.
  for (const rs of olds) {
    const unhealthy = (rs.spec.replicas ?? 0) - (rs.status?.availableReplicas ?? 0);
    const cut = Math.min(budget, Math.max(0, unhealthy));
    if (cut > 0) {
      scale(w, d, rs, (rs.spec.replicas ?? 0) - cut);
      budget -= cut;
    }
  }
  let canRemove = Math.min(budget, available - minAvailable);
  for (const rs of olds) {
    if (canRemove <= 0) break;
    const cut = Math.min(canRemove, rs.spec.replicas ?? 0);
    if (cut > 0) {
      scale(w, d, rs, (rs.spec.replicas ?? 0) - cut);
      canRemove -= cut;
    }
  }
}

function cleanup(w: World, d: Obj, olds: Obj[]): void {
  const limit = d.spec.revisionHistoryLimit ?? 10;
  const idle = olds.filter((rs) => (rs.spec.replicas ?? 0) === 0 && (rs.status?.replicas ?? 0) === 0 && podsOwnedBy(w, rs).length === 0);
  for (const rs of idle.slice(0, Math.max(0, idle.length - limit))) apiDelete(w, ADMIN, rs);
}

function updateStatus(w: World, d: Obj, newRS: Obj | undefined, all: Obj[], desired: number): void {
  const sum = (f: (rs: Obj) => number) => all.reduce((n, rs) => n + f(rs), 0);
  const replicas = sum((rs) => rs.status?.replicas ?? 0);
  const available = sum((rs) => rs.status?.availableReplicas ?? 0);
  const updated = newRS?.status?.replicas ?? 0;
  const ready = sum((rs) => rs.status?.readyReplicas ?? 0);
  const now = iso(w.now);
  let conds: J[] = d.status?.conditions ?? [];
  const minAvail = desired - maxUnavailable(d);
  conds = setCondition(conds, available >= minAvail
    ? { type: 'Available', status: 'True', reason: 'MinimumReplicasAvailable', message: 'Deployment has minimum availability.' }
    : { type: 'Available', status: 'False', reason: 'MinimumReplicasUnavailable', message: 'Deployment does not have minimum availability.' }, now, true);
  const complete = newRS && updated === desired && available === desired && replicas === desired && (newRS.status?.availableReplicas ?? 0) === desired;
  const prevProg = conds.find((c) => c.type === 'Progressing');
  const active = all.flatMap((rs) => podsOwnedBy(w, rs)).filter(isActive).length;
  const progressKey = `${newRS?.metadata.name}|${updated}|${available}|${replicas}|${active}`;
  const memoKey = `progress/${d.metadata.uid}`;
  const lastKey = w.s.rt.memo[memoKey];
  let prog: J;
  if (!newRS) prog = prevProg ?? { type: 'Progressing', status: 'Unknown', reason: 'DeploymentPaused', message: 'Deployment is paused' };
  else if (complete) prog = { type: 'Progressing', status: 'True', reason: 'NewReplicaSetAvailable', message: `ReplicaSet "${newRS.metadata.name}" has successfully progressed.` };
  else {
    const deadline = (d.spec.progressDeadlineSeconds ?? 600) * 1000;
    const lastProgress = progressKey !== lastKey ? w.now : msOf(prevProg?.lastUpdateTime) || w.now;
    if (w.now - lastProgress >= deadline && prevProg) {
      prog = { type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded', message: `ReplicaSet "${newRS.metadata.name}" has timed out progressing.` };
    } else {
      prog = { type: 'Progressing', status: 'True', reason: 'ReplicaSetUpdated', message: `ReplicaSet "${newRS.metadata.name}" is progressing.` };
      w.wake(`deadline/${d.metadata.uid}`, lastProgress + deadline);
    }
  }
  const progressed = progressKey !== lastKey;
  if (progressed) {
    conds = conds.filter((c) => c.type !== 'Progressing');
    const old = prevProg;
    conds.push({ ...prog, lastUpdateTime: now, lastTransitionTime: old && old.status === prog.status ? old.lastTransitionTime : now });
    w.s.rt.memo[memoKey] = progressKey;
  } else {
    conds = setCondition(conds, prog, now, true);
  }
  conds.sort((a, b) => (a.type === 'Available' ? -1 : b.type === 'Available' ? 1 : 0));
  const status: J = { observedGeneration: d.metadata.generation, replicas, updatedReplicas: updated, readyReplicas: ready, availableReplicas: available, unavailableReplicas: Math.max(0, sum((rs) => rs.spec.replicas ?? 0) - available), conditions: conds };
  if (d.status?.collisionCount) status.collisionCount = d.status.collisionCount;
  for (const k of ['replicas', 'updatedReplicas', 'readyReplicas', 'availableReplicas', 'unavailableReplicas']) if (!status[k]) delete status[k];
  if (status.replicas === undefined && desired === 0) status.replicas = undefined;
  w.setStatus(d, status);
}

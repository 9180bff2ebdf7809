/**
 * The StatefulSet controller: pods `<name>-<ordinal>` with a stable hostname and subdomain, their claims
 * `<template>-<name>-<ordinal>` created first and kept after the pod (retention Retain), OrderedReady (one at
 * a time, each Running and Ready before the next, scale-down from the top) or Parallel, and rolling updates
 * from the highest ordinal down.
 */
import { ApiError } from '../api/errors.js';
import { recordEvent } from '../api/events.js';
import { apiCreate, apiDelete } from '../api/server.js';
import { World } from '../api/world.js';
import type { Obj } from '../state/types.js';
import { CONTROLLER, isActive, isAvailable, isReady, mayCreate, ownerRef, podFromTemplate, podsOwnedBy, templateHash } from './util.js';

const COMPONENT = 'statefulset-controller';
type J = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function ordinalOf(sts: Obj, p: Obj): number {
  const m = new RegExp(`^${sts.metadata.name}-(\\d+)$`).exec(p.metadata.name);
  return m ? Number(m[1]) : -1;
}

function claimName(tpl: J, sts: Obj, i: number): string {
  return `${tpl.metadata.name}-${sts.metadata.name}-${i}`;
}

function ensureClaims(w: World, sts: Obj, i: number, podName: string): boolean {
  for (const tpl of sts.spec.volumeClaimTemplates ?? []) {
    const name = claimName(tpl, sts, i);
    if (w.get('persistentvolumeclaims', sts.metadata.namespace, name)) continue;
    const labels = { ...(tpl.metadata?.labels ?? {}), ...(sts.spec.selector?.matchLabels ?? {}) };
    const claim: Obj = {
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: { name, namespace: sts.metadata.namespace, labels, ...(tpl.metadata?.annotations ? { annotations: tpl.metadata.annotations } : {}) },
      spec: JSON.parse(JSON.stringify(tpl.spec ?? {})),
    };
    if (sts.spec.persistentVolumeClaimRetentionPolicy?.whenDeleted === 'Delete') claim.metadata.ownerReferences = [{ ...ownerRef(sts), controller: false }];
    try {
      apiCreate(w, CONTROLLER, claim);
      recordEvent(w, sts, 'Normal', 'SuccessfulCreate', `create Claim ${name} Pod ${podName} in StatefulSet ${sts.metadata.name} success`, { component: COMPONENT });
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      recordEvent(w, sts, 'Warning', 'FailedCreate', `create Claim ${name} for Pod ${podName} in StatefulSet ${sts.metadata.name} failed error: ${err.message}`, { component: COMPONENT });
      w.wake(`retry/${sts.metadata.uid}`, w.now + 10_000);
      return false;
    }
  }
  return true;
}

function newPod(w: World, sts: Obj, i: number, revision: string): Obj | undefined {
  const name = `${sts.metadata.name}-${i}`;
  if (!ensureClaims(w, sts, i, name)) return undefined;
  // GetPodFromTemplate gives every pod the controller's prefix as generateName; the StatefulSet names it.
  const pod = podFromTemplate(sts, sts.spec.template, { name, generateName: `${sts.metadata.name}-` }, {
    'apps.kubernetes.io/pod-index': String(i),
    'controller-revision-hash': revision,
    'statefulset.kubernetes.io/pod-name': name,
  });
  pod.spec.hostname = name;
  if (sts.spec.serviceName) pod.spec.subdomain = sts.spec.serviceName;
  const claims: J[] = (sts.spec.volumeClaimTemplates ?? []).map((t: J) => ({ name: t.metadata.name, persistentVolumeClaim: { claimName: claimName(t, sts, i) } }));
  const names = new Set(claims.map((c) => c.name));
  pod.spec.volumes = [...(pod.spec.volumes ?? []).filter((v: J) => !names.has(v.name)), ...claims];
  if (pod.spec.volumes.length === 0) delete pod.spec.volumes;
  try {
    const created = apiCreate(w, CONTROLLER, pod);
    recordEvent(w, sts, 'Normal', 'SuccessfulCreate', `create Pod ${name} in StatefulSet ${sts.metadata.name} successful`, { component: COMPONENT });
    return created;
  } catch (err) {
    if (!(err instanceof ApiError)) throw err;
    recordEvent(w, sts, 'Warning', 'FailedCreate', `create Pod ${name} in StatefulSet ${sts.metadata.name} failed error: ${err.message}`, { component: COMPONENT });
    w.wake(`retry/${sts.metadata.uid}`, w.now + 10_000);
    return undefined;
  }
}

function remove(w: World, sts: Obj, p: Obj): void {
  apiDelete(w, CONTROLLER, p);
  recordEvent(w, sts, 'Normal', 'SuccessfulDelete', `delete Pod ${p.metadata.name} in StatefulSet ${sts.metadata.name} successful`, { component: COMPONENT });
}

/**
 * The StatefulSet's history (history.NewControllerRevision): one ControllerRevision per template, named
 * `<set>-<hash>`, holding the template as a replace patch, labelled like the template plus the hash, with
 * the set's annotations; going back to an older template makes its revision the newest number again.
 */
function ensureRevision(w: World, sts: Obj, hash: string): void {
  const name = `${sts.metadata.name}-${hash}`;
  const owned = w.list('controllerrevisions', sts.metadata.namespace).filter((r) => r.metadata.ownerReferences?.some((o) => o.uid === sts.metadata.uid));
  const newest = Math.max(0, ...owned.map((r) => Number(r.revision ?? 0)));
  const existing = owned.find((r) => r.metadata.name === name);
  if (existing) {
    if (Number(existing.revision ?? 0) < newest) {
      existing.revision = newest + 1;
      w.update(existing);
    }
    return;
  }
  const { metadata: tmeta, ...rest } = JSON.parse(JSON.stringify(sts.spec.template ?? {}));
  w.create({
    apiVersion: 'apps/v1',
    kind: 'ControllerRevision',
    metadata: {
      name,
      namespace: sts.metadata.namespace,
      labels: { ...(tmeta?.labels ?? {}), 'controller.kubernetes.io/hash': hash },
      ...(sts.metadata.annotations ? { annotations: { ...sts.metadata.annotations } } : {}),
      ownerReferences: [ownerRef(sts)],
    },
    data: { spec: { template: { $patch: 'replace', metadata: { ...(tmeta ?? {}), creationTimestamp: null }, ...rest } } },
    revision: newest + 1,
  });
}

export function syncStatefulSets(w: World): void {
  for (const sts of w.list('statefulsets')) {
    if (sts.metadata.deletionTimestamp) continue;
    const hash = templateHash(sts.spec.template, 0, w);
    const revision = `${sts.metadata.name}-${hash}`;
    ensureRevision(w, sts, hash);
    const parallel = sts.spec.podManagementPolicy === 'Parallel';
    const replicas = sts.spec.replicas ?? 1;
    const pods = podsOwnedBy(w, sts);
    const byOrdinal = new Map<number, Obj>();
    for (const p of pods) byOrdinal.set(ordinalOf(sts, p), p);
    const canCreate = mayCreate(w, sts);
    let blocked = false;
    for (let i = 0; i < replicas && !blocked; i++) {
      const p = byOrdinal.get(i);
      if (!p) {
        if (!canCreate) break;
        const created = newPod(w, sts, i, revision);
        if (created) byOrdinal.set(i, created);
        if (!parallel) blocked = true;
        continue;
      }
      if (p.status?.phase === 'Failed' || p.status?.phase === 'Succeeded') {
        if (!p.metadata.deletionTimestamp) remove(w, sts, p);
        if (!parallel) blocked = true;
        continue;
      }
      if (!parallel && (p.metadata.deletionTimestamp || !(p.status?.phase === 'Running' && isReady(p)))) blocked = true;
    }
    // Scale down: the highest ordinals go; OrderedReady waits for every remaining pod to be ready first.
    const condemned = [...byOrdinal.entries()].filter(([i, p]) => i >= replicas && !p.metadata.deletionTimestamp).sort((a, b) => b[0] - a[0]);
    if (condemned.length) {
      const healthy = [...byOrdinal.entries()].every(([i, p]) => i >= replicas || (isReady(p) && !p.metadata.deletionTimestamp));
      const terminating = pods.some((p) => p.metadata.deletionTimestamp);
      if (parallel) for (const [, p] of condemned) remove(w, sts, p);
      else if (healthy && !terminating && !blocked) remove(w, sts, condemned[0][1]);
    }
    rollingUpdate(w, sts, byOrdinal, replicas, revision, parallel);
    updateStatus(w, sts, revision);
  }
}

function rollingUpdate(w: World, sts: Obj, byOrdinal: Map<number, Obj>, replicas: number, revision: string, parallel: boolean): void {
  if (sts.spec.updateStrategy?.type === 'OnDelete') return;
  const partition = sts.spec.updateStrategy?.rollingUpdate?.partition ?? 0;
  const live = [...byOrdinal.entries()].filter(([i]) => i < replicas);
  if (live.length < replicas) return;
  if (live.some(([, p]) => p.metadata.deletionTimestamp || !isReady(p))) {
    if (!parallel) return;
    if (live.some(([, p]) => p.metadata.deletionTimestamp)) return;
  }
  const stale = live.filter(([i, p]) => i >= partition && p.metadata.labels?.['controller-revision-hash'] !== revision).sort((a, b) => b[0] - a[0]);
  if (stale.length) remove(w, sts, stale[0][1]);
}

function updateStatus(w: World, sts: Obj, revision: string): void {
  const pods = podsOwnedBy(w, sts).filter(isActive);
  const minReady = sts.spec.minReadySeconds ?? 0;
  const updated = pods.filter((p) => p.metadata.labels?.['controller-revision-hash'] === revision).length;
  const replicas = sts.spec.replicas ?? 1;
  let current = sts.status?.currentRevision ?? revision;
  if (updated === pods.length && updated === replicas) current = revision;
  const status: J = {
    availableReplicas: pods.filter((p) => isAvailable(p, minReady, w.now)).length,
    collisionCount: 0,
    currentReplicas: pods.filter((p) => p.metadata.labels?.['controller-revision-hash'] === current).length,
    currentRevision: current,
    observedGeneration: sts.metadata.generation,
    readyReplicas: pods.filter(isReady).length,
    replicas: pods.length,
    updateRevision: revision,
    updatedReplicas: updated,
  };
  for (const k of ['currentReplicas', 'readyReplicas', 'updatedReplicas']) if (!status[k]) delete status[k];
  w.setStatus(sts, status);
}

/** Pieces every workload controller shares: ownership, pod readiness, template hashes, pod creation. */
import { ApiError } from '../api/errors.js';
import { recordEvent } from '../api/events.js';
import { ADMIN } from '../api/rbac.js';
import { apiCreate } from '../api/server.js';
import { canonical } from '../api/validate.js';
import { msOf, World } from '../api/world.js';
import type { Obj, OwnerRef } from '../state/types.js';

export function ownerRef(o: Obj): OwnerRef {
  return { apiVersion: o.apiVersion, kind: o.kind, name: o.metadata.name, uid: o.metadata.uid!, controller: true, blockOwnerDeletion: true };
}

export function ownedBy(o: Obj, owner: Obj): boolean {
  return !!o.metadata.ownerReferences?.some((r) => r.uid === owner.metadata.uid && r.controller);
}

export function controllerOf(o: Obj): OwnerRef | undefined {
  return o.metadata.ownerReferences?.find((r) => r.controller);
}

export function podCondition(p: Obj, type: string): { status: string; lastTransitionTime?: string } | undefined {
  return (p.status?.conditions ?? []).find((c: { type: string }) => c.type === type);
}

export function isReady(p: Obj): boolean {
  return podCondition(p, 'Ready')?.status === 'True';
}

/** Ready for at least minReadySeconds. */
export function isAvailable(p: Obj, minReadySeconds: number, now: number): boolean {
  const c = podCondition(p, 'Ready');
  if (c?.status !== 'True') return false;
  return minReadySeconds <= 0 || now - msOf(c.lastTransitionTime) >= minReadySeconds * 1000;
}

export function isTerminating(p: Obj): boolean {
  return !!p.metadata.deletionTimestamp;
}

/** Pods that count as the owner's replicas (not terminating, not finished). */
export function isActive(p: Obj): boolean {
  return !isTerminating(p) && p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed';
}

export function podsOwnedBy(w: World, owner: Obj): Obj[] {
  return w.list('pods', owner.metadata.namespace).filter((p) => ownedBy(p, owner));
}

const SAFE = 'bcdfghjklmnpqrstvwxz2456789';

/** Kubernetes' ComputeHash: FNV-32a of the template, its decimal digits mapped onto the safe alphabet. */
export function templateHash(template: unknown, collisionCount = 0, w?: World): string {
  const raw = JSON.stringify(template);
  const memo = w?.cache.get(raw);
  if (memo && !collisionCount) return memo;
  const text = JSON.stringify(canonical(template)) + (collisionCount ? String(collisionCount) : '');
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  const hash = [...String(h)].map((c) => SAFE[c.charCodeAt(0) % SAFE.length]).join('');
  if (w && !collisionCount) w.cache.set(raw, hash);
  return hash;
}

export function randomSuffix(n = 5): string {
  let s = '';
  for (let i = 0; i < n; i++) s += SAFE[Math.floor(Math.random() * SAFE.length)];
  return s;
}

type J = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** A pod object from a template, owned by `owner`. */
export function podFromTemplate(owner: Obj, template: J, name: { name?: string; generateName?: string }, extraLabels: Record<string, string>): Obj {
  const t = JSON.parse(JSON.stringify(template ?? {}));
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: name.name ?? '',
      ...(name.generateName ? { generateName: name.generateName } : {}),
      namespace: owner.metadata.namespace,
      labels: { ...(t.metadata?.labels ?? {}), ...extraLabels },
      ...(t.metadata?.annotations ? { annotations: t.metadata.annotations } : {}),
      ownerReferences: [ownerRef(owner)],
    },
    spec: t.spec,
  };
}

/** Create a pod as a controller does; a refusal becomes a FailedCreate event on the owner. */
export function createPod(w: World, owner: Obj, pod: Obj, component: string): Obj | undefined {
  try {
    const created = apiCreate(w, CONTROLLER, pod);
    recordEvent(w, owner, 'Normal', 'SuccessfulCreate', `Created pod: ${created.metadata.name}`, { component });
    return created;
  } catch (err) {
    if (!(err instanceof ApiError)) throw err;
    recordEvent(w, owner, 'Warning', 'FailedCreate', `Error creating: ${err.message}`, { component });
    // Controllers retry failed creates with a back-off; model it as a retry 10 s later.
    w.wake(`retry/${owner.metadata.uid}`, w.now + 10_000);
    return undefined;
  }
}

/** The identity controllers act with (full rights, like the controller-manager's accounts). */
export const CONTROLLER = ADMIN;

/** Whether a controller may try creating again (after a refused create it waits for its retry timer). */
export function mayCreate(w: World, owner: Obj): boolean {
  const t = w.s.timers[`retry/${owner.metadata.uid}`];
  return t === undefined || t <= w.now;
}

/** maxSurge / maxUnavailable: an int or a percentage of `total`, rounded up or down. */
export function intOrPercent(v: unknown, total: number, roundUp: boolean): number {
  if (typeof v === 'number') return v;
  const m = /^(\d+)%$/.exec(String(v ?? '0'));
  if (!m) return Number(v) || 0;
  const x = (Number(m[1]) * total) / 100;
  return roundUp ? Math.ceil(x) : Math.floor(x);
}

/** Set a condition, keeping lastTransitionTime when the status did not change. */
export function setCondition(conds: J[], c: J, now: string, withUpdateTime = false): J[] {
  const old = conds.find((x) => x.type === c.type);
  const same = old && old.status === c.status;
  const next: J = { ...c, lastTransitionTime: same ? old.lastTransitionTime : now };
  if (withUpdateTime) next.lastUpdateTime = same && old.reason === c.reason && old.message === c.message ? old.lastUpdateTime : now;
  const out = conds.filter((x) => x.type !== c.type);
  out.push(next);
  return out;
}

export { msOf };

/**
 * The in-memory model one invocation works on: object storage with the API server's bookkeeping (uid,
 * resourceVersion, generation, timestamps), events, and wake-up timers. Controllers and commands change the
 * cluster only through this class, so it knows whether anything changed (and must be saved).
 */
import type { Obj, SimState } from '../state/types.js';
import { kindByRes, type Kind } from './kinds.js';

export function iso(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

export function isoMicro(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

export function msOf(ts: string | undefined): number {
  return ts ? Date.parse(ts) : 0;
}

export function objKey(res: string, ns: string | undefined, name: string): string {
  return `${res}/${ns ?? ''}/${name}`;
}

export function resOf(o: Obj): string {
  return RES_BY_KIND[o.kind] ?? `${o.kind.toLowerCase()}s`;
}

const RES_BY_KIND: Record<string, string> = {
  Pod: 'pods', Service: 'services', DaemonSet: 'daemonsets', Deployment: 'deployments', ReplicaSet: 'replicasets',
  StatefulSet: 'statefulsets', ControllerRevision: 'controllerrevisions', Endpoints: 'endpoints', ConfigMap: 'configmaps',
  Secret: 'secrets', ServiceAccount: 'serviceaccounts', PersistentVolumeClaim: 'persistentvolumeclaims',
  PersistentVolume: 'persistentvolumes', Event: 'events', ResourceQuota: 'resourcequotas', LimitRange: 'limitranges',
  Namespace: 'namespaces', Node: 'nodes', Role: 'roles', RoleBinding: 'rolebindings', ClusterRole: 'clusterroles',
  ClusterRoleBinding: 'clusterrolebindings', StorageClass: 'storageclasses',
};

export class World {
  /** Something changed since the last save (objects, runtime or timers). */
  dirty = false;
  /** Something changed in the current settle pass (controllers run again until quiet). */
  changed = false;
  /** Writes per resource in this invocation: controllers skip a pass when nothing they watch changed. */
  readonly gen: Record<string, number> = {};
  /** Per-invocation memo of pure computations (template hashes); never saved. */
  readonly cache = new Map<string, string>();

  constructor(
    public readonly s: SimState,
    public now: number,
  ) {}

  touch(res?: string): void {
    this.dirty = true;
    this.changed = true;
    if (res) this.gen[res] = (this.gen[res] ?? 0) + 1;
  }

  get(res: string, ns: string | undefined, name: string): Obj | undefined {
    return this.s.objs[objKey(res, ns, name)];
  }

  /** Objects of a resource, in one namespace or all (ns undefined), in name order. */
  list(res: string, ns?: string): Obj[] {
    const prefix = ns === undefined ? `${res}/` : `${res}/${ns}/`;
    const out: Obj[] = [];
    for (const key in this.s.objs) if (key.startsWith(prefix)) out.push(this.s.objs[key]);
    return out.sort((a, b) => cmp(a.metadata.namespace ?? '', b.metadata.namespace ?? '') || cmp(a.metadata.name, b.metadata.name));
  }

  nextRv(): string {
    this.s.rv += 1;
    return String(this.s.rv);
  }

  uid(): string {
    // The global Web Crypto: node:crypto is loaded only by invocations that create objects.
    return globalThis.crypto.randomUUID();
  }

  /** Store a new object, filling in what the API server fills in. */
  create(o: Obj): Obj {
    const kind = kindByRes(resOf(o));
    const m = o.metadata;
    m.uid = this.uid();
    m.resourceVersion = this.nextRv();
    m.creationTimestamp = iso(this.now);
    if (hasGeneration(kind)) m.generation = 1;
    if (!kind.namespaced) delete m.namespace;
    this.s.objs[objKey(kind.res, m.namespace, m.name)] = o;
    this.touch(kind.res);
    return o;
  }

  /** Replace a stored object (same key), bumping resourceVersion and, when the spec changed, generation. */
  update(o: Obj, specChanged = false): Obj {
    const kind = kindByRes(resOf(o));
    o.metadata.resourceVersion = this.nextRv();
    if (specChanged && hasGeneration(kind)) o.metadata.generation = (o.metadata.generation ?? 1) + 1;
    this.s.objs[objKey(kind.res, o.metadata.namespace, o.metadata.name)] = o;
    this.touch(kind.res);
    return o;
  }

  /** Set a status (or any sub-object) only if it differs, so quiet controllers leave the state unchanged. */
  setStatus(o: Obj, status: unknown): boolean {
    if (JSON.stringify(o.status) === JSON.stringify(status)) return false;
    o.status = status;
    this.update(o);
    return true;
  }

  remove(o: Obj): void {
    const key = objKey(resOf(o), o.metadata.namespace, o.metadata.name);
    if (!(key in this.s.objs)) return;
    delete this.s.objs[key];
    this.touch(resOf(o));
    this.touch('*removed');
  }

  /** Wake the model at simulated time `at` (the earliest wins for one key). */
  wake(key: string, at: number): void {
    const cur = this.s.timers[key];
    if (cur !== undefined && cur <= at) return;
    this.s.timers[key] = at;
    this.dirty = true;
  }

  /** Take the earliest timer due at or before `until`. */
  takeDue(until: number): number | undefined {
    let best: string | undefined;
    for (const k in this.s.timers) if (best === undefined || this.s.timers[k] < this.s.timers[best]) best = k;
    if (best === undefined || this.s.timers[best] > until) return undefined;
    const at = this.s.timers[best];
    delete this.s.timers[best];
    this.dirty = true;
    return at;
  }

  seq(): number {
    this.s.rt.seq += 1;
    this.dirty = true;
    return this.s.rt.seq;
  }
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function hasGeneration(k: Kind): boolean {
  return ['deployments', 'replicasets', 'statefulsets', 'daemonsets'].includes(k.res);
}

/** Labels of an object (never undefined). */
export function labelsOf(o: Obj): Record<string, string> {
  return o.metadata.labels ?? {};
}

export type { Kind };

/**
 * The World the EMQX model and the simulator's kubelet run in when they are the runtime behind kwok pods: its
 * API objects are a mirror of the real API server's (mirror.ts fills them), and what the kubelet code writes
 * goes out to the real API server instead of staying local: a pod's status, the pod's final deletion, and the
 * events it records (outbox.ts sends them). Runtime state (containers, EMQX nodes, logs, volumes) lives here
 * as in the simulator.
 */
import { randomBytes } from 'node:crypto';
import { objKey, resOf, World } from '../sim/api/world.js';
import type { EmqxHost } from '../sim/emqx/host.js';
import type { Obj, SimState } from '../sim/state/types.js';
import { Clock } from './clock.js';

export type Write =
  | { op: 'status'; pod: Obj }
  | { op: 'delete'; pod: Obj }
  | { op: 'event'; event: Obj; created: boolean };

function emptyState(now: number): SimState {
  return {
    format: 1,
    clock: { wall: now, sim: now, speed: 1 },
    now,
    rv: 0,
    objs: {},
    timers: {},
    rt: { pods: {}, nodes: {}, emqx: {}, vols: {}, logs: {}, ipNext: {}, svcNext: 0, seq: 0, memo: {} },
    key: randomBytes(32).toString('hex'),
  };
}

/** JSON with object keys sorted: the API server returns fields in its own order, the model in another. */
export function canonical(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) => (x && typeof x === 'object' && !Array.isArray(x) ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : x));
}

export class RuntimeWorld extends World {
  emqxHost?: EmqxHost;
  /** What must reach the API server, by object (the latest state wins). */
  readonly outbox = new Map<string, Write>();
  /** Pods whose status was written here and not yet confirmed by the API server. */
  readonly writing = new Set<string>();

  constructor(readonly clock: Clock) {
    super(emptyState(clock.now()), clock.now());
  }

  /** An object as the API server has it now (from a list or a watch event). */
  mirror(res: string, o: Obj): void {
    const key = objKey(res, o.metadata.namespace, o.metadata.name);
    const mine = this.s.objs[key];
    // A status this runtime wrote and the API server has not echoed yet stays: the watch may lag behind.
    if (res === 'pods' && mine && mine.metadata.uid === o.metadata.uid && this.writing.has(o.metadata.uid!)) o.status = mine.status;
    // The kubelet code reads a deletion's deadline as a point in its own time.
    if (o.metadata.deletionTimestamp && this.clock.speed !== 1) o.metadata.deletionTimestamp = new Date(this.clock.modelOf(Date.parse(o.metadata.deletionTimestamp))).toISOString();
    this.s.objs[key] = o;
    this.changedMirror(res);
  }

  unmirror(res: string, ns: string | undefined, name: string): void {
    const key = objKey(res, ns, name);
    if (!(key in this.s.objs)) return;
    if (res === 'pods') this.writing.delete(this.s.objs[key].metadata.uid!);
    delete this.s.objs[key];
    this.changedMirror(res);
    this.touch('*removed');
  }

  private changedMirror(res: string): void {
    this.s.rv += 1;
    this.touch(res);
  }

  override create(o: Obj): Obj {
    super.create(o);
    if (o.kind === 'Event') this.outbox.set(`event/${o.metadata.namespace}/${o.metadata.name}`, { op: 'event', event: o, created: true });
    return o;
  }

  override update(o: Obj, specChanged = false): Obj {
    if (o.kind === 'Event') {
      super.update(o, specChanged);
      const key = `event/${o.metadata.namespace}/${o.metadata.name}`;
      const queued = this.outbox.get(key);
      this.outbox.set(key, { op: 'event', event: o, created: queued?.op === 'event' && queued.created });
      return o;
    }
    // A mirrored object keeps the API server's resourceVersion; only pod status goes back.
    this.s.objs[objKey(resOf(o), o.metadata.namespace, o.metadata.name)] = o;
    this.touch(resOf(o));
    if (o.kind === 'Pod') {
      const key = `pod/${o.metadata.uid}`;
      if (this.outbox.get(key)?.op !== 'delete') this.outbox.set(key, { op: 'status', pod: o });
      this.writing.add(o.metadata.uid!);
    }
    return o;
  }

  override setStatus(o: Obj, status: unknown): boolean {
    const wall = this.clock.wallStatus(status, o.status);
    if (canonical(o.status) === canonical(wall)) return false;
    o.status = wall;
    this.update(o);
    return true;
  }

  override remove(o: Obj): void {
    super.remove(o);
    if (o.kind === 'Pod') this.outbox.set(`pod/${o.metadata.uid}`, { op: 'delete', pod: o });
  }
}

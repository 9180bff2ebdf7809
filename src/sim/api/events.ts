/**
 * Events as the kubelet and controllers record them: one Event object per (object, reason, message), its
 * count and lastTimestamp growing when it repeats, kept for an hour like the API server's default TTL.
 */
import type { Obj } from '../state/types.js';
import { iso, msOf, World } from './world.js';

export interface EventSource {
  component: string;
  host?: string;
}

const TTL_MS = 60 * 60 * 1000;

export function recordEvent(
  w: World,
  about: Obj,
  type: 'Normal' | 'Warning',
  reason: string,
  message: string,
  source: EventSource,
  fieldPath?: string,
  count = 1,
  firstAt?: number,
): void {
  const ns = about.metadata.namespace ?? 'default';
  const uid = about.metadata.uid;
  for (const e of w.list('events', ns)) {
    if (e.involvedObject.uid === uid && e.reason === reason && e.message === message && e.source.component === source.component) {
      e.count += count;
      e.lastTimestamp = iso(w.now);
      w.update(e);
      w.wake('events/ttl', w.now + TTL_MS);
      return;
    }
  }
  const name = `${about.metadata.name}.${Math.floor(w.now * 1e3).toString(16)}${(w.seq() % 4096).toString(16).padStart(3, '0')}`;
  const involved: Record<string, unknown> = {
    apiVersion: about.apiVersion,
    kind: about.kind,
    name: about.metadata.name,
    namespace: about.metadata.namespace,
    uid,
    resourceVersion: about.metadata.resourceVersion,
  };
  if (fieldPath) involved.fieldPath = fieldPath;
  w.create({
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name, namespace: ns },
    involvedObject: involved,
    reason,
    message,
    source: source.host ? { component: source.component, host: source.host } : { component: source.component },
    firstTimestamp: iso(firstAt ?? w.now),
    lastTimestamp: iso(w.now),
    count,
    type,
    eventTime: null,
    reportingComponent: source.component,
    reportingInstance: source.host ?? '',
  });
  w.wake('events/ttl', w.now + TTL_MS);
}

/** Drop events whose last occurrence is older than the TTL. */
export function pruneEvents(w: World): void {
  let oldest = Infinity;
  for (const e of w.list('events')) {
    const t = msOf(e.lastTimestamp);
    if (w.now - t >= TTL_MS) w.remove(e);
    else oldest = Math.min(oldest, t);
  }
  if (oldest !== Infinity) w.wake('events/ttl', oldest + TTL_MS);
}

/** Events about one object, oldest first (what describe shows). */
export function eventsFor(w: World, o: Obj): Obj[] {
  return w
    .list('events', o.metadata.namespace ?? 'default')
    .filter((e) => e.involvedObject.uid === o.metadata.uid)
    .sort((a, b) => msOf(a.firstTimestamp) - msOf(b.firstTimestamp));
}

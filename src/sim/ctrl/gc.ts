/**
 * The garbage collector: an object whose owners are all gone is deleted too (background cascade), so deleting
 * a Deployment removes its ReplicaSets and their pods, and a StatefulSet its pods (never its claims, unless
 * they name it as owner).
 */
import { apiDelete } from '../api/server.js';
import { World } from '../api/world.js';
import { CONTROLLER } from './util.js';

export function collectGarbage(w: World): void {
  const uids = new Set<string>();
  for (const k in w.s.objs) uids.add(w.s.objs[k].metadata.uid!);
  for (const k in w.s.objs) {
    const o = w.s.objs[k];
    const refs = o.metadata.ownerReferences;
    if (!refs?.length || o.kind === 'Event') continue;
    if (refs.some((r) => uids.has(r.uid))) continue;
    if (o.kind === 'Pod' && o.metadata.deletionTimestamp) continue;
    apiDelete(w, CONTROLLER, o);
  }
}

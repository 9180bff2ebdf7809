/**
 * Advancing the model: controllers run until nothing changes, then time moves to the next wake-up, until
 * "now". Every invocation does this first, so what it reads or changes is the cluster as of this moment.
 */
import { pruneEvents } from '../api/events.js';
import { World } from '../api/world.js';
import { syncEmqx } from '../emqx/lifecycle.js';
import { syncKubelet } from '../kubelet/kubelet.js';
import { syncDaemonSets } from './daemonset.js';
import { syncDeployments } from './deployment.js';
import { syncEndpoints } from './endpoints.js';
import { collectGarbage } from './gc.js';
import { syncNamespaces } from './namespace.js';
import { syncQuotas } from './quota.js';
import { syncReplicaSets } from './replicaset.js';
import { schedule } from './scheduler.js';
import { syncStatefulSets } from './statefulset.js';
import { syncVolumes } from './volumes.js';
import { updateNodeImages } from '../kubelet/node-images.js';

const CONTROLLERS = [syncNamespaces, collectGarbage, syncDeployments, syncReplicaSets, syncStatefulSets, syncDaemonSets, syncVolumes, schedule, syncKubelet, syncEmqx, syncEndpoints, syncQuotas];

/** Run every controller until a whole pass changes nothing. */
export function settle(w: World): void {
  for (let pass = 0; pass < 50; pass++) {
    w.changed = false;
    for (const c of CONTROLLERS) c(w);
    if (!w.changed) return;
  }
}

/** Process every wake-up due up to `target` in time order, then stand at `target`. */
export function advance(w: World, target: number): void {
  if (w.dirty) settle(w);
  for (let i = 0; i < 1_000_000; i++) {
    const at = w.takeDue(target);
    if (at === undefined) break;
    if (at > w.now) w.now = at;
    settle(w);
  }
  if (target > w.now) w.now = target;
  w.s.now = w.now;
  pruneEvents(w);
}

/** A fresh cluster: controllers bring up the system workloads, nodes report their preloaded images. */
export async function initialize(w: World): Promise<void> {
  settle(w);
  for (const n of w.list('nodes')) updateNodeImages(w, n.metadata.name);
}

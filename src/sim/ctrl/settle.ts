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
import { syncEndpointSlices } from './endpointslices.js';
import { collectGarbage } from './gc.js';
import { syncNamespaces } from './namespace.js';
import { syncQuotas } from './quota.js';
import { syncReplicaSets } from './replicaset.js';
import { schedule } from './scheduler.js';
import { syncStatefulSets } from './statefulset.js';
import { syncVolumes } from './volumes.js';
import { updateNodeImages } from '../kubelet/node-images.js';

/** Controllers in the order they run, and the resources whose changes make them run again in a pass. */
const CONTROLLERS: [(w: World) => void, string[] | undefined][] = [
  [syncNamespaces, undefined],
  [collectGarbage, ['*removed']],
  [syncDeployments, ['deployments', 'replicasets']],
  [syncReplicaSets, ['replicasets', 'pods']],
  [syncStatefulSets, ['statefulsets', 'pods', 'persistentvolumeclaims']],
  [syncDaemonSets, ['daemonsets', 'pods', 'nodes']],
  [syncVolumes, ['persistentvolumeclaims', 'persistentvolumes', 'pods']],
  [schedule, ['pods', 'nodes', 'persistentvolumeclaims', 'persistentvolumes']],
  [syncKubelet, undefined],
  [syncEmqx, undefined],
  [syncEndpoints, ['services', 'pods', 'endpoints']],
  [syncEndpointSlices, ['services', 'pods', 'endpointslices']],
  [syncQuotas, ['pods', 'resourcequotas']],
];

/**
 * Run the controllers until a whole pass changes nothing. The first pass runs them all (time moved); later
 * passes skip a controller when nothing it watches was written since it last ran.
 */
export function settle(w: World): void {
  const seen = new Map<(w: World) => void, string>();
  for (let pass = 0; pass < 50; pass++) {
    w.changed = false;
    for (const [c, watch] of CONTROLLERS) {
      if (watch) {
        const sig = watch.map((r) => w.gen[r] ?? 0).join(',');
        if (pass > 0 && seen.get(c) === sig) continue;
        seen.set(c, sig);
      }
      c(w);
    }
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

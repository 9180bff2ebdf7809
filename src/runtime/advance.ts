/**
 * Moving the runtime's model to "now": the simulator's kubelet and EMQX model run until quiet, timers in time
 * order, as the simulator's own loop does (src/sim/ctrl/settle.ts) but without its controllers: on a real
 * control plane the real ones run.
 */
import { pruneEvents } from '../sim/api/events.js';
import type { World } from '../sim/api/world.js';
import { syncEmqx } from '../sim/emqx/lifecycle.js';
import { syncKubelet } from '../sim/kubelet/kubelet.js';

export function settle(w: World): void {
  for (let pass = 0; pass < 50; pass++) {
    w.changed = false;
    syncKubelet(w);
    syncEmqx(w);
    if (!w.changed) return;
  }
}

export function advanceTo(w: World, target: number): void {
  settle(w);
  for (let i = 0; i < 100_000; i++) {
    const at = w.takeDue(target);
    if (at === undefined) break;
    if (at > w.now) w.now = at;
    settle(w);
  }
  if (target > w.now) w.now = target;
  w.s.now = w.now;
  pruneEvents(w);
}

/** When the model next needs to run (its earliest timer), if ever. */
export function nextTimer(w: World): number | undefined {
  let best: number | undefined;
  for (const at of Object.values(w.s.timers)) if (best === undefined || at < best) best = at;
  return best;
}

/** Graceful termination of a pod, and forgetting what the kubelet kept about it once it is gone. */
import { recordEvent } from '../api/events.js';
import { World } from '../api/world.js';
import type { Obj, PodRt } from '../state/types.js';
import { emqxStop } from '../emqx/lifecycle.js';
import { fieldPath } from './running.js';
import { writePodStatus } from './status.js';

export function forget(w: World, uid: string): void {
  const rt = w.s.rt.pods[uid];
  for (const r of Object.values(rt.ctrs)) {
    if (r.emqx && r.inst && r.st === 'run') emqxStop(w, r.inst, w.now);
    for (const inst of [r.inst, r.prevInst]) if (inst) delete w.s.rt.logs[inst];
  }
  for (const k of Object.keys(w.s.rt.vols)) if (k.startsWith(`ed:${uid}:`) || k.startsWith(`ctr:${uid}/`)) delete w.s.rt.vols[k];
  delete w.s.rt.pods[uid];
  w.touch();
}

/** Graceful termination: SIGTERM, wait for the programs to stop (at most the grace period), then remove. */
export function terminate(w: World, pod: Obj, rt: PodRt): void {
  const deadline = Date.parse(pod.metadata.deletionTimestamp!);
  if (rt.termAt === undefined) {
    rt.termFrom = w.now;
    let end = w.now;
    for (const c of pod.spec.containers) {
      const r = rt.ctrs[c.name];
      if (!r || r.st !== 'run') continue;
      recordEvent(w, pod, 'Normal', 'Killing', `Stopping container ${c.name}`, { component: 'kubelet', host: rt.node }, fieldPath(c.name, false));
      const stopAt = Math.min(deadline, w.now + (r.stopMs ?? 0));
      r.exitAt = stopAt;
      r.code = stopAt >= deadline && (r.stopMs ?? 0) > 0 ? 137 : r.emqx ? 0 : 143;
      if (r.emqx) emqxStop(w, r.inst!, stopAt);
      end = Math.max(end, stopAt);
    }
    rt.termAt = end;
    w.touch();
  }
  for (const c of pod.spec.containers) {
    const r = rt.ctrs[c.name];
    if (r?.st === 'run' && r.exitAt !== undefined && w.now >= r.exitAt) {
      r.exit = { code: r.code ?? 0, reason: (r.code ?? 0) === 0 ? 'Completed' : 'Error', startedAt: r.startedAt!, finishedAt: r.exitAt };
      r.st = 'done';
      r.ready = false;
      w.touch();
    }
  }
  if (w.now >= rt.termAt) {
    w.remove(pod);
    forget(w, pod.metadata.uid!);
    return;
  }
  w.wake(`pod/${pod.metadata.uid}`, rt.termAt);
  writePodStatus(w, pod, rt);
}

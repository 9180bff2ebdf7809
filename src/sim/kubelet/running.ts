/**
 * A running container under the kubelet: exit and restart with back-off, the liveness kill, a changed image,
 * and readiness from the probe's ticks (with the Unhealthy events a real kubelet would have recorded).
 */
import { recordEvent } from '../api/events.js';
import { World } from '../api/world.js';
import type { CtrRt, Obj, PodRt } from '../state/types.js';
import { emqxCtlAt, emqxNodeName, emqxProbeWhenUp, emqxStop, emqxUpAt, isCtlStatus } from '../emqx/lifecycle.js';
import { failureText, ticksUpTo, tickAtOrAfter, timing } from './probes.js';

type J = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
type Ev = (t: 'Normal' | 'Warning', reason: string, msg: string) => void;

export const MAX_BACKOFF = 300;

export function fieldPath(name: string, init: boolean): string {
  return init ? `spec.initContainers{${name}}` : `spec.containers{${name}}`;
}

/** When the program's listeners are up (undefined: not yet, or it serves nothing). */
function upAt(w: World, r: CtrRt): number | undefined {
  if (r.emqx) return emqxUpAt(w, r.inst!);
  return r.serves ? r.startedAt! + 500 : undefined;
}

/** Whether the probe succeeds once the program is up, and what it reports when it does not. */
function whenUp(c: J, r: CtrRt, probe: J): { ok: boolean; msg?: 'refused' | number | string } {
  if (r.emqx) return emqxProbeWhenUp(c, probe);
  if (probe.exec) return { ok: true };
  return r.serves ? { ok: true } : { ok: false, msg: 'refused' };
}

/** When the probe first succeeds (undefined: not known yet, or never). */
function healthyAt(w: World, c: J, r: CtrRt, probe: J): number | undefined {
  if (probe.exec && !r.emqx) return r.startedAt! + 100;
  // `emqx ctl status` exits 0 as soon as the CLI answers, also while the node still waits for its tables.
  if (probe.exec && r.emqx && isCtlStatus(probe.exec.command ?? [])) return emqxCtlAt(w, r.inst!);
  const up = upAt(w, r);
  return up !== undefined && whenUp(c, r, probe).ok ? up : undefined;
}

function failMessage(w: World, c: J, r: CtrRt, probe: J, ip: string, up: boolean): string {
  if (up) {
    const m = whenUp(c, r, probe).msg ?? 'refused';
    return failureText(probe, c, ip, typeof m === 'string' ? m.replace('{IP}', ip) : m);
  }
  if (probe.exec) return r.emqx ? `Node '${emqxNodeName(w, r.inst!) ?? 'emqx@127.0.0.1'}' not responding to pings.` : '';
  return failureText(probe, c, ip, 'refused');
}

export function run(w: World, pod: Obj, rt: PodRt, c: J, r: CtrRt, init: boolean, ev: Ev): void {
  const wakeKey = `pod/${pod.metadata.uid}`;
  const ip = rt.ip ?? '';
  // A new image in the pod spec (the only container field a pod update may change) restarts the container.
  if (!init && r.image && r.image !== c.image && !r.killed) {
    ev('Normal', 'Killing', `Container ${c.name} definition changed, will be restarted`);
    r.killed = true;
    r.exitAt = w.now + Math.min(r.stopMs ?? 0, (pod.spec.terminationGracePeriodSeconds ?? 30) * 1000);
    r.code = r.emqx ? 0 : 137;
    r.backoff = 10;
    if (r.emqx) emqxStop(w, r.inst!, r.exitAt);
  }
  // Liveness: failureThreshold failures before the program is healthy kill it.
  const lp = init ? undefined : c.livenessProbe;
  if (lp && !r.killed) {
    const tm = timing(lp, r.startedAt!);
    const healthy = healthyAt(w, c, r, lp);
    const killTick = tm.first + (tm.threshold - 1) * tm.period;
    if ((healthy === undefined || healthy > killTick) && (r.exitAt === undefined || r.exitAt > killTick)) {
      if (w.now >= killTick) {
        const up = upAt(w, r);
        recordEvent(w, pod, 'Warning', 'Unhealthy', `Liveness probe failed: ${failMessage(w, c, r, lp, ip, up !== undefined && up <= killTick)}`, { component: 'kubelet', host: rt.node }, fieldPath(c.name, false), tm.threshold, tm.first);
        ev('Normal', 'Killing', `Container ${c.name} failed liveness probe, will be restarted`);
        r.killed = true;
        r.exitAt = killTick + Math.min(r.stopMs ?? 0, (pod.spec.terminationGracePeriodSeconds ?? 30) * 1000);
        r.code = r.emqx ? 0 : 137;
        if (r.emqx) emqxStop(w, r.inst!, r.exitAt);
      } else w.wake(wakeKey, killTick);
    }
  }
  if (r.exitAt !== undefined && w.now >= r.exitAt) {
    const code = r.code ?? 0;
    r.exit = { code, reason: code === 0 ? 'Completed' : 'Error', startedAt: r.startedAt!, finishedAt: r.exitAt };
    if (r.emqx) emqxStop(w, r.inst!, r.exitAt);
    r.ready = false;
    r.killed = undefined;
    const policy = init ? (pod.spec.restartPolicy === 'Never' ? 'Never' : 'OnFailure') : (pod.spec.restartPolicy ?? 'Always');
    if (policy === 'Always' || (policy === 'OnFailure' && code !== 0)) {
      if (r.exitAt - r.startedAt! > 600_000) r.backoff = 10;
      r.until = r.exitAt + r.backoff * 1000;
      r.backoff = Math.min(MAX_BACKOFF, r.backoff * 2);
      r.st = 'exited';
      w.wake(wakeKey, r.exitAt + 1000);
    } else r.st = 'done';
    r.startedAt = undefined;
    return;
  }
  if (r.exitAt !== undefined) w.wake(wakeKey, r.exitAt);
  if (init) return;
  const rp = c.readinessProbe;
  if (!rp) {
    r.ready = true;
    r.readySince ??= r.startedAt;
    return;
  }
  const tm = timing(rp, r.startedAt!);
  const up = upAt(w, r);
  const healthy = healthyAt(w, c, r, rp);
  const readyTick = healthy === undefined ? undefined : tickAtOrAfter(tm, healthy);
  const failingUntil = readyTick === undefined ? w.now : Math.min(w.now, readyTick - 1);
  const total = ticksUpTo(tm, failingUntil);
  const before = up === undefined ? total : ticksUpTo(tm, Math.min(failingUntil, up - 1));
  const after = total - before;
  const src = { component: 'kubelet', host: rt.node };
  if (before > (r.rFails ?? 0)) {
    recordEvent(w, pod, 'Warning', 'Unhealthy', `Readiness probe failed: ${failMessage(w, c, r, rp, ip, false)}`, src, fieldPath(c.name, false), before - (r.rFails ?? 0), tm.first + (r.rFails ?? 0) * tm.period);
    r.rFails = before;
  }
  if (after > (r.lFails ?? 0)) {
    recordEvent(w, pod, 'Warning', 'Unhealthy', `Readiness probe failed: ${failMessage(w, c, r, rp, ip, true)}`, src, fieldPath(c.name, false), after - (r.lFails ?? 0), tickAtOrAfter(tm, up!) + (r.lFails ?? 0) * tm.period);
    r.lFails = after;
  }
  if (readyTick !== undefined && readyTick <= w.now) {
    if (!r.ready) r.readySince = readyTick;
    r.ready = true;
  } else if (readyTick !== undefined) w.wake(wakeKey, readyTick);
  else w.wake(wakeKey, Math.max(tickAtOrAfter(tm, w.now + 1), w.now + 60_000));
}


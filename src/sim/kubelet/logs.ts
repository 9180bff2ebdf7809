/** Container logs kept by the kubelet: lines with their time, and repeating lines for retry loops. */
import { World } from '../api/world.js';
import type { LogLine, Obj } from '../state/types.js';
import { containerId } from './images.js';

const MAX_LINES = 2000;

export function appendLogs(w: World, inst: string, t: number, lines: string[]): void {
  if (!lines.length) return;
  const list = (w.s.rt.logs[inst] ??= []);
  for (const text of lines) list.push({ t, text });
  if (list.length > MAX_LINES) list.splice(0, list.length - MAX_LINES);
  w.touch();
}

/** A line printed every `every` ms from `t` on, until closed with endRepeat. */
export function appendRepeating(w: World, inst: string, t: number, every: number, text: string): void {
  const list = (w.s.rt.logs[inst] ??= []);
  list.push({ t, text, every });
  w.touch();
}

export function endRepeats(w: World, inst: string, t: number): void {
  for (const l of w.s.rt.logs[inst] ?? []) {
    if (l.every && l.until === undefined) {
      l.until = t;
      w.touch();
    }
  }
}

/** The lines as a reader sees them at `now`: repeats expanded, in time order. */
export function expandLogs(lines: LogLine[] | undefined, now: number): { t: number; text: string }[] {
  const out: { t: number; text: string }[] = [];
  for (const l of lines ?? []) {
    if (!l.every) {
      if (l.t <= now) out.push({ t: l.t, text: withRefs(l.text, l.t) });
      continue;
    }
    const end = Math.min(now, l.until ?? now);
    for (let t = l.t; t <= end && out.length < 50_000; t += l.every) out.push({ t, text: withRefs(l.text.replace(/\{TS\}/g, tsOf(t)), t) });
  }
  return out.sort((a, b) => a.t - b.t);
}

/**
 * `{REF}` is an Erlang reference as ~p prints it (`#Ref<0.N.N.N>`): a new one for every request, so every
 * repeat of a line shows a different one. Derived from the time, so a log reads the same twice.
 */
function withRefs(text: string, t: number): string {
  if (!text.includes('{REF}')) return text;
  let k = 0;
  return text.replace(/\{REF\}/g, () => {
    let h = 2166136261 ^ k++;
    for (const ch of `${t}:${text.length}`) h = Math.imul(h ^ ch.charCodeAt(0), 16777619);
    const a = (h >>> 0) % 4294967296;
    const b = Math.imul(a ^ 0x9e3779b9, 2654435761) >>> 0;
    const c = (Math.imul(b ^ t, 40503) >>> 0) % 262144;
    return `#Ref<0.${a}.${b}.${c}>`;
  });
}

/** EMQX console timestamp: RFC 3339 with microseconds and offset. */
export function tsOf(ms: number): string {
  const d = new Date(ms);
  const micro = String(Math.floor((ms % 1000) * 1000)).padStart(6, '0');
  return `${d.toISOString().slice(0, 19)}.${micro}+00:00`;
}

type J = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * Which container instance `kubectl logs [--previous]` reads, decided from the pod's container status as the
 * kubelet's validateContainerLogStatus does (kubelet_pods.go), or the kubelet's error for that request.
 */
export function logInstance(w: World, pod: Obj, ctrName: string, previous: boolean): { inst: string } | { error: string } {
  const uid = pod.metadata.uid!;
  const isInit = (pod.spec.initContainers ?? []).some((c: J) => c.name === ctrName);
  const r = w.s.rt.pods[uid]?.ctrs[isInit ? `init:${ctrName}` : ctrName];
  const st: J | undefined = [...(pod.status?.containerStatuses ?? []), ...(pod.status?.initContainerStatuses ?? [])].find((s: J) => s.name === ctrName);
  const byId = (id: string | undefined) => [r?.inst, r?.prevInst].find((i) => i && id && containerId(i) === id);
  const name = pod.metadata.name;
  const last: J | undefined = st?.lastState?.terminated;
  const state: J = st?.state ?? {};
  const found = (id: string | undefined, err: string) => {
    const inst = byId(id);
    return inst ? { inst } : { error: err };
  };
  const terminatedErr = `container "${ctrName}" in pod "${name}" is terminated`;
  if (previous) return found(last?.containerID, `previous terminated container "${ctrName}" in pod "${name}" not found`);
  if (state.running) return found(st?.containerID, terminatedErr);
  if (state.terminated) return found(state.terminated.containerID || last?.containerID, terminatedErr);
  if (last) return found(last.containerID, terminatedErr);
  const reason = state.waiting?.reason ?? 'ContainerCreating';
  const why = reason === 'ErrImagePull' ? "image can't be pulled" : reason === 'ImagePullBackOff' ? 'trying and failing to pull image' : reason;
  return { error: `container "${ctrName}" in pod "${name}" is waiting to start: ${why}` };
}

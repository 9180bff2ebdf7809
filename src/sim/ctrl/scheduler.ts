/**
 * The scheduler: a pending pod goes to a node whose taints it tolerates, whose labels it selects, with room
 * for its requests, and where its volumes can be; spreading pods of one owner over nodes. When no node fits
 * it says why, in the scheduler's words (FailedScheduling).
 */
import { podResources } from '../api/admission.js';
import { recordEvent } from '../api/events.js';
import { parseQuantity } from '../api/quantity.js';
import { iso, World } from '../api/world.js';
import type { Obj } from '../state/types.js';
import { controllerOf, setCondition } from './util.js';

type J = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export function taintsTolerated(node: Obj, tolerations: J[] | undefined): boolean {
  return (node.spec.taints ?? []).every((t: J) => {
    if (t.effect === 'PreferNoSchedule') return true;
    return (tolerations ?? []).some((x) => {
      if (x.effect && x.effect !== t.effect) return false;
      if (x.operator === 'Exists') return !x.key || x.key === t.key;
      return x.key === t.key && (x.value ?? '') === (t.value ?? '');
    });
  });
}

export function nodeSelectorMatches(node: Obj, sel: Record<string, string> | undefined): boolean {
  return Object.entries(sel ?? {}).every(([k, v]) => node.metadata.labels?.[k] === v);
}

function affinityMatches(node: Obj, pod: Obj): boolean {
  const terms: J[] | undefined = pod.spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  if (!terms?.length) return true;
  return terms.some((t) =>
    [...(t.matchFields ?? []).map((f: J) => ({ ...f, value: f.key === 'metadata.name' ? node.metadata.name : undefined })), ...(t.matchExpressions ?? []).map((e: J) => ({ ...e, value: node.metadata.labels?.[e.key] }))].every((e: J) => {
      switch (e.operator) {
        case 'In': return e.values.includes(e.value);
        case 'NotIn': return !e.values.includes(e.value);
        case 'Exists': return e.value !== undefined;
        case 'DoesNotExist': return e.value === undefined;
        default: return false;
      }
    }),
  );
}

/** What the pod asks of a node: its containers, or its biggest init container if that needs more. */
function requests(pod: Obj): { cpu: number; memory: number } {
  const r = podResources(pod, 'requests');
  return { cpu: r.cpu ?? 0, memory: r.memory ?? 0 };
}

function podsOn(w: World, node: string): Obj[] {
  return w.list('pods').filter((p) => p.spec.nodeName === node && p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed');
}

interface Verdict { ok: boolean; reason?: string; preemption?: string }

function claimNode(w: World, pod: Obj): { unbound: J[]; missing?: string; node?: string; noClass?: boolean } {
  const out: { unbound: J[]; missing?: string; node?: string; noClass?: boolean } = { unbound: [] };
  for (const v of pod.spec.volumes ?? []) {
    const name = v.persistentVolumeClaim?.claimName;
    if (!name) continue;
    const pvc = w.get('persistentvolumeclaims', pod.metadata.namespace, name);
    if (!pvc) {
      out.missing = name;
      continue;
    }
    if (pvc.status?.phase === 'Bound') {
      const pv = w.get('persistentvolumes', undefined, pvc.spec.volumeName);
      const n = pv?.spec?.nodeAffinity?.required?.nodeSelectorTerms?.[0]?.matchExpressions?.[0]?.values?.[0];
      if (n) out.node = n;
      continue;
    }
    const sc = pvc.spec.storageClassName ? w.get('storageclasses', undefined, pvc.spec.storageClassName) : undefined;
    if (!sc || sc.volumeBindingMode !== 'WaitForFirstConsumer') out.noClass = true;
    else out.unbound.push(pvc);
  }
  return out;
}

function judge(w: World, pod: Obj, node: Obj, pinned?: string): Verdict {
  if (pinned && pinned !== node.metadata.name) return { ok: false, reason: "node(s) didn't match PersistentVolume's node affinity", preemption: 'Preemption is not helpful for scheduling' };
  if (!taintsTolerated(node, pod.spec.tolerations)) {
    const t = node.spec.taints.find((x: J) => x.effect !== 'PreferNoSchedule');
    return { ok: false, reason: `node(s) had untolerated taint {${t.key}: ${t.value ?? ''}}`, preemption: 'Preemption is not helpful for scheduling' };
  }
  if (!nodeSelectorMatches(node, pod.spec.nodeSelector) || !affinityMatches(node, pod)) {
    return { ok: false, reason: "node(s) didn't match Pod's node affinity/selector", preemption: 'Preemption is not helpful for scheduling' };
  }
  const on = podsOn(w, node.metadata.name);
  const want = requests(pod);
  const used = on.reduce((a, p) => {
    const r = requests(p);
    return { cpu: a.cpu + r.cpu, memory: a.memory + r.memory };
  }, { cpu: 0, memory: 0 });
  const alloc = node.status.allocatable;
  if (on.length + 1 > Number(alloc.pods)) return { ok: false, reason: 'Too many pods', preemption: 'No preemption victims found for incoming pod' };
  if (used.cpu + want.cpu > parseQuantity(alloc.cpu)) return { ok: false, reason: 'Insufficient cpu', preemption: 'No preemption victims found for incoming pod' };
  if (used.memory + want.memory > parseQuantity(alloc.memory)) return { ok: false, reason: 'Insufficient memory', preemption: 'No preemption victims found for incoming pod' };
  return { ok: true };
}

function summary(total: number, reasons: string[]): string {
  const counts = new Map<string, number>();
  for (const r of reasons) counts.set(r, (counts.get(r) ?? 0) + 1);
  // The scheduler sorts the "<count> <reason>" strings themselves (FitError.Error).
  return [...counts.entries()].map(([r, n]) => `${n} ${r}`).sort().join(', ');
}

function fail(w: World, pod: Obj, message: string): void {
  const key = `sched/${pod.metadata.uid}`;
  const last = w.s.rt.memo[key];
  const conds = setCondition(pod.status?.conditions ?? [], { type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message, lastProbeTime: null }, iso(w.now));
  w.setStatus(pod, { ...pod.status, conditions: conds });
  const [lastMsg, lastAt] = (last ?? '|0').split('|§');
  if (lastMsg === message && w.now - Number(lastAt) < 5 * 60_000) return;
  w.s.rt.memo[key] = `${message}|§${w.now}`;
  recordEvent(w, pod, 'Warning', 'FailedScheduling', message, { component: 'default-scheduler' });
  w.wake(key, w.now + 5 * 60_000);
}

export function schedule(w: World): void {
  const nodes = w.list('nodes');
  for (const pod of w.list('pods')) {
    if (pod.spec.nodeName || pod.metadata.deletionTimestamp) continue;
    const claims = claimNode(w, pod);
    const unbound = claims.unbound as Obj[];
    if (claims.missing) {
      fail(w, pod, `0/${nodes.length} nodes are available: persistentvolumeclaim "${claims.missing}" not found. preemption: 0/${nodes.length} nodes are available: ${nodes.length} Preemption is not helpful for scheduling.`);
      continue;
    }
    if (claims.noClass) {
      fail(w, pod, `0/${nodes.length} nodes are available: pod has unbound immediate PersistentVolumeClaims. preemption: 0/${nodes.length} nodes are available: ${nodes.length} Preemption is not helpful for scheduling.`);
      continue;
    }
    const selected = unbound.map((c) => c.metadata.annotations?.['volume.kubernetes.io/selected-node']).find(Boolean);
    const pinned = claims.node ?? selected;
    const verdicts = nodes.map((n) => ({ n, v: judge(w, pod, n, pinned) }));
    const fits = verdicts.filter((x) => x.v.ok).map((x) => x.n);
    if (!fits.length) {
      const bad = verdicts.map((x) => x.v);
      fail(w, pod, `0/${nodes.length} nodes are available: ${summary(nodes.length, bad.map((v) => v.reason!))}. preemption: 0/${nodes.length} nodes are available: ${summary(nodes.length, bad.map((v) => v.preemption!))}.`);
      continue;
    }
    const owner = controllerOf(pod)?.uid;
    const score = (n: Obj) => {
      const on = podsOn(w, n.metadata.name);
      const same = owner ? on.filter((p) => controllerOf(p)?.uid === owner).length : 0;
      return same * 1000 + on.length;
    };
    const node = [...fits].sort((a, b) => score(a) - score(b) || a.metadata.name.localeCompare(b.metadata.name))[0];
    if (unbound.length) {
      // WaitForFirstConsumer: pick the node for the claims, let the provisioner bind them, then bind the pod.
      for (const c of unbound) {
        if (c.metadata.annotations?.['volume.kubernetes.io/selected-node']) continue;
        c.metadata.annotations = { ...(c.metadata.annotations ?? {}), 'volume.kubernetes.io/selected-node': node.metadata.name };
        w.update(c);
      }
      continue;
    }
    pod.spec.nodeName = node.metadata.name;
    w.update(pod);
    const conds = setCondition(pod.status?.conditions ?? [], { type: 'PodScheduled', status: 'True', lastProbeTime: null }, iso(w.now));
    w.setStatus(pod, { ...pod.status, conditions: conds });
    delete w.s.rt.memo[`sched/${pod.metadata.uid}`];
    recordEvent(w, pod, 'Normal', 'Scheduled', `Successfully assigned ${pod.metadata.namespace}/${pod.metadata.name} to ${node.metadata.name}`, { component: 'default-scheduler' });
  }
}

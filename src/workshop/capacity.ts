/**
 * How many learners a cluster can hold: on every node a learner's pods can land on (Ready, not cordoned, no
 * NoSchedule/NoExecute taint: the course's pods tolerate none), what is left of its allocatable CPU, memory
 * and pod count after the pods already there (as the scheduler counts them: requests of every pod that has
 * not finished), cut into slots of the course's largest pod. A learner needs `peak.pods` slots at once.
 * Slots per node, not one sum over the cluster: a pod cannot straddle two nodes. Pure.
 */
import { nodeExclusion, type NodeExclusion } from '../kube/nodes.js';
import type { LiveObject } from '../kube/objects.js';
import { parseQuantity } from '../lint/resources.js';
import { podRequests, type Amount, type Footprint } from './footprint.js';

type J = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface NodeRoom {
  name: string;
  /** Why learners' pods cannot run there (tainted, cordoned, not ready); undefined when they can. */
  excluded?: NodeExclusion;
  free: Amount;
  /** Learner pods (of the largest size) that fit. */
  slots: number;
}

export interface RoomFit {
  nodes: NodeRoom[];
  /** Learners that fit. */
  learners: number;
  /** Free on the usable nodes, summed (for people). */
  free: Amount;
}


/**
 * @param ignoreNamespaces pods in these namespaces are not counted (the room's own, when `up` runs again: its
 *   learners are already part of N).
 */
export function roomFit(nodes: LiveObject[], pods: LiveObject[], fp: Footprint, ignoreNamespaces: ReadonlySet<string> = new Set()): RoomFit {
  const used = new Map<string, Amount>();
  for (const p of pods as J[]) {
    const node = p.spec?.nodeName;
    if (!node || p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed') continue;
    if (ignoreNamespaces.has(p.metadata?.namespace)) continue;
    const r = podRequests(p.spec, { cpu: 0, memory: 0 });
    const u = used.get(node) ?? { pods: 0, cpu: 0, memory: 0 };
    used.set(node, { pods: u.pods + 1, cpu: u.cpu + r.cpu, memory: u.memory + r.memory });
  }
  const slot = fp.largestPod;
  const out: NodeRoom[] = (nodes as J[]).map((n) => {
    const a = n.status?.allocatable ?? {};
    const u = used.get(n.metadata.name) ?? { pods: 0, cpu: 0, memory: 0 };
    const free: Amount = {
      pods: Math.max(0, Math.floor(parseQuantity(a.pods) ?? 110) - u.pods),
      cpu: Math.max(0, Math.round((parseQuantity(a.cpu) ?? 0) * 1000) - u.cpu),
      memory: Math.max(0, Math.round(parseQuantity(a.memory) ?? 0) - u.memory),
    };
    const excluded = nodeExclusion(n as LiveObject);
    const fits = Math.min(free.pods, slot.cpu ? Math.floor(free.cpu / slot.cpu) : free.pods, slot.memory ? Math.floor(free.memory / slot.memory) : free.pods);
    return { name: n.metadata.name, excluded, free, slots: excluded ? 0 : fits };
  });
  const usable = out.filter((n) => !n.excluded);
  const slots = usable.reduce((a, n) => a + n.slots, 0);
  return {
    nodes: out,
    learners: fp.peak.pods > 0 ? Math.floor(slots / fp.peak.pods) : Number.POSITIVE_INFINITY,
    free: usable.reduce((a, n) => ({ pods: a.pods + n.free.pods, cpu: a.cpu + n.free.cpu, memory: a.memory + n.free.memory }), { pods: 0, cpu: 0, memory: 0 }),
  };
}

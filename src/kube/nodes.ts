/**
 * Whether the course's pods can land on a node: Ready, not cordoned, and no NoSchedule/NoExecute taint (the
 * course's pods tolerate none — a multi-node kind cluster's control plane is tainted). Pure.
 */
import type { LiveObject } from './objects.js';

export type NodeExclusion = 'tainted' | 'cordoned' | 'notReady';

interface NodeShape {
  spec?: { unschedulable?: boolean; taints?: { effect?: string }[] };
  status?: { conditions?: { type?: string; status?: string }[] };
}

/** Why pods cannot run on this node; undefined when they can. */
export function nodeExclusion(node: LiveObject): NodeExclusion | undefined {
  const n = node as LiveObject & NodeShape;
  if (n.spec?.unschedulable) return 'cordoned';
  const ready = (n.status?.conditions ?? []).find((c) => c.type === 'Ready');
  if (ready && ready.status !== 'True') return 'notReady';
  if ((n.spec?.taints ?? []).some((t) => t.effect === 'NoSchedule' || t.effect === 'NoExecute')) return 'tainted';
  return undefined;
}

/**
 * Running the pre-pull DaemonSet (prepull.ts): apply it, then every few seconds read the DaemonSet and its
 * pods (two calls) and report each node once when it is done, and each new problem once; stop when every
 * node it runs on is done, or at the deadline. The namespace is removed in every case, Ctrl-C included
 * (through a Kube that Ctrl-C does not cancel).
 */
import { stringify } from 'yaml';
import type { Context } from '../context.js';
import type { Kube } from '../kube/kube.js';
import type { LiveObject, Pod } from '../kube/objects.js';
import { applyOwnNamespaces } from './calls.js';
import { desiredPods, PREPARE_NAMESPACE, PREPULL_NAME, PREPULL_SELECTOR, prepullObjects, pullState, type NodePull } from './prepull.js';

export type PrepullEvent =
  | { type: 'node-done'; node: string; images: number }
  | { type: 'problem'; node: string; problem: string }
  | { type: 'waiting'; done: number; total: number }
  | { type: 'removed' };

export interface PrepullResult {
  done: string[];
  /** Nodes still without every image at the deadline. */
  missing: NodePull[];
  total: number;
  interrupted: boolean;
}

export interface PrepullOptions {
  intervalMs: number;
  timeoutMs: number;
}

/** `kube` works in PREPARE_NAMESPACE; `cleanup` is the same without Ctrl-C wired to it. */
export async function runPrepull(
  ctx: Pick<Context, 'now' | 'sleep' | 'signal'>,
  kube: Kube,
  cleanup: Kube,
  images: string[],
  o: PrepullOptions,
  report: (e: PrepullEvent) => void,
): Promise<PrepullResult> {
  const reported = new Set<string>();
  const problems = new Set<string>();
  let last: NodePull[] = [];
  let total = 0;
  let lastWaiting = '';
  try {
    await applyOwnNamespaces(kube, prepullObjects(images).map((x) => stringify(x, { lineWidth: 0 })).join('---\n'));
    const deadline = ctx.now() + o.timeoutMs;
    for (;;) {
      const [ds, pods] = await Promise.all([kube.get<LiveObject>('DaemonSet', PREPULL_NAME), kube.list<Pod>('Pod', { selector: PREPULL_SELECTOR })]);
      total = desiredPods(ds);
      last = pullState(pods, images.length);
      for (const n of last) {
        if (n.done && !reported.has(n.node)) {
          reported.add(n.node);
          report({ type: 'node-done', node: n.node, images: images.length });
        }
        if (n.problem && !n.done && !problems.has(`${n.node} ${n.problem}`)) {
          problems.add(`${n.node} ${n.problem}`);
          report({ type: 'problem', node: n.node, problem: n.problem });
        }
      }
      if (total > 0 && reported.size >= total) break;
      const key = `${reported.size}/${total}`;
      if (total > 0 && key !== lastWaiting) {
        lastWaiting = key;
        report({ type: 'waiting', done: reported.size, total });
      }
      if (ctx.signal.aborted || ctx.now() >= deadline) break;
      await ctx.sleep(o.intervalMs, ctx.signal);
      if (ctx.signal.aborted) break;
    }
  } finally {
    await cleanup.delete([{ kind: 'Namespace', name: PREPARE_NAMESPACE }], { wait: true });
    report({ type: 'removed' });
  }
  return { done: [...reported].sort(), missing: last.filter((n) => !n.done), total, interrupted: ctx.signal.aborted };
}

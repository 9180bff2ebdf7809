/**
 * Container resources: a request above its limit is refused by the API server; a request no lab node
 * can meet leaves the pod Pending ("Insufficient memory"), which is what a unit typo (256Gi for 256Mi)
 * does. The lab runs on kind, minikube or a workshop's shared nodes: we call anything above
 * LAB_NODE_MAX more than such a node has.
 */
import type { Lang } from '../i18n/lang.js';
import { lintMessages } from '../i18n/lint.js';
import { containersOf, isObj, type ManifestObject, type Report } from './objects.js';

const LAB_NODE_MAX = { memory: 32 * 2 ** 30, cpu: 16 } as const;

const SUFFIX: Record<string, number> = {
  '': 1, m: 1e-3, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18,
  Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60,
};

/** A Kubernetes quantity as a number (bytes, cores), or undefined when it is not one. */
export function parseQuantity(q: unknown): number | undefined {
  if (typeof q === 'number') return q;
  if (typeof q !== 'string') return undefined;
  const m = /^([+-]?\d+(?:\.\d*)?|[+-]?\.\d+)(?:([eE][+-]?\d+)|(Ki|Mi|Gi|Ti|Pi|Ei|m|k|M|G|T|P|E)?)$/.exec(q.trim());
  if (!m) return undefined;
  return Number(m[1] + (m[2] ?? '')) * SUFFIX[m[3] ?? ''];
}

export function checkResources(o: ManifestObject, ctx: { lang: Lang; report: Report }): void {
  const m = lintMessages[ctx.lang];
  for (const { c, path } of containersOf(o)) {
    const res = isObj(c.resources) ? c.resources : undefined;
    const requests = res && isObj(res.requests) ? res.requests : {};
    const limits = res && isObj(res.limits) ? res.limits : {};
    for (const kind of ['memory', 'cpu'] as const) {
      const req = parseQuantity(requests[kind]);
      const lim = parseQuantity(limits[kind]);
      const at = { o, path: [...path, 'resources', 'requests', kind] };
      if (req !== undefined && lim !== undefined && req > lim) {
        ctx.report(at, 'error', 'resources', m.requestAboveLimit(kind, String(requests[kind]), String(limits[kind])));
      } else if (req !== undefined && req > LAB_NODE_MAX[kind]) {
        ctx.report(at, 'warning', 'resources', m.requestTooLarge(kind, String(requests[kind])));
      }
    }
  }
}

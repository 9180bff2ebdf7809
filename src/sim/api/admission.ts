/**
 * Admission, in the API server's order. Mutating plugins first: ServiceAccount (default account, token
 * volume), LimitRanger (defaults for containers and init containers without resources), plus the defaults
 * other plugins set (default StorageClass, Service cluster IP). Then the object gets its generated name, and
 * the validating plugins run: PodSecurity (the namespace's enforce level refuses a pod, its warn level
 * warns about a pod or a workload's pod template), ResourceQuota (reject what would exceed `hard`).
 */
import type { Obj } from '../state/types.js';
import { defaultLimitRangeItem } from './defaults.js';
import { forbidden } from './errors.js';
import { evaluatePod, namespacePolicy, podTemplateOf, POD_TEMPLATE_RESOURCES } from './pod-security.js';
import type { User } from './rbac.js';
import { formatQuantity, parseQuantity } from './quantity.js';
import type { World } from './world.js';

type J = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const SA_MOUNT = '/var/run/secrets/kubernetes.io/serviceaccount';

function randSuffix(n: number): string {
  const alphabet = 'bcdfghjklmnpqrstvwxz2456789';
  let s = '';
  for (let i = 0; i < n; i++) s += alphabet[Math.floor(Math.random() * alphabet.length)];
  return s;
}

export function admitPod(w: World, pod: Obj): void {
  const ns = pod.metadata.namespace!;
  const spec: J = pod.spec;
  const podName = pod.metadata.name || pod.metadata.generateName || '';
  spec.serviceAccountName = spec.serviceAccountName ?? spec.serviceAccount ?? 'default';
  spec.serviceAccount = spec.serviceAccountName;
  if (!w.get('serviceaccounts', ns, spec.serviceAccountName)) {
    throw forbidden(`pods "${podName}" is forbidden: error looking up service account ${ns}/${spec.serviceAccountName}: serviceaccount "${spec.serviceAccountName}" not found`);
  }
  if (spec.automountServiceAccountToken !== false && !(spec.volumes ?? []).some((v: J) => v.name?.startsWith('kube-api-access-'))) {
    const vol = `kube-api-access-${randSuffix(5)}`;
    spec.volumes = [...(spec.volumes ?? []), {
      name: vol,
      projected: {
        defaultMode: 420,
        sources: [
          { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
          { configMap: { items: [{ key: 'ca.crt', path: 'ca.crt' }], name: 'kube-root-ca.crt' } },
          { downwardAPI: { items: [{ fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' }, path: 'namespace' }] } },
        ],
      },
    }];
    for (const c of [...(spec.initContainers ?? []), ...spec.containers]) {
      if ((c.volumeMounts ?? []).some((m: J) => m.mountPath === SA_MOUNT)) continue;
      c.volumeMounts = [...(c.volumeMounts ?? []), { mountPath: SA_MOUNT, name: vol, readOnly: true }];
    }
  }
  spec.tolerations = spec.tolerations ?? [];
  for (const key of ['node.kubernetes.io/not-ready', 'node.kubernetes.io/unreachable']) {
    if (!spec.tolerations.some((t: J) => t.key === key)) spec.tolerations.push({ effect: 'NoExecute', key, operator: 'Exists', tolerationSeconds: 300 });
  }
  limitRanger(w, pod);
}

/** The validating plugins for a pod, once it has its name: LimitRanger, PodSecurity, then ResourceQuota. */
export function validatePod(w: World, pod: Obj, u: User): void {
  limitRangerValidate(w, pod);
  podSecurity(w, u, 'pods', pod);
  checkQuota(w, pod);
}

/**
 * PodSecurity: a pod breaking the namespace's enforce level is Forbidden; one breaking its warn level (or a
 * workload whose pod template would) gets a warning back to whoever asked. Nothing is checked in a namespace
 * without the labels (privileged).
 */
export function podSecurity(w: World, u: User, res: string, o: Obj): void {
  const isPod = res === 'pods';
  if (!isPod && !POD_TEMPLATE_RESOURCES.has(res)) return;
  const ns = w.get('namespaces', undefined, o.metadata.namespace ?? '');
  const policy = namespacePolicy(ns?.metadata.labels);
  if (policy.enforce.level === 'privileged' && policy.warn.level === 'privileged') return;
  const target = isPod ? { meta: o.metadata, spec: o.spec } : podTemplateOf(res, o);
  if (!target) return;
  if (isPod) {
    const refused = evaluatePod(policy.enforce.level, target.meta, target.spec);
    if (refused) throw forbidden(`pods "${o.metadata.name}" is forbidden: violates PodSecurity "${policy.enforce.label}": ${refused}`);
  }
  const warned = evaluatePod(policy.warn.level, target.meta, target.spec);
  if (warned) u.warn?.(`would violate PodSecurity "${policy.warn.label}": ${warned}`);
}

/** One container's share of LimitRanger's defaulting (mergeContainerResources): what it set, for the annotation. */
function mergeContainerResources(c: J, def: { requests: J; limits: J }, prefix: string, notes: string[]): void {
  c.resources = c.resources ?? {};
  const r = c.resources;
  r.limits = r.limits ?? {};
  r.requests = r.requests ?? {};
  const lim: string[] = [];
  const req: string[] = [];
  for (const [k, v] of Object.entries(def.limits)) {
    if (r.limits[k] === undefined) {
      r.limits[k] = v;
      lim.push(k);
    }
  }
  for (const [k, v] of Object.entries(def.requests)) {
    if (r.requests[k] === undefined) {
      r.requests[k] = v;
      req.push(k);
    }
  }
  if (!Object.keys(r.limits).length) delete r.limits;
  if (!Object.keys(r.requests).length) delete r.requests;
  if (req.length) notes.push(`${req.sort().join(', ')} request for ${prefix} ${c.name}`);
  if (lim.length) notes.push(`${lim.sort().join(', ')} limit for ${prefix} ${c.name}`);
}

/**
 * The LimitRanger admission plugin, once per LimitRange in the namespace (PodLimitFunc): the defaults of its
 * Container items go to every container, then to every init container, and the pod's annotation says what
 * was set. (Requests already equal limits where only limits were written: pod defaulting ran first.)
 */
function limitRanger(w: World, pod: Obj): void {
  for (const lr of w.list('limitranges', pod.metadata.namespace)) {
    const def = { requests: {} as J, limits: {} as J };
    for (const item0 of lr.spec?.limits ?? []) {
      const item = { ...item0 };
      defaultLimitRangeItem(item);
      if (item.type !== 'Container') continue;
      Object.assign(def.requests, item.defaultRequest);
      Object.assign(def.limits, item.default);
    }
    const notes: string[] = [];
    for (const c of pod.spec.containers as J[]) mergeContainerResources(c, def, 'container', notes);
    for (const c of (pod.spec.initContainers ?? []) as J[]) mergeContainerResources(c, def, 'init container', notes);
    if (notes.length) {
      pod.metadata.annotations = { ...(pod.metadata.annotations ?? {}), 'kubernetes.io/limit-ranger': `LimitRanger plugin set: ${notes.join('; ')}` };
    }
  }
}

/**
 * LimitRanger's validation (PodValidateLimitFunc): every container and init container within each Container
 * item's min, max and maxLimitRequestRatio; a Pod item against the pod's totals. One error is its message,
 * several are listed in brackets (an aggregate).
 */
function limitRangerValidate(w: World, pod: Obj): void {
  const errs: string[] = [];
  const q = (v: unknown) => parseQuantity(v);
  const check = (type: string, item: J, requests: J, limits: J) => {
    for (const [k, v] of Object.entries((item.min ?? {}) as J)) {
      if (requests[k] === undefined) errs.push(`minimum ${k} usage per ${type} is ${v}.  No request is specified`);
      else if (q(requests[k]) < q(v)) errs.push(`minimum ${k} usage per ${type} is ${v}, but request is ${requests[k]}`);
      else if (limits[k] !== undefined && q(limits[k]) < q(v)) errs.push(`minimum ${k} usage per ${type} is ${v}, but limit is ${limits[k]}`);
    }
    for (const [k, v] of Object.entries((item.max ?? {}) as J)) {
      if (limits[k] === undefined) errs.push(`maximum ${k} usage per ${type} is ${v}.  No limit is specified`);
      else if (q(limits[k]) > q(v)) errs.push(`maximum ${k} usage per ${type} is ${v}, but limit is ${limits[k]}`);
      else if (requests[k] !== undefined && q(requests[k]) > q(v)) errs.push(`maximum ${k} usage per ${type} is ${v}, but request is ${requests[k]}`);
    }
    for (const [k, v] of Object.entries((item.maxLimitRequestRatio ?? {}) as J)) {
      if (!q(requests[k] ?? 0)) errs.push(`${k} max limit to request ratio per ${type} is ${v}, but no request is specified or request is 0`);
      else if (!q(limits[k] ?? 0)) errs.push(`${k} max limit to request ratio per ${type} is ${v}, but no limit is specified or limit is 0`);
      else if (q(limits[k]) / q(requests[k]) > q(v)) errs.push(`${k} max limit to request ratio per ${type} is ${v}, but provided ratio is ${(q(limits[k]) / q(requests[k])).toFixed(6)}`);
    }
  };
  for (const lr of w.list('limitranges', pod.metadata.namespace)) {
    for (const item of (lr.spec?.limits ?? []) as J[]) {
      if (item.type === 'Container') {
        for (const c of [...(pod.spec.containers as J[]), ...((pod.spec.initContainers ?? []) as J[])]) check('Container', item, c.resources?.requests ?? {}, c.resources?.limits ?? {});
      } else if (item.type === 'Pod') {
        const fmt = (r: ResList) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, formatQuantity(k, v)]));
        check('Pod', item, fmt(podResources(pod, 'requests')), fmt(podResources(pod, 'limits')));
      }
    }
  }
  if (errs.length) throw forbidden(`pods "${pod.metadata.name}" is forbidden: ${errs.length === 1 ? errs[0] : `[${errs.join(', ')}]`}`);
}

type ResList = Record<string, number>;

/**
 * A pod's effective requests or limits, as the scheduler and the quota count them (component-helpers
 * PodRequests / PodLimits): its containers and sidecars (init containers with restartPolicy Always) add up;
 * an ordinary init container runs alone (beside the sidecars started before it), so the pod needs the larger
 * of that sum and its biggest init container.
 */
export function podResources(pod: Obj, which: 'requests' | 'limits'): ResList {
  const of = (c: J): ResList => Object.fromEntries(Object.entries(c.resources?.[which] ?? {}).map(([k, v]) => [k, parseQuantity(v)]));
  const add = (a: ResList, b: ResList) => {
    for (const k in b) a[k] = (a[k] ?? 0) + b[k];
  };
  const max = (a: ResList, b: ResList) => {
    for (const k in b) a[k] = Math.max(a[k] ?? -Infinity, b[k]);
  };
  const total: ResList = {};
  for (const c of pod.spec?.containers ?? []) add(total, of(c));
  const sidecars: ResList = {};
  const inits: ResList = {};
  for (const c of pod.spec?.initContainers ?? []) {
    const r = of(c);
    if (c.restartPolicy === 'Always') {
      add(total, r);
      add(sidecars, r);
      max(inits, sidecars);
    } else {
      const alone = { ...r };
      add(alone, sidecars);
      max(inits, alone);
    }
  }
  max(total, inits);
  return total;
}

/** What a pod adds to each quota-tracked resource. */
export function podUsage(pod: Obj): Record<string, number> {
  const u: Record<string, number> = { pods: 1 };
  for (const kind of ['requests', 'limits'] as const) {
    for (const [k, v] of Object.entries(podResources(pod, kind))) {
      u[`${kind}.${k}`] = v;
      if (kind === 'requests' && (k === 'cpu' || k === 'memory')) u[k] = v;
    }
  }
  return u;
}

function isCounted(p: Obj): boolean {
  return p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed';
}

/** Object-count quota keys (`pods`, `services`, `count/deployments.apps`, ...) and the resource they count. */
function countedResource(key: string): string | undefined {
  const plain: Record<string, string> = { pods: 'pods', services: 'services', configmaps: 'configmaps', secrets: 'secrets', persistentvolumeclaims: 'persistentvolumeclaims', replicationcontrollers: 'replicationcontrollers', resourcequotas: 'resourcequotas' };
  if (plain[key]) return plain[key];
  const m = /^count\/([a-z]+)(\..+)?$/.exec(key);
  return m ? m[1] : undefined;
}

function pvcStorage(o: Obj): number {
  return parseQuantity(o.spec?.resources?.requests?.storage ?? 0);
}

export function quotaUsed(w: World, ns: string, hard: Record<string, unknown>): Record<string, string> {
  const sum: Record<string, number> = {};
  for (const p of w.list('pods', ns)) {
    if (!isCounted(p)) continue;
    const u = podUsage(p);
    for (const k of Object.keys(hard)) if (!countedResource(k)) sum[k] = (sum[k] ?? 0) + (u[k] ?? 0);
  }
  for (const k of Object.keys(hard)) {
    const res = countedResource(k);
    if (res) sum[k] = w.list(res, ns).filter((o) => res !== 'pods' || isCounted(o)).length;
  }
  if ('requests.storage' in hard) sum['requests.storage'] = w.list('persistentvolumeclaims', ns).reduce((n, c) => n + pvcStorage(c), 0);
  return Object.fromEntries(Object.keys(hard).map((k) => [k, formatQuantity(k, sum[k] ?? 0)]));
}

/** Quota admission for objects other than pods: object counts and PVC storage. */
export function checkObjectQuota(w: World, o: Obj, res: string, qualified: string): void {
  const ns = o.metadata.namespace;
  if (!ns || res === 'pods') return;
  for (const q of w.list('resourcequotas', ns)) {
    const hard: Record<string, unknown> = q.spec?.hard ?? {};
    const used = quotaUsed(w, ns, hard);
    const add: Record<string, number> = {};
    for (const k of Object.keys(hard)) if (countedResource(k) === res) add[k] = 1;
    if (res === 'persistentvolumeclaims' && 'requests.storage' in hard) add['requests.storage'] = pvcStorage(o);
    const over = Object.keys(add).sort().filter((k) => add[k] && parseQuantity(used[k]) + add[k] > parseQuantity(hard[k]));
    if (over.length) {
      const fmt = (f: (k: string) => string) => over.map((k) => `${k}=${f(k)}`).join(',');
      throw forbidden(`${qualified} "${o.metadata.name}" is forbidden: exceeded quota: ${q.metadata.name}, requested: ${fmt((k) => formatQuantity(k, add[k]))}, used: ${fmt((k) => used[k])}, limited: ${fmt((k) => String(hard[k]))}`);
    }
  }
}

function checkQuota(w: World, pod: Obj): void {
  const ns = pod.metadata.namespace!;
  const name = pod.metadata.name || pod.metadata.generateName || '';
  const usage = podUsage(pod);
  for (const q of w.list('resourcequotas', ns)) {
    const hard: Record<string, unknown> = q.spec?.hard ?? {};
    const missing: string[] = [];
    for (const k of Object.keys(hard).sort()) {
      const m = /^(requests|limits)\.(cpu|memory)$/.exec(k) ?? (/^(cpu|memory)$/.test(k) ? [k, 'requests', k] : null);
      if (!m) continue;
      // Every container, init containers too, must state it (podEvaluator.Constraints); names sorted.
      const all = [...(pod.spec.containers as J[]), ...((pod.spec.initContainers ?? []) as J[])];
      const lacking = [...new Set(all.filter((c) => c.resources?.[m[1]]?.[m[2]] === undefined).map((c) => String(c.name)))].sort();
      if (lacking.length) missing.push(`${k} for: ${lacking.join(',')}`);
    }
    if (missing.length) throw forbidden(`pods "${name}" is forbidden: failed quota: ${q.metadata.name}: must specify ${missing.join('; ')}`);
    const used = quotaUsed(w, ns, hard);
    const over: string[] = [];
    for (const k of Object.keys(hard).sort()) {
      const add = countedResource(k) === 'pods' ? 1 : countedResource(k) ? 0 : (usage[k] ?? 0);
      if (!add) continue;
      if (parseQuantity(used[k]) + add > parseQuantity(hard[k])) over.push(k);
    }
    if (over.length) {
      const fmt = (f: (k: string) => string) => over.map((k) => `${k}=${f(k)}`).join(',');
      throw forbidden(
        `pods "${name}" is forbidden: exceeded quota: ${q.metadata.name}, requested: ${fmt((k) => formatQuantity(k, countedResource(k) === 'pods' ? 1 : usage[k]))}, used: ${fmt((k) => used[k])}, limited: ${fmt((k) => String(hard[k]))}`,
      );
    }
  }
}

export function allocateClusterIP(w: World): string {
  const used = new Set(w.list('services').map((s) => s.spec?.clusterIP));
  for (;;) {
    const n = 2 + Math.floor(Math.random() * 65000);
    const ip = `10.96.${n >> 8}.${n & 255}`;
    if ((n & 255) !== 0 && (n & 255) !== 255 && !used.has(ip)) return ip;
  }
}

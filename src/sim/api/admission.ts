/**
 * Admission, in the API server's order: ServiceAccount (default account, token volume), LimitRanger
 * (defaults for containers without resources), ResourceQuota (reject what would exceed `hard`), plus the
 * defaults other plugins set (default StorageClass, Service cluster IP).
 */
import type { Obj } from '../state/types.js';
import { forbidden } from './errors.js';
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
  checkQuota(w, pod);
}

function limitRanger(w: World, pod: Obj): void {
  const set: string[] = [];
  for (const lr of w.list('limitranges', pod.metadata.namespace)) {
    for (const item of lr.spec?.limits ?? []) {
      if (item.type !== 'Container') continue;
      for (const c of pod.spec.containers as J[]) {
        c.resources = c.resources ?? {};
        const r = c.resources;
        const req: string[] = [];
        const lim: string[] = [];
        for (const [k, v] of Object.entries(item.defaultRequest ?? {})) {
          if (r.requests?.[k] === undefined) {
            r.requests = { ...(r.requests ?? {}), [k]: r.limits?.[k] ?? v };
            req.push(k);
          }
        }
        for (const [k, v] of Object.entries(item.default ?? {})) {
          if (r.limits?.[k] === undefined) {
            r.limits = { ...(r.limits ?? {}), [k]: v };
            lim.push(k);
          }
          if (r.requests?.[k] === undefined) {
            r.requests = { ...(r.requests ?? {}), [k]: v };
            req.push(k);
          }
        }
        if (req.length) set.push(`${req.join(', ')} request for container ${c.name}`);
        if (lim.length) set.push(`${lim.join(', ')} limit for container ${c.name}`);
      }
    }
  }
  if (set.length) {
    pod.metadata.annotations = { ...(pod.metadata.annotations ?? {}), 'kubernetes.io/limit-ranger': `LimitRanger plugin set: ${set.join('; ')}` };
  }
}

/** What a pod adds to each quota-tracked resource. */
export function podUsage(pod: Obj): Record<string, number> {
  const u: Record<string, number> = { pods: 1 };
  for (const c of pod.spec?.containers ?? []) {
    for (const kind of ['requests', 'limits'] as const) {
      for (const [k, v] of Object.entries(c.resources?.[kind] ?? {})) {
        const key = `${kind}.${k}`;
        u[key] = (u[key] ?? 0) + parseQuantity(v);
        if (kind === 'requests' && (k === 'cpu' || k === 'memory')) u[k] = (u[k] ?? 0) + parseQuantity(v);
      }
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
      const lacking = (pod.spec.containers as J[]).filter((c) => c.resources?.[m[1]]?.[m[2]] === undefined).map((c) => c.name);
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

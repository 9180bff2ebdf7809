/**
 * A container's environment as the kubelet builds it when the container is created: envFrom sources in order
 * (with their prefix), then env entries (overriding), `$(VAR)` expanded against what was defined before,
 * downward-API values, service links for the namespace's Services, and the API server's KUBERNETES_* vars.
 * Built once per container start: a ConfigMap edited later changes nothing until the next start.
 */
import { World } from '../api/world.js';
import type { Obj } from '../state/types.js';

type J = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export class EnvError extends Error {}

function decode(b64: string): string {
  return Buffer.from(b64, 'base64').toString('utf8');
}

/** Replace $(VAR) with earlier values; $$ escapes; unknown references stay as written. */
export function expand(value: string, vars: Map<string, string>): string {
  return value.replace(/\$\$|\$\(([A-Za-z_][A-Za-z0-9_.-]*)\)/g, (m, name: string | undefined) => {
    if (m === '$$') return '$';
    return vars.has(name!) ? vars.get(name!)! : m;
  });
}

/** A downward-API field; the pod's IP is the sandbox's, known to the kubelet before the API shows it. */
function fieldValue(w: World, pod: Obj, path: string): string {
  switch (path) {
    case 'metadata.name': return pod.metadata.name;
    case 'metadata.namespace': return pod.metadata.namespace ?? '';
    case 'metadata.uid': return pod.metadata.uid ?? '';
    case 'spec.nodeName': return pod.spec.nodeName ?? '';
    case 'spec.serviceAccountName': return pod.spec.serviceAccountName ?? '';
    case 'status.podIP': case 'status.podIPs': return pod.status?.podIP || w.s.rt.pods[pod.metadata.uid!]?.ip || '';
    case 'status.hostIP': case 'status.hostIPs': return pod.status?.hostIP ?? '';
    default: {
      const m = /^metadata\.(labels|annotations)\['(.+)'\]$/.exec(path);
      return m ? (pod.metadata[m[1] as 'labels']?.[m[2]] ?? '') : '';
    }
  }
}

function serviceLinks(w: World, pod: Obj, out: [string, string][]): void {
  const add = (svc: Obj) => {
    const ip = svc.spec.clusterIP;
    if (!ip || ip === 'None' || !svc.spec.ports?.length) return;
    const prefix = svc.metadata.name.toUpperCase().replace(/-/g, '_');
    const first = svc.spec.ports[0];
    out.push([`${prefix}_SERVICE_HOST`, ip], [`${prefix}_SERVICE_PORT`, String(first.port)]);
    for (const p of svc.spec.ports) if (p.name) out.push([`${prefix}_SERVICE_PORT_${p.name.toUpperCase().replace(/-/g, '_')}`, String(p.port)]);
    out.push([`${prefix}_PORT`, `${first.protocol.toLowerCase()}://${ip}:${first.port}`]);
    for (const p of svc.spec.ports) {
      const base = `${prefix}_PORT_${p.port}_${p.protocol}`;
      out.push([base, `${p.protocol.toLowerCase()}://${ip}:${p.port}`], [`${base}_PROTO`, p.protocol.toLowerCase()], [`${base}_PORT`, String(p.port)], [`${base}_ADDR`, ip]);
    }
  };
  if (pod.spec.enableServiceLinks !== false) for (const svc of w.list('services', pod.metadata.namespace)) if (!(pod.metadata.namespace === 'default' && svc.metadata.name === 'kubernetes')) add(svc);
  const k = w.get('services', 'default', 'kubernetes');
  if (k) add(k);
}

/** The ordered environment for one container, or an EnvError with the kubelet's message. */
export function buildEnv(w: World, pod: Obj, c: J): [string, string][] {
  const ns = pod.metadata.namespace!;
  const vars = new Map<string, string>();
  const set = (k: string, v: string) => {
    vars.delete(k);
    vars.set(k, v);
  };
  for (const src of c.envFrom ?? []) {
    const prefix = src.prefix ?? '';
    if (src.configMapRef) {
      const cm = w.get('configmaps', ns, src.configMapRef.name);
      if (!cm) {
        if (src.configMapRef.optional) continue;
        throw new EnvError(`configmap "${src.configMapRef.name}" not found`);
      }
      for (const [k, v] of Object.entries(cm.data ?? {})) set(prefix + k, String(v));
    } else if (src.secretRef) {
      const s = w.get('secrets', ns, src.secretRef.name);
      if (!s) {
        if (src.secretRef.optional) continue;
        throw new EnvError(`secret "${src.secretRef.name}" not found`);
      }
      for (const [k, v] of Object.entries(s.data ?? {})) set(prefix + k, decode(String(v)));
    }
  }
  for (const e of c.env ?? []) {
    const vf = e.valueFrom;
    if (!vf) {
      set(e.name, expand(String(e.value ?? ''), vars));
      continue;
    }
    if (vf.fieldRef) set(e.name, fieldValue(w, pod, vf.fieldRef.fieldPath));
    else if (vf.configMapKeyRef) {
      const r = vf.configMapKeyRef;
      const cm = w.get('configmaps', ns, r.name);
      if (!cm) {
        if (r.optional) continue;
        throw new EnvError(`configmap "${r.name}" not found`);
      }
      if (!(r.key in (cm.data ?? {}))) {
        if (r.optional) continue;
        throw new EnvError(`couldn't find key ${r.key} in ConfigMap ${ns}/${r.name}`);
      }
      set(e.name, String(cm.data[r.key]));
    } else if (vf.secretKeyRef) {
      const r = vf.secretKeyRef;
      const s = w.get('secrets', ns, r.name);
      if (!s) {
        if (r.optional) continue;
        throw new EnvError(`secret "${r.name}" not found`);
      }
      if (!(r.key in (s.data ?? {}))) {
        if (r.optional) continue;
        throw new EnvError(`couldn't find key ${r.key} in Secret ${ns}/${r.name}`);
      }
      set(e.name, decode(String(s.data[r.key])));
    } else if (vf.resourceFieldRef) {
      const r = vf.resourceFieldRef;
      const [kind, res] = String(r.resource).split('.');
      const v = c.resources?.[kind === 'limits' ? 'limits' : 'requests']?.[res];
      set(e.name, v === undefined ? (res === 'cpu' ? '8' : '16673820672') : String(v));
    }
  }
  const out: [string, string][] = [...vars.entries()];
  serviceLinks(w, pod, out);
  return out;
}

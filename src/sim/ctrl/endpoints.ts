/**
 * The endpoints controller: for each Service with a selector, the addresses of its pods, ready ones in
 * `addresses` and the others in `notReadyAddresses` (all in `addresses` with publishNotReadyAddresses).
 * An address carries `hostname` only when the pod has a hostname and its subdomain is this Service's name.
 */
import { matches, selectorReqs } from '../api/selector.js';
import { iso, World } from '../api/world.js';
import type { Obj } from '../state/types.js';
import { compareBytes, md5 } from '../api/md5.js';
import { isReady } from './util.js';

/** The Go value %#v (go-spew, as hashutil.DeepHashObject prints it) of an EndpointPort. */
function spewPort(p: J): string {
  return `(v1.EndpointPort){Name:(string)${p.name ?? ''} Port:(int32)${p.port} Protocol:(v1.Protocol)${p.protocol} AppProtocol:(*string)<nil>}`;
}

/** RepackSubsets' orders: addresses by IP (bytewise), then target UID; ports by the MD5 of their Go value. */
function byAddress(a: J, b: J): number {
  return a.ip < b.ip ? -1 : a.ip > b.ip ? 1 : String(a.targetRef?.uid ?? '').localeCompare(String(b.targetRef?.uid ?? ''));
}

type J = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function containerPort(pod: Obj, target: number | string): number | undefined {
  if (typeof target === 'number') return target;
  for (const c of pod.spec.containers ?? []) for (const p of c.ports ?? []) if (p.name === target) return p.containerPort;
  return undefined;
}

export function syncEndpoints(w: World): void {
  for (const svc of w.list('services')) {
    const sel = svc.spec.selector;
    if (!sel || Object.keys(sel).length === 0) continue;
    const reqs = selectorReqs({ matchLabels: sel });
    const pods = w.list('pods', svc.metadata.namespace).filter((p) => matches(reqs, p.metadata.labels) && p.status?.podIP && !p.metadata.deletionTimestamp && p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed');
    const subsets = new Map<string, { addresses: J[]; notReadyAddresses: J[]; ports: J[] }>();
    for (const p of pods) {
      const ports: J[] = [];
      for (const sp of svc.spec.ports ?? []) {
        const port = containerPort(p, sp.targetPort ?? sp.port);
        if (port === undefined) continue;
        ports.push({ ...(sp.name ? { name: sp.name } : {}), port, protocol: sp.protocol ?? 'TCP' });
      }
      if (ports.length === 0 && (svc.spec.ports ?? []).length > 0) continue;
      const key = JSON.stringify(ports);
      const entry = subsets.get(key) ?? { addresses: [], notReadyAddresses: [], ports };
      subsets.set(key, entry);
      const addr: J = { ip: p.status.podIP };
      if (p.spec.hostname && p.spec.subdomain === svc.metadata.name) addr.hostname = p.spec.hostname;
      addr.nodeName = p.spec.nodeName;
      addr.targetRef = { kind: 'Pod', name: p.metadata.name, namespace: p.metadata.namespace, uid: p.metadata.uid };
      if (isReady(p) || svc.spec.publishNotReadyAddresses) entry.addresses.push(addr);
      else entry.notReadyAddresses.push(addr);
    }
    const list = [...subsets.values()].map((s) => {
      const out: J = {};
      s.addresses.sort(byAddress);
      s.notReadyAddresses.sort(byAddress);
      const hashed = s.ports.map((p) => ({ p, h: md5(spewPort(p)) }));
      s.ports = hashed.sort((x, y) => compareBytes(x.h, y.h)).map((x) => x.p);
      if (s.addresses.length) out.addresses = s.addresses;
      if (s.notReadyAddresses.length) out.notReadyAddresses = s.notReadyAddresses;
      out.ports = s.ports;
      return out;
    });
    const labels = { ...(svc.metadata.labels ?? {}) };
    if (svc.spec.clusterIP === 'None') labels['service.kubernetes.io/headless'] = '';
    const ep = w.get('endpoints', svc.metadata.namespace, svc.metadata.name);
    if (!ep) {
      w.create({ apiVersion: 'v1', kind: 'Endpoints', metadata: { name: svc.metadata.name, namespace: svc.metadata.namespace, labels, annotations: { 'endpoints.kubernetes.io/last-change-trigger-time': iso(w.now) } }, ...(list.length ? { subsets: list } : {}) });
      continue;
    }
    if (JSON.stringify(ep.subsets ?? []) !== JSON.stringify(list) || JSON.stringify(ep.metadata.labels ?? {}) !== JSON.stringify(labels)) {
      if (list.length) ep.subsets = list;
      else delete ep.subsets;
      ep.metadata.labels = labels;
      ep.metadata.annotations = { ...(ep.metadata.annotations ?? {}), 'endpoints.kubernetes.io/last-change-trigger-time': iso(w.now) };
      w.update(ep);
    }
  }
  // Endpoints of a deleted Service go with it.
  for (const ep of w.list('endpoints')) {
    if (ep.metadata.name === 'kubernetes' && ep.metadata.namespace === 'default') continue;
    if (!w.get('services', ep.metadata.namespace, ep.metadata.name)) w.remove(ep);
  }
}

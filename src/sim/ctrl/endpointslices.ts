/**
 * The EndpointSlice controller (k8s.io/endpointslice v0.32): one IPv4 slice per Service with a selector,
 * named from the Service (`<service>-xxxxx`), owned by it, its endpoints one per pod with an IP (ready,
 * serving, terminating), its ports sorted by the MD5 of their Go value as the reconciler sorts them.
 */
import { compareBytes, md5 } from '../api/md5.js';
import { matches, selectorReqs } from '../api/selector.js';
import { iso, World } from '../api/world.js';
import type { Obj } from '../state/types.js';
import { isReady, ownerRef } from './util.js';

type J = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const MANAGED_BY = 'endpointslice-controller.k8s.io';

/** go-spew's %#v of a discovery/v1 EndpointPort (its fields are pointers), as dump.ForHash prints it. */
function spewPort(p: J): string {
  return `(v1.EndpointPort){Name:(*string)${p.name ?? '<nil>'} Protocol:(*v1.Protocol)${p.protocol} Port:(*int32)${p.port} AppProtocol:(*string)<nil>}`;
}

function containerPort(pod: Obj, target: number | string): number | undefined {
  if (typeof target === 'number') return target;
  for (const c of pod.spec.containers ?? []) for (const p of c.ports ?? []) if (p.name === target) return p.containerPort;
  return undefined;
}

function randomSuffix(w: World): string {
  const alphabet = 'bcdfghjklmnpqrstvwxz2456789';
  let n = w.seq() * 2654435761;
  let s = '';
  for (let i = 0; i < 5; i++) {
    s += alphabet[Math.abs(n) % alphabet.length];
    n = Math.floor(n / alphabet.length) + 7919 * (i + 1);
  }
  return s;
}

export function syncEndpointSlices(w: World): void {
  for (const svc of w.list('services')) {
    const sel = svc.spec.selector;
    if (!sel || Object.keys(sel).length === 0) continue;
    const ns = svc.metadata.namespace;
    const reqs = selectorReqs({ matchLabels: sel });
    const pods = w.list('pods', ns).filter((p) => matches(reqs, p.metadata.labels) && p.status?.podIP && p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed');
    const endpoints: J[] = [];
    let ports: J[] | undefined;
    for (const p of pods.sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : 1))) {
      const terminating = !!p.metadata.deletionTimestamp;
      if (terminating && !svc.spec.publishNotReadyAddresses) continue;
      const ready = isReady(p) && !terminating;
      const ep: J = { addresses: [p.status.podIP], conditions: { ready: ready || !!svc.spec.publishNotReadyAddresses, serving: isReady(p), terminating } };
      if (p.spec.hostname && p.spec.subdomain === svc.metadata.name) ep.hostname = p.spec.hostname;
      ep.nodeName = p.spec.nodeName;
      ep.targetRef = { kind: 'Pod', name: p.metadata.name, namespace: ns, uid: p.metadata.uid };
      endpoints.push(ep);
      ports ??= (svc.spec.ports ?? [])
        .map((sp: J) => ({ sp, port: containerPort(p, sp.targetPort ?? sp.port) }))
        .filter((x: J) => x.port !== undefined)
        .map((x: J) => ({ ...(x.sp.name !== undefined ? { name: x.sp.name } : { name: '' }), port: x.port, protocol: x.sp.protocol ?? 'TCP' }));
    }
    const sorted = (ports ?? (svc.spec.ports ?? []).map((sp: J) => ({ name: sp.name ?? '', port: typeof sp.targetPort === 'number' ? sp.targetPort : sp.port, protocol: sp.protocol ?? 'TCP' })))
      .map((p: J) => ({ p, h: md5(spewPort(p)) }))
      .sort((a: J, b: J) => compareBytes(a.h, b.h))
      .map((x: J) => x.p);
    const labels: Record<string, string> = { ...(svc.metadata.labels ?? {}), 'endpointslice.kubernetes.io/managed-by': MANAGED_BY, 'kubernetes.io/service-name': svc.metadata.name };
    if (svc.spec.clusterIP === 'None') labels['service.kubernetes.io/headless'] = '';
    const existing = w.list('endpointslices', ns).find((s) => s.metadata.labels?.['kubernetes.io/service-name'] === svc.metadata.name && s.metadata.labels?.['endpointslice.kubernetes.io/managed-by'] === MANAGED_BY);
    const body = { endpoints: endpoints.length ? endpoints : null, ports: sorted };
    if (!existing) {
      w.create({
        apiVersion: 'discovery.k8s.io/v1',
        kind: 'EndpointSlice',
        metadata: {
          name: `${svc.metadata.name}-${randomSuffix(w)}`,
          generateName: `${svc.metadata.name}-`,
          generation: 1,
          namespace: ns,
          labels,
          annotations: { 'endpoints.kubernetes.io/last-change-trigger-time': iso(w.now) },
          ownerReferences: [ownerRef(svc)],
        },
        addressType: 'IPv4',
        ...body,
      });
      continue;
    }
    if (JSON.stringify({ endpoints: existing.endpoints ?? null, ports: existing.ports }) !== JSON.stringify(body) || JSON.stringify(existing.metadata.labels) !== JSON.stringify(labels)) {
      existing.endpoints = body.endpoints;
      existing.ports = body.ports;
      existing.metadata.labels = labels;
      existing.metadata.annotations = { ...(existing.metadata.annotations ?? {}), 'endpoints.kubernetes.io/last-change-trigger-time': iso(w.now) };
      w.update(existing, true);
    }
  }
}

/**
 * Reading the namespace picture through the Kube interface (the same kubectl the engine uses, never a
 * process of our own): one `get` of pods, Services, Endpoints and PVCs, and — less often, because it is an
 * exec per pod — `emqx ctl cluster status --json` in each running EMQX pod to see who is clustered with
 * whom. The pure part (pictureFrom) is table-tested.
 */
import { parseClusterStatus } from '../checks/emqx-output.js';
import type { Kube } from '../kube/kube.js';
import { isReady, isTerminating, type LiveObject, type Pod } from '../kube/objects.js';
import type { NamespacePicture, PodView } from './picture.js';

interface Service extends LiveObject {
  spec?: { type?: string; clusterIP?: string; ports?: { port?: number; name?: string }[] };
}
interface Endpoints extends LiveObject {
  subsets?: { addresses?: unknown[] }[];
}
interface Pvc extends LiveObject {
  status?: { phase?: string; capacity?: { storage?: string } };
}

/** What kubectl's STATUS column would say for a pod, in short. */
export function podStatus(p: Pod): string {
  if (isTerminating(p)) return 'Terminating';
  const statuses = p.status?.containerStatuses ?? [];
  const waiting = statuses.find((s) => s.state?.waiting?.reason)?.state?.waiting?.reason;
  if (waiting) return waiting;
  const terminated = statuses.find((s) => s.state?.terminated?.reason)?.state?.terminated?.reason;
  if (terminated) return terminated;
  return p.status?.phase ?? 'Pending';
}

export function podView(p: Pod): PodView {
  const statuses = p.status?.containerStatuses ?? [];
  const total = p.spec?.containers?.length ?? statuses.length;
  return {
    name: p.metadata.name,
    ready: statuses.filter((s) => s.ready).length,
    total,
    status: podStatus(p),
    restarts: statuses.reduce((n, s) => n + (s.restartCount ?? 0), 0),
  };
}

/**
 * Group pods by the cluster they report: pods whose `running_nodes` name each other are one cluster. A node
 * name (`emqx@10.0.0.5`, `emqx@emqx-0.emqx-headless.ns.svc.cluster.local`) maps to a pod by IP or hostname.
 */
export function clusterGroups(pods: Pod[], running: Map<string, string[]>): string[][] {
  const byHost = new Map<string, string>();
  for (const p of pods) {
    byHost.set(p.metadata.name, p.metadata.name);
    if (p.status?.podIP) byHost.set(p.status.podIP, p.metadata.name);
  }
  const podOf = (node: string) => {
    const host = node.split('@')[1] ?? node;
    return byHost.get(host) ?? byHost.get(host.split('.')[0]);
  };
  const seen = new Set<string>();
  const groups: string[][] = [];
  for (const p of pods) {
    const name = p.metadata.name;
    if (seen.has(name) || !running.has(name)) continue;
    const members = new Set([name]);
    for (const n of running.get(name) ?? []) {
      const other = podOf(n);
      if (other) members.add(other);
    }
    const group = [...members].filter((x) => !seen.has(x)).sort();
    for (const x of group) seen.add(x);
    groups.push(group);
  }
  return groups;
}

export function pictureFrom(namespace: string, objects: LiveObject[], running: Map<string, string[]>): NamespacePicture {
  const pods = objects.filter((o): o is Pod => o.kind === 'Pod').sort((a, b) => a.metadata.name.localeCompare(b.metadata.name));
  const endpoints = new Map(
    objects
      .filter((o): o is Endpoints => o.kind === 'Endpoints')
      .map((e) => [e.metadata.name, (e.subsets ?? []).reduce((n, s) => n + (s.addresses?.length ?? 0), 0)]),
  );
  return {
    namespace,
    pods: pods.map(podView),
    clusters: clusterGroups(pods, running),
    services: objects
      .filter((o): o is Service => o.kind === 'Service')
      .map((s) => ({
        name: s.metadata.name,
        type: s.spec?.type ?? 'ClusterIP',
        clusterIP: s.spec?.clusterIP,
        ports: (s.spec?.ports ?? []).map((p) => p.port).join(','),
        endpoints: endpoints.get(s.metadata.name),
      })),
    pvcs: objects
      .filter((o): o is Pvc => o.kind === 'PersistentVolumeClaim')
      .map((p) => ({ name: p.metadata.name, status: p.status?.phase ?? 'Pending', capacity: p.status?.capacity?.storage })),
  };
}

/** Is this an EMQX pod we can ask (running, Ready, with a container running the emqx image)? */
function askable(p: Pod): boolean {
  return isReady(p) && !isTerminating(p) && (p.spec?.containers ?? []).some((c) => /(^|\/)emqx(:|$)/.test(c.image?.replace(/@.*$/, '') ?? ''));
}

export interface SnapshotReader {
  read(signal: AbortSignal): Promise<NamespacePicture>;
}

/** Cluster membership is asked at most this often (an exec per pod). */
export const CLUSTER_EVERY_MS = 6_000;

export function snapshotReader(kube: Kube, now: () => number = Date.now): SnapshotReader {
  let running = new Map<string, string[]>();
  let askedAt = -Infinity;
  let askedFor = '';
  return {
    async read(signal) {
      const objects = await kube.list(['Pod', 'Service', 'Endpoints', 'PersistentVolumeClaim']);
      const pods = objects.filter((o): o is Pod => o.kind === 'Pod').filter(askable);
      const key = pods.map((p) => `${p.metadata.name}@${p.status?.podIP ?? ''}`).sort().join(',');
      // Ask again when the set of ready EMQX pods changed, or after a while (a cluster forms slowly).
      if (!signal.aborted && (key !== askedFor || now() - askedAt >= CLUSTER_EVERY_MS)) {
        const next = new Map<string, string[]>();
        await Promise.all(
          pods.map(async (p) => {
            const r = await kube.exec(p.metadata.name, ['emqx', 'ctl', 'cluster', 'status', '--json']).catch(() => undefined);
            const status = r && r.exitCode === 0 ? parseClusterStatus(r.stdout) : undefined;
            if (status) next.set(p.metadata.name, status.running);
          }),
        );
        running = next;
        askedAt = now();
        askedFor = key;
      }
      const live = new Map([...running].filter(([name]) => pods.some((p) => p.metadata.name === name)));
      return pictureFrom(kube.target.namespace, objects, live);
    },
  };
}

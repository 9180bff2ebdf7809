/**
 * A compact live picture of the namespace for a UI: pods (readiness, restarts, state), Services, PVCs, and
 * which EMQX nodes are clustered with which. One `snapshot()` costs at most two kubectl processes: one
 * `get pods,services,persistentvolumeclaims -o json`, and one exec of the course's own cluster-status
 * command (taken from the first exec check that reads emqxClusterStatus) into the next Ready pod in turn.
 * Each pod's latest view is kept, so after a few calls every node's view is known.
 */
import type { Course } from '../course/load.js';
import type { Lang } from '../i18n/lang.js';
import { parseClusterStatus } from '../checks/emqx-output.js';
import { podState } from '../checks/pods.js';
import type { Kube } from '../kube/kube.js';
import { callNeeds, type ApiNames } from '../kube/needs.js';
import type { Permission } from '../kube/permissions.js';
import { byName, isReady, isTerminating, matchesSelector, type LiveObject, type Pod } from '../kube/objects.js';
import { isKubeError, kubeDetail } from '../kube/result.js';

export interface SnapshotPod {
  name: string;
  ready: boolean;
  phase: string;
  /** A few words: "Running, Ready", "CrashLoopBackOff (3 restarts)". */
  state: string;
  restarts: number;
  terminating: boolean;
}

export interface Snapshot {
  at: number;
  pods: SnapshotPod[];
  services: { name: string; type: string; clusterIP?: string; ports: string }[];
  pvcs: { name: string; phase: string; storageClass?: string }[];
  /** Groups of pods whose EMQX nodes see each other as running; undefined when the course has no way to ask. */
  clusters?: { pods: string[]; nodes: string[] }[];
  /** What each pod's node said last (running node names). */
  views: { pod: string; running: string[] }[];
  /** The list call failed: kubectl's words. */
  error?: string;
}

interface ClusterProbe {
  command: string[];
  selector?: string;
  name?: string;
}

/** The course's own way of asking a node for its cluster view (no EMQX command is named in the engine). */
export function clusterProbeOf(course: Course): ClusterProbe | undefined {
  for (const s of course.steps) {
    for (const c of s.lesson.checks) {
      const all = c.kind === 'disruption' ? c.then : [c];
      for (const x of all) {
        if (x.kind === 'exec' && 'emqxClusterStatus' in x.expect) return { command: x.command, selector: x.pods.selector, name: x.pods.name };
      }
    }
  }
  return undefined;
}

/** Which pod a node name belongs to: `emqx@10.244.0.5` by pod IP, `emqx@emqx-0.emqx-headless...` by name. */
export function podOfNode(node: string, pods: Pod[]): string | undefined {
  const host = node.split('@')[1] ?? node;
  return pods.find((p) => p.status?.podIP === host || host === p.metadata.name || host.startsWith(`${p.metadata.name}.`))?.metadata.name;
}

/** Group the pods by the views their nodes reported (views that share a node are one cluster). */
export function groupClusters(views: { pod: string; running: string[] }[], pods: Pod[]): { pods: string[]; nodes: string[] }[] {
  const groups: { nodes: Set<string>; pods: Set<string> }[] = [];
  for (const v of views) {
    const nodes = new Set(v.running);
    const hit = groups.filter((g) => [...nodes].some((n) => g.nodes.has(n)));
    const merged = { nodes, pods: new Set([v.pod]) };
    for (const g of hit) {
      g.nodes.forEach((n) => merged.nodes.add(n));
      g.pods.forEach((p) => merged.pods.add(p));
      groups.splice(groups.indexOf(g), 1);
    }
    for (const n of merged.nodes) {
      const p = podOfNode(n, pods);
      if (p) merged.pods.add(p);
    }
    groups.push(merged);
  }
  return groups.map((g) => ({ pods: [...g.pods].sort(), nodes: [...g.nodes].sort() })).sort((a, b) => (a.pods[0] ?? '').localeCompare(b.pods[0] ?? ''));
}

const SNAPSHOT_KINDS = ['Pod', 'Service', 'PersistentVolumeClaim'];

/** One list of pods, Services and PVCs, and the exec of the course's cluster-status command (when it has one). */
export function snapshotNeeds(course: Course, api: ApiNames): Permission[] {
  return [...callNeeds.list(api, SNAPSHOT_KINDS), ...(clusterProbeOf(course) ? callNeeds.exec() : [])];
}

export function createSnapshotter(kube: Kube, course: Course, lang: Lang, now: () => number = Date.now) {
  const probe = clusterProbeOf(course);
  const views = new Map<string, { pod: string; uid: string; running: string[]; round: number }>();
  let round = 0;

  return async function snapshot(): Promise<Snapshot> {
    let objects: LiveObject[];
    try {
      objects = await kube.list<LiveObject>(SNAPSHOT_KINDS);
    } catch (e) {
      if (!isKubeError(e)) throw e;
      return { at: now(), pods: [], services: [], pvcs: [], views: [], error: kubeDetail(e, lang) };
    }
    const pods = (objects.filter((o) => o.kind === 'Pod') as Pod[]).sort(byName);
    const uids = new Set(pods.map((p) => p.metadata.uid ?? p.metadata.name));
    for (const [k] of views) if (!uids.has(k)) views.delete(k);

    if (probe) {
      const candidates = pods.filter((p) => isReady(p) && !isTerminating(p) && (probe.name ? p.metadata.name === probe.name : matchesSelector(p.metadata.labels, probe.selector)));
      const next = candidates
        .map((p) => ({ p, v: views.get(p.metadata.uid ?? p.metadata.name) }))
        .sort((a, b) => (a.v?.round ?? -1) - (b.v?.round ?? -1))[0]?.p;
      if (next) {
        try {
          const r = await kube.exec(next.metadata.name, probe.command);
          const status = r.exitCode === 0 ? parseClusterStatus(r.stdout) : undefined;
          const key = next.metadata.uid ?? next.metadata.name;
          if (status) views.set(key, { pod: next.metadata.name, uid: key, running: status.running, round: round++ });
          else views.delete(key);
        } catch (e) {
          if (!isKubeError(e)) throw e;
        }
      }
    }

    const viewList = [...views.values()].sort((a, b) => a.pod.localeCompare(b.pod)).map((v) => ({ pod: v.pod, running: v.running }));
    return {
      at: now(),
      pods: pods.map((p) => ({
        name: p.metadata.name,
        ready: isReady(p),
        phase: p.status?.phase ?? 'Pending',
        state: podState(p, lang),
        restarts: (p.status?.containerStatuses ?? []).reduce((n, s) => n + (s.restartCount ?? 0), 0),
        terminating: isTerminating(p),
      })),
      services: objects
        .filter((o) => o.kind === 'Service')
        .map((o) => {
          const spec = (o.spec ?? {}) as { type?: string; clusterIP?: string; ports?: { port?: number; name?: string }[] };
          return { name: o.metadata.name, type: spec.type ?? 'ClusterIP', clusterIP: spec.clusterIP, ports: (spec.ports ?? []).map((p) => p.port).join(',') };
        }),
      pvcs: objects
        .filter((o) => o.kind === 'PersistentVolumeClaim')
        .map((o) => ({
          name: o.metadata.name,
          phase: (o.status as { phase?: string } | undefined)?.phase ?? 'Pending',
          storageClass: (o.spec as { storageClassName?: string } | undefined)?.storageClassName,
        })),
      clusters: probe ? groupClusters(viewList, pods) : undefined,
      views: viewList,
    };
  };
}

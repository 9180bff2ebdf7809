/**
 * The compact live picture of the lab namespace that sits beside the checks: pods with readiness and
 * restarts, which EMQX nodes are clustered with which, Services and PVCs. People would rather look than
 * read, so it is a few short lines, and it never grows wider than the column it is given.
 */
import type { Snapshot } from '../engine/snapshot.js';
import type { LabIo } from './io.js';
import { table, truncate, width } from './text.js';

/** The longest common prefix of pod names, cut back to the last dash (`emqx-5789b87bd6-`). */
export function commonPrefix(names: string[]): string {
  if (names.length < 2) return '';
  let p = names[0];
  for (const n of names) while (!n.startsWith(p)) p = p.slice(0, -1);
  return p.slice(0, p.lastIndexOf('-') + 1);
}

export interface PodView {
  name: string;
  ready: boolean;
  terminating: boolean;
  /** A few words in the learner's language: "Ready", "ContainerCreating", "CrashLoopBackOff (3 restarts)". */
  state: string;
}

export interface ServiceView {
  name: string;
  type: string;
  /** `None` for a headless Service. */
  clusterIP?: string;
  ports: string;
}

export interface PvcView {
  name: string;
  status: string;
  capacity?: string;
}

export interface NamespacePicture {
  namespace: string;
  pods: PodView[];
  /**
   * Groups of pods whose EMQX nodes see each other as running (one group per cluster); a lone node is a
   * group of one. Empty when nothing was asked or answered yet.
   */
  clusters: string[][];
  services: ServiceView[];
  pvcs: PvcView[];
  /** When the picture could not be read (shown instead of stale data). */
  error?: string;
}

export function emptyPicture(namespace: string): NamespacePicture {
  return { namespace, pods: [], clusters: [], services: [], pvcs: [] };
}

/** The engine's namespace snapshot as the picture shows it. */
export function pictureOf(namespace: string, snap: Snapshot): NamespacePicture {
  return {
    namespace,
    pods: snap.pods.map((p) => ({ name: p.name, ready: p.ready, terminating: p.terminating, state: p.state })),
    clusters: (snap.clusters ?? []).map((c) => c.pods),
    services: snap.services,
    pvcs: snap.pvcs.map((v) => ({ name: v.name, status: v.phase })),
    error: snap.error,
  };
}

/** The picture as lines of at most `cols` columns. */
export function renderPicture(p: NamespacePicture, cols: number, io: Pick<LabIo, 'm' | 'style'>): string[] {
  const { m, style: s } = io;
  const out: string[] = [s.bold(truncate(m.pictureTitle(p.namespace), cols))];
  if (p.error) {
    out.push(s.yellow(truncate(p.error, cols)));
    return out;
  }
  if (!p.pods.length && !p.services.length && !p.pvcs.length) {
    out.push(s.dim(truncate(m.pictureEmpty, cols)));
    return out;
  }
  if (p.pods.length) {
    const rows = p.pods.map((pod) => [pod.ready ? '●' : pod.terminating ? '×' : '◌', pod.name, pod.state]);
    for (const [i, line] of table(rows, 1).entries()) {
      const pod = p.pods[i];
      const cut = truncate(line, cols);
      out.push(pod.ready ? s.green(cut) : pod.terminating ? s.dim(cut) : s.yellow(cut));
    }
  }
  if (p.clusters.length) {
    out.push(s.dim(m.pictureClusters));
    const prefix = commonPrefix(p.pods.map((x) => x.name));
    for (const group of p.clusters) {
      if (group.length === 1) {
        out.push(`  ${truncate(m.aloneNode(group[0]), cols - 2)}`);
        continue;
      }
      let text = `${m.clusterOf(group.length)}${group.join(' ⇄ ')}`;
      // Deployment pods have long names: keep what tells them apart.
      if (width(text) > cols - 2 && prefix) text = `${m.clusterOf(group.length)}${group.map((g) => `…${g.slice(prefix.length)}`).join(' ⇄ ')}`;
      out.push(`  ${s.cyan(truncate(text, cols - 2))}`);
    }
  }
  if (p.services.length) {
    out.push(s.dim(m.pictureServices));
    for (const svc of p.services) {
      const ip = svc.clusterIP === 'None' ? m.headless : svc.type;
      out.push(`  ${truncate(`${svc.name} ${ip} ${svc.ports}`, cols - 2)}`);
    }
  }
  if (p.pvcs.length) {
    out.push(s.dim(m.picturePvcs));
    for (const pvc of p.pvcs) {
      const line = truncate(`${pvc.name} ${pvc.status}${pvc.capacity ? ` ${pvc.capacity}` : ''}`, cols - 2);
      out.push(`  ${pvc.status === 'Bound' ? line : s.yellow(line)}`);
    }
  }
  return out;
}

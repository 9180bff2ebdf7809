/**
 * The compact live picture of the lab namespace that sits beside the checks: pods with readiness and
 * restarts, which EMQX nodes are clustered with which, Services and PVCs. People would rather look than
 * read, so it is a few short lines, and it never grows wider than the column it is given.
 */
import type { LabIo } from './io.js';
import { table, truncate } from './text.js';

export interface PodView {
  name: string;
  /** Ready containers / all containers. */
  ready: number;
  total: number;
  /** Running, Pending, ContainerCreating, CrashLoopBackOff, Terminating... (what kubectl shows). */
  status: string;
  restarts: number;
}

export interface ServiceView {
  name: string;
  type: string;
  /** `None` for a headless Service. */
  clusterIP?: string;
  ports: string;
  /** Ready endpoint addresses behind it. */
  endpoints?: number;
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
   * Groups of EMQX nodes that see each other as running (one group per cluster), as the pods report it.
   * Each entry is a pod name; a lone pod is a group of one. Empty when nothing was asked or answered.
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
    const rows = p.pods.map((pod) => {
      const ok = pod.ready === pod.total && pod.total > 0 && pod.status === 'Running';
      const mark = ok ? '●' : pod.status === 'Terminating' ? '×' : '◌';
      return [mark, pod.name, `${pod.ready}/${pod.total}`, pod.status, pod.restarts ? m.restarts(pod.restarts) : ''];
    });
    for (const [i, line] of table(rows, 1).entries()) {
      const pod = p.pods[i];
      const ok = pod.ready === pod.total && pod.total > 0 && pod.status === 'Running';
      const cut = truncate(line, cols);
      out.push(ok ? s.green(cut) : pod.status === 'Terminating' ? s.dim(cut) : s.yellow(cut));
    }
  }
  if (p.clusters.length) {
    out.push(s.dim(m.pictureClusters));
    for (const group of p.clusters) {
      const text = group.length === 1 ? m.aloneNode(group[0]) : group.join(' ⇄ ');
      out.push(`  ${group.length > 1 ? s.cyan(truncate(text, cols - 2)) : truncate(text, cols - 2)}`);
    }
  }
  if (p.services.length) {
    out.push(s.dim(m.pictureServices));
    for (const svc of p.services) {
      const ip = svc.clusterIP === 'None' ? m.headless : svc.type;
      const eps = svc.endpoints === undefined ? '' : ` → ${m.endpoints(svc.endpoints)}`;
      out.push(`  ${truncate(`${svc.name} ${ip} ${svc.ports}${eps}`, cols - 2)}`);
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

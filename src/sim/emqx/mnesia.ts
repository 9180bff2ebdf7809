/**
 * EMQX's mnesia data as the simulator keeps it: one directory per node name inside the volume that holds
 * /opt/emqx/data (a PV, an emptyDir, or the container's own layer), cluster membership and the replicated
 * dashboard users. Writes go to every running member of the cluster; stopped members catch up on rejoin.
 */
import { createHash, randomUUID } from 'node:crypto';
import { World } from '../api/world.js';
import type { EmqxRt, MnesiaDir } from '../state/types.js';

export function hashPassword(pw: string): string {
  return createHash('sha256').update(`emqx-lab:${pw}`).digest('hex');
}

export function dirOf(w: World, e: EmqxRt): MnesiaDir | undefined {
  return w.s.rt.vols[e.vol]?.mnesia?.[e.node];
}

export function freshDir(w: World, e: EmqxRt): MnesiaDir {
  const vol = (w.s.rt.vols[e.vol] ??= {});
  const dir: MnesiaDir = {
    cluster: randomUUID(),
    members: [e.node],
    users: { [e.cfg.dashUser]: { pw: hashPassword(e.cfg.dashPass), desc: 'administrator' } },
    down: {},
  };
  (vol.mnesia ??= {})[e.node] = dir;
  w.touch();
  return dir;
}

/** Running (up) EMQX nodes. */
export function upNodes(w: World): EmqxRt[] {
  return Object.values(w.s.rt.emqx).filter((e) => e.st === 'up');
}

/** The running members of e's cluster (e included when up). */
export function clusterPeers(w: World, e: EmqxRt): EmqxRt[] {
  if (!e.cluster) return [];
  return upNodes(w).filter((x) => x.cluster === e.cluster);
}

/** cluster status as `mria` reports it to node e: running members and stopped ones (after autoclean). */
export function clusterView(w: World, e: EmqxRt): { running: string[]; stopped: string[] } {
  const dir = dirOf(w, e);
  const running = [...new Set(clusterPeers(w, e).map((x) => x.node))];
  if (!running.includes(e.node)) running.unshift(e.node);
  const members = dir?.members ?? [e.node];
  const stopped = members.filter((m) => !running.includes(m) && !(dir?.down[m] !== undefined && w.now - dir.down[m] > e.cfg.autoclean));
  return { running, stopped };
}

/** Apply a replicated write to the directory of every running member. */
export function replicate(w: World, e: EmqxRt, write: (d: MnesiaDir) => void): void {
  for (const x of clusterPeers(w, e)) {
    const d = dirOf(w, x);
    if (d) write(d);
  }
  w.touch();
}

/** Join `target`'s cluster: e's tables are replaced by the cluster's, every running member learns of e. */
export function joinCluster(w: World, e: EmqxRt, target: EmqxRt): void {
  const src = dirOf(w, target);
  if (!src) return;
  // mria leaves the current cluster first: the old members keep e only as a stopped node.
  if (e.cluster && e.cluster !== src.cluster) {
    for (const x of clusterPeers(w, e)) {
      const d = x !== e ? dirOf(w, x) : undefined;
      if (d) d.down[e.node] = w.now;
    }
  }
  const members = [...new Set([...src.members, e.node])];
  replicate(w, target, (d) => {
    d.members = [...new Set([...d.members, e.node])];
    delete d.down[e.node];
  });
  const vol = (w.s.rt.vols[e.vol] ??= {});
  (vol.mnesia ??= {})[e.node] = { cluster: src.cluster, members, users: JSON.parse(JSON.stringify(src.users)), down: { ...src.down } };
  e.cluster = src.cluster;
  w.touch();
}

/** Node e stops: it remembers who was still running (they hold newer tables); the others note it down. */
export function recordStop(w: World, e: EmqxRt, at: number): void {
  const dir = dirOf(w, e);
  const still = clusterPeers(w, e).filter((x) => x !== e && x.node !== e.node && !(x.stopAt !== undefined && x.stopAt <= at));
  if (dir) {
    dir.runningAtStop = [...new Set(still.map((x) => x.node))];
    dir.stoppedAt = at;
  }
  for (const x of still) {
    const d = dirOf(w, x);
    if (d) d.down[e.node] = at;
  }
  w.touch();
}

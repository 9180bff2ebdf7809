/**
 * /opt/emqx/data on a PersistentVolume: what the EMQX model keeps in a volume bound through a claim
 * (`pv:<name>` in the model) is written to the PV's own folder (its hostPath, made by the plane's
 * provisioner), one `mnesia/<node name>/emqx-lab.json` per node directory, and read back from there when
 * the volume is first seen. A PV that is gone takes its data with it. Volumes without a claim (emptyDir,
 * the container's own filesystem) live and die in the runtime, with their pod or container.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { World } from '../sim/api/world.js';
import type { MnesiaDir, VolData } from '../sim/state/types.js';

const FILE = 'emqx-lab.json';

export class Volumes {
  /** What was last written per volume key, to write only what changed. */
  private readonly saved = new Map<string, string>();

  private folder(w: World, key: string): string | undefined {
    const pv = w.get('persistentvolumes', undefined, key.slice(3));
    return pv?.spec?.hostPath?.path ?? pv?.spec?.local?.path;
  }

  private load(folder: string): VolData {
    const mnesia: Record<string, MnesiaDir> = {};
    const root = join(folder, 'mnesia');
    for (const node of existsSync(root) ? readdirSync(root) : []) {
      try {
        mnesia[node] = JSON.parse(readFileSync(join(root, node, FILE), 'utf8')) as MnesiaDir;
      } catch {
        // A node directory without the model's file (or half written): nothing to load.
      }
    }
    return Object.keys(mnesia).length ? { mnesia } : {};
  }

  sync(w: World): void {
    const pvs = new Set(w.list('persistentvolumes').map((pv) => `pv:${pv.metadata.name}`));
    for (const key of pvs) {
      if (key in w.s.rt.vols) continue;
      const folder = this.folder(w, key);
      if (!folder || !existsSync(folder)) continue;
      const data = this.load(folder);
      if (data.mnesia) {
        w.s.rt.vols[key] = data;
        for (const [node, dir] of Object.entries(data.mnesia)) this.saved.set(`${key}|${node}`, JSON.stringify(dir));
      }
    }
    for (const [key, vol] of Object.entries(w.s.rt.vols)) {
      if (!key.startsWith('pv:')) continue;
      if (!pvs.has(key)) {
        delete w.s.rt.vols[key];
        for (const k of this.saved.keys()) if (k.startsWith(`${key}|`)) this.saved.delete(k);
        continue;
      }
      const folder = this.folder(w, key);
      if (!folder || !existsSync(folder)) continue;
      for (const [node, dir] of Object.entries(vol.mnesia ?? {})) {
        const text = JSON.stringify(dir);
        if (this.saved.get(`${key}|${node}`) === text) continue;
        mkdirSync(join(folder, 'mnesia', node), { recursive: true });
        writeFileSync(join(folder, 'mnesia', node, FILE), text);
        this.saved.set(`${key}|${node}`, text);
      }
    }
  }
}

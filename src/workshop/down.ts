/**
 * `workshop down`, the work itself: exactly what `up` made and nothing else. The namespaces carrying the
 * room's label (and named like its learners), deleted by name; the kubeconfig files the local record lists,
 * each only if it still starts with the room's mark; folders `up` created, only if now empty; the record.
 */
import { existsSync, readdirSync, readFileSync, rmdirSync, rmSync } from 'node:fs';
import type { Kube } from '../kube/kube.js';
import { isRoomKubeconfig } from './kubeconfig.js';
import { labelledNamespaces } from './read-room.js';
import { deleteRoom, readRoom } from './room.js';

export interface DownResult {
  namespaces: string[];
  /** kubectl's own lines. */
  deleted: string[];
  files: string[];
  /** Files the record lists that were changed by someone (not ours any more) and so were left. */
  leftFiles: string[];
  /** No local record: kubeconfig files (if any) are where `up` was run. */
  noRecord: boolean;
}

export async function roomDown(kube: Kube, o: { home: string; context: string; prefix: string }): Promise<DownResult> {
  const namespaces = await labelledNamespaces(kube, o.prefix);
  const deleted = await kube.delete(namespaces.map((name) => ({ kind: 'Namespace', name })));
  const record = readRoom(o.home, o.context, o.prefix);
  const files: string[] = [];
  const leftFiles: string[] = [];
  for (const l of record?.learners ?? []) {
    if (!existsSync(l.kubeconfig)) continue;
    let text = '';
    try {
      text = readFileSync(l.kubeconfig, 'utf8');
    } catch {
      // Unreadable: not something we can vouch for, so it stays.
    }
    if (isRoomKubeconfig(text)) {
      rmSync(l.kubeconfig, { force: true });
      files.push(l.kubeconfig);
    } else leftFiles.push(l.kubeconfig);
  }
  for (const dir of record?.createdDirs ?? []) {
    if (existsSync(dir) && readdirSync(dir).length === 0) rmdirSync(dir);
  }
  deleteRoom(o.home, o.context, o.prefix);
  return { namespaces, deleted, files, leftFiles, noRecord: !record };
}

/**
 * Reading a room from the cluster. Which learners there are: the trainer's local record when there is one
 * (no cluster call), else the namespaces carrying the room label. Their progress: ONE kubectl call for the
 * whole room, the progress ConfigMaps across all namespaces by their record label.
 */
import type { Course } from '../course/load.js';
import type { Lang } from '../i18n/lang.js';
import type { Kube } from '../kube/kube.js';
import { isTerminating, type LiveObject } from '../kube/objects.js';
import { RECORD_LABEL_KEY, RECORD_LABEL_VALUE } from '../progress/record.js';
import { listAllNamespaces } from './calls.js';
import { roomSelector } from './objects.js';
import { isLearnerName, readRoom } from './room.js';
import { roomStatus, type RoomStatus } from './status.js';

export const PROGRESS_SELECTOR = `${RECORD_LABEL_KEY}=${RECORD_LABEL_VALUE}`;

/** The room's namespaces as the cluster labels them (live ones only), in name order. */
export async function labelledNamespaces(kube: Kube, prefix: string): Promise<string[]> {
  const all = await kube.list<LiveObject>('Namespace', { selector: roomSelector(prefix) });
  return all
    .filter((n) => !isTerminating(n) && isLearnerName(prefix, n.metadata.name))
    .map((n) => n.metadata.name)
    .sort();
}

export async function roomNamespaces(kube: Kube, home: string, context: string, prefix: string): Promise<string[]> {
  const record = readRoom(home, context, prefix);
  if (record?.learners.length) return record.learners.map((l) => l.namespace).sort();
  return labelledNamespaces(kube, prefix);
}

export async function readRoomStatus(kube: Kube, course: Course, lang: Lang, prefix: string, namespaces: string[], now: number): Promise<RoomStatus> {
  const records = await listAllNamespaces(kube, 'configmaps', PROGRESS_SELECTOR);
  const mine = new Set(namespaces);
  return roomStatus(course, lang, prefix, namespaces, records.filter((r) => mine.has(r.metadata.namespace ?? '')), now);
}

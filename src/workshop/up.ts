/**
 * `workshop up`, the work itself (the command prints): does the room fit, then every learner's objects in
 * ONE apply (namespaces first, each object naming its own namespace), a token per learner, a kubeconfig
 * file per learner, and the local record `down` and `status` read. Running it again is safe: objects are
 * applied (learners keep what they built), tokens and files are renewed, learners beyond N are kept.
 */
import { basename, join, resolve } from 'node:path';
import { existsSync, mkdirSync } from 'node:fs';
import { stringify } from 'yaml';
import type { Course } from '../course/load.js';
import { envError } from '../errors.js';
import type { Lang } from '../i18n/lang.js';
import { workshopMessages } from '../i18n/workshop.js';
import type { Kube } from '../kube/kube.js';
import { looksLocalName, looksLocalServer } from '../kube/local.js';
import type { LiveObject } from '../kube/objects.js';
import { writeFileAtomic } from '../util/atomic.js';
import { applyOwnNamespaces, createToken, flatConfig, listAllNamespaces } from './calls.js';
import { roomFit, type RoomFit } from './capacity.js';
import type { Footprint } from './footprint.js';
import { clusterFromConfig, learnerKubeconfigYaml } from './kubeconfig.js';
import { LEARNER_ACCOUNT, learnerNamespace, learnerObjects } from './objects.js';
import { readRoom, writeRoom, type RoomLearner, type RoomRecord } from './room.js';

/** Long enough for the evening before, the class and a spare day; `up` again renews them. */
export const TOKEN_DURATION = '72h';
const PARALLEL_TOKENS = 4;

export interface UpOptions {
  prefix: string;
  learners: number;
  /** Folder for the kubeconfig files (absolute). */
  out: string;
  home: string;
  context: string;
  now: number;
  lang: Lang;
}

export interface UpResult {
  learners: (RoomLearner & { command: string })[];
  /** Learners of an earlier, larger `up` that were left as they are. */
  kept: string[];
  server: string;
  /** The API server is on the trainer's machine: learners on other machines cannot reach it. */
  loopback: boolean;
  /** kubectl's own lines from the apply. */
  applied: string[];
}

export function roomNamespaceNames(prefix: string, n: number): string[] {
  return Array.from({ length: n }, (_, i) => learnerNamespace(prefix, i + 1, n));
}

/** Two calls: the nodes, and every pod (the room's own pods are not counted against it). */
export async function checkFit(kube: Kube, fp: Footprint, ignore: ReadonlySet<string>): Promise<RoomFit> {
  const [nodes, pods] = await Promise.all([kube.list<LiveObject>('Node'), listAllNamespaces(kube, 'pods')]);
  return roomFit(nodes, pods, fp, ignore);
}

/** How a learner starts the lab with their file (`--yes` when the cluster does not look local). */
export function learnerCommand(file: string, namespace: string, context: string, server: string, sim = false): string {
  // The simulator is one shared state on this machine: --sim and the namespace are all a learner needs.
  if (sim) return `emqx-lab --sim --namespace ${namespace} start`;
  const yes = looksLocalName(context) || looksLocalServer(server) ? '' : ' --yes';
  return `emqx-lab --kubeconfig ${basename(file)} --namespace ${namespace}${yes} start`;
}

async function inBatches<T, R>(items: T[], size: number, fn: (t: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += size) out.push(...(await Promise.all(items.slice(i, i + size).map(fn))));
  return out;
}

export async function roomUp(kube: Kube, course: Course, fp: Footprint, o: UpOptions): Promise<UpResult> {
  const names = roomNamespaceNames(o.prefix, o.learners);
  const objects = names.flatMap((ns, i) => learnerObjects(course, fp, o.prefix, i + 1, ns, o.lang));
  const applied = await applyOwnNamespaces(kube, objects.map((x) => stringify(x, { lineWidth: 0 })).join('---\n'));

  const cluster = clusterFromConfig(await flatConfig(kube));
  if (!cluster) throw envError(workshopMessages[o.lang].noClusterEntry);
  const server = String(cluster.cluster.server);
  const out = resolve(o.out);
  const createdOut = !existsSync(out);
  mkdirSync(out, { recursive: true });

  const learners = await inBatches(names, PARALLEL_TOKENS, async (ns) => {
    const token = await createToken(kube, ns, LEARNER_ACCOUNT, TOKEN_DURATION);
    const file = join(out, `${ns}.yaml`);
    const context = `${o.context}-${ns}`;
    const command = learnerCommand(file, ns, context, server, kube.sim);
    const header = (['en', 'zh'] as const).flatMap((l) => workshopMessages[l].kubeconfigHeader(ns, command, TOKEN_DURATION).split('\n'));
    writeFileAtomic(file, learnerKubeconfigYaml({ context, namespace: ns, token, cluster, header }));
    return { index: names.indexOf(ns) + 1, namespace: ns, kubeconfig: file, command };
  });

  const before = readRoom(o.home, o.context, o.prefix);
  const keptLearners = (before?.learners ?? []).filter((l) => !names.includes(l.namespace));
  const record: RoomRecord = {
    format: 1,
    context: o.context,
    prefix: o.prefix,
    createdAt: before?.createdAt ?? new Date(o.now).toISOString(),
    out,
    createdDirs: [...new Set([...(before?.createdDirs ?? []), ...(createdOut ? [out] : [])])],
    learners: [...learners.map(({ command: _c, ...l }) => l), ...keptLearners].sort((a, b) => a.namespace.localeCompare(b.namespace)),
  };
  writeRoom(o.home, record);
  const host = (() => {
    try {
      return new URL(server).hostname;
    } catch {
      return '';
    }
  })();
  return {
    learners,
    kept: keptLearners.map((l) => l.namespace),
    server,
    loopback: looksLocalServer(server) || host === '0.0.0.0',
    applied,
  };
}

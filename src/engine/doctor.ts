/**
 * Preflight: each item ok | warn | fail with a fix. Nothing here refuses or changes anything; it reports.
 * What to check for is read from the course (the permissions it needs, engine/permissions.ts; the images it
 * runs), not named here.
 */
import { nodeExclusion } from '../kube/nodes.js';
import type { Course } from '../course/load.js';
import { doctorMessages } from '../i18n/doctor.js';
import type { Lang } from '../i18n/lang.js';
import { describeKubeError } from '../kube/describe.js';
import type { Kube } from '../kube/kube.js';
import { looksLocalName, looksLocalServer } from '../kube/local.js';
import type { LiveObject } from '../kube/objects.js';
import { isKubeError, kubeDetail, KubeError } from '../kube/result.js';
import { permissionsItem } from './doctor-permissions.js';
import { declaredObjects } from './objects.js';

export type Status = 'ok' | 'warn' | 'fail';

export interface DoctorItem {
  id: 'kubectl' | 'context' | 'cluster' | 'namespace' | 'permissions' | 'storage' | 'images';
  status: Status;
  message: string;
  fix?: string;
}

export interface DoctorReport {
  ok: boolean;
  context?: string;
  namespace: string;
  items: DoctorItem[];
}

/** Every container image the course's manifests run. */
export function courseImages(course: Course, namespace: string, lang: Lang): string[] {
  const images = new Set<string>();
  const visit = (v: unknown, key?: string): void => {
    if (key === 'image' && typeof v === 'string') images.add(v);
    else if (Array.isArray(v)) v.forEach((x) => visit(x));
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) visit(x, k);
  };
  for (const s of course.steps) for (const o of declaredObjects(s, namespace, lang)) visit(o);
  return [...images];
}

/** `emqx/emqx:5.8.9` is listed on a node as `docker.io/emqx/emqx:5.8.9` (and by digest). */
export function imageOnNode(image: string, names: string[]): boolean {
  const norm = (s: string) => s.replace(/^docker\.io\//, '').replace(/^library\//, '');
  return names.some((n) => norm(n) === norm(image));
}

interface NodeObject extends LiveObject {
  status?: { images?: { names?: string[] }[] };
}

export async function runDoctor(kube: Kube, course: Course, lang: Lang, opts: { context?: string; kubectlName: string }): Promise<DoctorReport> {
  const m = doctorMessages[lang];
  const ns = kube.target.namespace;
  const items: DoctorItem[] = [];
  const add = (i: DoctorItem) => items.push(i);
  const report = (): DoctorReport => ({ ok: !items.some((i) => i.status === 'fail'), context: ctxName || undefined, namespace: ns, items });
  let ctxName = '';

  try {
    add({ id: 'kubectl', status: 'ok', message: kube.sim ? m.simulator : m.kubectlOk((await kube.clientVersion()) ?? '?') });
  } catch (e) {
    if (!isKubeError(e, 'notInstalled')) throw e;
    add({ id: 'kubectl', status: 'fail', message: m.kubectlMissing(opts.kubectlName), fix: m.kubectlFix });
    for (const id of ['context', 'cluster', 'namespace', 'permissions', 'storage', 'images'] as const) add({ id, status: 'fail', message: m.needsKubectl });
    return report();
  }

  let server = '';
  try {
    ctxName = (kube.sim ? undefined : opts.context) || (await kube.currentContext());
    server = kube.sim ? '' : ((await kube.clusterInfo()).server ?? '');
    const local = kube.sim || looksLocalName(ctxName) || looksLocalServer(server);
    add(local
      ? { id: 'context', status: 'ok', message: m.contextLocal(ctxName, server) }
      : { id: 'context', status: 'warn', message: m.contextRemote(ctxName, server), fix: m.contextFix });
  } catch (e) {
    if (!(e instanceof KubeError)) throw e;
    add({ id: 'context', status: 'fail', message: m.noContext(kubeDetail(e, lang)), fix: m.noContextFix });
    for (const id of ['cluster', 'namespace', 'permissions', 'storage', 'images'] as const) add({ id, status: 'fail', message: m.needsCluster });
    return report();
  }

  try {
    const v = await kube.version();
    add({ id: 'cluster', status: 'ok', message: m.clusterOk(v.server ?? '?') });
  } catch (e) {
    if (!(e instanceof KubeError)) throw e;
    add({ id: 'cluster', status: 'fail', message: m.clusterDown(server, describeKubeError(e, lang)), fix: m.clusterFix });
    for (const id of ['namespace', 'permissions', 'storage', 'images'] as const) add({ id, status: 'fail', message: m.needsCluster });
    return report();
  }

  const [nsItem, permItem, storageItem, imageItem] = await Promise.all([
    namespaceItem(kube, lang),
    permissionsItem(kube, course, lang),
    storageItemOf(kube, lang),
    imagesItem(kube, course, lang),
  ]);
  items.push(nsItem, permItem, storageItem, imageItem);
  return report();
}

async function namespaceItem(kube: Kube, lang: Lang): Promise<DoctorItem> {
  const m = doctorMessages[lang];
  const ns = kube.target.namespace;
  try {
    const o = await kube.get<LiveObject>('Namespace', ns);
    if (!o) return { id: 'namespace', status: 'ok', message: m.nsWillCreate(ns) };
    const phase = (o.status as { phase?: string } | undefined)?.phase ?? 'Active';
    if (phase === 'Terminating') return { id: 'namespace', status: 'fail', message: m.nsTerminating(ns), fix: m.nsTerminatingFix(ns) };
    return { id: 'namespace', status: 'ok', message: m.nsExists(ns) };
  } catch (e) {
    if (!(e instanceof KubeError)) throw e;
    return { id: 'namespace', status: 'warn', message: m.nsUnknown(ns, describeKubeError(e, lang)) };
  }
}

async function storageItemOf(kube: Kube, lang: Lang): Promise<DoctorItem> {
  const m = doctorMessages[lang];
  try {
    const classes = await kube.list<LiveObject>('StorageClass');
    const isDefault = (c: LiveObject) =>
      ['storageclass.kubernetes.io/is-default-class', 'storageclass.beta.kubernetes.io/is-default-class'].some((k) => c.metadata.annotations?.[k] === 'true');
    const def = classes.find(isDefault);
    if (def) return { id: 'storage', status: 'ok', message: m.storageOk(def.metadata.name) };
    return { id: 'storage', status: 'warn', message: m.storageNone(classes.map((c) => c.metadata.name).join(', ')), fix: m.storageFix };
  } catch (e) {
    if (!(e instanceof KubeError)) throw e;
    return { id: 'storage', status: 'warn', message: m.cannotTell(describeKubeError(e, lang)) };
  }
}

async function imagesItem(kube: Kube, course: Course, lang: Lang): Promise<DoctorItem> {
  const m = doctorMessages[lang];
  const images = courseImages(course, kube.target.namespace, lang);
  try {
    const nodes = await kube.list<NodeObject>('Node');
    // Only nodes the course's pods can run on need the images (a kind cluster's control plane is tainted).
    const known = nodes.filter((n) => n.status?.images !== undefined && !nodeExclusion(n));
    if (!known.length) return { id: 'images', status: 'warn', message: m.imagesUnknown, fix: m.imagesFix };
    const missing = images.filter((img) => !known.every((n) => imageOnNode(img, (n.status?.images ?? []).flatMap((i) => i.names ?? []))));
    if (!missing.length) return { id: 'images', status: 'ok', message: m.imagesOk(images.join(', '), known.length) };
    return { id: 'images', status: 'warn', message: m.imagesMissing(missing.join(', '), known.length), fix: m.imagesFix };
  } catch (e) {
    if (!(e instanceof KubeError)) throw e;
    return { id: 'images', status: 'warn', message: m.cannotTell(describeKubeError(e, lang)), fix: m.imagesFix };
  }
}

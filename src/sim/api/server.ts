/**
 * The API server's write path: authorization, validation, defaulting, admission, storage. Both kubectl
 * commands and controllers go through here, so a quota or a missing ServiceAccount stops a ReplicaSet's pod
 * exactly as it stops a learner's.
 */
import type { Obj } from '../state/types.js';
import { admitPod, allocateClusterIP, checkObjectQuota, podSecurity, validatePod } from './admission.js';
import { applyDefaults } from './defaults.js';
import { parseQuantity } from './quantity.js';
import { checkEscalation } from './escalation.js';
import { alreadyExists, ApiError, forbidden, invalid, notFound } from './errors.js';
import { kindByRes, qualifiedRes, type Kind } from './kinds.js';
import { authz, type User } from './rbac.js';
export { authz };
import { canonical, validateObject, validateUpdate } from './validate.js';
import { iso, resOf, World } from './world.js';

export function kindOf(o: Obj): Kind {
  return kindByRes(resOf(o));
}

function checkNamespace(w: World, k: Kind, o: Obj): void {
  if (!k.namespaced) return;
  const ns = o.metadata.namespace!;
  const nsObj = w.get('namespaces', undefined, ns);
  if (!nsObj) throw notFound('namespaces', ns, 'namespaces');
  if (nsObj.status?.phase === 'Terminating') {
    throw forbidden(`${qualifiedRes(k)} "${o.metadata.name}" is forbidden: unable to create new content in namespace ${ns} because it is being terminated`);
  }
}

function generateName(o: Obj): void {
  if (o.metadata.name || !o.metadata.generateName) return;
  const alphabet = 'bcdfghjklmnpqrstvwxz2456789';
  let s = '';
  for (let i = 0; i < 5; i++) s += alphabet[Math.floor(Math.random() * alphabet.length)];
  o.metadata.name = o.metadata.generateName + s;
}

export function apiCreate(w: World, u: User, o: Obj, opts: { dryRun?: boolean } = {}): Obj {
  const k = kindOf(o);
  if (k.namespaced) o.metadata.namespace = o.metadata.namespace || 'default';
  authz(w, u, { verb: 'create', group: k.group, res: k.res, ns: k.namespaced ? o.metadata.namespace : undefined });
  checkEscalation(w, u, k.res, o);
  const causes = validateObject(o);
  if (causes.length) throw invalid(k.kind, o.metadata.name ?? '', causes, k.group || undefined);
  checkNamespace(w, k, o);
  if (o.metadata.name && w.get(k.res, o.metadata.namespace, o.metadata.name)) throw alreadyExists(qualifiedRes(k), o.metadata.name);
  applyDefaults(o);
  admit(w, k, o);
  generateName(o);
  validateAdmission(w, u, k, o);
  delete o.status;
  initialStatus(o);
  if (opts.dryRun) return o;
  return w.create(o);
}

/** The mutating admission plugins (before the object has its generated name). */
function admit(w: World, k: Kind, o: Obj): void {
  if (k.res === 'pods') admitPod(w, o);
  if (k.res === 'services' && o.spec.clusterIP !== 'None' && !o.spec.clusterIP) o.spec.clusterIP = allocateClusterIP(w);
  if (k.res === 'services') o.spec.clusterIPs = [o.spec.clusterIP];
  if (k.res === 'persistentvolumeclaims' && o.spec.storageClassName === undefined) {
    const def = w.list('storageclasses').find((sc) => sc.metadata.annotations?.['storageclass.kubernetes.io/is-default-class'] === 'true');
    if (def) o.spec.storageClassName = def.metadata.name;
  }
}

/** The validating admission plugins: they see the generated name (ResourceQuota's message carries it). */
function validateAdmission(w: World, u: User, k: Kind, o: Obj): void {
  if (k.res === 'pods') validatePod(w, o, u);
  else {
    podSecurity(w, u, k.res, o);
    checkObjectQuota(w, o, k.res, qualifiedRes(k));
  }
}

function initialStatus(o: Obj): void {
  switch (o.kind) {
    case 'Pod':
      o.status = { phase: 'Pending', qosClass: qosClass(o) };
      break;
    case 'Namespace':
      o.status = { phase: 'Active' };
      o.metadata.labels = { ...(o.metadata.labels ?? {}), 'kubernetes.io/metadata.name': o.metadata.name };
      break;
    case 'PersistentVolumeClaim':
      o.status = { phase: 'Pending' };
      break;
    case 'Service':
      o.status = { loadBalancer: {} };
      break;
    case 'Deployment':
    case 'StatefulSet':
    case 'ReplicaSet':
    case 'DaemonSet':
      o.status = o.kind === 'DaemonSet' ? { currentNumberScheduled: 0, desiredNumberScheduled: 0, numberMisscheduled: 0, numberReady: 0 } : { replicas: 0, ...(o.kind === 'StatefulSet' ? { availableReplicas: 0 } : {}) };
      break;
    default:
      break;
  }
}

/** v1qos.GetPodQOS: every container counts, init containers included. */
function qosClass(pod: Obj): string {
  const cs = [...pod.spec.containers, ...(pod.spec.initContainers ?? [])] as { resources?: { requests?: Record<string, unknown>; limits?: Record<string, unknown> } }[];
  const any = cs.some((c) => Object.keys(c.resources?.requests ?? {}).length || Object.keys(c.resources?.limits ?? {}).length);
  if (!any) return 'BestEffort';
  const guaranteed = cs.every((c) => ['cpu', 'memory'].every((r) => c.resources?.limits?.[r] !== undefined && String(c.resources?.requests?.[r] ?? c.resources?.limits?.[r]) === String(c.resources?.limits?.[r])));
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

/** Replace an object's desired state (not its status). `verb` is what RBAC sees: update or patch. */
export function apiUpdate(w: World, u: User, cur: Obj, next: Obj, verb = 'update', sub?: string): Obj {
  const k = kindOf(cur);
  authz(w, u, { verb, group: k.group, res: k.res, sub, ns: cur.metadata.namespace, name: cur.metadata.name });
  checkEscalation(w, u, k.res, { ...next, metadata: { ...next.metadata, namespace: cur.metadata.namespace, name: cur.metadata.name } });
  next.metadata = { ...next.metadata, uid: cur.metadata.uid, creationTimestamp: cur.metadata.creationTimestamp, namespace: cur.metadata.namespace, name: cur.metadata.name };
  if (cur.metadata.generation !== undefined) next.metadata.generation = cur.metadata.generation;
  if (cur.metadata.deletionTimestamp) next.metadata.deletionTimestamp = cur.metadata.deletionTimestamp;
  if (cur.metadata.ownerReferences && !next.metadata.ownerReferences) next.metadata.ownerReferences = cur.metadata.ownerReferences;
  applyDefaults(next);
  if (k.res === 'pods') {
    next.spec.serviceAccountName = next.spec.serviceAccountName ?? cur.spec.serviceAccountName;
    next.spec.serviceAccount = next.spec.serviceAccountName;
    next.spec.nodeName = next.spec.nodeName ?? cur.spec.nodeName;
    next.spec.volumes = next.spec.volumes ?? cur.spec.volumes;
  }
  if (k.res === 'services') {
    next.spec.clusterIP = next.spec.clusterIP ?? cur.spec.clusterIP;
    next.spec.clusterIPs = next.spec.clusterIPs ?? cur.spec.clusterIPs;
  }
  if (k.res === 'persistentvolumeclaims') {
    next.spec.storageClassName = next.spec.storageClassName ?? cur.spec.storageClassName;
    next.spec.volumeName = next.spec.volumeName ?? cur.spec.volumeName;
  }
  const causes = [...validateObject(next), ...validateUpdate(cur, next)];
  if (causes.length) throw invalid(k.kind, cur.metadata.name, causes, k.group || undefined);
  // PodSecurity reads a workload's template on every update (a pod's own spec hardly changes after creation).
  if (k.res !== 'pods') podSecurity(w, u, k.res, next);
  if (k.res === 'persistentvolumeclaims') checkResize(w, cur, next);
  next.status = cur.status;
  const specChanged = JSON.stringify(canonical(cur.spec)) !== JSON.stringify(canonical(next.spec));
  if (JSON.stringify(canonical(strip(cur))) === JSON.stringify(canonical(strip(next)))) return cur;
  return w.update(next, specChanged);
}

/**
 * The PersistentVolumeClaimResize admission plugin: a bound claim may ask for more storage only when a
 * provisioner made its volume and its StorageClass allows expansion.
 */
function checkResize(w: World, cur: Obj, next: Obj): void {
  const before = parseQuantity(cur.spec?.resources?.requests?.storage ?? 0);
  const after = parseQuantity(next.spec?.resources?.requests?.storage ?? 0);
  if (!(after > before) || cur.status?.phase !== 'Bound') return;
  const sc = w.get('storageclasses', undefined, cur.spec?.storageClassName ?? '');
  if (!sc?.allowVolumeExpansion) {
    throw forbidden(`persistentvolumeclaims "${cur.metadata.name}" is forbidden: only dynamically provisioned pvc can be resized and the storageclass that provisions the pvc must support resize`);
  }
}

function strip(o: Obj): unknown {
  const { resourceVersion: _rv, ...meta } = o.metadata;
  return { ...o, metadata: meta };
}

export interface DeleteOpts {
  grace?: number;
  cascade?: 'background' | 'foreground' | 'orphan';
  force?: boolean;
}

/** Delete: pods and namespaces terminate gracefully (the kubelet / namespace controller finish the job). */
export function apiDelete(w: World, u: User, o: Obj, opts: DeleteOpts = {}): void {
  const k = kindOf(o);
  authz(w, u, { verb: 'delete', group: k.group, res: k.res, ns: o.metadata.namespace, name: o.metadata.name });
  if (opts.cascade === 'orphan') {
    for (const key in w.s.objs) {
      const d = w.s.objs[key];
      const refs = d.metadata.ownerReferences;
      if (refs?.some((r) => r.uid === o.metadata.uid)) {
        d.metadata.ownerReferences = refs.filter((r) => r.uid !== o.metadata.uid);
        if (d.metadata.ownerReferences.length === 0) delete d.metadata.ownerReferences;
        w.update(d);
      }
    }
  }
  if (k.res === 'pods') {
    const grace = opts.grace !== undefined && opts.grace >= 0 ? opts.grace : (o.spec.terminationGracePeriodSeconds ?? 30);
    // A pod no kubelet runs yet (not scheduled) has nothing to stop: it goes at once.
    if ((grace === 0 && opts.force) || !o.spec.nodeName) {
      w.remove(o);
      return;
    }
    if (o.metadata.deletionTimestamp) return;
    o.metadata.deletionTimestamp = iso(w.now + grace * 1000);
    o.metadata.deletionGracePeriodSeconds = grace;
    w.update(o);
    return;
  }
  if (k.res === 'namespaces') {
    if (['default', 'kube-system', 'kube-public', 'kube-node-lease'].includes(o.metadata.name)) {
      throw forbidden(`namespaces "${o.metadata.name}" is forbidden: this namespace may not be deleted`);
    }
    if (o.metadata.deletionTimestamp) return;
    o.metadata.deletionTimestamp = iso(w.now);
    o.status = { ...o.status, phase: 'Terminating' };
    w.update(o);
    return;
  }
  if (k.res === 'persistentvolumeclaims') {
    const inUse = w.list('pods', o.metadata.namespace).some((p) => (p.spec.volumes ?? []).some((v: { persistentVolumeClaim?: { claimName: string } }) => v.persistentVolumeClaim?.claimName === o.metadata.name));
    if (inUse) {
      if (!o.metadata.deletionTimestamp) {
        o.metadata.deletionTimestamp = iso(w.now);
        o.metadata.finalizers = ['kubernetes.io/pvc-protection'];
        w.update(o);
      }
      return;
    }
  }
  w.remove(o);
}

export { ApiError };

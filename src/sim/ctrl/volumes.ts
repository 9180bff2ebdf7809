/**
 * PersistentVolumeClaims and their volumes, as kind's local-path provisioner does it: a claim waits for its
 * first consumer, then a volume `pvc-<uid>` is provisioned on the node the scheduler chose, bound, and kept
 * until the claim is deleted (reclaim policy Delete removes the volume and its data then).
 */
import { recordEvent } from '../api/events.js';
import { iso, msOf, World } from '../api/world.js';
import type { Obj } from '../state/types.js';

const PROVISIONER_DELAY = 1500;

function provisionerName(w: World): string {
  const p = w.list('pods', 'local-path-storage')[0];
  // sig-storage-lib-external-provisioner's identity: the provisioner's hostname (its pod) and a UUID.
  return `rancher.io/local-path_${p?.metadata.name ?? 'local-path-provisioner'}_${p?.metadata.uid ?? '00000000-0000-0000-0000-000000000000'}`;
}

function consumers(w: World, pvc: Obj): Obj[] {
  return w.list('pods', pvc.metadata.namespace).filter((p) => (p.spec.volumes ?? []).some((v: { persistentVolumeClaim?: { claimName: string } }) => v.persistentVolumeClaim?.claimName === pvc.metadata.name));
}

export function syncVolumes(w: World): void {
  for (const pvc of w.list('persistentvolumeclaims')) {
    if (pvc.metadata.deletionTimestamp) {
      if (consumers(w, pvc).length === 0) w.remove(pvc);
      continue;
    }
    if (pvc.status?.phase === 'Bound') continue;
    const scName = pvc.spec.storageClassName;
    const sc = scName ? w.get('storageclasses', undefined, scName) : undefined;
    if (!sc) {
      if (scName) noteOnce(w, pvc, 'Warning', 'ProvisioningFailed', `storageclass.storage.k8s.io "${scName}" not found`, 'persistentvolume-controller');
      else noteOnce(w, pvc, 'Normal', 'FailedBinding', 'no persistent volumes available for this claim and no storage class is set', 'persistentvolume-controller');
      continue;
    }
    const node = pvc.metadata.annotations?.['volume.kubernetes.io/selected-node'];
    if (sc.volumeBindingMode === 'WaitForFirstConsumer' && !node) {
      noteOnce(w, pvc, 'Normal', 'WaitForFirstConsumer', 'waiting for first consumer to be created before binding', 'persistentvolume-controller');
      continue;
    }
    const memo = `prov/${pvc.metadata.uid}`;
    if (!w.s.rt.memo[memo]) {
      w.s.rt.memo[memo] = String(w.now);
      pvc.metadata.annotations = {
        ...(pvc.metadata.annotations ?? {}),
        'volume.beta.kubernetes.io/storage-provisioner': sc.provisioner,
        'volume.kubernetes.io/storage-provisioner': sc.provisioner,
      };
      w.update(pvc);
      recordEvent(w, pvc, 'Normal', 'ExternalProvisioning', `Waiting for a volume to be created either by the external provisioner '${sc.provisioner}' or manually by the system administrator. If volume creation is delayed, please verify that the provisioner is running and correctly registered.`, { component: 'persistentvolume-controller' });
      recordEvent(w, pvc, 'Normal', 'Provisioning', `External provisioner is provisioning volume for claim "${pvc.metadata.namespace}/${pvc.metadata.name}"`, { component: provisionerName(w) });
      w.wake(memo, w.now + PROVISIONER_DELAY);
      continue;
    }
    if (w.now < Number(w.s.rt.memo[memo]) + PROVISIONER_DELAY) continue;
    delete w.s.rt.memo[memo];
    bind(w, pvc, sc, node ?? w.list('nodes')[1].metadata.name);
  }
  for (const pv of w.list('persistentvolumes')) {
    const ref = pv.spec.claimRef;
    const claim = ref && w.get('persistentvolumeclaims', ref.namespace, ref.name);
    if (claim && claim.metadata.uid === ref.uid) continue;
    if (pv.spec.persistentVolumeReclaimPolicy === 'Delete') {
      w.remove(pv);
      delete w.s.rt.vols[`pv:${pv.metadata.name}`];
    } else if (pv.status?.phase !== 'Released') {
      w.setStatus(pv, { phase: 'Released', lastPhaseTransitionTime: iso(w.now) });
    }
  }
}

function bind(w: World, pvc: Obj, sc: Obj, node: string): void {
  const name = `pvc-${pvc.metadata.uid}`;
  const storage = pvc.spec.resources?.requests?.storage;
  w.create({
    apiVersion: 'v1',
    kind: 'PersistentVolume',
    metadata: {
      name,
      annotations: { 'local.path.provisioner/selected-node': node, 'pv.kubernetes.io/provisioned-by': sc.provisioner },
      finalizers: ['kubernetes.io/pv-protection'],
    },
    spec: {
      accessModes: pvc.spec.accessModes,
      capacity: { storage },
      claimRef: { apiVersion: 'v1', kind: 'PersistentVolumeClaim', name: pvc.metadata.name, namespace: pvc.metadata.namespace, resourceVersion: pvc.metadata.resourceVersion, uid: pvc.metadata.uid },
      hostPath: { path: `/var/local-path-provisioner/${name}_${pvc.metadata.namespace}_${pvc.metadata.name}`, type: 'DirectoryOrCreate' },
      nodeAffinity: { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: [node] }] }] } },
      persistentVolumeReclaimPolicy: sc.reclaimPolicy ?? 'Delete',
      storageClassName: sc.metadata.name,
      volumeMode: 'Filesystem',
    },
    status: { phase: 'Bound', lastPhaseTransitionTime: iso(w.now) },
  });
  pvc.spec.volumeName = name;
  pvc.metadata.annotations = { ...(pvc.metadata.annotations ?? {}), 'pv.kubernetes.io/bind-completed': 'yes', 'pv.kubernetes.io/bound-by-controller': 'yes' };
  pvc.metadata.finalizers = ['kubernetes.io/pvc-protection'];
  w.update(pvc);
  w.setStatus(pvc, { accessModes: pvc.spec.accessModes, capacity: { storage }, phase: 'Bound' });
  recordEvent(w, pvc, 'Normal', 'ProvisioningSucceeded', `Successfully provisioned volume ${name}`, { component: provisionerName(w) });
}

function noteOnce(w: World, o: Obj, type: 'Normal' | 'Warning', reason: string, message: string, component: string): void {
  const key = `note/${o.metadata.uid}/${reason}`;
  const last = Number(w.s.rt.memo[key] ?? 0);
  if (last && w.now - last < 15_000) return;
  w.s.rt.memo[key] = String(w.now);
  recordEvent(w, o, type, reason, message, { component });
  w.wake(key, w.now + 15_000);
}

export { msOf };

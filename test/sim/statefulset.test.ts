import { describe, expect, it } from 'vitest';
import { apiDelete } from '../../src/sim/api/server.js';
import { ADMIN } from '../../src/sim/api/rbac.js';
import { apply, cluster, eventText, namespace, pass, pod, pods, ready, until } from './helpers.js';

const sts = (opts: { replicas?: number; policy?: string; storage?: string; claim?: string } = {}) => `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
spec:
  serviceName: db-headless
  replicas: ${opts.replicas ?? 3}
  podManagementPolicy: ${opts.policy ?? 'OrderedReady'}
  selector:
    matchLabels: {app: db}
  template:
    metadata:
      labels: {app: db}
    spec:
      containers:
      - name: main
        image: busybox:1.36
        command: ["sleep", "infinity"]
        volumeMounts:
        - {name: ${opts.claim ?? 'data'}, mountPath: /data}
  volumeClaimTemplates:
  - metadata: {name: ${opts.claim ?? 'data'}}
    spec:
      accessModes: [ReadWriteOnce]
      resources: {requests: {storage: ${opts.storage ?? '20Mi'}}}
`;

describe('StatefulSets and their volumes', () => {
  it('OrderedReady creates pods one at a time, each Running and Ready before the next', async () => {
    const w = await cluster();
    namespace(w);
    apply(w, sts());
    pass(w, 1);
    expect(pods(w).map((p) => p.metadata.name)).toEqual(['db-0']);
    until(w, () => pods(w).length === 2, 120);
    expect(ready(pod(w, 'db-0'))).toBe(true);
    until(w, () => pods(w).length === 3 && pods(w).every(ready), 120);
    const p0 = pod(w, 'db-0');
    expect(p0.spec.hostname).toBe('db-0');
    expect(p0.spec.subdomain).toBe('db-headless');
    expect(p0.metadata.labels).toMatchObject({ 'statefulset.kubernetes.io/pod-name': 'db-0', 'apps.kubernetes.io/pod-index': '0' });
    expect(eventText(w)).toContain('create Claim data-db-0 Pod db-0 in StatefulSet db success');
    expect(eventText(w)).toContain('create Pod db-2 in StatefulSet db successful');
  });

  it('Parallel creates them all at once', async () => {
    const w = await cluster();
    namespace(w);
    apply(w, sts({ policy: 'Parallel' }));
    pass(w, 1);
    expect(pods(w).map((p) => p.metadata.name)).toEqual(['db-0', 'db-1', 'db-2']);
  });

  it('claims <template>-<sts>-<ordinal> bind when first used (WaitForFirstConsumer) and outlive the pods', async () => {
    const w = await cluster();
    namespace(w);
    apply(w, sts({ policy: 'Parallel' }));
    until(w, () => pods(w).length === 3 && pods(w).every(ready), 120);
    const pvcs = w.list('persistentvolumeclaims', 'lab');
    expect(pvcs.map((c) => c.metadata.name)).toEqual(['data-db-0', 'data-db-1', 'data-db-2']);
    expect(pvcs.every((c) => c.status.phase === 'Bound' && c.spec.storageClassName === 'standard')).toBe(true);
    const pv = w.get('persistentvolumes', undefined, pvcs[0].spec.volumeName)!;
    expect(pv.spec.claimRef.name).toBe('data-db-0');
    expect(pv.spec.nodeAffinity.required.nodeSelectorTerms[0].matchExpressions[0].values).toEqual([pod(w, 'db-0').spec.nodeName]);
    apply(w, sts({ policy: 'Parallel', replicas: 0 }));
    until(w, () => pods(w).length === 0, 120);
    expect(w.list('persistentvolumeclaims', 'lab')).toHaveLength(3);
    apply(w, sts({ policy: 'Parallel', replicas: 3 }));
    until(w, () => pods(w).length === 3 && pods(w).every(ready), 120);
    expect(w.list('persistentvolumeclaims', 'lab').map((c) => c.spec.volumeName)).toEqual(pvcs.map((c) => c.spec.volumeName));
    // a pod that comes back is placed on the node that holds its volume
    expect(pod(w, 'db-0').spec.nodeName).toBe(pv.spec.nodeAffinity.required.nodeSelectorTerms[0].matchExpressions[0].values[0]);
  });

  it('a deleted pod comes back with the same name (stable identity)', async () => {
    const w = await cluster();
    namespace(w);
    apply(w, sts({ replicas: 2, policy: 'Parallel' }));
    until(w, () => pods(w).every(ready) && pods(w).length === 2, 120);
    const uid = pod(w, 'db-1').metadata.uid;
    apiDelete(w, ADMIN, pod(w, 'db-1'));
    until(w, () => w.get('pods', 'lab', 'db-1')?.metadata.uid !== uid && !!w.get('pods', 'lab', 'db-1'), 120);
    until(w, () => ready(pod(w, 'db-1')), 120);
  });

  it('changing volumeClaimTemplates is forbidden with the API server text', async () => {
    const w = await cluster();
    namespace(w);
    apply(w, sts());
    const r = apply(w, sts({ storage: '1Gi' }));
    expect(r.errors).toEqual([
      "The StatefulSet \"db\" is invalid: spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden",
    ]);
  });

  it('scale down OrderedReady removes the highest ordinal first, one at a time', async () => {
    const w = await cluster();
    namespace(w);
    apply(w, sts());
    until(w, () => pods(w).length === 3 && pods(w).every(ready), 200);
    apply(w, sts({ replicas: 1 }));
    pass(w, 0.5);
    expect(pods(w).filter((p) => p.metadata.deletionTimestamp).map((p) => p.metadata.name)).toEqual(['db-2']);
    until(w, () => pods(w).length === 1, 200);
    expect(pods(w)[0].metadata.name).toBe('db-0');
  });

  it('a volumeMount naming no volume or claim: the StatefulSet is accepted, each pod is refused (FailedCreate)', async () => {
    const w = await cluster();
    namespace(w);
    const r = apply(w, sts().replace('- {name: data, mountPath: /data}', '- {name: datta, mountPath: /data}'));
    expect(r.errors).toEqual([]);
    pass(w, 5);
    expect(pods(w)).toEqual([]);
    expect(eventText(w)).toContain('FailedCreate: create Pod db-0 in StatefulSet db failed error: Pod "db-0" is invalid: spec.containers[0].volumeMounts[0].name: Not found: "datta"');
  });
});


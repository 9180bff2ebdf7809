/**
 * The shipped diagnosis catalogue (lessons/diagnoses.yaml) against the log lines the EMQX model writes
 * (docs/facts.md §11): each discovery failure of EMQX 5.8.9 is recognised by its own diagnosis, and a node
 * that only waits for its tables is not mistaken for one whose name does not resolve.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readDiagnoses } from '../../src/course/load.js';
import type { Evidence } from '../../src/diagnosis/evidence.js';
import { matchDiagnoses } from '../../src/diagnosis/match.js';
import type { World } from '../../src/sim/api/world.js';
import { apiDelete } from '../../src/sim/api/server.js';
import { ADMIN } from '../../src/sim/api/rbac.js';
import type { Obj } from '../../src/sim/state/types.js';
import { apply, cluster, emqxDeployment, logs, namespace, pass, pod, pods, RBAC, ready, service, until } from '../sim/helpers.js';

const { diagnoses: catalogue, problems } = readDiagnoses(join(import.meta.dirname, '..', '..', 'lessons', 'diagnoses.yaml'));

const K8S = (extra: Record<string, string> = {}) => ({
  EMQX_CLUSTER__DISCOVERY_STRATEGY: 'k8s',
  EMQX_CLUSTER__K8S__SERVICE_NAME: 'broker',
  EMQX_CLUSTER__K8S__NAMESPACE: 'lab',
  EMQX_CLUSTER__K8S__ADDRESS_TYPE: 'ip',
  ...extra,
});

/** Log evidence of every pod, as collectEvidence would gather it (the last 200 lines). */
function evidence(w: World): Evidence {
  const l = pods(w).map((p: Obj) => ({ pod: p.metadata.name, container: 'emqx', previous: false, lines: logs(w, p).split('\n').slice(-200) }));
  return { pods: [], events: [], logs: l, env: [], pvcs: [], gaps: [] };
}

const ids = (w: World) => matchDiagnoses(catalogue, evidence(w), 'en').map((m) => m.diagnosis.id);

async function deployment(env: Record<string, string>, opts: { rbac?: boolean; svc?: string } = {}): Promise<World> {
  const w = await cluster();
  namespace(w);
  apply(w, (opts.rbac ? RBAC('broker') + '---\n' : '') + service(opts.svc ?? 'broker', 'broker') + '---\n' + emqxDeployment({ replicas: 2, env, sa: opts.rbac ? 'broker' : undefined }));
  until(w, () => pods(w).length === 2 && pods(w).every(ready), 200);
  pass(w, 40);
  return w;
}

describe('diagnoses on the log lines EMQX 5.8.9 writes', () => {
  it('the catalogue loads', () => expect(problems).toEqual([]));

  it('{403,#Ref<...>} is discovery-forbidden, and its proof is the bare status line', async () => {
    const w = await deployment(K8S());
    const m = matchDiagnoses(catalogue, evidence(w), 'en');
    expect(m.map((x) => x.diagnosis.id)).toEqual(['discovery-forbidden']);
    expect(m[0].proof[0]).toMatch(/^broker-[a-z0-9-]+: \S+ \[error\] Ekka\(AutoCluster\): Discovery error: \{403,#Ref<0\.\d+\.\d+\.\d+>\}$/);
  });

  it('{404,#Ref<...>} is discovery-service-not-found', async () => {
    expect(ids(await deployment(K8S({ EMQX_CLUSTER__K8S__SERVICE_NAME: 'emqx-service' }), { rbac: true }))).toEqual(['discovery-service-not-found']);
  });

  it('the badkey line (one line with its stack) is hostname-badkey', async () => {
    expect(ids(await deployment(K8S({ EMQX_CLUSTER__K8S__ADDRESS_TYPE: 'hostname', EMQX_CLUSTER__K8S__SUFFIX: 'svc.cluster.local', EMQX_HOST: 'x.example' }), { rbac: true }))).toEqual(['hostname-badkey']);
  });

  it.each(['https://127.0.0.1:43567', 'https://kubernetes:443', 'https://kubernetes.default.svc:6443', 'http://kubernetes.default.svc:443'])(
    'an API server address a pod cannot use (%s) is apiserver-unreachable, not a certificate problem',
    async (apiserver) => {
      expect(ids(await deployment(K8S({ EMQX_CLUSTER__K8S__APISERVER: apiserver }), { rbac: true }))).toEqual(['apiserver-unreachable']);
    },
  );

  it('the Service IP works: no diagnosis', async () => {
    expect(ids(await deployment(K8S({ EMQX_CLUSTER__K8S__APISERVER: 'https://10.96.0.1:443' }), { rbac: true }))).toEqual([]);
  });

  it('a node waiting for its tables is mria-waiting-for-tables and nothing else (not not-responding-to-pings)', async () => {
    const w = await cluster();
    namespace(w);
    const sts = `apiVersion: apps/v1
kind: StatefulSet
metadata: {name: mq}
spec:
  serviceName: mq-headless
  replicas: 3
  podManagementPolicy: OrderedReady
  selector: {matchLabels: {app: mq}}
  template:
    metadata: {labels: {app: mq}}
    spec:
      serviceAccountName: mq
      containers:
      - name: emqx
        image: emqx/emqx:5.8.9
        ports: [{name: dashboard, containerPort: 18083}]
        env:
        - {name: EMQX_CLUSTER__DISCOVERY_STRATEGY, value: k8s}
        - {name: EMQX_CLUSTER__K8S__SERVICE_NAME, value: mq-headless}
        - {name: EMQX_CLUSTER__K8S__NAMESPACE, value: lab}
        - {name: EMQX_CLUSTER__K8S__ADDRESS_TYPE, value: hostname}
        - {name: EMQX_CLUSTER__K8S__SUFFIX, value: svc.cluster.local}
        readinessProbe: {httpGet: {path: /status, port: 18083}, initialDelaySeconds: 10, periodSeconds: 5}
        volumeMounts: [{name: data, mountPath: /opt/emqx/data}]
  volumeClaimTemplates:
  - metadata: {name: data}
    spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 20Mi}}}
`;
    apply(w, RBAC('mq') + '---\napiVersion: v1\nkind: Service\nmetadata: {name: mq-headless}\nspec: {clusterIP: None, publishNotReadyAddresses: true, selector: {app: mq}, ports: [{name: ekka, port: 4370}]}\n---\n' + sts);
    until(w, () => pods(w).length === 3 && pods(w).every(ready), 600);
    pass(w, 60);
    apiDelete(w, ADMIN, w.get('statefulsets', 'lab', 'mq')!, { cascade: 'orphan' });
    for (const name of ['mq-0', 'mq-1', 'mq-2']) {
      apiDelete(w, ADMIN, pod(w, name));
      until(w, () => !w.get('pods', 'lab', name), 60);
    }
    apply(w, sts);
    pass(w, 20);
    expect(ids(w)).toEqual([]);
    pass(w, 60);
    expect(ids(w)).toEqual(['mria-waiting-for-tables']);
  });
});

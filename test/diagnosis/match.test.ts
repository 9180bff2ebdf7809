import { describe, expect, it } from 'vitest';
import type { Diagnosis } from '../../src/course/schema.js';
import { collectEvidence, nothingRuns, type Evidence } from '../../src/diagnosis/evidence.js';
import { matchDiagnoses, matchOne } from '../../src/diagnosis/match.js';
import { KubeError } from '../../src/kube/result.js';
import { fakeKube, pod, workload } from '../fixtures/engine/fake-kube.js';

const ev = (e: Partial<Evidence>): Evidence => ({ pods: [], events: [], logs: [], env: [], pvcs: [], gaps: [], ...e });
const txt = { en: 'x', zh: 'x' };
const diag = (id: string, match: Diagnosis['match']): Diagnosis => ({ id, match, title: txt, explain: txt, hint: txt, endsWait: false });

describe('matchers', () => {
  it.each([
    ['log, previous container', { log: 'still waiting for table' }, ev({ logs: [{ pod: 'emqx-0', container: 'emqx', previous: true, lines: ['a', '[warning] mria_mnesia: still waiting for table(s)'] }] }), 'emqx-0 (previous): [warning] mria_mnesia: still waiting for table(s)'],
    ['podWaiting', { podWaiting: '^CreateContainerConfigError$' }, ev({ pods: [pod('p', { waiting: 'CreateContainerConfigError' })] }), 'p: CreateContainerConfigError'],
    ['podTerminated (last state)', { podTerminated: 'OOMKilled' }, ev({ pods: [pod('p', { lastTerminated: 'OOMKilled' })] }), 'p: OOMKilled (exit code 1)'],
    ['podUnschedulable', { podUnschedulable: true }, ev({ pods: [pod('p', { unschedulable: '0/1 nodes are available' })] }), 'p: 0/1 nodes are available'],
    ['podUnschedulable: false', { podUnschedulable: false }, ev({ pods: [pod('p')] }), 'no pod is unschedulable'],
    ['event reason and message', { event: 'FailedMount: .*not found' }, ev({ events: [{ metadata: { name: 'e' }, reason: 'FailedMount', message: 'configmap "x" not found', involvedObject: { kind: 'Pod', name: 'p' } }] }), 'Pod/p: FailedMount: configmap "x" not found'],
    ['envName', { envName: '^EMQX_CLUSTER__K8S__APP_NAME$' }, ev({ env: [{ owner: 'pod/p', container: 'c', name: 'EMQX_CLUSTER__K8S__APP_NAME', value: 'emqx', source: 'env' }] }), 'pod/p: EMQX_CLUSTER__K8S__APP_NAME'],
    ['envValue', { envValue: { name: 'ADDRESS_TYPE$', value: '^hosname$' } }, ev({ env: [{ owner: 'pod/p', container: 'c', name: 'EMQX_CLUSTER__K8S__ADDRESS_TYPE', value: 'hosname', source: 'configMap' }] }), 'pod/p: EMQX_CLUSTER__K8S__ADDRESS_TYPE=hosname'],
    ['applyError', { applyError: 'no matches for kind' }, ev({ applyError: 'serviceaccount/emqx created\nerror: resource mapping not found for name: "emqx" namespace: "" from "STDIN": no matches for kind "Role" in version "x/v1"\nensure CRDs are installed first' }), 'error: resource mapping not found for name: "emqx" namespace: "" from "STDIN": no matches for kind "Role" in version "x/v1"'],
    ['pvcPending', { pvcPending: true }, ev({ pvcs: [{ name: 'd', phase: 'Pending' }] }), 'PersistentVolumeClaim/d: Pending'],
    ['noDefaultStorageClass', { noDefaultStorageClass: true }, ev({ storageClasses: [{ name: 'slow', isDefault: false }] }), 'StorageClasses: slow'],
    ['namespaceTerminating', { namespaceTerminating: true }, ev({ namespacePhase: 'Terminating' }), 'namespace: Terminating'],
    ['nothingRuns', { nothingRuns: true }, ev({ nothingRuns: true }), 'pods: 0; Deployments/StatefulSets with replicas > 0: 0'],
    ['nothingRuns: false', { nothingRuns: false }, ev({ pods: [pod('p')], nothingRuns: false }), 'pods: 1'],
  ] as const)('%s', (_n, m, e, proof) => {
    expect(matchOne(m as Diagnosis['match'][number], e, 'en')?.proof).toBe(proof);
  });

  // The lab's words around the evidence follow the learner's language; the evidence stays as the cluster said it.
  it.each([
    ['log, previous container', { log: 'still waiting' }, ev({ logs: [{ pod: 'emqx-0', container: 'emqx', previous: true, lines: ['[warning] still waiting'] }] }), 'emqx-0（上一次运行）: [warning] still waiting'],
    ['podTerminated', { podTerminated: 'OOMKilled' }, ev({ pods: [pod('p', { lastTerminated: 'OOMKilled' })] }), 'p: OOMKilled（退出码 1）'],
    ['podUnschedulable: false', { podUnschedulable: false }, ev({ pods: [pod('p')] }), '没有无法调度的 Pod'],
    ['pvcPending: false', { pvcPending: false }, ev({ pvcs: [] }), '没有处于 Pending 的 PVC'],
    ['noDefaultStorageClass', { noDefaultStorageClass: true }, ev({ storageClasses: [] }), '存储类（StorageClass）：（无）'],
    ['namespaceTerminating: false', { namespaceTerminating: false }, ev({}), '命名空间：未知'],
    ['nothingRuns', { nothingRuns: true }, ev({ nothingRuns: true }), 'Pod 数：0；replicas > 0 的 Deployment/StatefulSet 数：0'],
  ] as const)('zh: %s', (_n, m, e, proof) => {
    expect(matchOne(m as Diagnosis['match'][number], e, 'zh')?.proof).toBe(proof);
  });

  it.each([
    ['a Secret value is never matched', { envValue: { name: 'PASSWORD', value: '.*' } }, ev({ env: [{ owner: 'pod/p', container: 'c', name: 'PASSWORD', source: 'secret' }] })],
    ['unknown StorageClasses (no permission) match neither way', { noDefaultStorageClass: true }, ev({})],
    ['no apply error, no applyError match', { applyError: '.' }, ev({})],
    ['pods that could not be read match nothingRuns neither way', { nothingRuns: true }, ev({})],
    ['something runs', { nothingRuns: true }, ev({ pods: [pod('p')], nothingRuns: false })],
    ['a log line elsewhere does not count', { log: '403' }, ev({ logs: [] })],
  ] as const)('%s', (_n, m, e) => expect(matchOne(m as Diagnosis['match'][number], e, 'en')).toBeUndefined());
});

describe('a diagnosis needs ALL its matchers', () => {
  const catalogue = [diag('both', [{ pvcPending: true }, { noDefaultStorageClass: true }]), diag('pending', [{ pvcPending: true }])];
  it('matches the AND and keeps catalogue order', () => {
    const e = ev({ pvcs: [{ name: 'd', phase: 'Pending' }], storageClasses: [] });
    expect(matchDiagnoses(catalogue, e, 'en').map((m) => m.diagnosis.id)).toEqual(['both', 'pending']);
    const e2 = ev({ pvcs: [{ name: 'd', phase: 'Pending' }], storageClasses: [{ name: 's', isDefault: true }] });
    expect(matchDiagnoses(catalogue, e2, 'en').map((m) => m.diagnosis.id)).toEqual(['pending']);
  });
});

describe('nothingRuns: whether anything in the namespace will change by itself', () => {
  const gone = { ...pod('old'), metadata: { ...pod('old').metadata, deletionTimestamp: '2026-03-01T10:00:00Z' } };
  it.each([
    ['an empty namespace', [], true],
    ['only a ConfigMap and a Service', [{ kind: 'ConfigMap', metadata: { name: 'c' } }, { kind: 'Service', metadata: { name: 's' } }], true],
    ['a pod', [pod('p')], false],
    ['only a pod being deleted (it still changes: a check may wait for it to go)', [gone], false],
    ['a Deployment scaled to 0', [workload('Deployment', 'emqx', { replicas: 0 })], true],
    ['a Deployment that asks for a pod not made yet', [workload('Deployment', 'emqx', { replicas: 1 })], false],
    ['a StatefulSet with no replicas field (defaults to 1)', [{ kind: 'StatefulSet', metadata: { name: 'emqx' }, spec: {} }], false],
  ] as const)('%s → %s', (_n, objects, idle) => expect(nothingRuns(objects as never)).toBe(idle));

  it('evidence says unknown when the pods could not be read, and true on an empty namespace', async () => {
    const forbidden = new KubeError('forbidden', 'Error from server (Forbidden): pods is forbidden', []);
    const denied = await collectEvidence(fakeKube({ list: async (k) => (k.includes('Pod') ? Promise.reject(forbidden) : []), get: async () => undefined }));
    expect(denied.nothingRuns).toBeUndefined();
    const empty = await collectEvidence(fakeKube({ list: async () => [], get: async () => undefined }));
    expect(empty.nothingRuns).toBe(true);
  });
});

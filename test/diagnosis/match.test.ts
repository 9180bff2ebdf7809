import { describe, expect, it } from 'vitest';
import type { Diagnosis } from '../../src/course/schema.js';
import type { Evidence } from '../../src/diagnosis/evidence.js';
import { matchDiagnoses, matchOne } from '../../src/diagnosis/match.js';
import { pod } from '../fixtures/engine/fake-kube.js';

const ev = (e: Partial<Evidence>): Evidence => ({ pods: [], events: [], logs: [], env: [], pvcs: [], gaps: [], ...e });
const txt = { en: 'x', zh: 'x' };
const diag = (id: string, match: Diagnosis['match']): Diagnosis => ({ id, match, title: txt, explain: txt, hint: txt });

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
  ] as const)('%s', (_n, m, e, proof) => {
    expect(matchOne(m as Diagnosis['match'][number], e)?.proof).toBe(proof);
  });

  it.each([
    ['a Secret value is never matched', { envValue: { name: 'PASSWORD', value: '.*' } }, ev({ env: [{ owner: 'pod/p', container: 'c', name: 'PASSWORD', source: 'secret' }] })],
    ['unknown StorageClasses (no permission) match neither way', { noDefaultStorageClass: true }, ev({})],
    ['no apply error, no applyError match', { applyError: '.' }, ev({})],
    ['a log line elsewhere does not count', { log: '403' }, ev({ logs: [] })],
  ] as const)('%s', (_n, m, e) => expect(matchOne(m as Diagnosis['match'][number], e)).toBeUndefined());
});

describe('a diagnosis needs ALL its matchers', () => {
  const catalogue = [diag('both', [{ pvcPending: true }, { noDefaultStorageClass: true }]), diag('pending', [{ pvcPending: true }])];
  it('matches the AND and keeps catalogue order', () => {
    const e = ev({ pvcs: [{ name: 'd', phase: 'Pending' }], storageClasses: [] });
    expect(matchDiagnoses(catalogue, e).map((m) => m.diagnosis.id)).toEqual(['both', 'pending']);
    const e2 = ev({ pvcs: [{ name: 'd', phase: 'Pending' }], storageClasses: [{ name: 's', isDefault: true }] });
    expect(matchDiagnoses(catalogue, e2).map((m) => m.diagnosis.id)).toEqual(['pending']);
  });
});

import { describe, expect, it } from 'vitest';
import type { Diagnosis } from '../../src/course/schema.js';
import { collectEvidence, nothingRuns, type Evidence } from '../../src/diagnosis/evidence.js';
import { matchDiagnoses, matchOne } from '../../src/diagnosis/match.js';
import { KubeError } from '../../src/kube/result.js';
import type { KubeEvent, Pod } from '../../src/kube/objects.js';
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

describe('matchers: what exactly is shown as proof', () => {
  const event = (name: string, at: string, e: Partial<KubeEvent>): KubeEvent => ({
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name, namespace: 'lab' },
    involvedObject: { kind: 'Pod', name: 'emqx-0', uid: 'uid-emqx-0' },
    lastTimestamp: at,
    ...e,
  });
  const one = (m: Diagnosis['match'][number], e: Evidence) => matchOne(m, e, 'en')?.proof;

  it('a log line is shown trimmed, from the current container', () => {
    const e = ev({ logs: [{ pod: 'emqx-0', container: 'emqx', previous: false, lines: ['  2026-03-01T10:00:00Z [error] Discovery error: {403,forbidden}\r  '] }] });
    expect(one({ log: 'Discovery error' }, e)).toBe('emqx-0: 2026-03-01T10:00:00Z [error] Discovery error: {403,forbidden}');
  });

  it('a waiting reason comes with kubelet\'s message when there is one', () => {
    const p: Pod = {
      ...pod('emqx-0'),
      status: {
        phase: 'Running',
        containerStatuses: [{ name: 'emqx', ready: false, restartCount: 4, state: { waiting: { reason: 'CrashLoopBackOff', message: 'back-off 1m20s restarting failed container=emqx pod=emqx-0_lab(uid-emqx-0)' } } }],
      },
    };
    expect(one({ podWaiting: 'CrashLoopBackOff' }, ev({ pods: [p] }))).toBe('emqx-0: CrashLoopBackOff (back-off 1m20s restarting failed container=emqx pod=emqx-0_lab(uid-emqx-0))');
  });

  it('an unschedulable pod shows the PodScheduled condition\'s message, wherever it is in the list', () => {
    const p: Pod = {
      ...pod('emqx-0'),
      status: {
        phase: 'Pending',
        conditions: [
          { type: 'PodReadyToStartContainers', status: 'False', message: 'not this one' },
          { type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: '0/3 nodes are available: 3 Insufficient cpu.' },
        ],
      },
    };
    expect(one({ podUnschedulable: true }, ev({ pods: [p] }))).toBe('emqx-0: 0/3 nodes are available: 3 Insufficient cpu.');
    const bare: Pod = { ...p, status: { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable' }] } };
    expect(one({ podUnschedulable: true }, ev({ pods: [bare] }))).toBe('emqx-0: Unschedulable');
  });

  it('an event: the latest that matches (events come in time order)', () => {
    const events = [
      event('a', '2026-03-01T10:00:01Z', { reason: 'BackOff', message: 'Back-off pulling image "emqx/emqx:5.8.98"' }),
      event('b', '2026-03-01T10:00:02Z', { reason: 'BackOff', message: 'Back-off pulling image "emqx/emqx:5.8.99"' }),
      event('c', '2026-03-01T10:00:03Z', { reason: 'Pulled', message: 'Successfully pulled image "busybox"' }),
    ];
    expect(one({ event: '^BackOff: ' }, ev({ events }))).toBe('Pod/emqx-0: BackOff: Back-off pulling image "emqx/emqx:5.8.99"');
  });

  it('an event without a message (or a reason) is matched as an empty one, not as text', () => {
    const noMessage = event('a', '2026-03-01T10:00:01Z', { reason: 'SandboxChanged' });
    expect(matchOne({ event: '^SandboxChanged: $' }, ev({ events: [noMessage] }), 'en')).toBeDefined();
    const noReason = event('b', '2026-03-01T10:00:01Z', { message: 'Stopping container emqx' });
    expect(matchOne({ event: '^: Stopping container' }, ev({ events: [noReason] }), 'en')).toBeDefined();
    expect(matchOne({ event: 'Stryker|undefined' }, ev({ events: [noMessage, noReason] }), 'en')).toBeUndefined();
    // And shown so: the learner never reads "undefined".
    expect(one({ event: '^SandboxChanged' }, ev({ events: [noMessage] }))).toBe('Pod/emqx-0: SandboxChanged: ');
    expect(one({ event: 'Stopping' }, ev({ events: [noReason] }))).toBe('Pod/emqx-0: : Stopping container emqx');
  });

  it('an apply error line is shown trimmed (kubectl on Windows ends lines with \\r)', () => {
    const e = ev({ applyError: 'configmap/emqx-env unchanged\r\nThe StatefulSet "emqx" is invalid: spec.replicas: Invalid value: -1\r\n' });
    expect(one({ applyError: 'is invalid' }, e)).toBe('The StatefulSet "emqx" is invalid: spec.replicas: Invalid value: -1');
  });

  it('pvcPending: only a PVC that is Pending counts', () => {
    expect(matchOne({ pvcPending: true }, ev({ pvcs: [{ name: 'data-emqx-0', phase: 'Bound' }] }), 'en')).toBeUndefined();
    expect(one({ pvcPending: false }, ev({ pvcs: [{ name: 'data-emqx-0', phase: 'Bound' }] }))).toBe('no PVC is Pending');
    expect(one({ pvcPending: true }, ev({ pvcs: [{ name: 'data-emqx-0', phase: 'Bound' }, { name: 'data-emqx-1', phase: 'Pending' }] }))).toBe('PersistentVolumeClaim/data-emqx-1: Pending');
  });

  it('noDefaultStorageClass lists the classes there are', () => {
    const e = ev({ storageClasses: [{ name: 'slow', isDefault: false }, { name: 'fast', isDefault: false }] });
    expect(one({ noDefaultStorageClass: true }, e)).toBe('StorageClasses: slow, fast');
  });

  it('a diagnosis keeps the log lines among its proof apart', () => {
    const d = diag('crash-and-pending', [{ pvcPending: true }, { log: 'crash' }]);
    const e = ev({ pvcs: [{ name: 'data-emqx-0', phase: 'Pending' }], logs: [{ pod: 'emqx-0', container: 'emqx', previous: true, lines: ['[error] crash'] }] });
    const [m] = matchDiagnoses([d], e, 'en');
    expect(m.proof).toEqual(['PersistentVolumeClaim/data-emqx-0: Pending', 'emqx-0 (previous): [error] crash']);
    expect(m.logLines).toEqual(['emqx-0 (previous): [error] crash']);
  });
});

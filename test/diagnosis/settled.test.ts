/**
 * settled.ts at its edges: which waiting reasons and crash traces make a pod stuck, which objects belong to
 * which workload, when a FailedCreate (or a ReplicaFailure) blocks a rollout, a Deployment scaled to zero,
 * the exact reasons given when the namespace has not settled, and the time from which events are fresh.
 */
import { describe, expect, it } from 'vitest';
import { isStuck, settledness } from '../../src/diagnosis/settled.js';
import type { ContainerStatus, KubeEvent, LiveObject, Pod } from '../../src/kube/objects.js';
import { pod, workload, type PodSpec } from '../fixtures/engine/fake-kube.js';

const REVISION = 'deployment.kubernetes.io/revision';
const T1 = '2026-01-01T00:01:00Z';
const T2 = '2026-01-01T00:02:00Z';

function deployment(o: { name?: string; revision?: string | null; replicas?: number; generation?: number; observed?: number } = {}): LiveObject {
  const w = workload('Deployment', o.name ?? 'emqx', { replicas: o.replicas ?? 2, generation: o.generation ?? 2 });
  if (o.revision !== null) w.metadata.annotations = { [REVISION]: o.revision ?? '2' };
  if (o.observed !== undefined) w.status!.observedGeneration = o.observed;
  return w;
}
const rs = (name: string, revision: string, owner = 'emqx', conditions?: { type: string; status: string }[]): LiveObject => ({
  kind: 'ReplicaSet',
  metadata: { name, annotations: { [REVISION]: revision }, ownerReferences: [{ kind: 'Deployment', name: owner }] },
  ...(conditions ? { status: { conditions } } : {}),
});
const podOf = (name: string, owner: string, s: PodSpec = {}, created: string | null = T1): Pod => {
  const p = pod(name, { ...s, owner });
  if (created !== null) p.metadata.creationTimestamp = created;
  return p;
};
const bare = (name: string, s: PodSpec = {}, created = T1): Pod => {
  const p = pod(name, s);
  p.metadata.creationTimestamp = created;
  return p;
};
const stsPod = (name: string, revision: string, s: PodSpec = {}, created: string | null = T1): Pod => {
  const p = pod(name, s);
  p.metadata.ownerReferences = [{ kind: 'StatefulSet', name: 'emqx' }];
  p.metadata.labels = { ...p.metadata.labels, 'controller-revision-hash': revision };
  if (created !== null) p.metadata.creationTimestamp = created;
  return p;
};
const statefulset = (o: { replicas?: number; generation?: number; observed?: number } = {}): LiveObject => {
  const w = workload('StatefulSet', 'emqx', { replicas: o.replicas ?? 2, generation: o.generation ?? 1, updateRevision: 'emqx-new', currentRevision: 'emqx-old' });
  if (o.observed !== undefined) w.status!.observedGeneration = o.observed;
  return w;
};
const event = (reason: string, kind: string, name: string, at: string): KubeEvent => ({
  kind: 'Event',
  metadata: { name: `${name}.${reason}` },
  type: 'Warning',
  reason,
  message: 'm',
  involvedObject: { kind, name },
  lastTimestamp: at,
});
/** A pod not Ready with the given container statuses (init containers separately). */
const withStatuses = (containers: ContainerStatus[], init: ContainerStatus[] = [], ready = false): Pod => {
  const p = pod('p', { ready });
  p.status!.containerStatuses = containers;
  if (init.length) p.status!.initContainerStatuses = init;
  return p;
};
const running = (name: string): ContainerStatus => ({ name, ready: true, restartCount: 0, state: { running: {} } });

describe('isStuck at its edges', () => {
  it('a waiting reason counts only when it is a whole stuck reason', () => {
    for (const reason of ['CrashLoopBackOff', 'ErrImagePull', 'ImagePullBackOff', 'InvalidImageName', 'ErrImageNeverPull', 'CreateContainerConfigError', 'CreateContainerError', 'RunContainerError']) {
      expect(isStuck(pod('p', { waiting: reason })), reason).toBe(true);
    }
    expect(isStuck(pod('p', { waiting: 'NotCrashLoopBackOff' }))).toBe(false);
    expect(isStuck(pod('p', { waiting: 'CrashLoopBackOffSoon' }))).toBe(false);
    expect(isStuck(pod('p', { waiting: 'PodInitializing' }))).toBe(false);
  });

  it('one stuck container among running ones is enough (an init container too)', () => {
    const stuckInit: ContainerStatus = { name: 'init', restartCount: 0, state: { waiting: { reason: 'ErrImagePull' } } };
    expect(isStuck(withStatuses([running('emqx')], [stuckInit]))).toBe(true);
    const stuckSidecar: ContainerStatus = { name: 'side', restartCount: 0, state: { waiting: { reason: 'CreateContainerConfigError' } } };
    expect(isStuck(withStatuses([running('emqx'), stuckSidecar]))).toBe(true);
  });

  it('between two crashes: one restarted container that failed is enough; a restart that exited 0, or a failure never restarted, is not', () => {
    const crashed: ContainerStatus = { name: 'emqx', restartCount: 1, state: { running: {} }, lastState: { terminated: { reason: 'Error', exitCode: 1 } } };
    expect(isStuck(withStatuses([running('side'), crashed]))).toBe(true);
    expect(isStuck(withStatuses([{ ...crashed, restartCount: 0 }]))).toBe(false);
    expect(isStuck(withStatuses([{ ...crashed, lastState: { terminated: { reason: 'Completed', exitCode: 0 } } }]))).toBe(false);
    expect(isStuck(withStatuses([{ ...crashed, lastState: {} }]))).toBe(false);
    // Ready again: it is running now, not stuck.
    expect(isStuck(withStatuses([crashed], [], true))).toBe(false);
  });
});

describe('which objects belong to a workload', () => {
  it('a pod with several owners belongs to the ReplicaSet among them', () => {
    const p = podOf('a', 'emqx-new');
    p.metadata.ownerReferences = [{ kind: 'Node', name: 'node-1' }, { kind: 'ReplicaSet', name: 'emqx-new' }];
    const s = settledness([deployment({ replicas: 1 }), rs('emqx-new', '2'), p]);
    expect(s).toEqual({ settled: true, currentPods: new Set(['a']), freshSince: Date.parse(T1) });
  });

  it('an owner of another kind with the workload\'s name does not make a pod the workload\'s', () => {
    const job = bare('migrate');
    job.metadata.ownerReferences = [{ kind: 'Job', name: 'emqx' }];
    const s = settledness([statefulset(), stsPod('emqx-0', 'emqx-new'), stsPod('emqx-1', 'emqx-new'), job]);
    expect(s).toEqual({ settled: true, currentPods: new Set(['emqx-0', 'emqx-1']), freshSince: Date.parse(T1) });
  });

  it('ReplicaSets of another Deployment at the same revision are not this one\'s', () => {
    const s = settledness([deployment({ replicas: 1 }), rs('other-x', '2', 'other'), rs('emqx-new', '2'), podOf('a', 'emqx-new')]);
    expect(s).toEqual({ settled: true, currentPods: new Set(['a']), freshSince: Date.parse(T1) });
  });

  it('a bare pod is no Deployment\'s nor StatefulSet\'s old pod', () => {
    const tool = bare('tool');
    expect(settledness([deployment({ replicas: 1 }), rs('emqx-new', '2'), podOf('a', 'emqx-new'), tool])).toEqual({
      settled: true,
      currentPods: new Set(['a', 'tool']),
      freshSince: Date.parse(T1),
    });
    expect(settledness([statefulset({ replicas: 1 }), stsPod('emqx-0', 'emqx-new'), tool])).toEqual({
      settled: true,
      currentPods: new Set(['emqx-0', 'tool']),
      freshSince: Date.parse(T1),
    });
  });
});

describe('a blocked rollout', () => {
  it('one stuck pod of the current template blocks it, even while another still starts', () => {
    const s = settledness([
      deployment(),
      rs('emqx-new', '2'),
      podOf('a', 'emqx-new', { waiting: 'ContainerCreating' }),
      podOf('b', 'emqx-new', { waiting: 'ImagePullBackOff' }),
    ]);
    expect(s.settled).toBe(true);
  });

  it('a StatefulSet: a FailedCreate about it, at or after its newest pod, blocks it', () => {
    const one = [statefulset(), stsPod('emqx-0', 'emqx-new', {}, T2)];
    expect(settledness([...one, event('FailedCreate', 'StatefulSet', 'emqx', T2)])).toEqual({ settled: true, currentPods: new Set(['emqx-0']), freshSince: Date.parse(T2) });
    expect(settledness([...one, event('FailedCreate', 'StatefulSet', 'emqx', '2026-01-01T00:01:59Z')])).toMatchObject({ settled: false, why: 'StatefulSet/emqx: 1 of 2 pods' });
  });

  it('only a FailedCreate, only about this kind, only about this name', () => {
    const one = [statefulset(), stsPod('emqx-0', 'emqx-new', {}, T1)];
    const notBlocked = { settled: false, why: 'StatefulSet/emqx: 1 of 2 pods' };
    expect(settledness([...one, event('FailedScheduling', 'StatefulSet', 'emqx', T2)])).toMatchObject(notBlocked);
    expect(settledness([...one, event('FailedCreate', 'Deployment', 'emqx', T2)])).toMatchObject(notBlocked);
    expect(settledness([...one, event('FailedCreate', 'StatefulSet', 'other', T2)])).toMatchObject(notBlocked);
    expect(settledness([...one, event('FailedMount', 'Pod', 'emqx', T2)])).toMatchObject(notBlocked);
    const noObject: KubeEvent = { ...event('FailedCreate', 'StatefulSet', 'emqx', T2), involvedObject: undefined };
    expect(settledness([...one, noObject])).toMatchObject(notBlocked);
  });

  it('a pod without a creation time does not hide a FailedCreate', () => {
    const s = settledness([statefulset(), stsPod('emqx-0', 'emqx-new', { waiting: 'ContainerCreating' }, null), event('FailedCreate', 'StatefulSet', 'emqx', T1)]);
    expect(s).toEqual({ settled: true, currentPods: new Set(['emqx-0']), freshSince: undefined });
  });

  it('a Deployment: a FailedCreate about its newest ReplicaSet, or a ReplicaFailure condition on it, blocks it', () => {
    const base = [deployment({ replicas: 1 }), rs('emqx-old', '1')];
    expect(settledness([...base, rs('emqx-new', '2'), event('FailedCreate', 'ReplicaSet', 'emqx-new', T1)])).toEqual({ settled: true, currentPods: new Set(), freshSince: undefined });
    expect(settledness([...base, rs('emqx-new', '2'), event('FailedCreate', 'ReplicaSet', 'emqx-old', T1)])).toMatchObject({ settled: false, why: 'Deployment/emqx: 0 of 1 pods' });
    expect(settledness([...base, rs('emqx-new', '2', 'emqx', [{ type: 'ReplicaFailure', status: 'True' }])])).toEqual({ settled: true, currentPods: new Set(), freshSince: undefined });
    expect(settledness([...base, rs('emqx-new', '2', 'emqx', [{ type: 'ReplicaFailure', status: 'False' }])])).toMatchObject({ settled: false, why: 'Deployment/emqx: 0 of 1 pods' });
    expect(settledness([...base, rs('emqx-new', '2', 'emqx', [{ type: 'Available', status: 'True' }])])).toMatchObject({ settled: false, why: 'Deployment/emqx: 0 of 1 pods' });
    expect(settledness([...base, rs('emqx-new', '2', 'emqx', [{ type: 'Available', status: 'False' }])])).toMatchObject({ settled: false, why: 'Deployment/emqx: 0 of 1 pods' });
  });
});

describe('a Deployment without a ReplicaSet for its revision', () => {
  it('scaled to zero with no pod left: nothing to wait for', () => {
    expect(settledness([deployment({ replicas: 0 })])).toEqual({ settled: true, currentPods: new Set(), freshSince: undefined });
  });

  it('scaled to zero while old pods remain, or asking for pods: not settled, and says which revision', () => {
    expect(settledness([deployment({ replicas: 0 }), rs('emqx-old', '1'), podOf('a', 'emqx-old')])).toEqual({
      settled: false,
      why: 'Deployment/emqx: no ReplicaSet for revision 2',
      currentPods: new Set(),
    });
    expect(settledness([deployment({ replicas: 1 })])).toEqual({ settled: false, why: 'Deployment/emqx: no ReplicaSet for revision 2', currentPods: new Set() });
    expect(settledness([deployment({ replicas: 1, revision: null })])).toEqual({ settled: false, why: 'Deployment/emqx: no ReplicaSet for revision ?', currentPods: new Set() });
  });
});

describe('why not settled, word for word', () => {
  it('the controller has not seen the latest spec', () => {
    expect(settledness([deployment({ generation: 3, observed: 2 })])).toEqual({ settled: false, why: 'Deployment/emqx: not observed yet', currentPods: new Set() });
    expect(settledness([statefulset({ generation: 3, observed: 2 }), stsPod('emqx-0', 'emqx-new'), stsPod('emqx-1', 'emqx-new')])).toEqual({
      settled: false,
      why: 'StatefulSet/emqx: not observed yet',
      currentPods: new Set(),
    });
    // Seen exactly the latest: fine.
    expect(settledness([statefulset({ generation: 3, observed: 3 }), stsPod('emqx-0', 'emqx-new'), stsPod('emqx-1', 'emqx-new')]).settled).toBe(true);
  });

  it('a replica short, old pods, pods starting, a bare pod starting: each named, joined with "; "', () => {
    expect(settledness([deployment(), rs('emqx-new', '2'), podOf('a', 'emqx-new')])).toEqual({
      settled: false,
      why: 'Deployment/emqx: 1 of 2 pods',
      currentPods: new Set(['a']),
      freshSince: Date.parse(T1),
    });
    expect(settledness([statefulset(), stsPod('emqx-0', 'emqx-new'), stsPod('emqx-1', 'emqx-old', {}, T2)])).toEqual({
      settled: false,
      why: 'StatefulSet/emqx: old pods remain',
      currentPods: new Set(['emqx-0']),
      freshSince: Date.parse(T1),
    });
    expect(settledness([statefulset({ replicas: 1 }), stsPod('emqx-0', 'emqx-new', { waiting: 'ContainerCreating' })]).why).toBe('StatefulSet/emqx: pods still starting');
    expect(settledness([deployment(), rs('emqx-new', '2'), podOf('a', 'emqx-new'), bare('tool', { waiting: 'ContainerCreating' })])).toEqual({
      settled: false,
      why: 'Deployment/emqx: 1 of 2 pods; pod/tool: still starting',
      currentPods: new Set(['a', 'tool']),
      freshSince: Date.parse(T1),
    });
    expect(settledness([deployment({ replicas: 1 }), rs('emqx-new', '2'), podOf('a', 'emqx-new'), podOf('old', 'emqx-new', { deleting: true })]).why).toBe('pod/old: terminating');
  });
});

describe('fresh events', () => {
  it('start at the newest current pod; a current pod without a creation time does not count; none without current pods', () => {
    const newest = podOf('b', 'emqx-new', {}, T2);
    const noTime = podOf('c', 'emqx-new', {}, null);
    const s = settledness([deployment({ replicas: 3 }), rs('emqx-old', '1'), rs('emqx-new', '2'), podOf('a', 'emqx-new'), newest, noTime]);
    expect(s).toEqual({ settled: true, currentPods: new Set(['a', 'b', 'c']), freshSince: Date.parse(T2) });
    // An old pod newer than the current ones does not move it.
    const old = podOf('x', 'emqx-old', { waiting: 'ContainerCreating' }, '2026-01-01T00:09:00Z');
    expect(settledness([deployment({ replicas: 1 }), rs('emqx-old', '1'), rs('emqx-new', '2'), podOf('a', 'emqx-new', { waiting: 'CrashLoopBackOff' }), old]).freshSince).toBe(Date.parse(T1));
    expect(settledness([])).toEqual({ settled: true, currentPods: new Set(), freshSince: undefined });
    expect('freshSince' in settledness([])).toBe(true);
    expect(settledness([]).freshSince).toBeUndefined();
  });
});

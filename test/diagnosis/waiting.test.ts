/**
 * Diagnosis while a check waits: when the namespace has settled (settled.ts), which evidence describes the
 * present (currentEvidence), and the rounds themselves (waiting.ts): their cost, the hold, what the step
 * expects, and the catalogue's endsWait.
 */
import { describe, expect, it } from 'vitest';
import type { Diagnosis } from '../../src/course/schema.js';
import type { Evidence } from '../../src/diagnosis/evidence.js';
import { isStuck, settledness } from '../../src/diagnosis/settled.js';
import { currentEvidence, waitingDiagnoser, WAITING_KINDS } from '../../src/diagnosis/waiting.js';
import type { KubeEvent, LiveObject, Pod } from '../../src/kube/objects.js';
import { fakeClock, fakeKube, pod, workload, type PodSpec } from '../fixtures/engine/fake-kube.js';

const REVISION = 'deployment.kubernetes.io/revision';

function deployment(o: { revision?: string; replicas?: number; generation?: number; observed?: number } = {}): LiveObject {
  const w = workload('Deployment', 'emqx', { replicas: o.replicas ?? 2, generation: o.generation ?? 2 });
  w.metadata.annotations = { [REVISION]: o.revision ?? '2' };
  if (o.observed !== undefined) w.status!.observedGeneration = o.observed;
  return w;
}
const rs = (hash: string, revision: string): LiveObject => ({
  kind: 'ReplicaSet',
  metadata: { name: `emqx-${hash}`, annotations: { [REVISION]: revision }, ownerReferences: [{ kind: 'Deployment', name: 'emqx' }] },
});
const podOf = (name: string, owner: string, s: PodSpec = {}, created = '2026-01-01T00:01:00Z'): Pod => {
  const p = pod(name, { ...s, owner });
  p.metadata.creationTimestamp = created;
  return p;
};
const stsPod = (name: string, revision: string, s: PodSpec = {}, created = '2026-01-01T00:01:00Z'): Pod => {
  const p = pod(name, s);
  p.metadata.ownerReferences = [{ kind: 'StatefulSet', name: 'emqx' }];
  p.metadata.labels = { ...p.metadata.labels, 'controller-revision-hash': revision };
  p.metadata.creationTimestamp = created;
  return p;
};
const statefulset = (o: { replicas?: number; update?: string } = {}): LiveObject =>
  workload('StatefulSet', 'emqx', { replicas: o.replicas ?? 2, updateRevision: o.update ?? 'emqx-new', currentRevision: 'emqx-old' });
const event = (reason: string, message: string, kind: string, name: string, at: string): KubeEvent => ({
  kind: 'Event',
  metadata: { name: `${name}.${reason}` },
  type: 'Warning',
  reason,
  message,
  involvedObject: { kind, name },
  lastTimestamp: at,
});

describe('settledness', () => {
  const sets = [rs('old', '1'), rs('new', '2')];

  it('a finished rollout with every pod Ready on the current template is settled', () => {
    const s = settledness([deployment(), ...sets, podOf('a', 'emqx-new'), podOf('b', 'emqx-new')]);
    expect(s).toMatchObject({ settled: true });
    expect([...s.currentPods].sort()).toEqual(['a', 'b']);
  });

  it('a rollout in progress is not: old pods remain, new ones still start, a pod goes away, the controller has not looked yet', () => {
    expect(settledness([deployment(), ...sets, podOf('a', 'emqx-old'), podOf('b', 'emqx-new')])).toMatchObject({ settled: false, why: expect.stringContaining('old pods remain') });
    expect(settledness([deployment(), ...sets, podOf('a', 'emqx-new', { waiting: 'ContainerCreating' }), podOf('b', 'emqx-new')])).toMatchObject({ settled: false, why: expect.stringContaining('still starting') });
    expect(settledness([deployment(), ...sets, podOf('a', 'emqx-new'), podOf('b', 'emqx-new'), podOf('c', 'emqx-old', { deleting: true })])).toMatchObject({ settled: false, why: expect.stringContaining('terminating') });
    expect(settledness([deployment({ observed: 1 }), ...sets, podOf('a', 'emqx-new'), podOf('b', 'emqx-new')])).toMatchObject({ settled: false, why: expect.stringContaining('not observed') });
    expect(settledness([deployment(), ...sets, podOf('a', 'emqx-new')])).toMatchObject({ settled: false, why: expect.stringContaining('1 of 2') });
  });

  it('a rollout blocked by a stuck pod of the new template is settled: it never goes on by itself', () => {
    const s = settledness([deployment(), ...sets, podOf('a', 'emqx-old'), podOf('b', 'emqx-old'), podOf('c', 'emqx-new', { waiting: 'CrashLoopBackOff', restarts: 3 })]);
    expect(s.settled).toBe(true);
    expect([...s.currentPods]).toEqual(['c']);
  });

  it('stuck: crash-looping (also between two crashes), failing to pull, missing config, unschedulable; not: creating, running', () => {
    expect(isStuck(pod('p', { waiting: 'ImagePullBackOff' }))).toBe(true);
    expect(isStuck(pod('p', { waiting: 'CreateContainerConfigError' }))).toBe(true);
    expect(isStuck(pod('p', { unschedulable: '0/1 nodes are available' }))).toBe(true);
    expect(isStuck(pod('p', { ready: false, restarts: 2, lastTerminated: 'Error' }))).toBe(true);
    expect(isStuck(pod('p', { waiting: 'ContainerCreating' }))).toBe(false);
    expect(isStuck(pod('p', { ready: false }))).toBe(false);
  });

  it('a StatefulSet: pods on the update revision; FailedCreate newer than its pods blocks it, an older one does not', () => {
    expect(settledness([statefulset(), stsPod('emqx-0', 'emqx-new'), stsPod('emqx-1', 'emqx-new')]).settled).toBe(true);
    expect(settledness([statefulset(), stsPod('emqx-0', 'emqx-new'), stsPod('emqx-1', 'emqx-old')]).settled).toBe(false);
    const failed = event('FailedCreate', 'volumeMounts[0].name: Not found: "emqx-data"', 'StatefulSet', 'emqx', '2026-01-01T00:02:00Z');
    expect(settledness([statefulset(), failed]).settled).toBe(true);
    const starting = [stsPod('emqx-0', 'emqx-new', { waiting: 'ContainerCreating' }, '2026-01-01T00:03:00Z')];
    expect(settledness([statefulset(), failed, ...starting]).settled).toBe(false);
  });

  it('a bare pod is its own template; nothing at all is settled', () => {
    expect(settledness([pod('emqx', { waiting: 'ErrImagePull' })]).settled).toBe(true);
    expect(settledness([pod('emqx', { waiting: 'ContainerCreating' })]).settled).toBe(false);
    expect(settledness([])).toMatchObject({ settled: true });
  });
});

describe('current evidence', () => {
  it('keeps the current pods, their logs and env, the templates, and events newer than the newest current pod', () => {
    const old = podOf('old', 'emqx-old', {}, '2026-01-01T00:00:00Z');
    const cur = podOf('cur', 'emqx-new', {}, '2026-01-01T00:05:00Z');
    const ev: Evidence = {
      pods: [old, cur],
      logs: [
        { pod: 'old', container: 'emqx', previous: false, lines: ['Discovery error: {403,#Ref<0.1>}'] },
        { pod: 'cur', container: 'emqx', previous: false, lines: ['fine'] },
      ],
      env: [
        { owner: 'pod/old', container: 'emqx', name: 'EMQX_CLUSTER__DISCOVERY', value: 'k8s', source: 'env' },
        { owner: 'Deployment/emqx', container: 'emqx', name: 'EMQX_CLUSTER__DISCOVERY_STRATEGY', value: 'k8s', source: 'env' },
      ],
      events: [
        event('FailedCreate', 'old news', 'ReplicaSet', 'emqx-old', '2026-01-01T00:01:00Z'),
        event('BackOff', 'about the current pod', 'Pod', 'cur', '2026-01-01T00:01:00Z'),
        event('FailedScheduling', 'news', 'Pod', 'x', '2026-01-01T00:06:00Z'),
      ],
      pvcs: [],
      gaps: [],
    };
    const s = settledness([deployment({ replicas: 1 }), rs('old', '1'), rs('new', '2'), cur]);
    const c = currentEvidence(ev, s);
    expect(c.pods.map((p) => p.metadata.name)).toEqual(['cur']);
    expect(c.logs.map((l) => l.pod)).toEqual(['cur']);
    expect(c.env.map((e) => e.owner)).toEqual(['Deployment/emqx']);
    expect(c.events.map((e) => e.reason)).toEqual(['BackOff', 'FailedScheduling']);
    // Only the claims a current pod mounts.
    (cur.spec as { volumes?: object[] }).volumes = [{ name: 'emqx-data', persistentVolumeClaim: { claimName: 'emqx-data-cur' } }];
    const withClaims = currentEvidence({ ...ev, pvcs: [{ name: 'emqx-data-cur', phase: 'Pending' }, { name: 'left-over', phase: 'Pending' }] }, s);
    expect(withClaims.pvcs.map((c) => c.name)).toEqual(['emqx-data-cur']);
  });
});

const txt = { en: 'x', zh: 'x' };
const catalogue: Diagnosis[] = [
  { id: 'old-name', endsWait: true, match: [{ envName: '^EMQX_CLUSTER__DISCOVERY$' }], title: { en: 'Old name', zh: '旧名' }, explain: txt, hint: txt },
  { id: 'forbidden', endsWait: true, match: [{ log: 'Discovery error: \\{403,' }], title: txt, explain: txt, hint: txt },
  { id: 'waiting-for-tables', endsWait: false, match: [{ log: 'still waiting for table' }], title: txt, explain: txt, hint: txt },
];

function cluster(objects: () => LiveObject[], logs: Record<string, string> = {}) {
  return fakeKube({
    list: async (kinds) => {
      expect(kinds).toEqual(WAITING_KINDS);
      return objects();
    },
    logs: async (name) => logs[name] ?? '',
  });
}

describe('events about objects that are gone', () => {
  it('are history: an event whose object (kind, name, uid) no longer exists is dropped; others are kept', async () => {
    const { presentEvents } = await import('../../src/diagnosis/evidence.js');
    const on = (kind: string, name: string, uid?: string) => ({ ...event('FailedCreate', 'm', kind, name, '2026-01-01T00:00:00Z'), involvedObject: { kind, name, uid } });
    const live: LiveObject[] = [{ kind: 'StatefulSet', metadata: { name: 'emqx', uid: 'now' } }];
    const kept = presentEvents([on('StatefulSet', 'emqx', 'before'), on('StatefulSet', 'emqx', 'now'), on('ReplicaSet', 'x', 'y'), on('StatefulSet', 'other')], live, ['StatefulSet', 'Pod']);
    expect(kept.map((e) => `${e.involvedObject!.kind}/${e.involvedObject!.uid}`)).toEqual(['StatefulSet/now', 'ReplicaSet/y', 'StatefulSet/undefined']);
  });
});

describe('rounds while waiting', () => {
  const withEnv = (name: string) => {
    const p = podOf('a', 'emqx-new');
    p.spec!.containers![0].env = [{ name, value: 'k8s' }];
    return p;
  };

  it('one get and at most one logs per round; a certain diagnosis ends the wait only after the hold', async () => {
    const clock = fakeClock();
    const kube = cluster(() => [deployment({ replicas: 1 }), rs('new', '2'), withEnv('EMQX_CLUSTER__DISCOVERY')]);
    const w = waitingDiagnoser(kube, catalogue, { lang: 'en', now: clock.now, holdMs: 2_000 });
    const first = await w.round();
    expect(first).toMatchObject({ settled: true, certain: 'old-name', ends: false });
    expect(first.diagnosis.map((d) => d.title)).toEqual(['Old name']);
    expect(kube.calls.list + kube.calls.logs).toBeLessThanOrEqual(2);
    clock.advance(2_500);
    expect(await w.round()).toMatchObject({ certain: 'old-name', ends: true });
    expect(kube.calls.list).toBe(2);
    expect(kube.calls.logs).toBeLessThanOrEqual(2);
  });

  it('not settled (a pod still starting): shown, but not certain, and the hold starts over', async () => {
    const clock = fakeClock();
    let starting = true;
    const kube = cluster(() => {
      const p = withEnv('EMQX_CLUSTER__DISCOVERY');
      if (starting) Object.assign(p, pod('a', { waiting: 'ContainerCreating', owner: 'emqx-new', env: [{ name: 'EMQX_CLUSTER__DISCOVERY', value: 'k8s' }] }));
      return [deployment({ replicas: 1 }), rs('new', '2'), p];
    });
    const w = waitingDiagnoser(kube, catalogue, { lang: 'en', now: clock.now, holdMs: 2_000 });
    const r = await w.round();
    expect(r.diagnosis.map((d) => d.id)).toEqual(['old-name']);
    expect(r).toMatchObject({ settled: false, ends: false });
    expect(r.certain).toBeUndefined();
    starting = false;
    clock.advance(5_000);
    expect(await w.round()).toMatchObject({ certain: 'old-name', ends: false });
    clock.advance(2_000);
    expect((await w.round()).ends).toBe(true);
  });

  it('endsWait: false never ends a wait; a match on lines the step expects is neither shown nor certain', async () => {
    const clock = fakeClock();
    const objects = () => [deployment({ replicas: 1 }), rs('new', '2'), podOf('a', 'emqx-new')];
    const tables = waitingDiagnoser(cluster(objects, { a: '[warning] mria_mnesia: still waiting for table(s)' }), catalogue, { lang: 'en', now: clock.now, holdMs: 0 });
    const r = await tables.round();
    expect(r.diagnosis.map((d) => d.id)).toEqual(['waiting-for-tables']);
    expect(r.ends).toBe(false);
    const expected = waitingDiagnoser(cluster(objects, { a: 'Discovery error: {403,#Ref<0.1.2>}' }), catalogue, {
      lang: 'en',
      now: clock.now,
      holdMs: 0,
      expectedLogs: [/Discovery error: \{403,/],
    });
    expect(await expected.round()).toMatchObject({ diagnosis: [], ends: false });
  });

  it('reads the logs of one container per round, each container once before any again', async () => {
    const clock = fakeClock();
    const pods = ['a', 'b', 'c'].map((n) => podOf(n, 'emqx-new'));
    const kube = cluster(() => [deployment({ replicas: 3 }), rs('new', '2'), ...pods], { c: 'Discovery error: {403,#Ref<0.1.2>}' });
    const w = waitingDiagnoser(kube, catalogue, { lang: 'en', now: clock.now, holdMs: 0 });
    const seen: string[] = [];
    for (let i = 0; i < 3; i++) {
      const r = await w.round();
      seen.push(kube.log.filter((l) => l.method === 'logs').at(-1)!.args[0] as string);
      if (i < 2) expect(r.certain).toBeUndefined();
      else expect(r).toMatchObject({ certain: 'forbidden', ends: true });
    }
    expect(seen).toEqual(['a', 'b', 'c']);
  });

  it('nothing running is certain whatever the catalogue holds; a failed get is no verdict', async () => {
    const clock = fakeClock();
    const idle = waitingDiagnoser(cluster(() => []), [], { lang: 'en', now: clock.now, holdMs: 0 });
    expect(await idle.round()).toMatchObject({ certain: 'nothing-applied', ends: true });
    const { KubeError } = await import('../../src/kube/result.js');
    const broken = waitingDiagnoser(fakeKube({ list: async () => Promise.reject(new KubeError('forbidden', 'events is forbidden', [])) }), catalogue, { lang: 'en', now: clock.now, holdMs: 0 });
    expect(await broken.round()).toMatchObject({ ends: false, error: 'events is forbidden' });
  });
});

describe('current evidence at its edges', () => {
  const at = '2026-01-01T00:05:00Z';
  const s = { settled: true, currentPods: new Set(['cur']), freshSince: Date.parse(at) };
  const mounting = (p: Pod, claim: string): Pod => {
    (p.spec as { volumes?: object[] }).volumes = [{ name: 'config', configMap: { name: 'emqx-config' } }, { name: 'data', persistentVolumeClaim: { claimName: claim } }];
    return p;
  };

  it('an event exactly as old as the newest current pod is fresh; one a second older only when it is about a current pod', () => {
    const ev: Evidence = {
      pods: [],
      logs: [],
      env: [],
      pvcs: [],
      gaps: [],
      events: [
        event('FailedCreate', 'same time', 'ReplicaSet', 'emqx-new', at),
        event('FailedCreate', 'a second older', 'ReplicaSet', 'emqx-new', '2026-01-01T00:04:59Z'),
        event('BackOff', 'old pod', 'Pod', 'old', '2026-01-01T00:04:59Z'),
        event('BackOff', 'current pod', 'Pod', 'cur', '2026-01-01T00:04:59Z'),
        event('BackOff', 'not a pod', 'ReplicaSet', 'cur', '2026-01-01T00:04:59Z'),
      ],
    };
    expect(currentEvidence(ev, s).events.map((e) => e.message)).toEqual(['same time', 'current pod']);
    expect(currentEvidence(ev, { ...s, freshSince: undefined }).events).toHaveLength(5);
  });

  it('a claim only an old pod mounts is left out', () => {
    const old = mounting(podOf('old', 'emqx-old'), 'left-over');
    const cur = mounting(podOf('cur', 'emqx-new'), 'emqx-data-cur');
    const ev: Evidence = { pods: [old, cur], logs: [], env: [], events: [], gaps: [], pvcs: [{ name: 'left-over', phase: 'Pending' }, { name: 'emqx-data-cur', phase: 'Bound' }] };
    expect(currentEvidence(ev, s)).toEqual({ ...ev, pods: [cur], pvcs: [{ name: 'emqx-data-cur', phase: 'Bound' }] });
  });
});

describe('expected matches', () => {
  const m = (logLines: string[]) => ({ diagnosis: catalogue[1], proof: ['x', ...logLines], logLines });
  it('only when every log line it rests on is expected, and it rests on one at least', async () => {
    const { isExpected } = await import('../../src/diagnosis/waiting.js');
    const expected = [/Discovery error: \{403,/];
    expect(isExpected(m(['a: Discovery error: {403,#Ref<0.1>}']), expected)).toBe(true);
    expect(isExpected(m(['a: Discovery error: {403,#Ref<0.1>}', 'b: Discovery error: {403,#Ref<0.2>}']), expected)).toBe(true);
    expect(isExpected(m(['a: Discovery error: {403,#Ref<0.1>}', 'b: still waiting for table(s)']), expected)).toBe(false);
    expect(isExpected(m([]), expected)).toBe(false);
    expect(isExpected(m(['a: Discovery error: {403,#Ref<0.1>}']))).toBe(false);
  });
});

describe('which logs a round reads', () => {
  const reads = (kube: ReturnType<typeof cluster>) => kube.log.filter((l) => l.method === 'logs').map((l) => `${l.args[0] as string}${(l.args[1] as { previous: boolean }).previous ? ' (previous)' : ''}`);

  it('once each container is read, in turn again, round after round', async () => {
    const clock = fakeClock();
    const pods = ['a', 'b', 'c'].map((n) => podOf(n, 'emqx-new'));
    const kube = cluster(() => [deployment({ replicas: 3 }), rs('new', '2'), ...pods]);
    const w = waitingDiagnoser(kube, catalogue, { lang: 'en', now: clock.now, holdMs: 0 });
    for (let i = 0; i < 7; i++) await w.round();
    expect(reads(kube)).toEqual(['a', 'b', 'c', 'a', 'b', 'c', 'a']);
  });

  it('a container that restarted since its log was read is read again first, current log before previous', async () => {
    const clock = fakeClock();
    let restarted = false;
    const kube = cluster(() => [deployment({ replicas: 1 }), rs('new', '2'), podOf('a', 'emqx-new', restarted ? { restarts: 1, lastTerminated: 'Error' } : {})]);
    const w = waitingDiagnoser(kube, catalogue, { lang: 'en', now: clock.now, holdMs: 0 });
    await w.round();
    restarted = true;
    await w.round();
    await w.round();
    expect(reads(kube)).toEqual(['a', 'a', 'a (previous)']);
  });

  it('a pod that went away and came back is read again before the others', async () => {
    const clock = fakeClock();
    let names = ['a', 'b'];
    const kube = cluster(() => [deployment({ replicas: 2 }), rs('new', '2'), ...names.map((n) => podOf(n, 'emqx-new'))], { b: 'Discovery error: {403,#Ref<0.1.2>}' });
    const w = waitingDiagnoser(kube, catalogue, { lang: 'en', now: clock.now, holdMs: 0 });
    await w.round();
    await w.round();
    await w.round();
    names = ['a'];
    await w.round();
    names = ['a', 'b'];
    const back = await w.round();
    expect(reads(kube)).toEqual(['a', 'b', 'a', 'a', 'b']);
    expect(back.diagnosis.map((d) => d.id)).toEqual(['forbidden']);
  });
});

describe('what a round reads from its one get', () => {
  const template = (w: LiveObject, env: { name: string; value: string }[]) => {
    (w.spec as Record<string, unknown>).template = { spec: { containers: [{ name: 'emqx', env }] } };
    return w;
  };
  const oldName = [{ name: 'EMQX_CLUSTER__DISCOVERY', value: 'k8s' }];

  it('the templates of Deployments and StatefulSets', async () => {
    const clock = fakeClock();
    for (const kind of ['Deployment', 'StatefulSet'] as const) {
      const kube = cluster(() => [template(workload(kind, 'emqx', { replicas: 1 }), oldName)]);
      const r = await waitingDiagnoser(kube, catalogue, { lang: 'en', now: clock.now, holdMs: 0 }).round();
      expect(r.diagnosis.map((d) => [d.id, d.proof])).toEqual([['old-name', [`${kind}/emqx: EMQX_CLUSTER__DISCOVERY`]]]);
      expect(r).toMatchObject({ settled: false, ends: false });
      expect(kube.calls.logs).toBe(0);
    }
  });

  it('ConfigMaps (for envFrom) and PersistentVolumeClaims', async () => {
    const clock = fakeClock();
    const a = pod('a', { waiting: 'ContainerCreating' });
    a.spec!.containers![0].envFrom = [{ configMapRef: { name: 'emqx-env' } }];
    (a.spec as { volumes?: object[] }).volumes = [{ name: 'data', persistentVolumeClaim: { claimName: 'emqx-data' } }];
    const objects: LiveObject[] = [
      a,
      { kind: 'ConfigMap', metadata: { name: 'emqx-env' }, data: { EMQX_CLUSTER__DISCOVERY: 'k8s' } },
      { kind: 'PersistentVolumeClaim', metadata: { name: 'emqx-data' }, status: { phase: 'Pending' } },
    ];
    const pending: Diagnosis = { id: 'pvc-pending', endsWait: false, match: [{ pvcPending: true }], title: txt, explain: txt, hint: txt };
    const r = await waitingDiagnoser(cluster(() => objects), [...catalogue, pending], { lang: 'en', now: clock.now, holdMs: 0 }).round();
    expect(r.diagnosis.map((d) => [d.id, d.proof])).toEqual([
      ['old-name', ['pod/a: EMQX_CLUSTER__DISCOVERY']],
      ['pvc-pending', ['PersistentVolumeClaim/emqx-data: Pending']],
    ]);
    expect(r).toEqual({ diagnosis: r.diagnosis, settled: false, certain: undefined, ends: false });
  });

  it('a failed get: nothing shown, not settled, no end, kubectl\'s words', async () => {
    const clock = fakeClock();
    const { KubeError } = await import('../../src/kube/result.js');
    const broken = waitingDiagnoser(fakeKube({ list: async () => Promise.reject(new KubeError('forbidden', 'pods is forbidden', [])) }), catalogue, {
      lang: 'en',
      now: clock.now,
      holdMs: 0,
    });
    expect(await broken.round()).toEqual({ diagnosis: [], settled: false, ends: false, error: 'pods is forbidden' });
  });
});

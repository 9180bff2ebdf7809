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

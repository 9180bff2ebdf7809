/** resource, podsReady, rollout, logs and canI against in-process fakes: one call per round, honest reasons. */
import { describe, expect, it } from 'vitest';
import type { PlainCheck } from '../../src/course/schema.js';
import { PLAIN_KINDS, runCheck } from '../../src/checks/registry.js';
import type { CheckEnv, Observation } from '../../src/checks/types.js';
import { checkEnvOf, fakeKube, kubeCalls, pod, workload, type FakeKube } from '../fixtures/engine/fake-kube.js';

const title = { en: 't', zh: 't' };
const base = { id: 'c', title, hints: ['h'] };

async function once(check: PlainCheck, kube: FakeKube): Promise<Observation> {
  const kind = PLAIN_KINDS[check.kind] as { probe(c: PlainCheck, e: CheckEnv): { poll(): Promise<Observation> } };
  return kind.probe(check, checkEnvOf(kube)).poll();
}

describe('every kind is registered', () => {
  it('has a probe and a default timeout per kind', () => {
    for (const [k, v] of Object.entries(PLAIN_KINDS)) {
      expect(v.kind).toBe(k);
      expect(v.defaultTimeout).toBeGreaterThan(0);
    }
  });
});

describe('resource', () => {
  const check = (extra: object) => ({ ...base, kind: 'resource', resource: { kind: 'Deployment', name: 'emqx' }, ...extra }) as PlainCheck;
  it.each([
    ['matches', workload('Deployment', 'emqx', { replicas: 3 }), { match: { spec: { replicas: 3 } } }, true, 'Deployment/emqx is as expected'],
    ['differs', workload('Deployment', 'emqx', { replicas: 1 }), { match: { spec: { replicas: 3 } } }, false, 'Deployment/emqx: spec.replicas is 1, expected 3'],
    ['missing field', workload('Deployment', 'emqx'), { match: { spec: { paused: true } } }, false, 'Deployment/emqx: spec.paused is not set (expected true)'],
    ['not there', undefined, { match: {} }, false, 'Deployment/emqx does not exist yet'],
    ['absent and gone', undefined, { absent: true }, true, 'Deployment/emqx does not exist'],
    ['absent but there', workload('Deployment', 'emqx'), { absent: true }, false, 'Deployment/emqx still exists'],
  ])('%s', async (_n, obj, extra, passed, reason) => {
    const kube = fakeKube({ get: async () => obj });
    expect(await once(check(extra), kube)).toMatchObject({ passed, reason });
    expect(kubeCalls(kube)).toBe(1);
  });
});

describe('podsReady', () => {
  const check = { ...base, kind: 'podsReady', selector: 'app=emqx', count: 3 } as PlainCheck;
  it.each([
    ['all ready', [pod('emqx-0'), pod('emqx-1'), pod('emqx-2')], true, '3 of 3 pods Ready'],
    ['one creating', [pod('emqx-0'), pod('emqx-1', { waiting: 'ContainerCreating' }), pod('emqx-2')], false, '2 of 3 pods Ready: emqx-1 ContainerCreating'],
    ['crash loop with restarts', [pod('emqx-0'), pod('emqx-1'), pod('emqx-2', { waiting: 'CrashLoopBackOff', restarts: 4 })], false, '2 of 3 pods Ready: emqx-2 CrashLoopBackOff (4 restarts)'],
    ['one terminating', [pod('emqx-0'), pod('emqx-1'), pod('emqx-2'), pod('emqx-3', { deleting: true })], false, '4 pods, expected exactly 3: emqx-3 terminating'],
    ['unschedulable', [pod('emqx-0'), pod('emqx-1'), pod('emqx-2', { unschedulable: '0/1 nodes are available' })], false, '2 of 3 pods Ready: emqx-2 Pending (cannot be scheduled)'],
    ['none', [], false, 'no pod matches app=emqx'],
  ])('%s', async (_n, pods, passed, reason) => {
    const kube = fakeKube({ list: async () => pods });
    expect(await once(check, kube)).toMatchObject({ passed, reason });
    expect(kube.log[0].args).toEqual(['Pod', { selector: 'app=emqx' }]);
  });

  it('count 0 passes when nothing matches', async () => {
    expect(await once({ ...base, kind: 'podsReady', selector: 'x=y', count: 0 } as PlainCheck, fakeKube({ list: async () => [] }))).toMatchObject({ passed: true });
  });
});

describe('rollout', () => {
  const check = { ...base, kind: 'rollout', resource: { kind: 'Deployment', name: 'emqx' } } as PlainCheck;
  it.each([
    ['complete', workload('Deployment', 'emqx', { replicas: 3, updatedReplicas: 3, readyReplicas: 3, availableReplicas: 3 }), true, 'Deployment/emqx: rollout complete, 3 of 3 replicas updated and available'],
    ['new generation not observed', workload('Deployment', 'emqx', { replicas: 3, generation: 2, observedGeneration: 1, updatedReplicas: 3, readyReplicas: 3, availableReplicas: 3 }), false, 'Deployment/emqx: the controller has not seen the latest change yet'],
    ['in progress', workload('Deployment', 'emqx', { replicas: 3, updatedReplicas: 2, readyReplicas: 2, availableReplicas: 2 }), false, 'Deployment/emqx: 2 of 3 replicas updated, 2 ready, 2 available'],
    ['old pods still there', workload('Deployment', 'emqx', { replicas: 3, total: 4, updatedReplicas: 3, readyReplicas: 3, availableReplicas: 3 }), false, 'Deployment/emqx: 1 old replica still shutting down (want 3)'],
    ['status not written yet', { ...workload('Deployment', 'emqx', { replicas: 3 }), status: undefined }, false, 'Deployment/emqx: the controller has not seen the latest change yet'],
    ['missing', undefined, false, 'Deployment/emqx does not exist yet'],
  ])('%s', async (_n, w, passed, reason) => {
    expect(await once(check, fakeKube({ get: async () => w }))).toMatchObject({ passed, reason });
  });

  it('a StatefulSet mid-update (revisions differ) is not done', async () => {
    const sts = workload('StatefulSet', 'emqx', { replicas: 3, updatedReplicas: 3, readyReplicas: 3, availableReplicas: 3, currentRevision: 'a', updateRevision: 'b' });
    expect(await once({ ...check, resource: { kind: 'StatefulSet', name: 'emqx' } } as PlainCheck, fakeKube({ get: async () => sts }))).toMatchObject({ passed: false });
  });
});

describe('canI', () => {
  const check = (allowed?: boolean) => ({ ...base, kind: 'canI', as: { serviceAccount: 'emqx' }, verb: 'get', resource: 'endpoints', ...(allowed === undefined ? {} : { allowed }) }) as PlainCheck;
  it.each([
    [undefined, true, true, 'system:serviceaccount:lab:emqx can get endpoints'],
    [undefined, false, false, 'system:serviceaccount:lab:emqx cannot get endpoints'],
    [false, false, true, 'system:serviceaccount:lab:emqx cannot get endpoints'],
  ])('allowed=%s, answer %s → %s', async (allowed, answer, passed, reason) => {
    const kube = fakeKube({ canI: async () => answer });
    expect(await once(check(allowed), kube)).toMatchObject({ passed, reason });
    expect(kube.log[0].args).toEqual(['get', 'endpoints', { name: undefined, as: 'system:serviceaccount:lab:emqx' }]);
  });
});

describe('logs', () => {
  const check = (extra: object) => ({ ...base, kind: 'logs', pods: { selector: 'app=emqx' }, matches: 'Discovery error: \\{403,', tail: 50, ...extra }) as PlainCheck;
  const text403 = '2025-09-01T10:00:05.123456+00:00 [error] Ekka(AutoCluster): Discovery error: {403,"{...}"}\n';

  it('finds the line in any pod, at most two kubectl calls a round (the list reused after a round without a verdict)', async () => {
    const kube = fakeKube({ list: async () => [pod('a'), pod('b')], logs: async (name) => (name === 'b' ? text403 : 'quiet\n') });
    const out = await runCheck(check({}), checkEnvOf(kube), 'poll');
    expect(out.passed).toBe(true);
    expect(out.reason).toContain('b: log line: 2025-09-01T10:00:05');
    expect([kube.calls.list, kube.calls.logs]).toEqual([1, 2]);
    expect(kube.log.find((l) => l.method === 'logs')!.args).toEqual(['a', { container: undefined, tail: 50 }]);
  });

  it('absent on each pod: a pod that logs it fails the check', async () => {
    const kube = fakeKube({ list: async () => [pod('a'), pod('b')], logs: async (name) => (name === 'b' ? text403 : 'quiet\n') });
    const out = await runCheck(check({ absent: true, on: 'each' }), checkEnvOf(kube), 'once');
    expect(out).toMatchObject({ passed: false });
    expect(out.reason).toMatch(/^b: log line: .*Discovery error/);
  });

  it('a pod that has not started yet is not a crash: its state is the reason', async () => {
    const kube = fakeKube({ list: async () => [pod('a', { waiting: 'ContainerCreating' })], logs: async () => '' });
    const out = await runCheck(check({}), checkEnvOf(kube), 'once');
    expect(out).toEqual({ passed: false, reason: 'a: not running (ContainerCreating)', observed: expect.anything() });
    expect(kube.calls.logs).toBe(0);
  });
});

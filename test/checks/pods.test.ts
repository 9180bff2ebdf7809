/** Finding a check's pods, saying what state a pod is in, and podsReady's reasons and observations built on them. */
import { describe, expect, it } from 'vitest';
import type { PlainCheck } from '../../src/course/schema.js';
import { isUnschedulable, joinList, podState, selectPods } from '../../src/checks/pods.js';
import { runCheck } from '../../src/checks/registry.js';
import { checkEnvOf, fakeKube, pod } from '../fixtures/engine/fake-kube.js';

describe('selecting pods by selector', () => {
  it('returns them sorted by name, whatever order the list came in', async () => {
    const kube = fakeKube({ list: async () => [pod('emqx-2'), pod('emqx-0'), pod('emqx-1')] });
    expect((await selectPods(kube, { selector: 'app=emqx' })).map((p) => p.metadata.name)).toEqual(['emqx-0', 'emqx-1', 'emqx-2']);
    expect(kube.log[0].args).toEqual(['Pod', { selector: 'app=emqx' }]);
  });
});

describe('unschedulable pods', () => {
  it('is a Pending pod the scheduler could not place', () => {
    expect(isUnschedulable(pod('emqx-0', { unschedulable: '0/1 nodes are available' }))).toBe(true);
  });

  it('is not a pod that has left Pending, even with the scheduler condition still False', () => {
    // A pod that never got a node can still end Failed (pod GC does so when it is deleted); PodScheduled stays False.
    const failed = pod('emqx-0', { phase: 'Failed', unschedulable: '0/1 nodes are available' });
    expect(isUnschedulable(failed)).toBe(false);
    expect(podState(failed, 'en')).toBe('Failed');
  });
});

describe('a pod state in a few words', () => {
  it('names the reason a container terminated', () => {
    expect(podState(pod('emqx-0', { phase: 'Running', ready: false, terminated: 'OOMKilled' }), 'en')).toBe('OOMKilled');
  });

  it('names the phase of a pod that has finished', () => {
    expect(podState(pod('job-0', { phase: 'Succeeded', ready: false }), 'en')).toBe('Succeeded');
  });
});

describe('a list on one line', () => {
  it('is separated the way the language writes it', () => {
    expect(joinList(['a', 'b'], 'en')).toBe('a; b');
    expect(joinList(['a', 'b'], 'zh')).toBe('a；b');
  });
});

describe('podsReady', () => {
  const check = { id: 'c', title: { en: 't', zh: 't' }, hints: ['h'], kind: 'podsReady', selector: 'app=emqx', count: 3 } as PlainCheck;
  const unsorted = () => [pod('emqx-2', { waiting: 'ContainerCreating' }), pod('emqx-0'), pod('emqx-1', { waiting: 'ErrImagePull' })];

  it('observes every pod by name with its state, in name order', async () => {
    const out = await runCheck(check, checkEnvOf(fakeKube({ list: async () => unsorted() })), 'once');
    expect(out.observed).toEqual([
      { name: 'emqx-0', state: 'Running, Ready' },
      { name: 'emqx-1', state: 'ErrImagePull' },
      { name: 'emqx-2', state: 'ContainerCreating' },
    ]);
    expect(out.reason).toBe('1 of 3 pods Ready: emqx-1 ErrImagePull; emqx-2 ContainerCreating');
  });

  it('lists the pods that are not Ready with the Chinese separator in Chinese', async () => {
    const out = await runCheck(check, checkEnvOf(fakeKube({ list: async () => unsorted() }), { lang: 'zh' }), 'once');
    expect(out.reason).toBe('3 个 Pod 中 1 个 Ready：emqx-1 ErrImagePull；emqx-2 ContainerCreating');
  });
});

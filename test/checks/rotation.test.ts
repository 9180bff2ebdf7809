/**
 * podRotation: which pod each round looks at (never seen, then failed longest ago, then seen longest ago),
 * what a round that cannot decide says, and which look a verdict quotes.
 */
import { describe, expect, it } from 'vitest';
import { podRotation, type RotationOptions } from '../../src/checks/rotation.js';
import type { Observation } from '../../src/checks/types.js';
import type { Pod } from '../../src/kube/objects.js';
import { KubeError } from '../../src/kube/result.js';
import { checkEnvOf, fakeKube, pod } from '../fixtures/engine/fake-kube.js';

/**
 * A namespace whose pod list the test changes between rounds, and a look whose answer per pod the test
 * sets; `looked` is every pod looked at, in order.
 */
function rig(names: string[], o: Partial<RotationOptions> = {}) {
  const state = { pods: names.map((n) => pod(n)) as Pod[], answers: new Map<string, boolean>() };
  const looked: string[] = [];
  const kube = fakeKube({ list: async () => state.pods });
  const poll = podRotation(checkEnvOf(kube), { pods: { selector: 'app=emqx' }, on: 'each', minPods: 1, ...o }, async (p) => {
    const name = p.metadata.name;
    looked.push(name);
    const passed = state.answers.get(name) ?? true;
    return { passed, reason: `${passed ? 'good' : 'bad'} #${looked.length}` };
  });
  const show = (...keep: string[]) => {
    state.pods = names.filter((n) => keep.includes(n)).map((n) => pod(n));
  };
  return { state, looked, poll, show, kube };
}

async function rounds(poll: () => Promise<Observation>, n: number): Promise<Observation[]> {
  const out: Observation[] = [];
  for (let i = 0; i < n; i++) out.push(await poll());
  return out;
}

describe('the order pods are looked at', () => {
  it('once every pod passed, the one seen longest ago is next', async () => {
    const r = rig(['a', 'b', 'c']);
    await rounds(r.poll, 5);
    // Round 1 looks at a, round 2 (reusing the list) at b and c; then a, b, c again in turn.
    expect(r.looked).toEqual(['a', 'b', 'c', 'a', 'b', 'c']);
  });

  it('pods whose look failed come back in the order they failed, the oldest failure first', async () => {
    const r = rig(['a', 'b', 'c']);
    for (const n of ['a', 'b', 'c']) r.state.answers.set(n, false);
    await rounds(r.poll, 5);
    expect(r.looked).toEqual(['a', 'b', 'c', 'a', 'b']);
  });

  it('a failed pod goes before one that passed, even when the passed one was seen longer ago', async () => {
    const r = rig(['a', 'b', 'c']);
    r.state.answers.set('c', false);
    await rounds(r.poll, 4);
    expect(r.looked).toEqual(['a', 'b', 'c', 'c', 'c']);
  });

  it('a round that reuses the list looks at two unseen pods at most', async () => {
    const r = rig(['a', 'b', 'c', 'd']);
    const [first, second, third] = await rounds(r.poll, 3);
    expect(r.looked).toEqual(['a', 'b', 'c', 'd']);
    expect([first.partial, second.partial, third.partial]).toEqual([true, true, undefined]);
    expect(r.kube.calls.list).toBe(1);
  });
});

describe('pods that leave the list are forgotten', () => {
  it('a pod that is listed again is looked at as never seen, before pods that failed', async () => {
    const r = rig(['a', 'b']);
    r.state.answers.set('b', false);
    await rounds(r.poll, 2); // a passes, b fails
    r.show('b'); // a is relabelled out of the selector for a while
    await r.poll();
    r.show('a', 'b'); // and back, the same pod
    await r.poll();
    expect(r.looked).toEqual(['a', 'b', 'b', 'a']);
  });
});

describe('too few pods', () => {
  it('no pod at all is too few even when the caller asks for at least 0', async () => {
    const r = rig([], { minPods: 0 });
    expect(await r.poll()).toEqual({ passed: false, reason: '0 pods match app=emqx, need at least 1' });
    expect(r.looked).toEqual([]);
  });
});

describe('a round that cannot decide yet', () => {
  it('is no pass: it says how many pods were checked and what each said so far', async () => {
    const r = rig(['a', 'b', 'c']);
    expect(await r.poll()).toEqual({
      passed: false,
      partial: true,
      reason: 'checked 1 of 3 pods so far',
      observed: [
        { pod: 'a', passed: true, reason: 'good #1' },
        { pod: 'b', passed: undefined, reason: undefined },
        { pod: 'c', passed: undefined, reason: undefined },
      ],
    });
  });
});

describe('which look a verdict quotes', () => {
  it('each: every pod passed, the latest look is quoted', async () => {
    const r = rig(['a', 'b', 'c']);
    const [, second] = await rounds(r.poll, 2);
    expect(second).toMatchObject({ passed: true, reason: 'all 3 pods pass (latest: good #3)' });
  });

  it('each: of several failing pods, the latest failure is quoted', async () => {
    const r = rig(['a', 'b']);
    r.state.answers.set('a', false).set('b', false);
    const [first, second] = await rounds(r.poll, 2);
    expect(first).toMatchObject({ passed: false, reason: 'a: bad #1' });
    expect(second).toMatchObject({ passed: false, reason: 'b: bad #2' });
  });

  it('any: every pod failed, the latest failure is quoted', async () => {
    const r = rig(['a', 'b', 'c'], { on: 'any' });
    for (const n of ['a', 'b', 'c']) r.state.answers.set(n, false);
    const [, second] = await rounds(r.poll, 2);
    expect(second).toMatchObject({ passed: false, reason: 'c: bad #3' });
  });
});

describe('a look that kubectl could not make', () => {
  it('is a failed look with kubectl\'s reason', async () => {
    const kube = fakeKube({ list: async () => [pod('a')] });
    const poll = podRotation(checkEnvOf(kube), { pods: { selector: 'app=emqx' }, on: 'each', minPods: 1 }, async () => {
      throw new KubeError('timeout', 'timed out', ['exec']);
    });
    expect(await poll()).toEqual({
      passed: false,
      reason: 'a: kubectl took too long and was stopped',
      observed: [{ pod: 'a', passed: false, reason: 'kubectl took too long and was stopped' }],
    });
  });

  it('any other error is not a verdict: it is thrown', async () => {
    const kube = fakeKube({ list: async () => [pod('a')] });
    const poll = podRotation(checkEnvOf(kube), { pods: { selector: 'app=emqx' }, on: 'each', minPods: 1 }, async () => {
      throw new Error('bug');
    });
    await expect(poll()).rejects.toThrow('bug');
  });
});

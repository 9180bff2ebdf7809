/** putBackReplicas on its own: what it says when a workload does not come back, and how long it keeps trying. */
import { describe, expect, it } from 'vitest';
import { putBackReplicas } from '../../src/checks/put-back.js';
import { KubeError } from '../../src/kube/result.js';
import { checkEnvOf, fakeKube, workload } from '../fixtures/engine/fake-kube.js';

const emqx = { kind: 'StatefulSet', name: 'emqx', from: 3 };

describe('a workload that does not read back with its replicas', () => {
  it('keeps trying every 300 ms until the deadline, then says what spec.replicas reads', async () => {
    const kube = fakeKube({ patchMerge: async () => {}, get: async () => workload('StatefulSet', 'emqx', { replicas: 2 }) });
    const env = checkEnvOf(kube);
    expect(await putBackReplicas(env, emqx, 600)).toBe('spec.replicas=2');
    // Attempts at 0, 300 and 600 ms: the one at the deadline is the last.
    expect(kube.calls.patchMerge).toBe(3);
    expect(env.clock.slept).toEqual([300, 300]);
  });

  it('an object that reads back without spec.replicas (a custom resource keeps them elsewhere) says "?"', async () => {
    const cr = { apiVersion: 'example.io/v1', kind: 'Broker', metadata: { name: 'emqx' }, spec: { coreTemplate: { spec: { replicas: 0 } } } };
    const kube = fakeKube({ patchMerge: async () => {}, get: async () => cr });
    expect(await putBackReplicas(checkEnvOf(kube), { kind: 'Broker', name: 'emqx', from: 3 }, 0)).toBe('spec.replicas=?');
  });

  it('a kubectl failure is the reason given, in the learner\'s words', async () => {
    const kube = fakeKube({
      patchMerge: async () => {
        throw new KubeError('forbidden', 'Error from server (Forbidden): cannot patch', []);
      },
    });
    expect(await putBackReplicas(checkEnvOf(kube), emqx, 600)).toBe('not allowed: Error from server (Forbidden): cannot patch');
    expect(kube.calls.get).toBe(0);
  });

  it('a bug (not a kubectl failure) is not turned into a reason', async () => {
    const kube = fakeKube({
      patchMerge: async () => {
        throw new TypeError('boom');
      },
    });
    await expect(putBackReplicas(checkEnvOf(kube), emqx, 600)).rejects.toThrow('boom');
  });
});

describe('a workload that is back', () => {
  it('is done after one attempt when it reads back with its replicas, or is gone', async () => {
    for (const read of [workload('StatefulSet', 'emqx', { replicas: 3 }), undefined]) {
      const kube = fakeKube({ patchMerge: async () => {}, get: async () => read });
      expect(await putBackReplicas(checkEnvOf(kube), emqx)).toBeUndefined();
      expect(kube.calls.patchMerge).toBe(1);
    }
  });
});

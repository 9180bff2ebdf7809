/** rolloutState: when a Deployment or StatefulSet counts as rolled out, and what it reports while it is not. */
import { describe, expect, it } from 'vitest';
import { rolloutState } from '../../src/checks/rollout.js';
import type { Workload } from '../../src/kube/objects.js';
import { workload } from '../fixtures/engine/fake-kube.js';

type Status = Parameters<typeof workload>[2];
const deployment = (s: Status) => workload('Deployment', 'emqx', { replicas: 3, ...s });
const statefulSet = (s: Status) => workload('StatefulSet', 'emqx', { replicas: 3, ...s });
const judge = (w: Workload, what = 'x/emqx') => rolloutState(w, what, 'en');

describe('available replicas', () => {
  it('a Deployment that reports no availableReplicas has none available yet', () => {
    expect(judge(deployment({ updatedReplicas: 3, readyReplicas: 3 }), 'Deployment/emqx')).toMatchObject({
      passed: false,
      reason: 'Deployment/emqx: 3 of 3 replicas updated, 3 ready, 0 available',
    });
  });

  it('a StatefulSet without availableReplicas (before Kubernetes 1.22) counts its ready replicas as available', () => {
    expect(judge(statefulSet({ updatedReplicas: 3, readyReplicas: 3 }), 'StatefulSet/emqx')).toMatchObject({
      passed: true,
      reason: 'StatefulSet/emqx: rollout complete, 3 of 3 replicas updated and available',
    });
  });
});

describe('what was observed', () => {
  it('reports the wanted replicas and each count of the status', () => {
    const w = deployment({ total: 4, updatedReplicas: 2, readyReplicas: 3, availableReplicas: 1 });
    expect(judge(w).observed).toEqual({ replicas: 3, updated: 2, ready: 3, available: 1, total: 4 });
  });
});

describe('a workload at 0 replicas with a note of the replicas to put back', () => {
  const atZero = (note: string) => {
    const w = statefulSet({ replicas: 0 });
    w.metadata.annotations = { 'emqx-lab.io/replicas-before-experiment': note };
    return judge(w, 'statefulsets/emqx');
  };

  it('a note of several digits is the number to put back', () => {
    expect(atZero('12')).toMatchObject({
      passed: false,
      reason:
        'statefulsets/emqx is at 0 replicas: an experiment of the lab was interrupted before it put the 12 replica(s) back. Put them back: emqx-lab kubectl scale statefulsets/emqx --replicas=12',
    });
  });

  it.each(['3x', 'x3'])('a note that is not a number (%j) is not trusted: just "scaled to 0"', (note) => {
    expect(atZero(note)).toMatchObject({
      passed: false,
      reason:
        'statefulsets/emqx is scaled to 0 replicas: there are no pods to roll out. Scale it up (emqx-lab kubectl scale statefulsets/emqx --replicas=N) or apply the step again.',
    });
  });
});

describe('when a rollout is complete', () => {
  const done = 'x/emqx: rollout complete, 3 of 3 replicas updated and available';
  it.each([
    ['all counts at the replicas', deployment({ updatedReplicas: 3, readyReplicas: 3, availableReplicas: 3 }), true, done],
    ['a StatefulSet whose revisions agree', statefulSet({ updatedReplicas: 3, readyReplicas: 3, availableReplicas: 3, currentRevision: 'a', updateRevision: 'a' }), true, done],
    ['an old pod not yet replaced (all ready and available)', deployment({ updatedReplicas: 2, readyReplicas: 3, availableReplicas: 3 }), false, 'x/emqx: 2 of 3 replicas updated, 3 ready, 3 available'],
    ['a new pod ready but not available yet', deployment({ updatedReplicas: 3, readyReplicas: 3, availableReplicas: 2 }), false, 'x/emqx: 3 of 3 replicas updated, 3 ready, 2 available'],
  ])('%s', (_n, w, passed, reason) => {
    expect(judge(w)).toMatchObject({ passed, reason });
  });
});

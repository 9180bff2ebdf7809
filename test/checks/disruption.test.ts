import { describe, expect, it } from 'vitest';
import type { Check } from '../../src/course/schema.js';
import { judgeReplacement } from '../../src/checks/disruption.js';
import { runCheck } from '../../src/checks/registry.js';
import type { Pod } from '../../src/kube/objects.js';
import { checkEnvOf, fakeKube, pod, workload } from '../fixtures/engine/fake-kube.js';

const t = { en: 't', zh: 't' };
const ready3 = { id: 'back', title: { en: 'Three pods again', zh: '三个' }, kind: 'podsReady', selector: 'app=emqx', count: 3, timeout: 30 };

describe('judging replacements', () => {
  const removed = [{ name: 'emqx-0', uid: 'u0' }];
  const before = new Set(['u0', 'u1', 'u2']);
  it.each([
    ['sameName: back with a new uid', 'sameName', [pod('emqx-0', { uid: 'n0' }), pod('emqx-1', { uid: 'u1' })], true, 'emqx-0 came back with the same name as new pods'],
    ['sameName: not back', 'sameName', [pod('emqx-1', { uid: 'u1' })], false, 'emqx-0 has not come back'],
    ['sameName: old pod still terminating', 'sameName', [pod('emqx-0', { uid: 'u0', deleting: true })], false, 'emqx-0 has not come back'],
    ['sameName: same uid', 'sameName', [pod('emqx-0', { uid: 'u0' })], false, 'emqx-0 is still the old pod (same uid)'],
    ['newName: replaced', 'newName', [pod('emqx-7f9', { uid: 'n9' }), pod('emqx-1', { uid: 'u1' })], true, 'replaced by new pods: emqx-7f9'],
    ['newName: only old pods left', 'newName', [pod('emqx-1', { uid: 'u1' }), pod('emqx-2', { uid: 'u2' })], false, '0 new pods appeared, expected 1'],
    ['newName: the old name is back', 'newName', [pod('emqx-0', { uid: 'n0' })], false, 'emqx-0 came back with its old name; a new name was expected'],
  ] as const)('%s', (_n, mode, pods, passed, reason) => {
    expect(judgeReplacement(removed, before, pods as unknown as Pod[], mode, 'en')).toEqual({ passed, reason });
  });

  it('an experiment that removed nothing proves nothing', () => {
    expect(judgeReplacement([], new Set(), [], 'sameName', 'en')).toMatchObject({ passed: false });
  });
});

/** A tiny stateful namespace: deleting a pod makes a replacement appear (as a Deployment would). */
function deploymentLike() {
  let pods: Pod[] = [pod('emqx-a', { uid: 'a' }), pod('emqx-b', { uid: 'b' }), pod('emqx-c', { uid: 'c' })];
  let n = 0;
  const kube = fakeKube({
    list: async () => pods,
    get: async (_k, name) => pods.find((p) => p.metadata.name === name),
    delete: async (refs) => {
      pods = pods.filter((p) => !refs.some((r) => r.name === p.metadata.name)).concat(refs.map(() => pod(`emqx-new${n}`, { uid: `new${n++}` })));
      return refs.map((r) => `pod "${r.name}" deleted`);
    },
    exec: async () => ({ exitCode: 0, stdout: 'ok\n', stderr: '' }),
  });
  return kube;
}

describe('disruption experiments', () => {
  const experiment = (extra: object) =>
    ({ id: 'd', title: t, hints: ['h'], kind: 'disruption', action: [{ deletePod: { name: 'emqx-a' } }], then: [ready3], ...extra }) as Check;

  it('delete a pod → follow-ups polled → a new name replaces it; cleanup runs', async () => {
    const kube = deploymentLike();
    const out = await runCheck(
      experiment({ replacement: 'newName', setup: [{ exec: { pod: { selector: 'app=emqx' }, command: ['add', '${RUN_ID}'], expectContains: 'ok' } }], cleanup: [{ exec: { pod: { selector: 'app=emqx' }, command: ['del'] } }] }),
      checkEnvOf(kube),
      'poll',
    );
    expect(out).toMatchObject({ passed: true, reason: 'replaced by new pods: emqx-new0' });
    expect(kube.log.find((l) => l.method === 'delete')!.args).toEqual([[{ kind: 'Pod', name: 'emqx-a' }], { wait: false }]);
    expect(kube.log.filter((l) => l.method === 'exec').map((l) => l.args[1])).toEqual([['add', 'abc123'], ['del']]);
  });

  it('a failing follow-up names itself (its hints apply) and cleanup still runs', async () => {
    const kube = deploymentLike();
    const out = await runCheck(experiment({ then: [{ ...ready3, count: 4, timeout: 5 }], cleanup: [{ exec: { pod: { selector: 'app=emqx' }, command: ['del'] } }] }), checkEnvOf(kube), 'poll');
    expect(out.passed).toBe(false);
    expect(out.reason).toBe('afterwards, "Three pods again" failed: 3 of 4 pods Ready');
    expect(out.failedPart?.id).toBe('back');
    expect(kube.log.at(-1)!.method).toBe('exec');
  });

  it('a cleanup that fails turns a pass into a failure', async () => {
    const kube = deploymentLike();
    const out = await runCheck(experiment({ cleanup: [{ deletePod: { name: 'nope' } }] }), checkEnvOf(kube), 'poll');
    expect(out).toMatchObject({ passed: false, reason: 'cleanup failed: no pod matches pod/nope, nothing to delete' });
  });

  it('once (fail-first): stops at the first failing part, nothing after it runs but cleanup', async () => {
    const kube = fakeKube({ list: async () => [], get: async () => undefined, exec: async () => ({ exitCode: 0, stdout: '', stderr: '' }) });
    const out = await runCheck(experiment({ setup: [{ exec: { pod: { selector: 'app=emqx' }, command: ['x'] } }] }), checkEnvOf(kube), 'once');
    expect(out).toMatchObject({ passed: false, reason: 'setup failed: no pod matches app=emqx' });
    expect(kube.calls.delete).toBe(0);
  });

  it('scale waits for the pods, and the pods it removed come back under the same names', async () => {
    let replicas = 3;
    let gen = 0;
    const podsNow = () => Array.from({ length: replicas }, (_, i) => pod(`emqx-${i}`, { uid: `g${gen}-${i}` }));
    const kube = fakeKube({
      get: async () => workload('StatefulSet', 'emqx', { replicas }),
      list: async () => podsNow(),
      scale: async (_k, _n, r) => {
        replicas = r;
        gen += 1;
      },
    });
    const sts = { kind: 'StatefulSet', name: 'emqx' };
    const out = await runCheck(
      experiment({ action: [{ scale: { resource: sts, replicas: 0 } }, { scale: { resource: sts, replicas: 3 } }], replacement: 'sameName' }),
      checkEnvOf(kube),
      'poll',
    );
    expect(out).toMatchObject({ passed: true, reason: 'emqx-0, emqx-1, emqx-2 came back with the same name as new pods' });
    expect(kube.log.filter((l) => l.method === 'scale').map((l) => l.args)).toEqual([
      ['StatefulSet', 'emqx', 0],
      ['StatefulSet', 'emqx', 3],
    ]);
  });

  it('mergePatch and rolloutRestart (which waits for the rollout)', async () => {
    let restarted = false;
    const kube = fakeKube({
      patchMerge: async () => {},
      rolloutRestart: async () => {
        restarted = true;
      },
      get: async () =>
        restarted
          ? workload('Deployment', 'emqx', { replicas: 3, updatedReplicas: 3, readyReplicas: 3, availableReplicas: 3 })
          : workload('Deployment', 'emqx', { replicas: 3, generation: 2, observedGeneration: 1 }),
      list: async () => [pod('a'), pod('b'), pod('c')],
    });
    const d = { kind: 'Deployment', name: 'emqx' };
    const out = await runCheck(experiment({ action: [{ mergePatch: { resource: d, patch: { spec: { paused: false } } } }, { rolloutRestart: { resource: d } }] }), checkEnvOf(kube), 'poll');
    expect(out).toMatchObject({ passed: true });
    expect(kube.log.find((l) => l.method === 'patchMerge')!.args).toEqual(['Deployment', 'emqx', { spec: { paused: false } }]);
  });
});

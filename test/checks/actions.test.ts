/**
 * The actions of a disruption experiment, one at a time through runAction: which kube calls each makes with
 * which arguments, when a scale or a rollout restart counts as settled, and the reason it reports.
 */
import { describe, expect, it } from 'vitest';
import type { Action } from '../../src/course/schema.js';
import { actionNeeds, runAction, type ActionOptions } from '../../src/checks/actions.js';
import { apiNames } from '../../src/kube/needs.js';
import type { Pod, Workload } from '../../src/kube/objects.js';
import { KubeError } from '../../src/kube/result.js';
import { checkEnvOf, fakeKube, pod, workload } from '../fixtures/engine/fake-kube.js';

const sts = { kind: 'StatefulSet', name: 'emqx' };
const deploy = { kind: 'Deployment', name: 'emqx' };
const SELECTOR = 'app.kubernetes.io/name=emqx';
const NOTE = 'emqx-lab.io/replicas-before-experiment';
const poll: ActionOptions = { mode: 'poll', timeoutMs: 5_000 };
const once: ActionOptions = { mode: 'once', timeoutMs: 5_000 };

const scaleTo = (replicas: number) => ({ scale: { resource: sts, replicas } }) as Action;

/** A StatefulSet (3 replicas, optionally with a note) whose pods are `before` until the scale, `after` from then on. */
function scaling(before: Pod[], after: Pod[], note?: string) {
  let scaled = false;
  const w = workload('StatefulSet', 'emqx', { replicas: 3 });
  if (note !== undefined) w.metadata.annotations = { [NOTE]: note };
  return fakeKube({
    get: async () => w,
    list: async () => (scaled ? after : before),
    patchMerge: async () => {},
    scale: async () => {
      scaled = true;
    },
  });
}

const three = () => [pod('emqx-0'), pod('emqx-1'), pod('emqx-2')];

describe('what each action asks of the API server', () => {
  const api = apiNames();
  it('deletePod: the pods it names, then a delete that does not wait', () => {
    expect(actionNeeds({ deletePod: { selector: 'app=emqx' } }, api)).toEqual([
      { apiGroup: '', resource: 'pods', verbs: ['list'] },
      { apiGroup: '', resource: 'pods', verbs: ['delete'] },
    ]);
  });

  it('scale: reads the workload, lists its pods, notes the replicas, scales', () => {
    expect(actionNeeds(scaleTo(0), api)).toEqual([
      { apiGroup: 'apps', resource: 'statefulsets', verbs: ['get'] },
      { apiGroup: '', resource: 'pods', verbs: ['list'] },
      { apiGroup: 'apps', resource: 'statefulsets', verbs: ['get', 'patch'] },
      { apiGroup: 'apps', resource: 'statefulsets', verbs: ['get'] },
      { apiGroup: 'apps', resource: 'statefulsets', verbs: ['patch'], subresource: 'scale' },
    ]);
  });

  it('rolloutRestart: the restart, then reading the workload until it has rolled out', () => {
    expect(actionNeeds({ rolloutRestart: { resource: deploy } }, api)).toEqual([
      { apiGroup: 'apps', resource: 'deployments', verbs: ['get', 'patch'] },
      { apiGroup: 'apps', resource: 'deployments', verbs: ['get'] },
    ]);
  });
});

describe('deletePod', () => {
  it('skips pods already terminating: only the live ones are deleted and reported removed', async () => {
    const kube = fakeKube({
      list: async () => [pod('emqx-0', { uid: 'u0', deleting: true }), pod('emqx-1', { uid: 'u1' })],
      delete: async () => ['pod "emqx-1" deleted'],
    });
    const out = await runAction({ deletePod: { selector: 'app=emqx' } }, checkEnvOf(kube), poll);
    expect(out).toEqual({ ok: true, reason: 'pod "emqx-1" deleted', removed: [{ name: 'emqx-1', uid: 'u1' }] });
    expect(kube.log.find((l) => l.method === 'delete')!.args).toEqual([[{ kind: 'Pod', name: 'emqx-1' }], { wait: false }]);
  });

  it('fails without deleting anything when every matching pod is already terminating', async () => {
    const kube = fakeKube({ list: async () => [pod('emqx-0', { deleting: true })], delete: async () => [] });
    const out = await runAction({ deletePod: { selector: 'app=emqx' } }, checkEnvOf(kube), poll);
    expect(out).toEqual({ ok: false, reason: 'no pod matches app=emqx, nothing to delete', removed: [] });
    expect(kube.calls.delete).toBe(0);
  });
});

describe('scale: the workload it needs', () => {
  it('a workload that does not exist fails without a scale', async () => {
    const kube = fakeKube({ get: async () => undefined });
    expect(await runAction(scaleTo(0), checkEnvOf(kube), poll)).toEqual({ ok: false, reason: 'StatefulSet/emqx does not exist yet', removed: [] });
    expect(kube.calls.scale).toBe(0);
  });

  it.each([
    ['no selector', undefined],
    ['an empty selector', {}],
  ])('a workload with %s fails without a scale (its pods cannot be followed)', async (_n, matchLabels) => {
    const w: Workload = { ...workload('StatefulSet', 'emqx'), spec: { replicas: 3, ...(matchLabels ? { selector: { matchLabels } } : {}) } };
    const kube = fakeKube({ get: async () => w });
    expect(await runAction(scaleTo(0), checkEnvOf(kube), poll)).toEqual({ ok: false, reason: 'StatefulSet/emqx has no pod selector', removed: [] });
    expect(kube.calls.scale).toBe(0);
  });

  it('a kubectl failure becomes the reason, in the learner\'s words', async () => {
    const kube = fakeKube({
      get: async () => workload('StatefulSet', 'emqx', { replicas: 3 }),
      list: async () => three(),
      scale: async () => {
        throw new KubeError('forbidden', 'Error from server (Forbidden): cannot scale', []);
      },
    });
    expect(await runAction(scaleTo(0), checkEnvOf(kube), poll)).toEqual({ ok: false, reason: 'not allowed: Error from server (Forbidden): cannot scale', removed: [] });
  });

  it('a bug (not a kubectl failure) is not turned into a reason', async () => {
    const kube = fakeKube({
      get: async () => workload('StatefulSet', 'emqx', { replicas: 3 }),
      list: async () => {
        throw new TypeError('boom');
      },
    });
    await expect(runAction(scaleTo(0), checkEnvOf(kube), poll)).rejects.toThrow('boom');
  });
});

describe('scale: noting the replicas to put back', () => {
  const noted = async (note: string | undefined) => {
    const kube = scaling(three(), [], note);
    const told: unknown[] = [];
    await runAction(scaleTo(0), checkEnvOf(kube), { ...poll, onScale: (...a) => told.push(a) });
    return { kube, told, patches: kube.log.filter((l) => l.method === 'patchMerge').map((l) => l.args) };
  };

  it('without a note: writes the current replicas under the lab\'s annotation before scaling, and tells the caller', async () => {
    const { kube, told, patches } = await noted(undefined);
    expect(patches).toEqual([['StatefulSet', 'emqx', { metadata: { annotations: { 'emqx-lab.io/replicas-before-experiment': '3' } } }]]);
    expect(told).toEqual([['StatefulSet', 'emqx', 3, 0]]);
    expect(kube.log.map((l) => l.method)).toEqual(['get', 'list', 'patchMerge', 'scale', 'list']);
  });

  it('a note of several digits is the replicas to put back, and is not written over', async () => {
    const { told, patches } = await noted('12');
    expect(patches).toEqual([]);
    expect(told).toEqual([['StatefulSet', 'emqx', 12, 0]]);
  });

  it.each(['3x', 'x3', ''])('a note that is not a number (%j) is ignored: the current replicas are noted instead', async (note) => {
    const { told, patches } = await noted(note);
    expect(patches).toEqual([['StatefulSet', 'emqx', { metadata: { annotations: { [NOTE]: '3' } } }]]);
    expect(told).toEqual([['StatefulSet', 'emqx', 3, 0]]);
  });
});

describe('scale: waiting for the pods to settle', () => {
  it('lists the workload\'s pods by its selector, before the scale and while waiting', async () => {
    const kube = scaling(three(), three().slice(0, 2));
    const out = await runAction({ scale: { resource: sts, replicas: 2 } }, checkEnvOf(kube), once);
    expect(out.ok).toBe(true);
    expect(kube.log.filter((l) => l.method === 'list').map((l) => l.args)).toEqual([
      ['Pod', { selector: SELECTOR }],
      ['Pod', { selector: SELECTOR }],
    ]);
  });

  it('reports the pods that went away, not those still there', async () => {
    const before = [pod('emqx-0', { uid: 'u0' }), pod('emqx-1', { uid: 'u1' }), pod('emqx-2', { uid: 'u2' })];
    const kube = scaling(before, before.slice(0, 2));
    const out = await runAction({ scale: { resource: sts, replicas: 2 } }, checkEnvOf(kube), poll);
    expect(out).toEqual({ ok: true, reason: 'StatefulSet/emqx: 2 pods as asked', removed: [{ name: 'emqx-2', uid: 'u2' }] });
  });

  it.each([
    ['exactly the replicas, all Ready', 3, three(), true, 'StatefulSet/emqx: 3 pods as asked'],
    ['one pod still terminating besides them', 3, [...three(), pod('emqx-3', { deleting: true })], false, 'StatefulSet/emqx: 4 pods, 3 Ready, waiting for 3'],
    ['a terminating pod counted toward the replicas', 4, [...three(), pod('emqx-3', { deleting: true })], false, 'StatefulSet/emqx: 4 pods, 3 Ready, waiting for 4'],
    ['one pod too many, not Ready', 3, [...three(), pod('emqx-3', { waiting: 'ContainerCreating' })], false, 'StatefulSet/emqx: 4 pods, 3 Ready, waiting for 3'],
    ['one of them not Ready yet', 3, [pod('emqx-0'), pod('emqx-1', { waiting: 'ContainerCreating' }), pod('emqx-2')], false, 'StatefulSet/emqx: 3 pods, 2 Ready, waiting for 3'],
    ['too few pods', 3, three().slice(0, 2), false, 'StatefulSet/emqx: 2 pods, 2 Ready, waiting for 3'],
  ])('%s', async (_n, replicas, after, ok, reason) => {
    const kube = scaling(three(), after);
    expect(await runAction({ scale: { resource: sts, replicas } }, checkEnvOf(kube), once)).toMatchObject({ ok, reason });
  });

  it('without waiting (after Ctrl-C): scales and returns at once, listing no pods', async () => {
    const kube = scaling(three(), []);
    const out = await runAction(scaleTo(0), checkEnvOf(kube), { ...poll, wait: false });
    expect(out).toEqual({ ok: true, reason: 'StatefulSet/emqx', removed: [] });
    expect(kube.log.map((l) => l.method)).toEqual(['get', 'scale']);
  });

  it('times out with the last state it saw', async () => {
    const kube = scaling(three(), three());
    const env = checkEnvOf(kube);
    const out = await runAction(scaleTo(0), env, { mode: 'poll', timeoutMs: 2_000 });
    expect(out).toEqual({ ok: false, reason: 'StatefulSet/emqx: 3 pods, 3 Ready, waiting for 0', removed: [] });
    expect(env.clock.now() - 1_000_000).toBe(2_000);
  });
});

describe('exec', () => {
  const execIn = (r: { exitCode: number; stdout: string; stderr: string }, expectContains?: string) => {
    const kube = fakeKube({ list: async () => [pod('emqx-0')], exec: async () => r });
    const a = { exec: { pod: { selector: 'app=emqx' }, command: ['emqx', 'ctl', 'status'], ...(expectContains === undefined ? {} : { expectContains }) } } as Action;
    return runAction(a, checkEnvOf(kube), poll);
  };

  it.each([
    ['the first line of output', 'hello world\nsecond\n', 'emqx-0: the output says: hello world'],
    ['the first line that is not blank, trimmed', '   \n  hello  \nnext\n', 'emqx-0: the output says: hello'],
    ['no output at all', '', 'emqx-0: the output is as expected'],
    ['only blank lines', '\n  \n', 'emqx-0: the output is as expected'],
  ])('quotes %s', async (_n, stdout, reason) => {
    expect(await execIn({ exitCode: 0, stdout, stderr: '' })).toEqual({ ok: true, reason, removed: [] });
  });

  it.each([
    ['its stderr, trimmed, over its output', 2, 'partial\n', '  denied \n', 'emqx-0: the command exited with code 2: denied'],
    ['its first output line when stderr is empty', 1, 'some output\n', '', 'emqx-0: the command exited with code 1: some output'],
  ])('a failing command says %s', async (_n, exitCode, stdout, stderr, reason) => {
    expect(await execIn({ exitCode, stdout, stderr })).toEqual({ ok: false, reason, removed: [] });
  });

  it('fails when the output lacks the expected text, quoting what it said', async () => {
    expect(await execIn({ exitCode: 0, stdout: 'FAIL\n', stderr: '' }, 'OK')).toEqual({
      ok: false,
      reason: 'emqx-0: the command\'s output does not contain "OK" (it says: FAIL)',
      removed: [],
    });
  });

  it('passes when the output contains the expected text', async () => {
    expect(await execIn({ exitCode: 0, stdout: 'all OK\n', stderr: '' }, 'OK')).toMatchObject({ ok: true, reason: 'emqx-0: the output says: all OK' });
  });
});

describe('mergePatch', () => {
  it('patches the object and names it as the reason', async () => {
    const kube = fakeKube({ patchMerge: async () => {} });
    const cm = { kind: 'ConfigMap', name: 'emqx-config' };
    const out = await runAction({ mergePatch: { resource: cm, patch: { data: { A: '1' } } } }, checkEnvOf(kube), poll);
    expect(out).toEqual({ ok: true, reason: 'ConfigMap/emqx-config', removed: [] });
    expect(kube.log.map((l) => [l.method, l.args])).toEqual([['patchMerge', ['ConfigMap', 'emqx-config', { data: { A: '1' } }]]]);
  });
});

describe('rolloutRestart', () => {
  const restarting = () => {
    let restarted = false;
    return fakeKube({
      rolloutRestart: async () => {
        restarted = true;
      },
      get: async () =>
        restarted
          ? workload('Deployment', 'emqx', { replicas: 3, updatedReplicas: 3, readyReplicas: 3, availableReplicas: 3 })
          : workload('Deployment', 'emqx', { replicas: 3, generation: 2, observedGeneration: 1 }),
    });
  };

  it('waits until the workload has rolled out', async () => {
    const kube = restarting();
    const out = await runAction({ rolloutRestart: { resource: deploy } }, checkEnvOf(kube), poll);
    expect(out).toEqual({ ok: true, reason: 'Deployment/emqx: rollout complete, 3 of 3 replicas updated and available', removed: [] });
    expect(kube.log.map((l) => [l.method, l.args])).toEqual([
      ['rolloutRestart', ['Deployment', 'emqx']],
      ['get', ['Deployment', 'emqx']],
    ]);
  });

  it('without waiting (after Ctrl-C): restarts and returns at once, reading nothing', async () => {
    const kube = restarting();
    const out = await runAction({ rolloutRestart: { resource: deploy } }, checkEnvOf(kube), { ...poll, wait: false });
    expect(out).toEqual({ ok: true, reason: 'Deployment/emqx', removed: [] });
    expect(kube.calls.get).toBe(0);
  });
});

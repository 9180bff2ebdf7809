import { describe, expect, it } from 'vitest';
import type { Check } from '../../src/course/schema.js';
import { judgeReplacement } from '../../src/checks/disruption.js';
import { runCheck } from '../../src/checks/registry.js';
import type { Pod } from '../../src/kube/objects.js';
import { RESTORE_REPLICAS } from '../../src/checks/actions.js';
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

/**
 * A StatefulSet whose pods follow its replicas at once, with metadata the merge patches change (the
 * experiment's note of the replicas to put back, spec.replicas). `onScale` runs inside each scale call.
 */
function stsModel(start: { replicas?: number; noted?: string } = {}, onScale: (replicas: number) => void = () => {}) {
  let replicas = start.replicas ?? 3;
  let gen = 0;
  let annotations: Record<string, string> = start.noted === undefined ? {} : { [RESTORE_REPLICAS]: start.noted };
  const pods = () => Array.from({ length: replicas }, (_, i) => pod(`emqx-${i}`, { uid: `g${gen}-${i}` }));
  const sts = () => {
    const w = workload('StatefulSet', 'emqx', { replicas });
    w.metadata.annotations = { ...annotations };
    return w;
  };
  const stubs = {
    get: async (kind: string, name: string) => (kind === 'Pod' ? pods().find((p) => p.metadata.name === name) : sts()),
    list: async () => pods(),
    scale: async (_k: string, _n: string, r: number) => {
      replicas = r;
      gen += 1;
      onScale(r);
    },
    patchMerge: async (_k: string, _n: string, patch: unknown) => {
      const p = patch as { metadata?: { annotations?: Record<string, string | null> }; spec?: { replicas?: number } };
      for (const [k, v] of Object.entries(p.metadata?.annotations ?? {})) {
        if (v === null) delete annotations[k];
        else annotations = { ...annotations, [k]: v };
      }
      if (p.spec?.replicas !== undefined) {
        replicas = p.spec.replicas;
        gen += 1;
      }
    },
    exec: async () => ({ exitCode: 0, stdout: 'ok\n', stderr: '' }),
    delete: async () => [],
  };
  return { stubs, replicas: () => replicas, annotations: () => annotations };
}

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

  it("an exec action's stdin, with ${RUN_ID} filled in, goes to the exec as its input, never into the command", async () => {
    const kube = deploymentLike();
    const setup = [{ exec: { pod: { selector: 'app=emqx' }, command: ['sh', '-c', 'read -r p && exec add "$p"'], stdin: 'Persist-${RUN_ID}\n', expectContains: 'ok' } }];
    const out = await runCheck(experiment({ replacement: 'newName', setup }), checkEnvOf(kube), 'poll');
    expect(out.passed).toBe(true);
    expect(kube.log.find((l) => l.method === 'exec')!.args).toEqual(['emqx-a', ['sh', '-c', 'read -r p && exec add "$p"'], { container: undefined, stdin: 'Persist-abc123\n' }]);
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
    const model = stsModel();
    const kube = fakeKube(model.stubs);
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
    // The replicas to put back are noted on the StatefulSet before its first scale; putting back removes the note.
    expect(kube.log.filter((l) => l.method === 'patchMerge').map((l) => l.args[2])).toEqual([
      { metadata: { annotations: { [RESTORE_REPLICAS]: '3' } } },
      { metadata: { annotations: { [RESTORE_REPLICAS]: null } }, spec: { replicas: 3 } },
    ]);
    expect([model.replicas(), model.annotations()]).toEqual([3, {}]);
  });

  it("a StatefulSet another run left at 0 with its note goes back to the noted replicas, not to 0", async () => {
    // Another run (killed, or still under way on another machine) noted 3 and scaled to 0.
    const model = stsModel({ replicas: 0, noted: '3' });
    const kube = fakeKube(model.stubs);
    const sts = { kind: 'StatefulSet', name: 'emqx' };
    await runCheck(experiment({ action: [{ scale: { resource: sts, replicas: 0 } }], then: [], timeout: 5 }), checkEnvOf(kube), 'poll');
    // No second note over the first; the experiment restores what was noted.
    expect(kube.log.filter((l) => l.method === 'patchMerge').map((l) => l.args[2])).toEqual([{ metadata: { annotations: { [RESTORE_REPLICAS]: null } }, spec: { replicas: 3 } }]);
    expect([model.replicas(), model.annotations()]).toEqual([3, {}]);
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

describe('Ctrl-C during an experiment leaves nothing broken', () => {
  function statefulSet(onScale: (replicas: number) => void = () => {}) {
    const model = stsModel({}, onScale);
    return { kube: fakeKube(model.stubs), replicas: model.replicas };
  }
  const sts = { kind: 'StatefulSet', name: 'emqx' };
  const cm = { kind: 'ConfigMap', name: 'emqx-config' };
  const scaleDownAndUp = {
    id: 'd',
    title: t,
    hints: ['h'],
    kind: 'disruption',
    setup: [{ exec: { pod: { name: 'emqx-0' }, command: ['add', 'user'] } }],
    action: [{ mergePatch: { resource: cm, patch: { data: { LAB_PROBE: 'x' } } } }, { scale: { resource: sts, replicas: 0 } }, { scale: { resource: sts, replicas: 3 } }],
    replacement: 'sameName',
    then: [ready3],
    cleanup: [{ exec: { pod: { selector: 'app=emqx' }, command: ['del', 'user'] } }, { mergePatch: { resource: cm, patch: { data: { LAB_PROBE: null } } } }],
  } as Check;

  it('interrupted while scaled to 0: the replicas go back to 3 and the cleanup runs, on a signal that is not aborted', async () => {
    const ctrl = new AbortController();
    // Ctrl-C arrives while the pods are going away: right after the scale to 0 was issued.
    const { kube, replicas } = statefulSet((r) => r === 0 && ctrl.abort());
    const out = await runCheck(scaleDownAndUp, checkEnvOf(kube.withSignal(ctrl.signal), { signal: ctrl.signal }), 'poll');
    expect(out).toMatchObject({ passed: false, interrupted: true });
    expect(replicas()).toBe(3);
    const afterAbort = kube.log.slice(kube.log.findIndex((l) => l.method === 'scale') + 1);
    expect(afterAbort.map((l) => [l.method, l.args.at(-1)])).toEqual([
      ['patchMerge', { metadata: { annotations: { [RESTORE_REPLICAS]: null } }, spec: { replicas: 3 } }],
      // The put-back reads the workload back: it is not done until the replicas are there (put-back.ts).
      ['get', 'emqx'],
      ['list', { selector: 'app=emqx' }],
      ['exec', { container: undefined }],
      ['patchMerge', { data: { LAB_PROBE: null } }],
    ]);
    expect(afterAbort.every((l) => l.signal && !l.signal.aborted && l.signal !== ctrl.signal)).toBe(true);
    // The cleanup's exec went to a pod the restored StatefulSet has again.
    expect(afterAbort.find((l) => l.method === 'exec')!.args.slice(0, 2)).toEqual(['emqx-0', ['del', 'user']]);
  });

  it('interrupted during the cleanup: what was cut off is issued again, without waiting', async () => {
    const ctrl = new AbortController();
    // Ctrl-C comes as the cleanup's scale call is on its way.
    const { kube } = statefulSet((r) => r === 2 && ctrl.abort());
    const withCleanupScale = { ...scaleDownAndUp, action: [{ deletePod: { name: 'emqx-1' } }], replacement: undefined, then: [], cleanup: [{ scale: { resource: sts, replicas: 2 } }, { mergePatch: { resource: cm, patch: { data: { LAB_PROBE: null } } } }] } as Check;
    const env = checkEnvOf(kube.withSignal(ctrl.signal), { signal: ctrl.signal });
    const out = await runCheck(withCleanupScale, env, 'poll');
    expect(out).toMatchObject({ passed: false, interrupted: true });
    const scales = kube.log.filter((l) => l.method === 'scale');
    expect(scales.map((l) => l.args[2])).toEqual([2, 2]);
    expect(scales[1].signal!.aborted).toBe(false);
    expect(kube.log.at(-1)).toMatchObject({ method: 'patchMerge' });
    expect(kube.log.at(-1)!.signal!.aborted).toBe(false);
  });

  it('an experiment that fails while scaled down puts the replicas back too', async () => {
    const model = stsModel();
    // The pods never go away: the scale to 0 times out.
    const kube = fakeKube({ ...model.stubs, list: async () => [pod('emqx-0'), pod('emqx-1'), pod('emqx-2')] });
    const out = await runCheck({ ...scaleDownAndUp, setup: [], action: [{ scale: { resource: sts, replicas: 0 } }], cleanup: [], timeout: 5 } as Check, checkEnvOf(kube), 'poll');
    expect(out).toMatchObject({ passed: false });
    expect(out.interrupted).toBeFalsy();
    expect(kube.log.filter((l) => l.method === 'scale').map((l) => l.args[2])).toEqual([0]);
    expect([model.replicas(), model.annotations()]).toEqual([3, {}]);
  });
});

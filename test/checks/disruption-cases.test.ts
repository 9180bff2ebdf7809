/**
 * Disruption experiments, case by case: how replacements are judged, what the experiment reports while it
 * runs, how scaled workloads are put back, and what Ctrl-C does to the cleanup (what is issued again, what
 * is only issued, what goes on after a failure).
 */
import { describe, expect, it } from 'vitest';
import type { Check } from '../../src/course/schema.js';
import { RESTORE_REPLICAS } from '../../src/checks/actions.js';
import { disruption, judgeReplacement } from '../../src/checks/disruption.js';
import { runCheck } from '../../src/checks/registry.js';
import type { CheckOf } from '../../src/checks/types.js';
import { apiNames } from '../../src/kube/needs.js';
import type { Pod, Workload } from '../../src/kube/objects.js';
import { KubeError } from '../../src/kube/result.js';
import { LockWaitAborted } from '../../src/progress/lock.js';
import { checkEnvOf, fakeKube, kubeCalls, pod, workload, type FakeKube } from '../fixtures/engine/fake-kube.js';

const t = { en: 't', zh: 't' };
const sts = { kind: 'StatefulSet', name: 'emqx' };
const web = { kind: 'Deployment', name: 'web' };
const cm = { kind: 'ConfigMap', name: 'emqx-config' };
const experiment = (extra: object) => ({ id: 'd', title: t, hints: ['h'], kind: 'disruption', action: [{ mergePatch: { resource: cm, patch: { data: { A: '1' } } } }], then: [], ...extra }) as Check;

type Stubs = NonNullable<Parameters<typeof fakeKube>[0]>;
type Base = Required<Pick<Stubs, 'get' | 'list' | 'scale' | 'patchMerge' | 'rolloutRestart' | 'exec' | 'delete'>>;

/**
 * A namespace of workloads whose pods (labelled app=NAME) follow the replicas `lag` pod lists after each
 * change; merge patches change the workloads' annotations and spec.replicas. `over` replaces stubs, and may
 * call the model's own (`base`).
 */
function namespace(start: { kind: 'StatefulSet' | 'Deployment'; name: string; replicas: number }[], o: { lag?: number; over?: (base: Base) => Stubs } = {}) {
  const ws = new Map(start.map((w) => [w.name, { ...w, shown: w.replicas, lagLeft: 0, gen: 0, annotations: {} as Record<string, string> }]));
  const podsOf = (w: NonNullable<ReturnType<typeof ws.get>>) =>
    Array.from({ length: w.shown }, (_, i) => pod(`${w.name}-${i}`, { uid: `${w.name}-g${w.gen}-${i}`, labels: { app: w.name } }));
  const allPods = () => [...ws.values()].flatMap(podsOf);
  const tick = () => {
    for (const w of ws.values()) {
      if (w.lagLeft > 0) w.lagLeft -= 1;
      else w.shown = w.replicas;
    }
  };
  const change = (name: string, replicas: number) => {
    const w = ws.get(name)!;
    w.replicas = replicas;
    w.lagLeft = o.lag ?? 0;
    w.gen += 1;
    if (!o.lag) w.shown = replicas;
  };
  const asWorkload = (name: string): Workload | undefined => {
    const w = ws.get(name);
    if (!w) return undefined;
    const out = workload(w.kind, w.name, { replicas: w.replicas, updatedReplicas: w.replicas, readyReplicas: w.replicas, availableReplicas: w.replicas });
    out.metadata.annotations = { ...w.annotations };
    out.spec!.selector = { matchLabels: { app: w.name } };
    return out;
  };
  const base: Base = {
    get: async (kind: string, name: string) => (kind === 'Pod' ? allPods().find((p) => p.metadata.name === name) : asWorkload(name)),
    list: async (_kinds: string | string[], opts?: { selector?: string }) => {
      tick();
      return allPods().filter((p) => !opts?.selector || opts.selector === `app=${p.metadata.labels!.app}`);
    },
    scale: async (_k: string, name: string, r: number) => change(name, r),
    patchMerge: async (_k: string, name: string, patch: unknown) => {
      const w = ws.get(name);
      if (!w) return;
      const p = patch as { metadata?: { annotations?: Record<string, string | null> }; spec?: { replicas?: number } };
      for (const [k, v] of Object.entries(p.metadata?.annotations ?? {})) {
        if (v === null) delete w.annotations[k];
        else w.annotations[k] = v;
      }
      if (p.spec?.replicas !== undefined) change(name, p.spec.replicas);
    },
    rolloutRestart: async () => {},
    exec: async () => ({ exitCode: 0, stdout: 'ok\n', stderr: '' }),
    delete: async (refs: { name: string }[]) => refs.map((r) => `pod "${r.name}" deleted`),
  };
  const kube = fakeKube({ ...base, ...o.over?.(base) });
  return { kube, replicas: (name: string) => ws.get(name)!.replicas };
}

/** The calls after the first call of `method`. */
const after = (kube: FakeKube, method: string) => kube.log.slice(kube.log.findIndex((l) => l.method === method) + 1);
const patchesOf = (kube: FakeKube, name: string) => kube.log.filter((l) => l.method === 'patchMerge' && l.args[1] === name);

describe('judging replacements: edge cases', () => {
  it('sameName: a removed pod that is still there with its own uid is the old pod, even if it was created after the pods were first listed', () => {
    // The action made emqx-3 (scale up) and then deleted it: its uid is not among the pods listed before.
    const out = judgeReplacement([{ name: 'emqx-3', uid: 'u3' }], new Set(['u0', 'u1', 'u2']), [pod('emqx-3', { uid: 'u3' })] as Pod[], 'sameName', 'en');
    expect(out).toEqual({ passed: false, reason: 'emqx-3 is still the old pod (same uid)' });
  });

  it('newName: every new pod is named, comma-separated', () => {
    const removed = [{ name: 'web-a', uid: 'a' }, { name: 'web-b', uid: 'b' }];
    const out = judgeReplacement(removed, new Set(['a', 'b']), [pod('web-x', { uid: 'x' }), pod('web-y', { uid: 'y' })] as Pod[], 'newName', 'en');
    expect(out).toEqual({ passed: true, reason: 'replaced by new pods: web-x, web-y' });
  });
});

describe('what a disruption asks of the API server', () => {
  const base: CheckOf<'disruption'> = { id: 'd', title: t, hints: ['h'], kind: 'disruption', action: [{ deletePod: { name: 'emqx-0' } }], then: [] };
  const listsPods = (c: CheckOf<'disruption'>) => disruption.needs(c, apiNames(), () => []).some((p) => p.resource === 'pods' && p.verbs.includes('list'));

  it('lists the pods only when it compares their identities', () => {
    expect(listsPods(base)).toBe(false);
    expect(listsPods({ ...base, replacement: 'sameName' })).toBe(true);
  });
});

describe('the namespace lock', () => {
  it('Ctrl-C while waiting for another run to let go of the namespace: interrupted, nothing done', async () => {
    const { kube } = namespace([{ kind: 'StatefulSet', name: 'emqx', replicas: 3 }]);
    const lock = { hold: async () => Promise.reject(new LockWaitAborted('interrupted while waiting for the namespace lock')) };
    expect(await runCheck(experiment({}), checkEnvOf(kube, { lock }), 'poll')).toEqual({ passed: false, reason: 'interrupted', interrupted: true });
    expect(kubeCalls(kube)).toBe(0);
  });

  it('any other failure of the lock is not an interruption: it is thrown', async () => {
    const { kube } = namespace([{ kind: 'StatefulSet', name: 'emqx', replicas: 3 }]);
    const lock = { hold: async () => Promise.reject(new Error('EACCES: the lock folder is not writable')) };
    await expect(runCheck(experiment({}), checkEnvOf(kube, { lock }), 'poll')).rejects.toThrow('EACCES');
  });
});

describe('an experiment that scales', () => {
  it("gives a scale the check's timeout in seconds to settle, and says each step with passed=false", async () => {
    // The pods take two lists (half a second of the fake clock) to follow the new replicas.
    const { kube } = namespace([{ kind: 'StatefulSet', name: 'emqx', replicas: 3 }], { lag: 2 });
    const heard: [string, boolean][] = [];
    const out = await runCheck(
      experiment({ action: [{ scale: { resource: sts, replicas: 2 } }], cleanup: [{ mergePatch: { resource: cm, patch: { data: { A: null } } } }], timeout: 30 }),
      checkEnvOf(kube),
      'poll',
      { onReason: (r, passed) => heard.push([r, passed]) },
    );
    expect(out).toEqual({ passed: true, reason: 'survived the disruption: 0 follow-up checks passed' });
    expect(heard).toEqual([
      ['StatefulSet/emqx: 3 pods, 3 Ready, waiting for 2', false],
      ['StatefulSet/emqx: 2 pods as asked', false],
      // The action's own outcome, then the cleanup's.
      ['StatefulSet/emqx: 2 pods as asked', false],
      ['ConfigMap/emqx-config', false],
    ]);
  });

  it('puts every workload it scaled back to its own replicas', async () => {
    const ns = namespace([
      { kind: 'StatefulSet', name: 'emqx', replicas: 3 },
      { kind: 'Deployment', name: 'web', replicas: 2 },
    ]);
    const out = await runCheck(experiment({ action: [{ scale: { resource: sts, replicas: 0 } }, { scale: { resource: web, replicas: 0 } }] }), checkEnvOf(ns.kube), 'poll');
    expect(out.passed).toBe(true);
    expect([ns.replicas('emqx'), ns.replicas('web')]).toEqual([3, 2]);
    expect(ns.kube.log.filter((l) => l.method === 'patchMerge' && (l.args[2] as { spec?: unknown }).spec).map((l) => l.args.slice(0, 2))).toEqual([
      ['StatefulSet', 'emqx'],
      ['Deployment', 'web'],
    ]);
  });

  it('puts a workload back to the replicas it had before its FIRST scale, even if the note went away in between', async () => {
    const ns = namespace([{ kind: 'StatefulSet', name: 'emqx', replicas: 3 }]);
    // Between the two scales the note is removed (another run putting back, or a learner's kubectl annotate).
    const dropNote = { mergePatch: { resource: sts, patch: { metadata: { annotations: { [RESTORE_REPLICAS]: null } } } } };
    const out = await runCheck(experiment({ action: [{ scale: { resource: sts, replicas: 0 } }, dropNote, { scale: { resource: sts, replicas: 1 } }] }), checkEnvOf(ns.kube), 'poll');
    expect(out.passed).toBe(true);
    expect(ns.replicas('emqx')).toBe(3);
  });

  it('a workload it could not put back is said, and the failed follow-up is still named (its hints apply)', async () => {
    const { kube } = namespace([{ kind: 'StatefulSet', name: 'emqx', replicas: 3 }], {
      over: (base) => ({
        // Noting the replicas works; putting them back is refused.
        patchMerge: async (k: string, n: string, patch: unknown) => {
          if ((patch as { spec?: unknown }).spec) throw new KubeError('forbidden', 'cannot patch statefulsets', ['patch']);
          return base.patchMerge(k, n, patch);
        },
      }),
    });
    const back = { id: 'back', title: { en: 'Three pods again', zh: '三个' }, kind: 'podsReady', selector: 'app=emqx', count: 3, timeout: 1 };
    const out = await runCheck(experiment({ action: [{ scale: { resource: sts, replicas: 0 } }], then: [back] }), checkEnvOf(kube), 'poll');
    expect(out.passed).toBe(false);
    expect(out.reason).toContain('was NOT put back to 3 replica(s)');
    expect(out.failedPart?.id).toBe('back');
  });
});

describe('identities are compared on the pods of the namespace', () => {
  it('lists every pod before the action and after it', async () => {
    const { kube } = namespace([{ kind: 'StatefulSet', name: 'emqx', replicas: 3 }]);
    const out = await runCheck(experiment({ action: [{ scale: { resource: sts, replicas: 0 } }, { scale: { resource: sts, replicas: 3 } }], replacement: 'sameName' }), checkEnvOf(kube), 'poll');
    expect(out).toMatchObject({ passed: true, reason: 'emqx-0, emqx-1, emqx-2 came back with the same name as new pods' });
    // The scale's own lists go by selector; the identity lists ask for every Pod.
    expect(kube.log.filter((l) => l.method === 'list' && l.args.length === 1).map((l) => l.args)).toEqual([['Pod'], ['Pod']]);
  });
});

describe('a failing part stops the experiment', () => {
  it('an action that fails is the verdict; the follow-ups are not run', async () => {
    const { kube } = namespace([{ kind: 'StatefulSet', name: 'emqx', replicas: 3 }]);
    const out = await runCheck(experiment({ action: [{ deletePod: { name: 'nope' } }] }), checkEnvOf(kube), 'poll');
    expect(out).toEqual({ passed: false, reason: 'the disruption failed: no pod matches pod/nope, nothing to delete', interrupted: false });
  });

  it('a cleanup action that fails stops the cleanup: the actions after it do not run', async () => {
    const { kube } = namespace([{ kind: 'StatefulSet', name: 'emqx', replicas: 3 }]);
    const out = await runCheck(experiment({ cleanup: [{ deletePod: { name: 'nope' } }, { mergePatch: { resource: cm, patch: { data: { A: null } } } }] }), checkEnvOf(kube), 'poll');
    expect(out).toEqual({ passed: false, reason: 'cleanup failed: no pod matches pod/nope, nothing to delete' });
    expect(patchesOf(kube, 'emqx-config').map((l) => l.args[2])).toEqual([{ data: { A: '1' } }]);
  });
});

describe('Ctrl-C: what is done and what is not', () => {
  /** An env on the check's signal, as the engine builds it. */
  const envOf = (kube: FakeKube, ctrl: AbortController) => checkEnvOf(kube.withSignal(ctrl.signal), { signal: ctrl.signal });
  const canceled = () => new KubeError('canceled', 'canceled', ['kubectl']);

  it('between two setup actions: the second is not even tried', async () => {
    const ctrl = new AbortController();
    const { kube } = namespace([{ kind: 'StatefulSet', name: 'emqx', replicas: 3 }], {
      over: () => ({
        exec: async () => {
          ctrl.abort();
          return { exitCode: 0, stdout: 'ok\n', stderr: '' };
        },
      }),
    });
    const setup = [{ exec: { pod: { name: 'emqx-0' }, command: ['first'] } }, { exec: { pod: { name: 'emqx-0' }, command: ['second'] } }];
    const out = await runCheck(experiment({ setup, action: [{ deletePod: { name: 'emqx-1' } }] }), envOf(kube, ctrl), 'poll');
    expect(out).toEqual({ passed: false, reason: 'setup failed: interrupted', interrupted: true });
    expect(kube.log.map((l) => l.method)).toEqual(['get', 'exec']);
  });

  it('during the action: a cleanup restart is only issued, not waited for', async () => {
    const ctrl = new AbortController();
    const { kube } = namespace([{ kind: 'StatefulSet', name: 'emqx', replicas: 3 }, { kind: 'Deployment', name: 'web', replicas: 2 }], {
      over: (base) => ({
        scale: async (k: string, n: string, r: number) => {
          await base.scale(k, n, r);
          ctrl.abort();
        },
      }),
    });
    const out = await runCheck(experiment({ action: [{ scale: { resource: sts, replicas: 0 } }], cleanup: [{ rolloutRestart: { resource: web } }] }), envOf(kube, ctrl), 'poll');
    expect(out).toMatchObject({ passed: false, interrupted: true });
    const restart = kube.log.find((l) => l.method === 'rolloutRestart')!;
    expect(restart.args).toEqual(['Deployment', 'web']);
    expect(restart.signal!.aborted).toBe(false);
    expect(after(kube, 'rolloutRestart')).toEqual([]);
  });

  it('during the action: a cleanup call that fails is not repeated, and the cleanup goes on', async () => {
    const ctrl = new AbortController();
    const { kube } = namespace([{ kind: 'StatefulSet', name: 'emqx', replicas: 3 }], {
      over: (base) => ({
        scale: async (k: string, n: string, r: number) => {
          await base.scale(k, n, r);
          ctrl.abort();
        },
        patchMerge: async (k: string, name: string, patch: unknown) => {
          if (name === 'emqx-config') throw new KubeError('forbidden', 'cannot patch configmaps', ['patch']);
          return base.patchMerge(k, name, patch);
        },
      }),
    });
    const cleanup = [{ mergePatch: { resource: cm, patch: { data: { A: null } } } }, { mergePatch: { resource: { kind: 'ConfigMap', name: 'other' }, patch: { data: { B: null } } } }];
    const out = await runCheck(experiment({ action: [{ scale: { resource: sts, replicas: 0 } }], cleanup }), envOf(kube, ctrl), 'poll');
    expect(out).toMatchObject({ passed: false, interrupted: true });
    expect(patchesOf(kube, 'emqx-config')).toHaveLength(1);
    expect(patchesOf(kube, 'other')).toHaveLength(1);
  });

  it('during a cleanup merge patch that kubectl reports cut off: the patch is issued again, on a signal that is not aborted', async () => {
    const ctrl = new AbortController();
    let first = true;
    const { kube } = namespace([{ kind: 'StatefulSet', name: 'emqx', replicas: 3 }], {
      over: (base) => ({
        patchMerge: async (k: string, name: string, patch: unknown) => {
          if (name === 'other' && first) {
            first = false;
            ctrl.abort();
            throw canceled();
          }
          return base.patchMerge(k, name, patch);
        },
      }),
    });
    const cleanup = [{ mergePatch: { resource: { kind: 'ConfigMap', name: 'other' }, patch: { data: { B: null } } } }];
    const out = await runCheck(experiment({ cleanup }), envOf(kube, ctrl), 'poll');
    expect(out).toMatchObject({ passed: false, interrupted: true });
    const again = patchesOf(kube, 'other');
    expect(again).toHaveLength(2);
    expect(again[1].signal!.aborted).toBe(false);
    expect(again[1].signal).not.toBe(ctrl.signal);
  });

  it('during a cleanup merge patch that got through: it is not issued again, and not reported as progress', async () => {
    const ctrl = new AbortController();
    const { kube } = namespace([{ kind: 'StatefulSet', name: 'emqx', replicas: 3 }], {
      over: (base) => ({
        patchMerge: async (k: string, name: string, patch: unknown) => {
          if (name === 'other') ctrl.abort();
          return base.patchMerge(k, name, patch);
        },
      }),
    });
    const heard: string[] = [];
    const cleanup = [{ mergePatch: { resource: { kind: 'ConfigMap', name: 'other' }, patch: { data: { B: null } } } }];
    const out = await runCheck(experiment({ cleanup }), envOf(kube, ctrl), 'poll', { onReason: (r) => heard.push(r) });
    expect(out).toMatchObject({ passed: false, interrupted: true });
    expect(patchesOf(kube, 'other')).toHaveLength(1);
    expect(heard).toEqual(['ConfigMap/emqx-config']);
  });

  it('during a cleanup exec that kubectl reports cut off: a command is never run twice', async () => {
    const ctrl = new AbortController();
    const { kube } = namespace([{ kind: 'StatefulSet', name: 'emqx', replicas: 3 }], {
      over: () => ({
        exec: async () => {
          ctrl.abort();
          throw canceled();
        },
      }),
    });
    const out = await runCheck(experiment({ cleanup: [{ exec: { pod: { name: 'emqx-0' }, command: ['del', 'user'] } }] }), envOf(kube, ctrl), 'poll');
    expect(out).toMatchObject({ passed: false, interrupted: true });
    expect(kube.calls.exec).toBe(1);
  });
});

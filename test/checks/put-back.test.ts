/**
 * Issue 16 point 5: Ctrl-C during step 9's disruption must never leave the StatefulSet at 0 silently, and a
 * workload at 0 replicas must fail a rollout check that expects pods.
 */
import { describe, expect, it } from 'vitest';
import type { Check } from '../../src/course/schema.js';
import { RESTORE_REPLICAS } from '../../src/checks/actions.js';
import { runCheck } from '../../src/checks/registry.js';
import { rolloutState } from '../../src/checks/rollout.js';
import { KubeError } from '../../src/kube/result.js';
import { checkEnvOf, fakeKube, pod, workload } from '../fixtures/engine/fake-kube.js';

const t = { en: 't', zh: 't' };
const sts = { kind: 'StatefulSet', name: 'emqx' };
const scaleDown = {
  id: 'd',
  title: t,
  hints: ['h'],
  kind: 'disruption',
  action: [{ scale: { resource: sts, replicas: 0 } }, { scale: { resource: sts, replicas: 3 } }],
  then: [],
} as unknown as Check;

/** A StatefulSet whose put-back patch fails `failures` times (the first as a kubectl SIGINT killed). */
function model(failures: number, onScale: (r: number) => void) {
  let replicas = 3;
  let annotations: Record<string, string> = {};
  let patches = 0;
  const sts = () => {
    const w = workload('StatefulSet', 'emqx', { replicas, readyReplicas: replicas });
    w.metadata.annotations = { ...annotations };
    return w;
  };
  const kube = fakeKube({
    get: async () => sts(),
    list: async () => Array.from({ length: replicas }, (_, i) => pod(`emqx-${i}`)),
    scale: async (_k, _n, r) => {
      replicas = r;
      onScale(r);
    },
    patchMerge: async (_k, _n, patch) => {
      const p = patch as { metadata?: { annotations?: Record<string, string | null> }; spec?: { replicas?: number } };
      if (p.spec?.replicas !== undefined && patches++ < failures) throw new KubeError('other', 'exit code ?', ['patch']);
      for (const [k, v] of Object.entries(p.metadata?.annotations ?? {})) {
        if (v === null) delete annotations[k];
        else annotations = { ...annotations, [k]: v };
      }
      if (p.spec?.replicas !== undefined) replicas = p.spec.replicas;
    },
  });
  return { kube, replicas: () => replicas, annotations: () => annotations };
}

describe('putting the replicas back after Ctrl-C', () => {
  it('a put-back cut off by the same Ctrl-C is tried again on a fresh signal, and the StatefulSet is back at 3', async () => {
    const ctrl = new AbortController();
    const m = model(1, (r) => r === 0 && ctrl.abort());
    const out = await runCheck(scaleDown, checkEnvOf(m.kube.withSignal(ctrl.signal), { signal: ctrl.signal }), 'poll');
    expect(out).toMatchObject({ passed: false, interrupted: true });
    expect(m.replicas()).toBe(3);
    expect(m.annotations()).toEqual({});
  });

  it('a put-back that keeps failing says so plainly, with the command that puts it back', async () => {
    const ctrl = new AbortController();
    const m = model(1_000, (r) => r === 0 && ctrl.abort());
    const out = await runCheck(scaleDown, checkEnvOf(m.kube.withSignal(ctrl.signal), { signal: ctrl.signal }), 'poll');
    expect(out.passed).toBe(false);
    expect(out.reason).toContain('statefulsets/emqx was NOT put back to 3 replica(s)');
    expect(out.reason).toContain('scale statefulsets/emqx --replicas=3');
    expect(m.replicas()).toBe(0);
  });
});

describe('a workload at 0 replicas', () => {
  it('fails a rollout check that expects pods (0 of 0 is no rollout)', () => {
    const w = workload('StatefulSet', 'emqx', { replicas: 0, readyReplicas: 0, updatedReplicas: 0, availableReplicas: 0 });
    const r = rolloutState(w, 'statefulsets/emqx', 'en');
    expect(r.passed).toBe(false);
    expect(r.reason).toContain('scaled to 0 replicas');
  });

  it("left at 0 by an interrupted experiment: the rollout check names the replicas to put back", () => {
    const w = workload('StatefulSet', 'emqx', { replicas: 0 });
    w.metadata.annotations = { [RESTORE_REPLICAS]: '3' };
    const r = rolloutState(w, 'statefulsets/emqx', 'zh');
    expect(r.passed).toBe(false);
    expect(r.reason).toContain('--replicas=3');
  });
});

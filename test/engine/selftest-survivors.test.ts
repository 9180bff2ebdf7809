/**
 * The self-test in detail over the in-memory cluster: when the previous step is solved again, which verify
 * runs collect diagnosis evidence, a restore whose verify fails, stray claims, apply errors diagnosed
 * with the mistake, and what counts as a passed step or run.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCourse, type Step } from '../../src/course/load.js';
import type { Mistake } from '../../src/course/schema.js';
import type { EngineDeps } from '../../src/engine/deps.js';
import { makeMistake, selfTest, stateBefore, stepPassed, tryMistake, type Phase, type StepTestResult } from '../../src/engine/selftest.js';
import type { LiveObject } from '../../src/kube/objects.js';
import { KubeError } from '../../src/kube/result.js';
import { fakeClock, type FakeKube } from '../fixtures/engine/fake-kube.js';
import { miniCluster } from '../fixtures/engine/mini-cluster.js';

const { course } = loadCourse(join(import.meta.dirname, '..', 'fixtures', 'engine', 'course'));
const [first, second] = course.steps;

function deps(kube: EngineDeps['kube'], signal = new AbortController().signal): EngineDeps {
  const clock = fakeClock(Date.parse('2026-03-01T10:00:00Z'));
  return { kube, course, namespace: 'lab', progressKey: 'kind-test', lang: 'en', home: mkdtempSync(join(tmpdir(), 'emqx-lab-home-')), now: clock.now, sleep: clock.sleep, signal };
}
const recorder = () => {
  const phases: string[] = [];
  return { phases, onPhase: (s: Step, p: string, o: Phase, detail?: string) => phases.push(`${s.id} ${p} ${o}${detail ? ` ${detail}` : ''}`) };
};
const imageMistake = (id: string, image: string, diagnosis = 'image-pull-failed'): Mistake => ({
  id,
  title: { en: id, zh: id },
  changes: [{ file: 'pod.yaml', patch: [{ op: 'replace', path: '/spec/containers/0/image', value: image }] }],
  expect: { diagnosis },
});
const stopped = (async () => ({ exitCode: 0, stdout: "Node 'emqx@10.0.0.1' 5.8.9 is stopped\n", stderr: '' })) as never;
/** Applies of the first step's pod (solving it, or a mistake made on it). */
const podApplies = (k: FakeKube) => k.log.filter((c) => c.method === 'apply' && String(c.args[0]).includes('kind: Pod')).length;
/** Full evidence collection (diagnose) is the only thing that lists Secrets. */
const diagnoseRuns = (log: FakeKube['log']) => log.filter((c) => c.method === 'list' && c.args[0] === 'Secret').length;
const claim = (name: string, labels: Record<string, string>): LiveObject => ({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name, labels } });

describe('the previous step', () => {
  it('is not solved again when the run has just verified it', async () => {
    const kube = miniCluster();
    await selfTest(deps(kube), [first, second]);
    expect(podApplies(kube)).toBe(1);
  });

  it('is solved again (and must verify) when the step before did not verify', async () => {
    const kube = miniCluster();
    kube.exec = stopped;
    const r = await selfTest(deps(kube), [first, second]);
    expect(r.steps).toEqual([
      { step: 'first', failFirst: 'pass', solve: 'pass', verify: 'fail', durationMs: 20000, reasons: ['started: emqx: node emqx@10.0.0.1 is stopped'] },
      {
        step: 'second',
        failFirst: 'skip',
        solve: 'fail',
        verify: 'skip',
        durationMs: 20000,
        reasons: ['could not reach the state before this step: started: emqx: node emqx@10.0.0.1 is stopped'],
      },
    ]);
    expect(podApplies(kube)).toBe(2);
  });

  it('its claims that the step would not have made are deleted; claims outside the lab are not touched', async () => {
    const kube = miniCluster();
    kube.objects.set('PersistentVolumeClaim/stray', claim('stray', { 'app.kubernetes.io/part-of': 'emqx-lab' }));
    kube.objects.set('PersistentVolumeClaim/theirs', claim('theirs', { app: 'other' }));
    expect(await stateBefore(deps(kube), 1)).toBeUndefined();
    expect([...kube.objects.keys()].filter((k) => k.startsWith('PersistentVolumeClaim/'))).toEqual(['PersistentVolumeClaim/theirs']);
  });
});

describe('diagnosis evidence is collected only where it is used', () => {
  it('not for fail-first (a failure is expected there)', async () => {
    const kube = miniCluster();
    const r = await selfTest(deps(kube), [first]);
    expect(r.passed).toBe(true);
    expect(diagnoseRuns(kube.log)).toBe(0);
  });

  it('not for the previous step\'s verify while preparing', async () => {
    const kube = miniCluster();
    kube.exec = stopped;
    const r = await selfTest(deps(kube), [second]);
    expect(r.steps[0].reasons).toEqual(['could not reach the state before this step: started: emqx: node emqx@10.0.0.1 is stopped']);
    expect(diagnoseRuns(kube.log)).toBe(0);
  });
});

describe('a restore whose verify fails', () => {
  it('is a failed restore with the failing check as the reason, not diagnosed, and the next step starts from scratch', async () => {
    const kube = miniCluster();
    const rec = recorder();
    let afterMistakes = -1;
    const r = await selfTest(deps(kube), [first, second], {
      mistakes: true,
      onPhase: (s, p, o, detail) => {
        rec.onPhase(s, p, o, detail);
        if (p.startsWith('mistake:')) {
          kube.exec = stopped;
          afterMistakes = kube.log.length;
        }
      },
    });
    expect(r.passed).toBe(false);
    expect(r.steps[0]).toMatchObject({
      verify: 'pass',
      restore: 'fail',
      mistakes: [{ id: 'bad-tag', passed: true }],
      reasons: ['solving the step again after its mistakes failed: started: emqx: node emqx@10.0.0.1 is stopped'],
    });
    expect(rec.phases).toContain('first restore fail started: emqx: node emqx@10.0.0.1 is stopped');
    expect(diagnoseRuns(kube.log.slice(afterMistakes))).toBe(0);
    // The restored state did not verify: the second step prepares it again, and it fails there.
    expect(r.steps[1]).toEqual({
      step: 'second',
      failFirst: 'skip',
      solve: 'fail',
      verify: 'skip',
      durationMs: 20000,
      reasons: ['could not reach the state before this step: started: emqx: node emqx@10.0.0.1 is stopped'],
    });
  });
});

describe('Ctrl-C between mistakes', () => {
  it('the next mistake is never made', async () => {
    const step = { ...first, lesson: { ...first.lesson, mistakes: [imageMistake('harmless', 'emqx/emqx:5.8.9'), imageMistake('next', 'emqx/emqx:5.8.98')] } };
    const ac = new AbortController();
    const kube = miniCluster();
    const d = { ...deps(kube, ac.signal), course: { ...course, steps: [step, second] } };
    const r = await selfTest(d, [step], { mistakes: true, onPhase: (_s, p) => p === 'mistake:harmless' && ac.abort() });
    expect(r.steps[0].mistakes?.map((m) => m.id)).toEqual(['harmless']);
    expect(kube.log.filter((c) => c.method === 'apply' && String(c.args[0]).includes('5.8.98'))).toEqual([]);
    // The clean slate: once before the step, once for the one mistake made.
    expect(kube.calls.deleteAll).toBe(2);
  });
});

describe('mistakes whose apply fails', () => {
  /** Applies what it can, then fails the way kubectl does on an unknown kind. */
  function failingApply(kube: FakeKube) {
    const apply = kube.apply;
    kube.apply = (async (yaml: string) => {
      const lines = await apply(yaml);
      if (yaml.includes('5.8.99')) throw new KubeError('other', 'no matches', [], lines.join('\n'), 'error: resource mapping not found: no matches for kind "Role"');
      return lines;
    }) as never;
  }

  it('the apply error is diagnosed at once', async () => {
    const kube = miniCluster();
    failingApply(kube);
    const made = await makeMistake(deps(kube), first, imageMistake('m', 'emqx/emqx:5.8.99'));
    expect(made).toMatchObject({ applyError: 'error: resource mapping not found: no matches for kind "Role"' });
    expect('fromApply' in made && made.fromApply).toContain('unknown-api-version');
  });

  it('a wrong diagnosis names everything found, comma-separated', async () => {
    const kube = miniCluster();
    failingApply(kube);
    const r = await tryMistake(deps(kube), first, 0, imageMistake('m', 'emqx/emqx:5.8.99', 'oom'));
    expect(r.passed).toBe(false);
    expect(r.diagnoses).toEqual(['unknown-api-version', 'image-pull-failed']);
    expect(r.reason).toBe('expected the diagnosis oom, got: unknown-api-version, image-pull-failed');
  });
});

describe('what passes', () => {
  const ok: StepTestResult = { step: 's', failFirst: 'pass', solve: 'pass', verify: 'pass', durationMs: 0, reasons: [] };

  it('a step passes only when it was solved, verified, and put back', () => {
    expect(stepPassed(ok)).toBe(true);
    expect(stepPassed({ ...ok, failFirst: 'skip' })).toBe(true);
    expect(stepPassed({ ...ok, solve: 'fail' })).toBe(false);
    expect(stepPassed({ ...ok, solve: 'skip' })).toBe(false);
    expect(stepPassed({ ...ok, verify: 'fail' })).toBe(false);
    expect(stepPassed({ ...ok, failFirst: 'fail' })).toBe(false);
    expect(stepPassed({ ...ok, restore: 'fail' })).toBe(false);
  });

  it('a run of no steps is not a pass', async () => {
    const kube = miniCluster();
    expect(await selfTest(deps(kube), [])).toEqual({ passed: false, steps: [] });
    expect(kube.log).toEqual([]);
  });
});

/**
 * The self-test's paths beyond the happy one, over the in-memory cluster: a step that fails to verify, a
 * previous step that cannot be brought to its verified state, mistakes that cannot be made, that break
 * nothing or show another diagnosis, a failed restore, and Ctrl-C. Each phase as onPhase hears it.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCourse, type Step } from '../../src/course/load.js';
import type { Mistake } from '../../src/course/schema.js';
import type { EngineDeps } from '../../src/engine/deps.js';
import { selfTest, tryMistake, type Phase } from '../../src/engine/selftest.js';
import { KubeError } from '../../src/kube/result.js';
import { fakeClock } from '../fixtures/engine/fake-kube.js';
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
const forbidden = () => new KubeError('forbidden', 'x', [], '', 'Error from server (Forbidden): nope');

const mistake = (path: string, value: string, diagnosis = 'image-pull-failed'): Mistake => ({
  id: 'm',
  title: { en: 'M', zh: 'M' },
  changes: [{ file: 'pod.yaml', patch: [{ op: 'replace', path, value }] }],
  expect: { diagnosis },
});

describe('selfTest over several steps', () => {
  it('goes on from the settled previous step, and reports a step whose verify fails with its first failing check', async () => {
    const rec = recorder();
    const r = await selfTest(deps(miniCluster()), [first, second], { onPhase: rec.onPhase });
    expect(r).toEqual({
      passed: false,
      steps: [
        { step: 'first', failFirst: 'pass', solve: 'pass', verify: 'pass', durationMs: 0, reasons: [] },
        {
          step: 'second',
          failFirst: 'pass',
          solve: 'pass',
          verify: 'fail',
          durationMs: 20000,
          reasons: ['rolled-out: Deployment/emqx: 0 of 3 replicas updated, 0 ready, 0 available'],
        },
      ],
    });
    expect(rec.phases).toEqual([
      'first failFirst pass pod-ready: no pod matches app.kubernetes.io/name=emqx',
      'first solve pass',
      'first verify pass',
      'second failFirst pass rolled-out: Deployment/emqx does not exist yet',
      'second solve pass',
      'second verify fail rolled-out: Deployment/emqx: 0 of 3 replicas updated, 0 ready, 0 available',
    ]);
  });

  it('fails a later step at once when the previous step, solved, does not verify', async () => {
    const kube = miniCluster();
    kube.exec = (async () => ({ exitCode: 0, stdout: "Node 'emqx@10.0.0.1' 5.8.9 is stopped\n", stderr: '' })) as never;
    const rec = recorder();
    const r = await selfTest(deps(kube), [second], { onPhase: rec.onPhase });
    expect(r).toEqual({
      passed: false,
      steps: [
        {
          step: 'second',
          failFirst: 'skip',
          solve: 'fail',
          verify: 'skip',
          durationMs: 20000,
          reasons: ['could not reach the state before this step: started: emqx: node emqx@10.0.0.1 is stopped'],
        },
      ],
    });
    expect(rec.phases).toEqual(['second prepare fail started: emqx: node emqx@10.0.0.1 is stopped']);
  });

  it('runs nothing once interrupted, and an empty run is not a pass', async () => {
    const ac = new AbortController();
    ac.abort();
    const kube = miniCluster();
    expect(await selfTest(deps(kube, ac.signal), [first])).toEqual({ passed: false, steps: [] });
    expect(kube.log).toEqual([]);
  });
});

describe('selfTest with mistakes', () => {
  it('says so when solving again after the mistakes fails', async () => {
    const kube = miniCluster();
    const rec = recorder();
    const r = await selfTest(deps(kube), [first], {
      mistakes: true,
      onPhase: (s, p, o, detail) => {
        rec.onPhase(s, p, o, detail);
        if (p.startsWith('mistake:')) kube.apply = (async () => Promise.reject(forbidden())) as never;
      },
    });
    expect(r.passed).toBe(false);
    expect(r.steps[0]).toMatchObject({
      failFirst: 'pass',
      solve: 'pass',
      verify: 'pass',
      restore: 'fail',
      reasons: ['solving the step again after its mistakes failed: not allowed: x'],
      mistakes: [{ id: 'bad-tag', passed: true, diagnoses: ['image-pull-failed'], verifyFailed: true }],
    });
    expect(rec.phases.slice(3)).toEqual(['first mistake:bad-tag pass', 'first restore fail not allowed: x']);
  });

  it('Ctrl-C during a mistake: the mistake is not judged, the step is put back but not judged, later steps do not run', async () => {
    const kube = miniCluster();
    const apply = kube.apply;
    const ac = new AbortController();
    kube.apply = (async (y: string) => {
      if (y.includes('5.8.99')) ac.abort();
      return apply(y);
    }) as never;
    const rec = recorder();
    const r = await selfTest(deps(kube, ac.signal), [first, second], { mistakes: true, onPhase: rec.onPhase });
    expect(r.passed).toBe(false);
    expect(r.steps.map((s) => s.step)).toEqual(['first']);
    expect(r.steps[0].mistakes).toEqual([]);
    expect(r.steps[0].restore).toBeUndefined();
    expect(r.steps[0].reasons).toEqual([]);
    expect(rec.phases.some((p) => p.includes('mistake:') || p.includes('restore'))).toBe(false);
    // Put back: the image the mistake changed is the step's again.
    const pod = (await kube.get('Pod', 'emqx')) as unknown as { spec: { containers: { image: string }[] } };
    expect(pod.spec.containers[0].image).toBe('emqx/emqx:5.8.9');
  });
});

describe('tryMistake', () => {
  it('a patch that does not fit the manifest is reported, nothing applied', async () => {
    const kube = miniCluster();
    expect(await tryMistake(deps(kube), first, 0, mistake('/spec/nope/0', 'x'))).toEqual({
      id: 'm',
      expected: 'image-pull-failed',
      passed: false,
      diagnoses: [],
      verifyFailed: false,
      reason: 'patch path /spec/nope/0 does not exist',
      durationMs: 0,
    });
    expect(kube.calls.apply).toBe(0);
  });

  it('a mistake that breaks nothing fails: verify passed', async () => {
    expect(await tryMistake(deps(miniCluster()), first, 0, mistake('/spec/containers/0/image', 'emqx/emqx:5.8.9'))).toEqual({
      id: 'm',
      expected: 'image-pull-failed',
      passed: false,
      diagnoses: [],
      verifyFailed: false,
      reason: 'verify passed although the mistake was made',
      durationMs: 0,
    });
  });

  it('a mistake diagnosed as something else fails, naming what was found (after the full wait)', async () => {
    expect(await tryMistake(deps(miniCluster()), first, 0, mistake('/spec/containers/0/image', 'emqx/emqx:5.8.99', 'discovery-forbidden'))).toEqual({
      id: 'm',
      expected: 'discovery-forbidden',
      passed: false,
      diagnoses: ['image-pull-failed'],
      verifyFailed: true,
      reason: 'expected the diagnosis discovery-forbidden, got: image-pull-failed',
      durationMs: 20000,
    });
  });

  it('a failing verify with no diagnosis at all says "-"', async () => {
    const d = { ...deps(miniCluster()), course: { ...course, diagnoses: [] } };
    expect(await tryMistake(d, first, 0, mistake('/spec/containers/0/image', 'emqx/emqx:5.8.99'))).toEqual({
      id: 'm',
      expected: 'image-pull-failed',
      passed: false,
      diagnoses: [],
      verifyFailed: true,
      reason: 'expected the diagnosis image-pull-failed, got: -',
      durationMs: 20000,
    });
  });

  it('cannot start when the previous step cannot be solved', async () => {
    const kube = miniCluster();
    kube.apply = (async () => Promise.reject(forbidden())) as never;
    expect(await tryMistake(deps(kube), second, 1, second.lesson.mistakes![0])).toEqual({
      id: 'wrong-group',
      expected: 'unknown-api-version',
      passed: false,
      diagnoses: [],
      verifyFailed: false,
      reason: 'could not reach the state before this step: not allowed: x',
      durationMs: 0,
    });
  });
});

describe('selfTest: a step that does not solve, a mistake that is not diagnosed', () => {
  it('a solve that kubectl refuses fails the step with kubectl\'s words; verify is not run', async () => {
    const kube = miniCluster();
    kube.apply = (async () => Promise.reject(forbidden())) as never;
    const rec = recorder();
    const r = await selfTest(deps(kube), [first], { mistakes: true, onPhase: rec.onPhase });
    expect(r).toEqual({
      passed: false,
      steps: [{ step: 'first', failFirst: 'pass', solve: 'fail', verify: 'skip', durationMs: 0, reasons: ['not allowed: x'] }],
    });
    expect(rec.phases).toEqual(['first failFirst pass pod-ready: no pod matches app.kubernetes.io/name=emqx', 'first solve fail not allowed: x']);
  });

  it('names a mistake that breaks nothing in the reasons; Ctrl-C before the next mistake stops there', async () => {
    const harmless = mistake('/spec/containers/0/image', 'emqx/emqx:5.8.9');
    const step = { ...first, lesson: { ...first.lesson, mistakes: [harmless, { ...harmless, id: 'second-one' }] } };
    const ac = new AbortController();
    const rec = recorder();
    const d = { ...deps(miniCluster(), ac.signal), course: { ...course, steps: [step, second] } };
    const r = await selfTest(d, [step], {
      mistakes: true,
      onPhase: (s, p, o, detail) => {
        rec.onPhase(s, p, o, detail);
        if (p === 'mistake:m') ac.abort();
      },
    });
    expect(r.passed).toBe(false);
    expect(r.steps[0].mistakes).toEqual([
      { id: 'm', expected: 'image-pull-failed', passed: false, diagnoses: [], verifyFailed: false, reason: 'verify passed although the mistake was made', durationMs: 0 },
    ]);
    expect(r.steps[0].reasons[0]).toBe('m: verify passed although the mistake was made');
    expect(rec.phases[3]).toBe('first mistake:m fail verify passed although the mistake was made');
    expect(rec.phases.some((p) => p.includes('second-one'))).toBe(false);
  });
});

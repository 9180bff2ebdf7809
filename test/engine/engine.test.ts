/** verify, solve, reset and the self-test on the fixture course, over an in-memory cluster (no kubectl). */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadCourse } from '../../src/course/load.js';
import type { EngineDeps } from '../../src/engine/deps.js';
import { junitXml } from '../../src/engine/junit.js';
import { formatVerify, verifyPrinter } from '../../src/engine/report.js';
import { resetAll, resetStep } from '../../src/engine/reset.js';
import { selfTest, tryMistake } from '../../src/engine/selftest.js';
import { immutableObject, solveStep } from '../../src/engine/solve.js';
import { DIAGNOSE_EVERY_MS, DIAGNOSIS_HOLD_MS, runVerify, verifyJson, type VerifyEvent } from '../../src/engine/verify.js';
import { KubeError } from '../../src/kube/result.js';
import { mergeRecordedPasses, progressRecordManifest } from '../../src/progress/record.js';
import { readProgress, writeProgress } from '../../src/progress/store.js';
import { fakeClock, fakeKube, pod, workload } from '../fixtures/engine/fake-kube.js';
import { miniCluster } from '../fixtures/engine/mini-cluster.js';

const { course } = loadCourse(join(import.meta.dirname, '..', 'fixtures', 'engine', 'course'));
const [first, second] = course.steps;

function deps(kube: EngineDeps['kube']): EngineDeps {
  const clock = fakeClock(Date.parse('2026-03-01T10:00:00Z'));
  return { kube, course, namespace: 'lab', progressKey: 'kind-test', lang: 'en', home: mkdtempSync(join(tmpdir(), 'emqx-lab-home-')), now: clock.now, sleep: clock.sleep, signal: new AbortController().signal };
}

describe('verify', () => {
  it('fails on an empty namespace: the failing check is explained, the rest are skipped', async () => {
    const d = deps(miniCluster());
    const events: VerifyEvent['type'][] = [];
    const r = await runVerify(d, first, { onEvent: (e) => events.push(e.type) });
    expect(r.passed).toBe(false);
    expect(r.checks.map((c) => [c.id, c.passed, c.skipped ?? false])).toEqual([
      ['pod-ready', false, false],
      ['started', false, true],
      ['gone-for-good', false, true],
    ]);
    expect(r.checks[0].reason).toBe('no pod matches app.kubernetes.io/name=emqx');
    expect(r.checks[0].hint).toBe('Wait a little.');
    expect(r.checks[1].reason).toBe('skipped: an earlier check failed');
    expect(events).toEqual(['check-started', 'reason', 'check-failed', 'diagnosis', 'check-done', 'check-skipped', 'check-done', 'check-skipped', 'check-done']);
  });

  it('stops waiting once nothing runs in the namespace (seconds, not the check\'s timeout of minutes)', async () => {
    const d = deps(miniCluster());
    const slow = { ...first, lesson: { ...first.lesson, checks: first.lesson.checks.map((c) => ({ ...c, timeout: 3000 })) } };
    const start = d.now();
    const r = await runVerify(d, slow);
    expect(r.passed).toBe(false);
    expect(r.checks[0].reason).toBe('no pod matches app.kubernetes.io/name=emqx');
    expect(r.checks[0].endedBy).toBe('nothing-applied');
    expect(d.now() - start).toBeGreaterThanOrEqual(DIAGNOSIS_HOLD_MS);
    expect(d.now() - start).toBeLessThan(2 * DIAGNOSE_EVERY_MS);
  });

  it('stopWhenIdle: false (verify --watch) waits out the timeout on an empty namespace', async () => {
    const d = deps(miniCluster());
    const slow = { ...first, lesson: { ...first.lesson, checks: first.lesson.checks.map((c) => ({ ...c, timeout: 120 })) } };
    const start = d.now();
    const r = await runVerify(d, slow, { stopWhenIdle: false });
    expect(r.passed).toBe(false);
    expect(d.now() - start).toBeGreaterThanOrEqual(120_000);
  });

  it('keeps waiting while a workload asks for pods that are not there yet', async () => {
    const kube = miniCluster();
    kube.objects.set('Deployment/emqx', workload('Deployment', 'emqx', { replicas: 1 }));
    const d = deps(kube);
    const slow = { ...first, lesson: { ...first.lesson, checks: first.lesson.checks.map((c) => ({ ...c, timeout: 120 })) } };
    const start = d.now();
    const r = await runVerify(d, slow);
    expect(r.passed).toBe(false);
    expect(d.now() - start).toBeGreaterThanOrEqual(120_000);
  });

  it('diagnoses a failing check while it waits, and stops once a diagnosis that may end a wait holds (not the timeout)', async () => {
    const kube = miniCluster();
    const d = deps(kube);
    await kube.apply('apiVersion: v1\nkind: Pod\nmetadata:\n  name: emqx\n  labels: {app.kubernetes.io/name: emqx}\nspec:\n  containers: [{name: emqx, image: "emqx/emqx:5.8.99"}]\n');
    const slow = { ...first, lesson: { ...first.lesson, checks: first.lesson.checks.map((c) => ({ ...c, timeout: 3000 })) } };
    const events: VerifyEvent[] = [];
    const start = d.now();
    const r = await runVerify(d, slow, { onEvent: (e) => events.push(e) });
    expect(r.checks[0]).toMatchObject({ passed: false, endedBy: 'image-pull-failed' });
    expect(r.checks[0].diagnosis[0].id).toBe('image-pull-failed');
    expect(d.now() - start).toBeLessThan(3 * DIAGNOSE_EVERY_MS);
    const diagnosing = events.filter((e) => e.type === 'diagnosing');
    expect(diagnosing).toHaveLength(1);
    expect(diagnosing[0]).toMatchObject({ check: 'pod-ready', diagnosis: [{ id: 'image-pull-failed', title: 'The image cannot be pulled' }] });
    // Shown before the check ends.
    expect(events.findIndex((e) => e.type === 'diagnosing')).toBeLessThan(events.findIndex((e) => e.type === 'check-failed'));
  });

  it('verify --watch (stopWhenIdle: false) shows the diagnosis at once but waits out the timeout', async () => {
    const kube = miniCluster();
    const d = deps(kube);
    await kube.apply('apiVersion: v1\nkind: Pod\nmetadata:\n  name: emqx\n  labels: {app.kubernetes.io/name: emqx}\nspec:\n  containers: [{name: emqx, image: "emqx/emqx:5.8.99"}]\n');
    const slow = { ...first, lesson: { ...first.lesson, checks: first.lesson.checks.map((c) => ({ ...c, timeout: 60 })) } };
    const events: VerifyEvent[] = [];
    const start = d.now();
    const r = await runVerify(d, slow, { stopWhenIdle: false, onEvent: (e) => events.push(e) });
    expect(d.now() - start).toBeGreaterThanOrEqual(60_000);
    expect(r.checks[0].endedBy).toBeUndefined();
    expect(events.find((e) => e.type === 'diagnosing')).toMatchObject({ diagnosis: [{ id: 'image-pull-failed' }] });
  });

  it('--json has exactly the contract\'s shape', async () => {
    const r = await runVerify(deps(miniCluster()), first, { mode: 'once' });
    const j = verifyJson(r) as Record<string, unknown>;
    expect(Object.keys(j)).toEqual(['step', 'passed', 'checks', 'durationMs']);
    expect(Object.keys((j.checks as object[])[0])).toEqual(['id', 'title', 'passed', 'reason', 'diagnosis', 'hint']);
    const found = { id: 'x', message: 'T: E', title: 'T', explain: 'E', hint: 'H', proof: ['p'] };
    const failed = verifyJson({ ...r, checks: [{ ...r.checks[0], diagnosis: [found] }] }) as { checks: { diagnosis: object[] }[] };
    expect(failed.checks[0].diagnosis).toEqual([{ id: 'x', message: 'T: E', title: 'T', hint: 'H' }]);
    expect(j.step).toBe('first');
  });

  it('records progress locally and in ONE apply of the progress ConfigMap at the end', async () => {
    const kube = miniCluster({ namespaceExists: true });
    const d = deps(kube);
    await solveStep(d, first);
    const applies = kube.calls.apply;
    const r = await runVerify(d, first, { record: true });
    expect(r.passed).toBe(true);
    expect(kube.calls.apply - applies).toBe(1);
    const cm = parse(kube.log.filter((l) => l.method === 'apply').at(-1)!.args[0] as string);
    expect(cm.metadata).toEqual({
      name: 'emqx-lab-progress',
      namespace: 'lab',
      labels: { 'app.kubernetes.io/part-of': 'emqx-lab', 'emqx-lab.io/record': 'progress' },
    });
    expect(cm.data['current-step']).toBe('second');
    expect(JSON.parse(cm.data.steps)).toEqual({ first: { state: 'passed', passedAt: expect.any(String) }, second: { state: 'available' } });
    const p = readProgress(d.home, 'kind-test', 'lab').progress;
    expect(p.steps.first.passedAt).toBeDefined();
  });

  it('a failure is recorded with its check and reason; the trainer sees it', async () => {
    const kube = miniCluster({ namespaceExists: true });
    const d = deps(kube);
    await runVerify(d, first, { record: true });
    expect(readProgress(d.home, 'kind-test', 'lab').progress.steps.first.lastFailure).toMatchObject({ check: 'pod-ready', reason: 'no pod matches app.kubernetes.io/name=emqx' });
    const cm = parse(kube.log.filter((l) => l.method === 'apply').at(-1)!.args[0] as string);
    expect(JSON.parse(cm.data['last-failure'])).toMatchObject({ step: 'first', check: 'pod-ready' });
    expect(cm.data['seconds-on-step']).toBe('0');
  });

  it('a step the record shows as passed (the trainer solved it) stays passed, and local progress learns it: one get, one apply', async () => {
    const kube = miniCluster({ namespaceExists: true });
    const d = deps(kube);
    // The trainer's `workshop solve first` recorded it in the namespace; this machine has never seen it pass.
    const trainer = { format: 1, context: 'trainer', namespace: 'lab', steps: { first: { passedAt: '2026-03-01T09:00:00.000Z', startedAt: '2026-03-01T08:50:00.000Z' } } };
    await kube.apply(progressRecordManifest(trainer, ['first', 'second'], 'lab', Date.parse('2026-03-01T09:00:00Z')));
    writeProgress(d.home, { format: 1, context: 'kind-test', namespace: 'lab', steps: { first: { startedAt: '2026-03-01T08:00:00.000Z', lastFailure: { at: '2026-03-01T08:10:00.000Z', check: 'pod-ready', reason: 'no pod' } } } });
    kube.log.length = 0;
    const r = await runVerify(d, second, { mode: 'once', diagnose: false, record: true });
    expect(r.passed).toBe(false);
    const recordCalls = kube.log.filter((l) => (l.method === 'get' && l.args[0] === 'ConfigMap') || l.method === 'apply');
    expect(recordCalls.map((l) => l.method)).toEqual(['get', 'apply']);
    const local = readProgress(d.home, 'kind-test', 'lab').progress.steps;
    expect(local.first).toEqual({ startedAt: '2026-03-01T08:00:00.000Z', passedAt: '2026-03-01T09:00:00.000Z' });
    expect(local.second.lastFailure).toMatchObject({ check: expect.any(String) });
    const cm = parse(recordCalls[1].args[0] as string);
    expect(JSON.parse(cm.data.steps)).toEqual({ first: { state: 'passed', passedAt: '2026-03-01T09:00:00.000Z' }, second: { state: 'available' } });
    expect(cm.data['current-step']).toBe('second');
    expect(JSON.parse(cm.data['last-failure'])).toMatchObject({ step: 'second' });
  });

  it('a record that cannot be read is not written over; local progress is still recorded', async () => {
    const kube = miniCluster({ namespaceExists: true });
    const get = kube.get;
    kube.get = (async (kind: string, name: string) => {
      if (kind === 'ConfigMap') throw new KubeError('forbidden', 'configmaps "emqx-lab-progress" is forbidden', []);
      return get(kind, name);
    }) as typeof kube.get;
    const d = deps(kube);
    const r = await runVerify(d, first, { mode: 'once', diagnose: false, record: true });
    expect(r.recordError).toMatch(/forbidden/i);
    expect(kube.calls.apply).toBe(0);
    expect(readProgress(d.home, 'kind-test', 'lab').progress.steps.first.lastFailure).toBeDefined();
  });

  it('the human output has marks, reasons, what the cluster shows and the hint; no escape codes without colour', async () => {
    const kube = miniCluster();
    const d = deps(kube);
    await kube.apply('apiVersion: v1\nkind: Pod\nmetadata:\n  name: emqx\n  labels: {app.kubernetes.io/name: emqx}\nspec:\n  containers: [{name: emqx, image: "emqx/emqx:5.8.99"}]\n');
    const r = await runVerify(d, first);
    const text = formatVerify(r, first, 'en', false);
    expect(text).not.toMatch(/\x1b\[/);
    expect(text).toContain('✖ The pod is Ready');
    expect(text).toContain('0 of 1 pods Ready: emqx ImagePullBackOff');
    expect(text).toContain('Known mistake: The image cannot be pulled');
    expect(text).toContain('Check the image tag.');
    expect(formatVerify(r, first, 'en', true)).toMatch(/\x1b\[31m✖/);
  });

  it('printed as it happens: the same text, each check as it ends; a live line only on a colour terminal', async () => {
    const kube = miniCluster();
    const d = deps(kube);
    await solveStep(d, first);
    const chunks: string[] = [];
    const printer = verifyPrinter(first, 'en', false, { write: (s: string) => chunks.push(s) });
    const r = await runVerify(d, first, { onEvent: printer.onEvent });
    printer.done(r);
    expect(chunks.join('')).toBe(formatVerify(r, first, 'en', false));
    expect(chunks).toHaveLength(1 + r.checks.length + 1);
    const live: string[] = [];
    const p2 = verifyPrinter(first, 'en', true, { write: (s: string) => live.push(s), columns: 60 });
    p2.done(await runVerify(d, first, { onEvent: p2.onEvent }));
    expect(live.some((s) => s.startsWith('\r\x1b[J'))).toBe(true);
  });
});

describe('solve', () => {
  it('from any state: creates the namespace, prunes what the step does not declare, applies; idempotent', async () => {
    const kube = miniCluster();
    const d = deps(kube);
    const one = await solveStep(d, first);
    expect(one).toEqual({ lines: ['pod/emqx created'] });
    expect(kube.calls.createNamespace).toBe(1);
    const two = await solveStep(d, second);
    expect(two.lines).toEqual(['pod "emqx" deleted', 'deployment/emqx created', 'service/emqx created', 'serviceaccount/emqx created', 'role/emqx created', 'rolebinding/emqx created']);
    expect((await solveStep(d, second)).lines.every((l) => l.endsWith('unchanged'))).toBe(true);
    const back = await solveStep(d, first);
    expect(back.lines.filter((l) => l.includes('deleted'))).toHaveLength(5);
  });

  it('solve.before deletes an object unless it already matches', async () => {
    const odd = { ...workload('Deployment', 'emqx'), spec: { selector: { matchLabels: { app: 'other' } } } };
    const kube = fakeKube({
      get: async (kind) => (kind === 'Namespace' ? ({ metadata: { name: 'lab' } } as never) : (odd as never)),
      list: async () => [],
      delete: async (refs) => refs.map((r) => `${r.kind} ${r.name} deleted`),
      apply: async () => ['ok'],
    });
    await solveStep(deps(kube), second);
    expect(kube.log.find((l) => l.method === 'delete')!.args[0]).toEqual([{ kind: 'Deployment', name: 'emqx' }]);
    const fine = fakeKube({
      get: async (kind) => (kind === 'Namespace' ? ({ metadata: { name: 'lab' } } as never) : (workload('Deployment', 'emqx') as never)),
      list: async () => [],
      delete: async () => [],
      apply: async () => ['ok'],
    });
    await solveStep(deps(fine), second);
    expect(fine.log.filter((l) => l.method === 'delete').every((l) => (l.args[0] as unknown[]).length === 0)).toBe(true);
  });

  it('an immutable field: deletes that object and applies again, once', async () => {
    const immutable = new KubeError('immutable', 'x', [], 'service/emqx unchanged\n', 'The StatefulSet "emqx" is invalid: spec: Forbidden: updates to statefulset spec for fields other than \'replicas\' are forbidden');
    let n = 0;
    const kube = fakeKube({
      get: async (kind) => (kind === 'Namespace' ? ({ metadata: { name: 'lab' } } as never) : undefined),
      list: async () => [],
      delete: async (refs) => refs.map((r) => `${r.kind} "${r.name}" deleted`),
      apply: async () => {
        if (n++ === 0) throw immutable;
        return ['statefulset.apps/emqx created'];
      },
    });
    const out = await solveStep(deps(kube), second);
    expect(out.error).toBeUndefined();
    expect(out.lines).toEqual(['service/emqx unchanged', 'StatefulSet "emqx" deleted', 'statefulset.apps/emqx created']);
    expect(immutableObject('The Deployment "emqx" is invalid: spec.selector: Invalid value: ...: field is immutable')).toEqual({ kind: 'Deployment', name: 'emqx' });
  });
});

describe('reset', () => {
  it('a step: its declared objects and the progress of it and later steps', async () => {
    const kube = miniCluster();
    const d = deps(kube);
    await solveStep(d, first);
    await runVerify(d, first, { record: true });
    await solveStep(d, second);
    const lines = await resetStep(d, second);
    expect(lines).toHaveLength(5);
    expect([...kube.objects.keys()]).toEqual(['ConfigMap/emqx-lab-progress']);
    expect(readProgress(d.home, 'kind-test', 'lab').progress.steps.first.passedAt).toBeDefined();
    await resetStep(d, first);
    expect(readProgress(d.home, 'kind-test', 'lab').progress.steps).toEqual({});
  });

  it('--all: every lab object, PVCs and the record included, then all progress', async () => {
    const kube = miniCluster();
    const d = deps(kube);
    await solveStep(d, second);
    await runVerify(d, first, { record: true });
    await resetAll(d);
    expect(kube.log.find((l) => l.method === 'deleteAll')!.args).toEqual([
      ['Pod', 'Deployment', 'Service', 'ServiceAccount', 'Role', 'RoleBinding', 'PersistentVolumeClaim', 'ConfigMap'],
      'app.kubernetes.io/part-of=emqx-lab',
    ]);
    expect(kube.objects.size).toBe(0);
    expect(readProgress(d.home, 'kind-test', 'lab').progress.steps).toEqual({});
  });
});

describe('the self-test', () => {
  it('fail-first, solve, verify, and each mistake with its diagnosis; honest JUnit', async () => {
    const kube = miniCluster();
    const r = await selfTest(deps(kube), [first], { mistakes: true });
    expect(r.steps).toEqual([
      {
        step: 'first',
        failFirst: 'pass',
        solve: 'pass',
        verify: 'pass',
        durationMs: expect.any(Number),
        reasons: [],
        mistakes: [{ id: 'bad-tag', passed: true, expected: 'image-pull-failed', diagnoses: ['image-pull-failed'], verifyFailed: true, durationMs: expect.any(Number) }],
        restore: 'pass',
      },
    ]);
    expect(r.passed).toBe(true);
    const xml = junitXml(r);
    expect(xml).toContain('<testsuite name="first" tests="5" failures="0" skipped="0"');
    expect(xml).toContain('name="mistake:bad-tag"');
  });

  it('a mistake stops waiting once its diagnosis shows (no full timeout)', async () => {
    const kube = miniCluster();
    const d = deps(kube);
    const start = d.now();
    const slow = { ...first, lesson: { ...first.lesson, checks: first.lesson.checks.map((c) => ({ ...c, timeout: 3000 })) } };
    const r = await selfTest({ ...d, course: { ...course, steps: [slow, second] } }, [slow], { mistakes: true });
    expect(r.steps[0].mistakes).toMatchObject([{ id: 'bad-tag', passed: true, diagnoses: ['image-pull-failed'] }]);
    // The mistake's failing check would poll for 3000 s; it stopped at the first diagnosis, 10 s in.
    expect(d.now() - start).toBeLessThan(60_000);
  });

  it('a check that passes before solving makes fail-first FAIL, and the exit is honest', async () => {
    const kube = miniCluster();
    const d = deps(kube);
    const always = { ...first, lesson: { ...first.lesson, checks: [{ ...first.lesson.checks[0], kind: 'podsReady' as const, selector: 'nothing=here', count: 0 }] } };
    const r = await selfTest({ ...d, course: { ...course, steps: [always, second] } }, [always]);
    expect(r.steps[0]).toMatchObject({ failFirst: 'fail', solve: 'pass', verify: 'pass' });
    expect(r.steps[0].reasons[0]).toMatch(/passed BEFORE/);
    expect(r.passed).toBe(false);
    expect(junitXml(r)).toContain('<testcase classname="first" name="failFirst" time="0.000"><failure message=');
  });

  it('failFirst: false skips fail-first', async () => {
    const kube = miniCluster();
    const optOut = { ...first, lesson: { ...first.lesson, failFirst: false } };
    const r = await selfTest({ ...deps(kube), course: { ...course, steps: [optOut, second] } }, [optOut]);
    expect(r.steps[0].failFirst).toBe('skip');
    expect(r.passed).toBe(true);
  });

  it('starting at a later step brings the namespace to the previous step\'s solved state first', async () => {
    const kube = fakeKube({
      get: async () => undefined,
      list: async () => [],
      deleteAll: async () => [],
      delete: async () => [],
      createNamespace: async () => {},
      apply: async () => Promise.reject(new KubeError('invalid', 'error: bad', [], '', 'error: bad')),
    });
    const r = await selfTest(deps(kube), [second]);
    expect(r.steps[0]).toMatchObject({ solve: 'fail', reasons: ['could not reach the state before this step: error: bad'] });
    expect(r.passed).toBe(false);
  });
});

describe('one more thing verify does not do: run pods it cannot see', () => {
  it('a pod that never becomes Ready keeps the last reason', async () => {
    const kube = fakeKube({ list: async () => [pod('emqx', { waiting: 'ContainerCreating' })], get: async () => undefined, logs: async () => '' });
    const r = await runVerify(deps(kube), first, { diagnose: false });
    expect(r.checks[0].reason).toBe('0 of 1 pods Ready: emqx ContainerCreating');
  });
});

describe('making a mistake', () => {
  it('like a learner following the lesson: the step\'s solve.before and pruning first, then the broken manifests', async () => {
    const odd = { ...workload('Deployment', 'emqx'), spec: { selector: { matchLabels: { app: 'old' } } } };
    const kube = fakeKube({
      get: async (kind) => (kind === 'Namespace' ? { metadata: { name: 'lab' } } : kind === 'Deployment' ? odd : undefined),
      list: async () => [],
      delete: async (refs) => refs.map((r) => `${r.kind} "${r.name}" deleted`),
      logs: async () => '',
      apply: async (yaml) => {
        if (yaml.includes('rbac.authorization.kubernetes.io')) {
          throw new KubeError('invalid', 'x', [], 'deployment.apps/emqx created\n', 'error: resource mapping not found for name: "emqx" namespace: "lab" from "STDIN": no matches for kind "Role" in version "rbac.authorization.kubernetes.io/v1"');
        }
        return ['ok'];
      },
    });
    const mistake = second.lesson.mistakes![0];
    const r = await tryMistake(deps(kube), second, 1, mistake);
    expect(r).toMatchObject({ id: 'wrong-group', passed: true, verifyFailed: true, diagnoses: ['unknown-api-version'] });
    const order = kube.log.filter((l) => l.method === 'delete' || l.method === 'apply').map((l) => (l.method === 'delete' ? `delete ${JSON.stringify(l.args[0])}` : `apply ${(l.args[0] as string).includes('kubernetes.io/v1') ? 'mistake' : 'other'}`));
    const deleted = order.indexOf('delete [{"kind":"Deployment","name":"emqx"}]');
    expect(deleted).toBeGreaterThanOrEqual(0);
    expect(deleted).toBeLessThan(order.indexOf('apply mistake'));
  });
});

describe('passes from the record merged into local progress', () => {
  const empty = () => ({ format: 1, context: 'k', namespace: 'lab', steps: {} as Record<string, object> });
  it.each([
    ['no record', undefined, []],
    ['no steps key', { data: {} }, []],
    ['steps is not JSON', { data: { steps: '{nope' } }, []],
    ['a step of another course is ignored', { data: { steps: JSON.stringify({ other: { state: 'passed', passedAt: 'T' } }) } }, []],
    ['passed without a time takes the record\'s updated-at', { data: { steps: JSON.stringify({ first: { state: 'passed' } }), 'updated-at': 'U' } }, ['first']],
    ['available and locked steps are not passes', { data: { steps: JSON.stringify({ first: { state: 'available' }, second: { state: 'locked' } }) } }, []],
  ] as const)('%s', (_n, record, added) => {
    const p = empty();
    expect(mergeRecordedPasses(p, record as never, ['first', 'second'])).toEqual(added);
    if (!added.length) expect(p.steps).toEqual({});
  });

  it('a step passed here keeps its own time', () => {
    const p = { ...empty(), steps: { first: { passedAt: 'MINE' } } };
    expect(mergeRecordedPasses(p, { data: { steps: JSON.stringify({ first: { state: 'passed', passedAt: 'THEIRS' } }) } }, ['first'])).toEqual([]);
    expect(p.steps.first).toEqual({ passedAt: 'MINE' });
  });
});

/**
 * runVerify's less travelled paths over the in-memory cluster: Ctrl-C, `until`, poll rounds, a diagnosis
 * that ended the wait kept when the final look cannot see it, a waiting round that cannot list, and a
 * progress record that cannot be written or read.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCourse, type Step } from '../../src/course/load.js';
import type { EngineDeps } from '../../src/engine/deps.js';
import { expectedLogs, runVerify, type VerifyEvent } from '../../src/engine/verify.js';
import { KubeError } from '../../src/kube/result.js';
import { readProgress } from '../../src/progress/store.js';
import { fakeClock, fakeKube } from '../fixtures/engine/fake-kube.js';
import { miniCluster } from '../fixtures/engine/mini-cluster.js';

const { course } = loadCourse(join(import.meta.dirname, '..', 'fixtures', 'engine', 'course'));
const [first, second] = course.steps;

function deps(kube: EngineDeps['kube'], signal = new AbortController().signal): EngineDeps {
  const clock = fakeClock(Date.parse('2026-03-01T10:00:00Z'));
  return { kube, course, namespace: 'lab', progressKey: 'kind-test', lang: 'en', home: mkdtempSync(join(tmpdir(), 'emqx-lab-home-')), now: clock.now, sleep: clock.sleep, signal };
}
const POD = (image: string) =>
  `apiVersion: v1\nkind: Pod\nmetadata:\n  name: emqx\n  labels: {app.kubernetes.io/name: emqx}\nspec:\n  containers: [{name: emqx, image: "${image}"}]\n`;
const skipped = (id: string, title: string, reason: string) => ({ id, title, passed: false, skipped: true, reason, diagnosis: [], hint: null, durationMs: 0 });

describe('Ctrl-C', () => {
  it('ends the running check as failed, skips the rest as interrupted, and records nothing', async () => {
    const ac = new AbortController();
    ac.abort();
    const kube = miniCluster({ namespaceExists: true });
    const d = deps(kube, ac.signal);
    const events: VerifyEvent['type'][] = [];
    const r = await runVerify(d, first, { record: true, onEvent: (e) => events.push(e.type) });
    expect(r).toEqual({
      step: 'first',
      passed: false,
      interrupted: true,
      durationMs: 0,
      checks: [
        { id: 'pod-ready', title: 'The pod is Ready', passed: false, reason: 'not checked yet', diagnosis: [], hint: null, durationMs: 0 },
        skipped('started', 'The node is started', 'interrupted'),
        skipped('gone-for-good', 'A deleted pod stays gone', 'interrupted'),
      ],
    });
    expect(events).toEqual(['check-started', 'check-failed', 'check-done', 'check-skipped', 'check-done', 'check-skipped', 'check-done']);
    expect(kube.log).toEqual([]);
    expect(readProgress(d.home, 'kind-test', 'lab').progress.steps).toEqual({});
  });
});

describe('until and poll rounds', () => {
  it('runs the checks before the first one `until` rejects, the rest are "not run here"; not a pass', async () => {
    const kube = miniCluster();
    await kube.apply(POD('emqx/emqx:5.8.9'));
    const polls: string[] = [];
    const r = await runVerify(deps(kube), first, { onPoll: (c, p) => polls.push(`${c} ${p}`), until: (c) => c.id !== 'started' });
    expect(r.passed).toBe(false);
    expect(r.checks).toEqual([
      { id: 'pod-ready', title: 'The pod is Ready', passed: true, reason: '1 of 1 pods Ready', diagnosis: [], hint: null, durationMs: 0 },
      skipped('started', 'The node is started', 'not run here'),
      skipped('gone-for-good', 'A deleted pod stays gone', 'not run here'),
    ]);
    expect(polls).toEqual(['pod-ready start', 'pod-ready end']);
  });
});

describe('the diagnosis that ended the wait', () => {
  it('stays first even when the final look at the cluster cannot see it any more', async () => {
    const kube = miniCluster();
    await kube.apply(POD('emqx/emqx:5.8.99'));
    const events: VerifyEvent['type'][] = [];
    const r = await runVerify(deps(kube), first, {
      onEvent: (e) => {
        events.push(e.type);
        if (e.type === 'check-failed') kube.list = (async () => Promise.reject(new KubeError('forbidden', 'pods is forbidden', []))) as never;
      },
    });
    expect(r.checks[0]).toMatchObject({
      passed: false,
      endedBy: 'image-pull-failed',
      reason: '0 of 1 pods Ready: emqx ImagePullBackOff',
      hint: 'Check the image tag.',
      shows: { pods: [], events: [], logs: [] },
    });
    expect(r.checks[0].diagnosis.map((x) => x.id)).toEqual(['image-pull-failed']);
    expect(events.slice(0, 5)).toEqual(['check-started', 'reason', 'diagnosing', 'check-failed', 'diagnosis']);
  });

  it('a waiting round that cannot list diagnoses nothing and ends nothing: the check waits out its timeout', async () => {
    const kube = fakeKube({
      list: async (kinds) => (Array.isArray(kinds) && kinds.length > 3 ? Promise.reject(new KubeError('forbidden', 'forbidden', [])) : []),
      get: async () => undefined,
      logs: async () => '',
    });
    const d = deps(kube);
    const events: VerifyEvent['type'][] = [];
    const start = d.now();
    const r = await runVerify(d, first, { onEvent: (e) => events.push(e.type) });
    expect(r.checks[0].endedBy).toBeUndefined();
    expect(r.checks[0].reason).toBe('no pod matches app.kubernetes.io/name=emqx');
    expect(d.now() - start).toBeGreaterThanOrEqual(20_000);
    expect(events).not.toContain('diagnosing');
  });
});

describe('recording the outcome', () => {
  it('a record that cannot be written is the result\'s recordError; local progress is still written', async () => {
    const kube = miniCluster({ namespaceExists: true });
    kube.apply = (async () => Promise.reject(new KubeError('forbidden', 'configmaps is forbidden', []))) as never;
    const d = deps(kube);
    const r = await runVerify(d, first, { mode: 'once', diagnose: false, record: true });
    expect(r.recordError).toBe('not allowed: configmaps is forbidden');
    expect(readProgress(d.home, 'kind-test', 'lab').progress.steps.first.lastFailure).toEqual({
      at: '2026-03-01T10:00:00.000Z',
      check: 'pod-ready',
      reason: 'no pod matches app.kubernetes.io/name=emqx',
    });
  });

  it('a failure reading the record that is not kubectl\'s is thrown', async () => {
    const kube = miniCluster({ namespaceExists: true });
    const get = kube.get;
    kube.get = (async (kind: string, name: string) => (kind === 'ConfigMap' ? Promise.reject(new Error('bug')) : get(kind, name))) as typeof kube.get;
    await expect(runVerify(deps(kube), first, { mode: 'once', diagnose: false, record: true })).rejects.toThrow('bug');
  });

  it('a failure writing the record that is not kubectl\'s is thrown', async () => {
    const kube = miniCluster({ namespaceExists: true });
    kube.apply = (async () => Promise.reject(new Error('apply bug'))) as never;
    await expect(runVerify(deps(kube), first, { mode: 'once', diagnose: false, record: true })).rejects.toThrow('apply bug');
  });
});

describe('log lines a step expects', () => {
  it('are the patterns of its logs checks that look for presence, inside disruptions too', () => {
    expect(expectedLogs(first)).toEqual([]);
    expect(expectedLogs(second)).toEqual([]);
    const logs = second.lesson.checks.find((c) => c.kind === 'logs')!;
    const disruption = second.lesson.checks.find((c) => c.kind === 'disruption')!;
    const present = { ...logs, absent: false, matches: 'started \\d+' };
    const step = { ...second, lesson: { ...second.lesson, checks: [present, { ...disruption, then: [{ ...logs, absent: undefined, matches: 'joined' }] }] } } as Step;
    expect(expectedLogs(step)).toEqual([/started \d+/, /joined/]);
  });
});

/**
 * runVerify in detail over fake clusters: when the waiting diagnoser runs at all, which diagnosis ends a
 * wait when several show, how the final diagnosis is ordered, the hint level, apply errors, and what a
 * recorded failure names.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCourse } from '../../src/course/load.js';
import type { EngineDeps } from '../../src/engine/deps.js';
import { runVerify, verifyJson, type VerifyEvent } from '../../src/engine/verify.js';
import type { Pod } from '../../src/kube/objects.js';
import { KubeError } from '../../src/kube/result.js';
import { emptyProgress, readProgress, writeProgress } from '../../src/progress/store.js';
import { fakeClock, fakeKube, pod, type FakeKube } from '../fixtures/engine/fake-kube.js';
import { miniCluster } from '../fixtures/engine/mini-cluster.js';

const { course } = loadCourse(join(import.meta.dirname, '..', 'fixtures', 'engine', 'course'));
const [first] = course.steps;

function deps(kube: EngineDeps['kube'], signal = new AbortController().signal): EngineDeps {
  const clock = fakeClock(Date.parse('2026-03-01T10:00:00Z'));
  return { kube, course, namespace: 'lab', progressKey: 'kind-test', lang: 'en', home: mkdtempSync(join(tmpdir(), 'emqx-lab-home-')), now: clock.now, sleep: clock.sleep, signal };
}
const POD = (image: string) =>
  `apiVersion: v1\nkind: Pod\nmetadata:\n  name: emqx\n  labels: {app.kubernetes.io/name: emqx}\nspec:\n  containers: [{name: emqx, image: "${image}"}]\n`;

/** A namespace holding just these pods (whatever kinds are listed), with empty logs. */
function podsOnly(pods: () => Pod[]): FakeKube {
  return fakeKube({
    list: async (kinds) => ((Array.isArray(kinds) ? kinds : [kinds]).includes('Pod') ? pods() : []),
    get: async (kind, name) => (kind === 'Namespace' ? { kind, metadata: { name }, status: { phase: 'Active' } } : undefined),
    logs: async () => '',
  });
}
/** Calls that list the namespace the way a waiting round does (many kinds at once). */
const waitingRounds = (k: FakeKube) => k.log.filter((c) => c.method === 'list' && Array.isArray(c.args[0]) && (c.args[0] as string[]).includes('ReplicaSet')).length;

describe('the waiting diagnoser', () => {
  it('does not run at all when nothing would use it: poll mode, stopWhenIdle off, no events, no stop', async () => {
    const kube = miniCluster();
    await kube.apply(POD('emqx/emqx:5.8.99'));
    const r = await runVerify(deps(kube), first, { stopWhenIdle: false, diagnose: false });
    expect(r.checks[0]).toMatchObject({ passed: false, reason: '0 of 1 pods Ready: emqx ImagePullBackOff' });
    expect(waitingRounds(kube)).toBe(0);
  });

  it('runs when events are followed, even with stopWhenIdle off (the check then waits out its timeout)', async () => {
    const kube = miniCluster();
    await kube.apply(POD('emqx/emqx:5.8.99'));
    const r = await runVerify(deps(kube), first, { stopWhenIdle: false, diagnose: false, onEvent: () => {} });
    expect(r.checks[0].endedBy).toBeUndefined();
    expect(waitingRounds(kube)).toBeGreaterThan(1);
  });

  it('a round that cannot list changes nothing shown: no "diagnosing" with an empty list after a real one', async () => {
    let round = 0;
    const failing = pod('emqx', { waiting: 'ImagePullBackOff', phase: 'Pending' });
    const kube = fakeKube({
      list: async (kinds) => {
        if (Array.isArray(kinds) && kinds.includes('ReplicaSet') && ++round >= 2) throw new KubeError('forbidden', 'pods is forbidden', []);
        return (Array.isArray(kinds) ? kinds : [kinds]).includes('Pod') ? [failing] : [];
      },
      get: async () => undefined,
      logs: async () => '',
    });
    const events: VerifyEvent[] = [];
    await runVerify(deps(kube), first, { stopWhenIdle: false, diagnose: true, onEvent: (e) => events.push(e) });
    const diagnosing = events.filter((e) => e.type === 'diagnosing');
    expect(round).toBeGreaterThan(2);
    expect(diagnosing.map((e) => (e.type === 'diagnosing' ? e.diagnosis.map((x) => x.id) : []))).toEqual([['image-pull-failed']]);
  });

  it('with diagnose off, no "diagnosing" event is sent while waiting', async () => {
    const kube = miniCluster();
    await kube.apply(POD('emqx/emqx:5.8.99'));
    const events: VerifyEvent['type'][] = [];
    const r = await runVerify(deps(kube), first, { diagnose: false, onEvent: (e) => events.push(e.type) });
    expect(r.checks[0]).toMatchObject({ passed: false, endedBy: 'image-pull-failed', diagnosis: [], hint: null });
    expect(events).not.toContain('diagnosing');
  });
});

describe('several diagnoses at once', () => {
  // Two pods: one cannot pull its image, the other crash-loops (catalogue order: image-pull-failed first).
  const pods = () => [pod('a', { waiting: 'ImagePullBackOff', phase: 'Pending' }), pod('b', { waiting: 'CrashLoopBackOff' })];

  it('the wait ends with the diagnosis `stopWhenDiagnosed` asked for, and that one comes first in the result', async () => {
    const kube = podsOnly(pods);
    const r = await runVerify(deps(kube), first, { stopWhenDiagnosed: (ids) => ids.includes('crash-loop') });
    expect(r.checks[0].endedBy).toBe('crash-loop');
    expect(r.checks[0].diagnosis.map((x) => x.id)).toEqual(['crash-loop', 'image-pull-failed']);
  });

  it('without an ending diagnosis, the final diagnosis keeps catalogue order', async () => {
    const kube = podsOnly(pods);
    const r = await runVerify(deps(kube), first, { stopWhenIdle: false, onEvent: () => {} });
    expect(r.checks[0].endedBy).toBeUndefined();
    expect(r.checks[0].diagnosis.map((x) => x.id)).toEqual(['image-pull-failed', 'crash-loop']);
  });

  it('the ending diagnosis is taken from the final look when it still shows (its proof is current)', async () => {
    let now = [pod('a', { waiting: 'ImagePullBackOff', phase: 'Pending' })];
    const kube = podsOnly(() => now);
    const r = await runVerify(deps(kube), first, {
      onEvent: (e) => {
        if (e.type === 'check-failed') now = [pod('z', { waiting: 'ErrImagePull', phase: 'Pending' })];
      },
    });
    expect(r.checks[0].endedBy).toBe('image-pull-failed');
    expect(r.checks[0].diagnosis).toHaveLength(1);
    expect(r.checks[0].diagnosis[0].proof.join(' ')).toContain('z');
    expect(r.checks[0].diagnosis[0].proof.join(' ')).not.toMatch(/\ba\b/);
  });
});

describe('results and events', () => {
  it('a passed check and a failed one without an ending diagnosis carry no endedBy at all', async () => {
    const kube = miniCluster();
    kube.exec = (async () => ({ exitCode: 1, stdout: '', stderr: 'Node is not running' })) as never;
    await kube.apply(POD('emqx/emqx:5.8.9'));
    const r = await runVerify(deps(kube), first, { mode: 'once', diagnose: false });
    expect(r.checks[0]).toStrictEqual({ id: 'pod-ready', title: 'The pod is Ready', passed: true, reason: '1 of 1 pods Ready', diagnosis: [], hint: null, durationMs: 0 });
    expect(r.checks[1].passed).toBe(false);
    expect('endedBy' in r.checks[1]).toBe(false);
    expect('interrupted' in r && r.interrupted !== undefined).toBe(false);
  });

  it('a whole passing run is not interrupted', async () => {
    const kube = miniCluster();
    await kube.apply(POD('emqx/emqx:5.8.9'));
    const r = await runVerify(deps(kube), first, { mode: 'once', diagnose: false, until: (c) => c.id !== 'gone-for-good' });
    expect(r.interrupted).toBeUndefined();
    expect(verifyJson(r)).toEqual({
      step: 'first',
      passed: false,
      durationMs: 0,
      checks: [
        { id: 'pod-ready', title: 'The pod is Ready', passed: true, reason: '1 of 1 pods Ready', diagnosis: [], hint: null },
        { id: 'started', title: 'The node is started', passed: true, reason: expect.any(String), diagnosis: [], hint: null },
        { id: 'gone-for-good', title: 'A deleted pod stays gone', passed: false, reason: 'not run here', diagnosis: [], hint: null },
      ],
    });
  });

  it('Ctrl-C during a check that then passes still counts as interrupted', async () => {
    const ac = new AbortController();
    const kube = miniCluster();
    await kube.apply(POD('emqx/emqx:5.8.9'));
    // Pressed just after the check's last look (as its reason is reported): the check itself saw no abort.
    const r = await runVerify(deps(kube, ac.signal), first, { mode: 'once', diagnose: false, onEvent: (e) => e.type === 'reason' && ac.abort() });
    expect(r.interrupted).toBe(true);
    expect(r.passed).toBe(false);
    expect(r.checks[0]).toMatchObject({ passed: false, reason: '1 of 1 pods Ready' });
    expect(r.checks.slice(1).map((c) => c.reason)).toEqual(['interrupted', 'interrupted']);
  });

  it('with diagnose off, a failed check has no diagnosis, and its diagnosis event shows nothing', async () => {
    const kube = miniCluster();
    await kube.apply(POD('emqx/emqx:5.8.99'));
    const events: VerifyEvent[] = [];
    const r = await runVerify(deps(kube), first, { mode: 'once', diagnose: false, onEvent: (e) => events.push(e) });
    expect(r.checks[0]).toStrictEqual({
      id: 'pod-ready',
      title: 'The pod is Ready',
      passed: false,
      reason: '0 of 1 pods Ready: emqx ImagePullBackOff',
      diagnosis: [],
      hint: null,
      durationMs: 0,
    });
    expect(events.find((e) => e.type === 'diagnosis')).toEqual({ type: 'diagnosis', check: 'pod-ready', diagnosis: [], shows: { pods: [], events: [], logs: [] }, hint: null });
  });

  it('an apply error that came before is diagnosed with the cluster', async () => {
    const kube = miniCluster({ namespaceExists: true });
    const r = await runVerify(deps(kube), first, { mode: 'once', applyError: 'error: resource mapping not found: no matches for kind "Role"' });
    expect(r.checks[0].diagnosis.map((x) => x.id)).toContain('unknown-api-version');
  });
});

describe('diagnosis failures', () => {
  it('a failure while diagnosing that is not kubectl\'s is thrown, not hidden', async () => {
    const kube = miniCluster({ namespaceExists: true });
    const list = kube.list;
    // The check lists pods alone; diagnosis lists several kinds at once.
    kube.list = (async (...a: Parameters<typeof list>) => (Array.isArray(a[0]) ? Promise.reject(new Error('diagnosis bug')) : list(...a))) as typeof list;
    await expect(runVerify(deps(kube), first, { mode: 'once' })).rejects.toThrow('diagnosis bug');
  });
});

describe('the hint verify shows', () => {
  it('is the latest one the learner has seen (hintsShown - 1)', async () => {
    const kube = miniCluster({ namespaceExists: true });
    const d = deps(kube);
    const p = emptyProgress('kind-test', 'lab');
    p.steps.first = { hintsShown: 2 };
    writeProgress(d.home, p);
    const r = await runVerify(d, first, { mode: 'once' });
    // Fitting without a diagnosis: wait, solve-first; the second is the one seen last.
    expect(r.checks[0].hint).toBe('Last resort: emqx-lab solve 1.');
  });
});

describe('recording', () => {
  it('the recorded failure is the check that failed, not an earlier one that passed', async () => {
    const kube = miniCluster({ namespaceExists: true });
    kube.exec = (async () => ({ exitCode: 1, stdout: '', stderr: 'Node is not running' })) as never;
    await kube.apply(POD('emqx/emqx:5.8.9'));
    const d = deps(kube);
    const r = await runVerify(d, first, { mode: 'once', diagnose: false, record: true });
    expect(r.checks.map((c) => c.passed)).toEqual([true, false, false]);
    expect(readProgress(d.home, 'kind-test', 'lab').progress.steps.first.lastFailure).toEqual({ at: '2026-03-01T10:00:00.000Z', check: 'started', reason: r.checks[1].reason });
  });

  it('a run stopped by `until` after passing checks records no failure', async () => {
    const kube = miniCluster({ namespaceExists: true });
    await kube.apply(POD('emqx/emqx:5.8.9'));
    const d = deps(kube);
    const r = await runVerify(d, first, { mode: 'once', diagnose: false, record: true, until: (c) => c.id === 'pod-ready' });
    expect(r.passed).toBe(false);
    expect(readProgress(d.home, 'kind-test', 'lab').progress.steps.first).toEqual({ startedAt: '2026-03-01T10:00:00.000Z' });
  });
});

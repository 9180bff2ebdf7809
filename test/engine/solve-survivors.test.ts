/**
 * Solving in detail over fake clusters: `solve.before` with a template, pruning only lab objects, and the
 * immutable-field retry (only for that error, per object, at most five objects).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCourse, type Step } from '../../src/course/load.js';
import type { EngineDeps } from '../../src/engine/deps.js';
import { clearTheWay, solveStep } from '../../src/engine/solve.js';
import { renderStep } from '../../src/course/render.js';
import type { LiveObject } from '../../src/kube/objects.js';
import { KubeError } from '../../src/kube/result.js';
import { fakeClock, fakeKube, pod } from '../fixtures/engine/fake-kube.js';
import { miniCluster } from '../fixtures/engine/mini-cluster.js';

const { course } = loadCourse(join(import.meta.dirname, '..', 'fixtures', 'engine', 'course'));
const [first, second] = course.steps;

function deps(kube: EngineDeps['kube']): EngineDeps {
  const clock = fakeClock(Date.parse('2026-03-01T10:00:00Z'));
  return { kube, course, namespace: 'lab', progressKey: 'kind-test', lang: 'en', home: mkdtempSync(join(tmpdir(), 'emqx-lab-home-')), now: clock.now, sleep: clock.sleep, signal: new AbortController().signal };
}
const immutable = (kind: string, name: string) =>
  new KubeError('immutable', 'x', [], '', `The ${kind} "${name}" is invalid: spec: Forbidden: updates to ${kind.toLowerCase()} spec are forbidden`);

/** A cluster whose apply fails with these errors in turn, then succeeds. */
function failingApplies(errors: KubeError[]) {
  let n = 0;
  return fakeKube({
    get: async (kind) => (kind === 'Namespace' ? ({ metadata: { name: 'lab' } } as never) : undefined),
    list: async () => [],
    delete: async (refs) => refs.map((r) => `${r.kind} "${r.name}" deleted`),
    apply: async () => {
      const e = errors[n++];
      if (e) throw e;
      return ['applied'];
    },
  });
}

describe('solve.before', () => {
  it('an object that matches `unlessMatches` once ${NAMESPACE} is filled in is kept', async () => {
    const step: Step = {
      ...second,
      lesson: {
        ...second.lesson,
        solve: { before: [{ delete: { kind: 'Deployment', name: 'emqx' }, unlessMatches: { metadata: { annotations: { ns: '${NAMESPACE}' } } } }] },
      },
    };
    const keep = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'emqx', annotations: { ns: 'lab' } } };
    const kube = fakeKube({
      get: async (kind) => (kind === 'Namespace' ? ({ metadata: { name: 'lab' } } as never) : keep),
      list: async () => [],
      delete: async (refs) => refs.map((r) => `${r.kind} "${r.name}" deleted`),
    });
    expect(await clearTheWay(deps(kube), step, renderStep(step, 'lab', 'en'))).toEqual([]);
    expect(kube.log.filter((c) => c.method === 'delete').map((c) => c.args[0])).toEqual([[]]);
    // Another namespace in the annotation: deleted.
    const other = { ...keep, metadata: { ...keep.metadata, annotations: { ns: 'elsewhere' } } };
    const k2 = fakeKube({
      get: async (kind) => (kind === 'Namespace' ? ({ metadata: { name: 'lab' } } as never) : other),
      list: async () => [],
      delete: async (refs) => refs.map((r) => `${r.kind} "${r.name}" deleted`),
    });
    expect(await clearTheWay(deps(k2), step, renderStep(step, 'lab', 'en'))).toEqual(['Deployment "emqx" deleted']);
  });
});

describe('pruning', () => {
  it('removes undeclared lab objects only; objects without the lab label are not touched', async () => {
    const kube = miniCluster({ namespaceExists: true });
    const labelled = (name: string, labels: Record<string, string>): LiveObject => ({ ...pod(name), metadata: { ...pod(name).metadata, labels } });
    kube.objects.set('Pod/lab-stray', labelled('lab-stray', { 'app.kubernetes.io/part-of': 'emqx-lab' }));
    kube.objects.set('Pod/theirs', labelled('theirs', { app: 'theirs' }));
    const lines = await clearTheWay(deps(kube), first, renderStep(first, 'lab', 'en'));
    expect(lines).toEqual(['pod "lab-stray" deleted']);
    expect([...kube.objects.keys()]).toEqual(['Pod/theirs']);
  });
});

describe('the immutable-field retry', () => {
  it('is for immutable-field errors only: an invalid object is the error, nothing deleted', async () => {
    const invalid = new KubeError('invalid', 'x', [], '', 'The Pod "emqx" is invalid: spec.containers[0].image: Required value');
    const kube = failingApplies([invalid]);
    const out = await solveStep(deps(kube), first);
    expect(out.error).toBe(invalid);
    expect(kube.calls.apply).toBe(1);
    expect(kube.log.filter((c) => c.method === 'delete').map((c) => c.args[0])).toEqual([[]]);
  });

  it('recreates each object that needs it, one after another', async () => {
    const kube = failingApplies([immutable('Deployment', 'emqx'), immutable('Service', 'emqx')]);
    const out = await solveStep(deps(kube), first);
    expect(out).toEqual({ lines: ['Deployment "emqx" deleted', 'Service "emqx" deleted', 'applied'] });
  });

  it('recreates at most five objects in one solve', async () => {
    const five = ['a', 'b', 'c', 'd', 'e'].map((n) => immutable('Service', n));
    const ok = await solveStep(deps(failingApplies(five)), first);
    expect(ok.error).toBeUndefined();
    const sixth = immutable('Service', 'f');
    const out = await solveStep(deps(failingApplies([...five, sixth])), first);
    expect(out.error).toBe(sixth);
    expect(out.lines).toEqual(['a', 'b', 'c', 'd', 'e'].map((n) => `Service "${n}" deleted`));
  });
});

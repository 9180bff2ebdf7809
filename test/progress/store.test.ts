import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { progressConfigMap, recordOutcome } from '../../src/progress/record.js';
import { deleteProgress, emptyProgress, progressPath, readProgress, updateProgress, writeProgress } from '../../src/progress/store.js';
import { currentStep, stepStates } from '../../src/progress/unlock.js';

const home = () => mkdtempSync(join(tmpdir(), 'emqx-lab-progress-'));

describe('progress store', () => {
  it('is kept per (context, namespace), keyed by step id, and written atomically', () => {
    const h = home();
    updateProgress(h, 'kind-a', 'lab', (p) => {
      p.steps['bare-pod'] = { passedAt: '2026-01-01T00:00:00Z' };
    });
    updateProgress(h, 'kind-b', 'lab', () => {});
    expect(readProgress(h, 'kind-a', 'lab').progress.steps).toEqual({ 'bare-pod': { passedAt: '2026-01-01T00:00:00Z' } });
    expect(readProgress(h, 'kind-b', 'lab').progress.steps).toEqual({});
    // No temporary files left beside it.
    expect(readdirSync(dirname(progressPath(h, 'kind-a', 'lab')))).toEqual(['lab.json']);
  });

  it('context names with odd characters are safe file names', () => {
    const h = home();
    writeProgress(h, emptyProgress('arn:aws:eks:eu-west-1:1/cluster', 'lab'));
    expect(existsSync(progressPath(h, 'arn:aws:eks:eu-west-1:1/cluster', 'lab'))).toBe(true);
    expect(progressPath(h, 'a/b', 'lab')).not.toContain('a/b');
  });

  it.each([['{ not json'], ['{"format": 1}'], ['[]'], ['{"format": 99, "context": "c", "namespace": "n", "steps": {}}']])(
    'a corrupt or unknown file (%s) is set aside, never a crash',
    (text) => {
      const h = home();
      const path = progressPath(h, 'c', 'n');
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, text);
      const r = readProgress(h, 'c', 'n', () => 42);
      expect(r.progress).toEqual(emptyProgress('c', 'n'));
      expect(r.setAside).toBe(`${path}.corrupt-42`);
      expect(readFileSync(r.setAside!, 'utf8')).toBe(text);
      expect(existsSync(path)).toBe(false);
    },
  );

  it('lives in progress/<context>/<namespace>.json in the home', () => {
    expect(progressPath('/h', 'kind-a', 'lab')).toBe(join('/h', 'progress', 'kind-a', 'lab.json'));
  });

  const valid = { format: 1, context: 'c', namespace: 'n' };
  const failure = { at: 't', check: 'x', reason: 'y' };
  it.each([
    ['null', null],
    ['a number', 5],
    ['a string', 'progress'],
    ['format not a number', { ...valid, format: '1', steps: {} }],
    ['context not a string', { ...valid, context: 5, steps: {} }],
    ['namespace not a string', { ...valid, namespace: null, steps: {} }],
    ['steps missing', { ...valid }],
    ['steps null', { ...valid, steps: null }],
    ['steps a number', { ...valid, steps: 5 }],
    ['steps a string', { ...valid, steps: 'ab' }],
    ['steps a list', { ...valid, steps: [] }],
    ['one step null', { ...valid, steps: { a: {}, b: null } }],
    ['one step a number', { ...valid, steps: { a: {}, b: 5 } }],
    ['one step a list', { ...valid, steps: { a: {}, b: [] } }],
    ['passedAt a number', { ...valid, steps: { a: { passedAt: 5 } } }],
    ['startedAt a number', { ...valid, steps: { a: { startedAt: 5 } } }],
    ['hintsShown a string', { ...valid, steps: { a: { hintsShown: '2' } } }],
    ['lastFailure null', { ...valid, steps: { a: { lastFailure: null } } }],
    ['lastFailure a string', { ...valid, steps: { a: { lastFailure: 'boom' } } }],
    ['lastFailure.at not a string', { ...valid, steps: { a: { lastFailure: { ...failure, at: 1 } } } }],
    ['lastFailure.check missing', { ...valid, steps: { a: { lastFailure: { at: 't', reason: 'y' } } } }],
    ['lastFailure.reason missing', { ...valid, steps: { a: { lastFailure: { at: 't', check: 'x' } } } }],
  ])('a file of the wrong shape (%s) is set aside whole, never a crash', (_what, content) => {
    const h = home();
    const path = progressPath(h, 'c', 'n');
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, JSON.stringify(content));
    const r = readProgress(h, 'c', 'n', () => 7);
    expect(r).toEqual({ progress: emptyProgress('c', 'n'), setAside: `${path}.corrupt-7` });
  });

  it('every field of a step that is there is read back as it was written', () => {
    const h = home();
    const steps = {
      a: { passedAt: 't2', startedAt: 't1', hintsShown: 2 },
      b: { startedAt: 't3', hintsShown: 0, lastFailure: { at: 't4', check: 'x', reason: 'y' } },
      c: {},
    };
    writeProgress(h, { format: 1, context: 'c', namespace: 'n', steps });
    expect(readProgress(h, 'c', 'n')).toEqual({ progress: { format: 1, context: 'c', namespace: 'n', steps } });
    expect(readFileSync(progressPath(h, 'c', 'n'), 'utf8')).toBe(`${JSON.stringify({ format: 1, context: 'c', namespace: 'n', steps }, null, 2)}\n`);
  });

  it('none yet: empty progress, nothing set aside', () => {
    expect(readProgress(home(), 'c', 'n')).toEqual({ progress: emptyProgress('c', 'n') });
  });

  it('forgetting progress that was never written is no error', () => {
    expect(() => deleteProgress(home(), 'c', 'n')).not.toThrow();
  });

  it('reset --all forgets everything for that pair only', () => {
    const h = home();
    updateProgress(h, 'c', 'n', (p) => void (p.steps.x = {}));
    updateProgress(h, 'c', 'other', (p) => void (p.steps.x = {}));
    deleteProgress(h, 'c', 'n');
    expect(readProgress(h, 'c', 'n').progress.steps).toEqual({});
    expect(readProgress(h, 'c', 'other').progress.steps).toEqual({ x: {} });
  });
});

describe('unlocking', () => {
  const ids = ['a', 'b', 'c'];
  it.each([
    [{}, ['available', 'locked', 'locked'], 'a'],
    [{ a: { passedAt: 't' } }, ['passed', 'available', 'locked'], 'b'],
    [{ b: { passedAt: 't' } }, ['available', 'passed', 'available'], 'a'],
    [{ a: { passedAt: 't' }, b: { passedAt: 't' }, c: { passedAt: 't' } }, ['passed', 'passed', 'passed'], undefined],
    [{ a: { startedAt: 't', lastFailure: { at: 't', check: 'x', reason: 'y' } } }, ['available', 'locked', 'locked'], 'a'],
  ])('%j', (steps, states, current) => {
    expect(stepStates(ids, { steps })).toEqual(states);
    expect(currentStep(ids, { steps })).toBe(current);
  });
});

describe('recording a verify', () => {
  it('first pass is kept; a later failure does not undo it; a pass clears the failure', () => {
    const p = emptyProgress('c', 'n');
    recordOutcome(p, { step: 'a', passed: false, failure: { check: 'x', reason: 'no' } }, 't1');
    expect(p.steps.a).toEqual({ startedAt: 't1', lastFailure: { at: 't1', check: 'x', reason: 'no' } });
    recordOutcome(p, { step: 'a', passed: true }, 't2');
    recordOutcome(p, { step: 'a', passed: true }, 't3');
    expect(p.steps.a).toEqual({ startedAt: 't1', passedAt: 't2' });
    recordOutcome(p, { step: 'a', passed: false, failure: { check: 'x', reason: 'again' } }, 't4');
    expect(p.steps.a.passedAt).toBe('t2');
  });

  it('the ConfigMap says where the learner is, for how long, and why the last check failed', () => {
    const p = emptyProgress('c', 'n');
    recordOutcome(p, { step: 'a', passed: true }, '2026-01-01T10:00:00.000Z');
    recordOutcome(p, { step: 'b', passed: false, failure: { check: 'three-nodes', reason: '1 running node' } }, '2026-01-01T10:05:00.000Z');
    const cm = progressConfigMap(p, ['a', 'b', 'c'], 'lab', Date.parse('2026-01-01T10:07:30Z')) as { data: Record<string, string> };
    expect(cm.data).toEqual({
      'current-step': 'b',
      'steps-passed': '1',
      'steps-total': '3',
      steps: JSON.stringify({ a: { state: 'passed', passedAt: '2026-01-01T10:00:00.000Z' }, b: { state: 'available' }, c: { state: 'locked' } }),
      'updated-at': '2026-01-01T10:07:30.000Z',
      'current-step-since': '2026-01-01T10:05:00.000Z',
      'seconds-on-step': '150',
      'last-failure': JSON.stringify({ step: 'b', at: '2026-01-01T10:05:00.000Z', check: 'three-nodes', reason: '1 running node' }),
    });
  });
});

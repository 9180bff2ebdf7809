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

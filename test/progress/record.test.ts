/**
 * The progress record in the namespace (ConfigMap emqx-lab-progress): what it needs, how a malformed one
 * reads (as absent, never a throw), what a verify merges from it, and the exact object written.
 */
import { describe, expect, it } from 'vitest';
import {
  mergeRecordedPasses,
  progressConfigMap,
  progressRecordManifest,
  readRecord,
  recordNeeds,
  RECORD_NAME,
} from '../../src/progress/record.js';
import { emptyProgress } from '../../src/progress/store.js';
import { allPassed } from '../../src/progress/unlock.js';

describe('readRecord', () => {
  it('needs get, create and patch on configmaps (create cannot be limited to a name)', () => {
    expect(recordNeeds()).toEqual([{ apiGroup: '', resource: 'configmaps', verbs: ['get', 'create', 'patch'] }]);
  });

  it('no record, or one without data, reads as nothing', () => {
    const nothing = { steps: {}, currentStep: '', currentStepSince: undefined, updatedAt: undefined, lastFailure: undefined };
    expect(readRecord(undefined)).toEqual(nothing);
    expect(readRecord({})).toEqual(nothing);
    expect(readRecord(undefined).currentStep).toBe('');
  });

  it('a full record', () => {
    const view = readRecord({
      data: {
        steps: JSON.stringify({ a: { state: 'passed', passedAt: 't1' } }),
        'current-step': 'b',
        'current-step-since': 't2',
        'updated-at': 't3',
        'last-failure': JSON.stringify({ step: 'b', at: 't2', check: 'x', reason: 'y' }),
      },
    });
    expect(view).toEqual({
      steps: { a: { state: 'passed', passedAt: 't1' } },
      currentStep: 'b',
      currentStepSince: 't2',
      updatedAt: 't3',
      lastFailure: { step: 'b', at: 't2', check: 'x', reason: 'y' },
    });
  });

  it.each([
    ['a number', '5'],
    ['a string', '"passed"'],
    ['null', 'null'],
    ['true', 'true'],
    ['not JSON', '{ "a": '],
    ['empty', ''],
  ])('JSON fields that are %s read as absent', (_what, text) => {
    const view = readRecord({ data: { steps: text, 'last-failure': text } });
    expect(view.steps).toEqual({});
    expect(view.lastFailure).toBeUndefined();
  });

  it('string fields that are not strings, or empty, read as absent', () => {
    const view = readRecord({ data: { 'current-step': 5, 'current-step-since': true, 'updated-at': '' } });
    expect(view.currentStep).toBe('');
    expect(view.currentStepSince).toBeUndefined();
    expect(view.updatedAt).toBeUndefined();
  });

  it('what the namespace says reaches no terminal as control sequences or extra lines', () => {
    const view = readRecord({ data: { 'current-step': 'b\u001b[2J\nsecond line', steps: JSON.stringify({ a: { state: 'passed\u001b[31m' } }) } });
    expect(view.currentStep).not.toMatch(/[\u001b\n]/);
    expect(view.currentStep).toContain('second line');
    expect(JSON.stringify(view.steps)).not.toContain('\\u001b');
  });
});

describe('mergeRecordedPasses', () => {
  const ids = ['a', 'b', 'c', 'd'];
  it('steps the record shows as passed become passed locally (its passedAt, else the record time)', () => {
    const p = emptyProgress('c', 'n');
    p.steps.a = { startedAt: 't0', passedAt: 'mine' };
    p.steps.c = { startedAt: 't0', lastFailure: { at: 't0', check: 'x', reason: 'y' } };
    const record = {
      data: {
        steps: JSON.stringify({ a: { state: 'passed', passedAt: 'theirs' }, b: { passedAt: 'tb' }, c: { state: 'passed' }, d: { state: 'available' } }),
        'updated-at': 'tu',
      },
    };
    expect(mergeRecordedPasses(p, record, ids)).toEqual(['b', 'c']);
    expect(p.steps).toEqual({ a: { startedAt: 't0', passedAt: 'mine' }, b: { passedAt: 'tb', startedAt: 'tb' }, c: { startedAt: 't0', passedAt: 'tu' } });
  });

  it('a pass without any time is not taken', () => {
    const p = emptyProgress('c', 'n');
    expect(mergeRecordedPasses(p, { data: { steps: JSON.stringify({ a: { state: 'passed' } }) } }, ids)).toEqual([]);
    expect(p.steps).toEqual({});
  });
});

describe('progressConfigMap', () => {
  it('the whole object: name, namespace, the lab and record labels, string data', () => {
    const p = emptyProgress('c', 'n');
    expect(RECORD_NAME).toBe('emqx-lab-progress');
    expect(progressConfigMap(p, ['a'], 'lab', Date.parse('2026-01-01T00:00:00Z'))).toEqual({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'emqx-lab-progress', namespace: 'lab', labels: { 'app.kubernetes.io/part-of': 'emqx-lab', 'emqx-lab.io/record': 'progress' } },
      data: {
        'current-step': 'a',
        'steps-passed': '0',
        'steps-total': '1',
        steps: JSON.stringify({ a: { state: 'available' } }),
        'updated-at': '2026-01-01T00:00:00.000Z',
      },
    });
  });

  it('all passed: no current step, no time on a step, no failure', () => {
    const p = emptyProgress('c', 'n');
    p.steps.a = { startedAt: 't', passedAt: '2026-01-01T00:00:00.000Z' };
    const cm = progressConfigMap(p, ['a'], 'lab', 0) as { data: Record<string, string> };
    expect(cm.data['current-step']).toBe('');
    expect(cm.data['steps-passed']).toBe('1');
    expect(cm.data).not.toHaveProperty('current-step-since');
    expect(cm.data).not.toHaveProperty('last-failure');
    expect(allPassed(['a'], p)).toBe(true);
    expect(allPassed(['a', 'b'], p)).toBe(false);
  });

  it('the last failure is the latest in time, not in course order; never negative time on a step', () => {
    const p = emptyProgress('c', 'n');
    p.steps.a = { startedAt: '2026-01-01T00:00:10.000Z', lastFailure: { at: '2026-01-01T00:00:30.000Z', check: 'late', reason: 'r' } };
    p.steps.b = { lastFailure: { at: '2026-01-01T00:00:20.000Z', check: 'early', reason: 'r' } };
    p.steps.c = {};
    const cm = progressConfigMap(p, ['a', 'b', 'c'], 'lab', Date.parse('2026-01-01T00:00:00Z')) as { data: Record<string, string> };
    expect(JSON.parse(cm.data['last-failure'])).toEqual({ step: 'a', at: '2026-01-01T00:00:30.000Z', check: 'late', reason: 'r' });
    expect(cm.data['seconds-on-step']).toBe('0');
  });

  it('the manifest is that object as one line of JSON (every value a string)', () => {
    const p = emptyProgress('c', 'n');
    const text = progressRecordManifest(p, ['a'], 'lab', 0);
    expect(text).toBe(`${JSON.stringify(progressConfigMap(p, ['a'], 'lab', 0))}\n`);
  });
});

/**
 * Details of the engine's human output: when "what the cluster shows" appears, how failures are counted
 * in the summary, the summary printed by the live printer, and the live block kept inside the terminal's
 * width (one column short of it, so the terminal never wraps a line by itself).
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCourse } from '../../src/course/load.js';
import type { FoundDiagnosis } from '../../src/diagnosis/diagnose.js';
import { formatCheck, formatVerify, verifyPrinter } from '../../src/engine/report.js';
import type { CheckResult, VerifyResult } from '../../src/engine/verify.js';
import { makeStyle } from '../../src/markdown/style.js';

const { course } = loadCourse(join(import.meta.dirname, '..', 'fixtures', 'engine', 'course'));
const [first] = course.steps;
const plain = makeStyle(false);

const check = (over: Partial<CheckResult> = {}): CheckResult => ({
  id: 'pod-ready',
  title: 'The pod is Ready',
  passed: false,
  reason: '0 of 1 pods Ready',
  diagnosis: [],
  hint: null,
  durationMs: 1000,
  ...over,
});
const diag = (title: string, hint: string): FoundDiagnosis => ({ id: 'd', message: title, title, explain: 'Why.', hint, proof: [] });
// eslint-disable-next-line no-control-regex
const visible = (s: string) => s.replace(/\x1b\[[0-9;]*[A-Za-z]/g, '').replace(/\r/g, '');

describe('what the cluster shows', () => {
  it('appears when only pods are shown', () => {
    expect(formatCheck(check({ shows: { pods: ['emqx: Running'], events: [], logs: [] } }), 'en', plain)).toEqual([
      '  ✖ The pod is Ready',
      '      0 of 1 pods Ready',
      '      What the cluster shows:',
      '        pods:   emqx: Running',
    ]);
  });

  it('appears when only events are shown', () => {
    expect(formatCheck(check({ shows: { pods: [], events: ['Pod/emqx: BackOff: x'], logs: [] } }), 'en', plain)).toEqual([
      '  ✖ The pod is Ready',
      '      0 of 1 pods Ready',
      '      What the cluster shows:',
      '        events: Pod/emqx: BackOff: x',
    ]);
  });

  it('does not appear when nothing is shown', () => {
    expect(formatCheck(check({ shows: { pods: [], events: [], logs: [] } }), 'en', plain)).toEqual(['  ✖ The pod is Ready', '      0 of 1 pods Ready']);
  });
});

describe('the summary', () => {
  it('counts the checks that failed, not the passed or skipped ones', () => {
    const r: VerifyResult = {
      step: 'first',
      passed: false,
      durationMs: 2000,
      checks: [check({ id: 'a' }), check({ id: 'b' }), check({ id: 'c', passed: true, reason: 'ok' }), check({ id: 'd', skipped: true, reason: 'skipped' })],
    };
    expect(formatVerify(r, first, 'en', false).split('\n').at(-2)).toBe('2 of 4 checks failed (2.0 s).');
  });

  it('the live printer ends with the summary lines, one per line', () => {
    const chunks: string[] = [];
    const p = verifyPrinter(first, 'en', false, { write: (s: string) => chunks.push(s) });
    chunks.length = 0;
    p.done({ step: 'first', passed: false, durationMs: 1500, checks: [check()], recordError: 'forbidden: configmaps' });
    expect(chunks).toEqual([
      '1 of 1 checks failed (1.5 s).\n(Your progress is saved locally; the progress ConfigMap in the namespace could not be written: forbidden: configmaps)\n',
    ]);
  });
});

describe('the live block', () => {
  const COLUMNS = 40;
  const words = (n: number, w = 'ab') => Array.from({ length: n }, () => w).join(' ');

  /** The live block last written (without the escape codes that clear the previous one). */
  function liveBlock(events: Parameters<ReturnType<typeof verifyPrinter>['onEvent']>[0][]): string[] {
    const chunks: string[] = [];
    const p = verifyPrinter(first, 'en', true, { write: (s: string) => chunks.push(s), columns: COLUMNS });
    for (const e of events) p.onEvent(e);
    return visible(chunks.at(-1)!).split('\n');
  }

  it('wraps the title and reason one column short of the width', () => {
    const lines = liveBlock([
      { type: 'check-started', check: 'pod-ready', title: 'The pod is Ready' },
      { type: 'reason', check: 'pod-ready', reason: words(40), passed: false },
    ]);
    expect(lines.length).toBeGreaterThan(2);
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(COLUMNS - 1);
    // Filled up to that width (2 indent + words of 3 columns each).
    expect(Math.max(...lines.map((l) => l.length))).toBeGreaterThanOrEqual(COLUMNS - 3);
    expect(lines.join(' ').replace(/\s+/g, ' ').trim()).toBe(`… The pod is Ready — ${words(40)}`);
  });

  it('wraps the diagnosis and its hint to the same width, under their own indents', () => {
    const lines = liveBlock([
      { type: 'check-started', check: 'pod-ready', title: 'The pod is Ready' },
      { type: 'diagnosing', check: 'pod-ready', diagnosis: [diag(words(30, 'cd'), words(30, 'ef'))], hint: null },
    ]);
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(COLUMNS - 1);
    const title = lines.filter((l) => l.includes('cd'));
    const hint = lines.filter((l) => l.includes('ef'));
    expect(title.length).toBeGreaterThan(1);
    expect(hint.length).toBeGreaterThan(1);
    expect(title.every((l) => l.startsWith('      ') && !l.startsWith('        '))).toBe(true);
    expect(hint.every((l) => l.startsWith('        '))).toBe(true);
    expect(Math.max(...title.map((l) => l.length))).toBeGreaterThanOrEqual(COLUMNS - 3);
    expect(Math.max(...hint.map((l) => l.length))).toBeGreaterThanOrEqual(COLUMNS - 3);
  });

  it('shows runs of spaces in a reason as one', () => {
    const lines = liveBlock([
      { type: 'check-started', check: 'pod-ready', title: 'The pod is Ready' },
      { type: 'reason', check: 'pod-ready', reason: '0 of 1   pods', passed: false },
    ]);
    expect(lines).toEqual(['  … The pod is Ready — 0 of 1 pods']);
  });
});

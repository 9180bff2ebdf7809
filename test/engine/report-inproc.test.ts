/**
 * The engine's human output built from results directly: every part of a failed check (known mistakes,
 * last reason, what the cluster shows, hint), the summary lines, the live and --watch printers, and the
 * apply-failure and kubectl-lines blocks. Colour off unless a test says otherwise.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCourse } from '../../src/course/load.js';
import type { FoundDiagnosis } from '../../src/diagnosis/diagnose.js';
import { formatApplyFailure, formatCheck, formatLines, formatVerify, verifyPrinter } from '../../src/engine/report.js';
import type { CheckResult, VerifyResult } from '../../src/engine/verify.js';
import { makeStyle } from '../../src/markdown/style.js';

const { course } = loadCourse(join(import.meta.dirname, '..', 'fixtures', 'engine', 'course'));
const [first] = course.steps;
const plain = makeStyle(false);

const found = (id: string, title: string, explain = `${title} explained.`, hint = `Fix ${id}.`): FoundDiagnosis => ({
  id,
  message: `${title}: ${explain}`,
  title,
  explain,
  hint,
  proof: [],
});

const failedCheck = (over: Partial<CheckResult> = {}): CheckResult => ({
  id: 'pod-ready',
  title: 'The pod is Ready',
  passed: false,
  reason: '0 of 1 pods Ready',
  diagnosis: [],
  hint: null,
  durationMs: 1000,
  ...over,
});

describe('one failed check', () => {
  it('shows the first known mistake, the last reason, the stop note, every shown line, the second mistake and the hint', () => {
    const c = failedCheck({
      diagnosis: [found('image-pull', 'The image cannot be pulled'), found('rbac', 'No RBAC'), found('third', 'Never shown')],
      endedBy: 'image-pull',
      shows: { pods: ['emqx ImagePullBackOff', 'emqx-1 Running'], events: [], logs: ['line one', 'line two'] },
      hint: 'Check the image tag.',
    });
    expect(formatCheck(c, 'en', plain)).toEqual([
      '  ✖ The pod is Ready',
      '      Known mistake: The image cannot be pulled',
      '        The image cannot be pulled explained.',
      '        → Fix image-pull.',
      '      Last reason seen:',
      '        0 of 1 pods Ready',
      '      Stopped waiting before the timeout: this will not change by itself.',
      '      What the cluster shows:',
      '        pods:   emqx ImagePullBackOff',
      '                emqx-1 Running',
      '        logs:   line one',
      '                line two',
      '      Known mistake: No RBAC',
      '        No RBAC explained.',
      '        → Fix rbac.',
      '      Hint:',
      '        Check the image tag.',
    ]);
  });

  it('without a diagnosis: the reason at 6, nothing about the cluster when it shows nothing', () => {
    const c = failedCheck({ shows: { pods: [], events: [], logs: [] } });
    expect(formatCheck(c, 'en', plain)).toEqual(['  ✖ The pod is Ready', '      0 of 1 pods Ready']);
  });

  it('wraps long text to the width given', () => {
    const c = failedCheck({ reason: 'aaaa bbbb cccc dddd eeee ffff gggg hhhh iiii jjjj kkkk' });
    expect(formatCheck(c, 'en', plain, 30)).toEqual(['  ✖ The pod is Ready', '      aaaa bbbb cccc dddd eeee', '      ffff gggg hhhh iiii jjjj', '      kkkk']);
  });

  it('a passed check is its title and dim reason; a skipped one is grey with a dash', () => {
    const colour = makeStyle(true);
    expect(formatCheck(failedCheck({ passed: true, reason: 'ok' }), 'en', plain)).toEqual(['  ✔ The pod is Ready', '      ok']);
    expect(formatCheck(failedCheck({ skipped: true, reason: 'skipped' }), 'en', plain)).toEqual(['  – The pod is Ready', '      skipped']);
    expect(formatCheck(failedCheck({ skipped: true, reason: 'skipped' }), 'en', colour)).toEqual([
      `  ${colour.gray('–')} ${colour.gray('The pod is Ready')}`,
      `${colour.gray('      skipped')}`,
    ]);
  });
});

describe('the summary under the checks', () => {
  const base: VerifyResult = { step: 'first', passed: false, checks: [failedCheck()], durationMs: 1500 };
  it('says an interrupted run left nothing behind, whatever passed', () => {
    expect(formatVerify({ ...base, interrupted: true }, first, 'en', false).split('\n').slice(-2)).toEqual([
      'Interrupted: nothing was recorded and nothing is left running.',
      '',
    ]);
  });

  it('adds the record error, on one line', () => {
    const text = formatVerify({ ...base, recordError: 'forbidden:\nconfigmaps' }, first, 'en', false);
    expect(text.split('\n').slice(-3)).toEqual([
      '1 of 1 checks failed (1.5 s).',
      '(Your progress is saved locally; the progress ConfigMap in the namespace could not be written: forbidden: configmaps)',
      '',
    ]);
  });

  it('counts at least one failure when every check was skipped', () => {
    const text = formatVerify({ ...base, checks: [failedCheck({ skipped: true })] }, first, 'en', false);
    expect(text.split('\n').at(-2)).toBe('1 of 1 checks failed (1.5 s).');
  });
});

describe('verify printed as it happens', () => {
  const diag = found('image-pull', 'The image cannot be pulled', 'Wrong tag.', 'Use emqx/emqx:5.8.9.');

  it('on a colour terminal: the live block follows the check, with the diagnosis once it shows, and is cleared', () => {
    const chunks: string[] = [];
    const p = verifyPrinter(first, 'en', true, { write: (s: string) => chunks.push(s), columns: 200 });
    chunks.length = 0;
    p.onEvent({ type: 'check-started', check: 'pod-ready', title: 'The pod is Ready' });
    p.onEvent({ type: 'reason', check: 'pod-ready', reason: 'no pod', passed: false });
    p.onEvent({ type: 'diagnosing', check: 'pod-ready', diagnosis: [diag], hint: null });
    const st = makeStyle(true);
    expect(chunks).toEqual([
      `  ${st.dim('… The pod is Ready')}`,
      '\r\x1b[J',
      `  ${st.dim('… The pod is Ready — no pod')}`,
      '\r\x1b[J',
      [
        `  ${st.dim('… The pod is Ready — no pod')}`,
        `      ${st.yellow('Looks like a known mistake (still checking): The image cannot be pulled')}`,
        `        ${st.cyan('→ Use emqx/emqx:5.8.9.')}`,
      ].join('\n'),
    ]);
    chunks.length = 0;
    p.onEvent({ type: 'check-done', result: failedCheck() });
    expect(chunks[0]).toBe('\r\x1b[1A\x1b[1A\x1b[J');
  });

  it('a diagnosis before any check started takes the title from the lesson, else the check id', () => {
    const st = makeStyle(true);
    const live = (check: string) => {
      const chunks: string[] = [];
      const p = verifyPrinter(first, 'en', true, { write: (s: string) => chunks.push(s), columns: 200 });
      chunks.length = 0;
      p.onEvent({ type: 'diagnosing', check, diagnosis: [], hint: null });
      return chunks;
    };
    expect(live(first.lesson.checks[0].id)).toEqual([`  ${st.dim(`… ${first.lesson.checks[0].title.en}`)}`]);
    expect(live('not-a-check')).toEqual([`  ${st.dim('… not-a-check')}`]);
  });

  it('without colour, --watch (interim) prints each new diagnosis once; plain verify prints none', () => {
    const chunks: string[] = [];
    const p = verifyPrinter(first, 'en', false, { write: (s: string) => chunks.push(s) }, { interim: true });
    expect(chunks).toEqual([`Step ${first.number} · ${first.id} — ${first.lesson.title.en}\n`]);
    chunks.length = 0;
    p.onEvent({ type: 'check-started', check: 'pod-ready', title: 'The pod is Ready' });
    p.onEvent({ type: 'diagnosing', check: 'pod-ready', diagnosis: [diag], hint: null });
    p.onEvent({ type: 'diagnosing', check: 'pod-ready', diagnosis: [diag], hint: null });
    p.onEvent({ type: 'diagnosing', check: 'pod-ready', diagnosis: [], hint: null });
    p.onEvent({ type: 'check-passed', check: 'pod-ready', reason: 'ok' });
    expect(chunks).toEqual(['      Looks like a known mistake (still checking): The image cannot be pulled\n        → Use emqx/emqx:5.8.9.\n']);
    const quiet: string[] = [];
    const q = verifyPrinter(first, 'en', false, { write: (s: string) => quiet.push(s) });
    q.onEvent({ type: 'check-started', check: 'pod-ready', title: 'The pod is Ready' });
    q.onEvent({ type: 'diagnosing', check: 'pod-ready', diagnosis: [diag], hint: null });
    expect(quiet).toHaveLength(1);
  });
});

describe('kubectl lines and a failed apply', () => {
  it('indents each line on one line, or says nothing changed', () => {
    expect(formatLines([], 'en')).toBe('  (nothing to change)\n');
    expect(formatLines(['pod/emqx created', 'a\nb'], 'en')).toBe('  pod/emqx created\n  a b\n');
  });

  it('puts at most two known mistakes under the headline, indented by two', () => {
    const text = formatApplyFailure('apply failed\x1b[31m!', [found('a', 'A', 'Why A\nmore'), found('b', 'B'), found('c', 'C')], 'en', false);
    expect(text).toBe(['apply failed!', 'Known mistake: A', '  Why A', '  more', '  → Fix a.', 'Known mistake: B', '  B explained.', '  → Fix b.', ''].join('\n'));
    expect(formatApplyFailure('x', [], 'en', true)).toBe(`${makeStyle(true).red('x')}\n`);
  });
});

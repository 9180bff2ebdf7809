/** The self-test as JUnit XML: a testsuite per step, testcases failFirst / solve / verify / mistake:<id>. */
import type { Phase, SelfTestResult } from './selftest.js';

const esc = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');

function testcase(suite: string, name: string, phase: Phase, message?: string, seconds = 0): string {
  const head = `    <testcase classname="${esc(suite)}" name="${esc(name)}" time="${seconds.toFixed(3)}"`;
  if (phase === 'pass') return `${head}/>`;
  if (phase === 'skip') return `${head}><skipped/></testcase>`;
  return `${head}><failure message="${esc(message ?? 'failed')}"/></testcase>`;
}

export function junitXml(r: SelfTestResult): string {
  const suites = r.steps.map((s) => {
    const reason = s.reasons.join('; ');
    const cases = [
      testcase(s.step, 'failFirst', s.failFirst, reason),
      testcase(s.step, 'solve', s.solve, reason),
      testcase(s.step, 'verify', s.verify, reason, s.durationMs / 1000),
      ...(s.mistakes ?? []).map((m) => testcase(s.step, `mistake:${m.id}`, m.passed ? 'pass' : 'fail', m.reason, m.durationMs / 1000)),
      ...(s.restore ? [testcase(s.step, 'restore', s.restore, reason)] : []),
    ];
    const failures = cases.filter((c) => c.includes('<failure')).length;
    const skipped = cases.filter((c) => c.includes('<skipped')).length;
    return `  <testsuite name="${esc(s.step)}" tests="${cases.length}" failures="${failures}" skipped="${skipped}" time="${(s.durationMs / 1000).toFixed(3)}">\n${cases.join('\n')}\n  </testsuite>`;
  });
  const tests = r.steps.reduce((n, s) => n + 3 + (s.mistakes?.length ?? 0) + (s.restore ? 1 : 0), 0);
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="emqx-lab" tests="${tests}">\n${suites.join('\n')}\n</testsuites>\n`;
}

import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs script without types
import { expandMutate, judge, mergeReports } from '../scripts/mutation-store.mjs';

type Mutant = { id: string; status: string; coveredBy?: string[]; killedBy?: string[] };
type Report = {
  files: Record<string, { source: string; mutants: Mutant[] }>;
  testFiles: Record<string, { source?: string; tests: { id: string; name: string }[] }>;
  measured?: string[];
};

// Two slice runs, each numbering its tests from 0: the same id names different tests.
const checks: Report = {
  files: { 'src/checks/a.ts': { source: 'a1', mutants: [{ id: '0', status: 'Killed', coveredBy: ['0', '1'], killedBy: ['1'] }] } },
  testFiles: {
    'test/checks/a.test.ts': { source: 'ta', tests: [{ id: '0', name: 'a passes' }, { id: '1', name: 'a fails on 4 nodes' }] },
  },
  measured: ['src/checks/a.ts', 'src/checks/types.ts'],
};
const diagnosis: Report = {
  files: { 'src/diagnosis/d.ts': { source: 'd1', mutants: [{ id: '0', status: 'Survived', coveredBy: ['0'], killedBy: [] }] } },
  testFiles: { 'test/diagnosis/d.test.ts': { source: 'td', tests: [{ id: '0', name: 'd names the mistake' }] } },
};

function testName(r: Report, id: string) {
  for (const [file, tf] of Object.entries(r.testFiles)) for (const t of tf.tests) if (t.id === id) return `${file}: ${t.name}`;
  return undefined;
}

describe('the mutation store keeps every slice of the scope', () => {
  it('keeps both slices and renumbers tests so each mutant still points at the tests that covered and killed it', () => {
    const merged: Report = mergeReports(mergeReports(undefined, checks), diagnosis);
    expect(Object.keys(merged.files).sort()).toEqual(['src/checks/a.ts', 'src/diagnosis/d.ts']);
    const ids = Object.values(merged.testFiles).flatMap((tf) => tf.tests.map((t) => t.id));
    expect(new Set(ids).size).toBe(ids.length);
    const a = merged.files['src/checks/a.ts'].mutants[0];
    expect(a.killedBy!.map((id) => testName(merged, id))).toEqual(['test/checks/a.test.ts: a fails on 4 nodes']);
    expect(a.coveredBy!.map((id) => testName(merged, id))).toEqual([
      'test/checks/a.test.ts: a passes',
      'test/checks/a.test.ts: a fails on 4 nodes',
    ]);
    const d = merged.files['src/diagnosis/d.ts'].mutants[0];
    expect(d.coveredBy!.map((id) => testName(merged, id))).toEqual(['test/diagnosis/d.test.ts: d names the mistake']);
    expect(merged.measured).toEqual(['src/checks/a.ts', 'src/checks/types.ts', 'src/diagnosis/d.ts']);
  });

  it('lets a newer run of a file replace its older results and test sources', () => {
    const again: Report = {
      files: { 'src/checks/a.ts': { source: 'a2', mutants: [{ id: '0', status: 'Killed', coveredBy: ['0'], killedBy: ['0'] }] } },
      testFiles: { 'test/checks/a.test.ts': { source: 'ta2', tests: [{ id: '0', name: 'a fails on 4 nodes' }] } },
    };
    const merged: Report = mergeReports(mergeReports(mergeReports(undefined, checks), diagnosis), again);
    expect(merged.files['src/checks/a.ts'].source).toBe('a2');
    expect(merged.testFiles['test/checks/a.test.ts'].source).toBe('ta2');
    expect(merged.files['src/checks/a.ts'].mutants[0].killedBy!.map((id) => testName(merged, id))).toEqual([
      'test/checks/a.test.ts: a fails on 4 nodes',
    ]);
    expect(merged.files['src/diagnosis/d.ts'].source).toBe('d1');
  });

  it('expands the scope patterns of stryker.config.json to the files they name', () => {
    const files: string[] = expandMutate(['src/progress/**/*.ts', 'src/workshop/role.ts', 'src/no-such.ts']);
    expect(files).toContain('src/progress/store.ts');
    expect(files).toContain('src/workshop/role.ts');
    expect(files.every((f) => f.startsWith('src/progress/') || f === 'src/workshop/role.ts')).toBe(true);
  });

  it('scores the scope: equivalents leave it with their reason, static mutants not run count against the target', () => {
    const at = (line: number, column: number) => ({ start: { line, column }, end: { line, column: column + 1 } });
    const m = (status: string, line: number, extra: object = {}) => ({ id: String(line), status, mutatorName: 'EqualityOperator', replacement: '<', location: at(line, 5), ...extra });
    const store = {
      files: {
        'src/checks/a.ts': {
          source: '',
          mutants: [
            ...[1, 2, 3, 4, 5, 6].map((l) => m('Killed', l)),
            m('Timeout', 7),
            m('Survived', 8),
            m('NoCoverage', 9),
            m('Survived', 10),
            m('CompileError', 11),
            m('Ignored', 12, { statusReason: 'Static mutant (and "ignoreStatic" was enabled)' }),
            m('Ignored', 13, { statusReason: 'Ignored because of excluded mutation "Regex"' }),
          ],
        },
        'src/other.ts': { source: '', mutants: [m('Survived', 1)] },
      },
      testFiles: {},
      measured: ['src/checks/a.ts'],
    };
    const equivalents = [
      { file: 'src/checks/a.ts', line: 10, mutator: 'EqualityOperator', reason: 'same result', used: 0 },
      { file: 'src/checks/a.ts', line: 99, mutator: 'EqualityOperator', reason: 'stale', used: 0 },
    ];
    const r = judge(store, equivalents, ['src/checks/a.ts', 'src/checks/b.ts']);
    expect(r.n).toEqual({ killed: 6, survived: 1, noCoverage: 1, timeout: 1, equivalent: 1, invalid: 1, ignored: 1, static: 1 });
    expect(r.score).toBeCloseTo((100 * 7) / 9);
    expect(r.bound).toBeCloseTo((100 * 7) / 10);
    expect(r.unmeasured).toEqual(['src/checks/b.ts']);
    expect(Object.keys(store.files)).toEqual(['src/checks/a.ts']);
    expect(r.survivors).toEqual(['src/checks/a.ts:8:5 EqualityOperator "<"', 'src/checks/a.ts:9:5 EqualityOperator "<" (no test covers it)']);
    expect(equivalents.map((e) => e.used)).toEqual([1, 0]);
    const eq = store.files['src/checks/a.ts'].mutants[9] as { status: string; statusReason?: string };
    expect(eq).toMatchObject({ status: 'Ignored', statusReason: 'equivalent (Survived): same result' });
    // Judged again (an earlier --report-only wrote the marked report): the same figures.
    const again = judge(store, equivalents.map((e) => ({ ...e, used: 0 })), ['src/checks/a.ts', 'src/checks/b.ts']);
    expect(again.n).toEqual(r.n);
  });
});

/** The tier's closing line and reports/control-plane.json from the parts its tests write (summary.ts). */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { clearParts, elapsed, readParts, reportRun, summaryLine } from './summary.js';

function parts(files: Record<string, unknown>): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'emqx-lab-summary-')), 'control-plane');
  clearParts(dir);
  for (const [name, v] of Object.entries(files)) writeFileSync(join(dir, `${name}.json`), typeof v === 'string' ? v : JSON.stringify(v));
  return dir;
}

const ALL = {
  conformance: { total: 240, identical: 231, allowed: 9, different: 0 },
  lint: { total: 133, agree: 133 },
  steps: { passed: 9 },
  trainer: { ok: true },
};

describe('the control-plane summary', () => {
  it('says every figure in one line, and writes them as JSON', () => {
    const dir = parts(ALL);
    const file = join(dir, '..', 'control-plane.json');
    expect(reportRun('v1.32.5', 9, 402_000, dir, file)).toBe(
      'control plane v1.32.5: conformance 231/240 identical (9 allowed), lint agrees 133/133, steps 9/9, trainer kit ok (6 min 42 s)',
    );
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({
      kubernetes: 'v1.32.5',
      conformance: { total: 240, identical: 231, allowed: 9 },
      lint: { total: 133, agree: 133 },
      steps: { passed: 9 },
      trainer: { ok: true },
    });
  });

  it('adds the course on EMQX when its part is there', () => {
    const dir = parts({ ...ALL, course: { course: { passed: 8 }, mistakes: { total: 40, diagnosed: 38 } } });
    const file = join(dir, '..', 'control-plane.json');
    expect(reportRun('v1.32.5', 9, 48_000, dir, file)).toBe(
      'control plane v1.32.5: conformance 231/240 identical (9 allowed), lint agrees 133/133, steps 9/9, trainer kit ok, course 8/9, mistakes 38/40 (48 s)',
    );
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ course: { passed: 8 }, mistakes: { total: 40, diagnosed: 38 } });
  });

  it('reports a missing or unreadable part as missing, and a failed trainer kit as failed', () => {
    const dir = parts({ lint: { total: 3 }, steps: '{broken', trainer: { ok: false } });
    expect(readParts(dir)).toEqual({ trainer: { ok: false } });
    expect(summaryLine('v1.32.5', readParts(dir), 9, 1_000)).toBe(
      'control plane v1.32.5: conformance missing, lint missing, steps missing, trainer kit FAILED (1 s)',
    );
    const file = join(dir, '..', 'control-plane.json');
    reportRun('v1.32.5', 9, 1_000, dir, file);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ kubernetes: 'v1.32.5', conformance: null, lint: null, steps: null, trainer: { ok: false } });
  });

  it('words the time in seconds, then minutes', () => {
    expect([elapsed(400), elapsed(59_400), elapsed(60_000), elapsed(661_000)]).toEqual(['0 s', '59 s', '1 min 00 s', '11 min 01 s']);
  });
});

/**
 * The whole course on the real control plane, EMQX included (issue 11): `emqx-lab test --mistakes` through the
 * built CLI and the real kubectl v1.32, against pods the lab's runtime plays (src/runtime): every step fails
 * first, is solved and passes, and every declared mistake produces its declared diagnosis. Writes
 * reports/control-plane/course.json = {"course": {"passed": S}, "mistakes": {"total": D, "diagnosed": D2}}
 * (and course-details.json, the self-test's own JSON).
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { loadCourse } from '../../src/course/load.js';
import { packageRoot } from '../../src/util/paths.js';
import { realLab } from './lab.js';
import { PARTS } from './summary.js';

const plane = inject('controlPlane');
const hasRuntime = !!plane && existsSync(join(plane.dir, 'runtime', 'api.sock'));
const NS = 'cp-course';
const LONG = 40 * 60_000;

interface MistakeResult {
  id: string;
  passed: boolean;
  expected: string;
  diagnoses: string[];
  reason?: string;
}
interface StepResult {
  step: string;
  failFirst: string;
  solve: string;
  verify: string;
  restore?: string;
  reasons: string[];
  mistakes?: MistakeResult[];
}

describe.skipIf(!hasRuntime)('the course with EMQX behind the kwok pods', () => {
  const lab = hasRuntime ? realLab(plane!, 'course') : (undefined as never);

  afterAll(async () => {
    if (lab) await lab.kubectl(['delete', 'namespace', NS, '--ignore-not-found', '--wait=false']);
  });

  it('emqx-lab test --mistakes: every step and every declared mistake', { timeout: LONG }, async () => {
    const t0 = Date.now();
    const r = await lab.cli(['--namespace', NS, 'test', '--mistakes', '--json'], { timeout: LONG });
    const result = JSON.parse(r.stdout || '{"steps":[]}') as { passed: boolean; steps: StepResult[] };
    const steps = result.steps;
    // A step counts when it did all it must, its mistakes included (the engine's stepPassed).
    const passed = steps.filter((s) => s.failFirst !== 'fail' && s.solve === 'pass' && s.verify === 'pass' && s.restore !== 'fail' && (s.mistakes ?? []).every((m) => m.passed)).length;
    const mistakes = steps.flatMap((s) => s.mistakes ?? []);
    // Every mistake the course declares counts, also those a failed step never got to.
    const declared = loadCourse(packageRoot()).course.steps.flatMap((s) => s.lesson.mistakes ?? []).length;
    mkdirSync(PARTS, { recursive: true });
    writeFileSync(join(PARTS, 'course.json'), `${JSON.stringify({ course: { passed }, mistakes: { total: declared, diagnosed: mistakes.filter((m) => m.passed).length } })}\n`);
    writeFileSync(join(PARTS, 'course-details.json'), `${JSON.stringify({ ms: Date.now() - t0, exitCode: r.code, stderr: r.stderr, ...result }, null, 2)}\n`);
    const failures = steps.flatMap((s) => s.reasons.map((why) => `${s.step}: ${why}`));
    expect(failures).toEqual([]);
    expect(r.code, r.stderr).toBe(0);
    expect(steps.length).toBe(9);
    expect(mistakes.length).toBe(declared);
  });
});

/**
 * The course's steps on the real API server through the engine API: for each step in order, `solveStep`
 * (namespace, `solve.before`, prune, apply, an immutable object recreated) and then the step's
 * Kubernetes-only checks (resource, rollout, canI, podsReady): runVerify with `until` runs them while they
 * come first, and any that come after a check of another kind run on their own (runCheck). kwok's pods run
 * no EMQX, so exec, logs, http, mqtt and disruption checks are not asked here.
 */
import type { Course, Step } from '../../src/course/load.js';
import type { Context, GlobalOptions } from '../../src/context.js';
import { runCheck } from '../../src/checks/registry.js';
import { checkEnv, engineDeps } from '../../src/engine/deps.js';
import { openSession } from '../../src/engine/session.js';
import { solveStep } from '../../src/engine/solve.js';
import { runVerify } from '../../src/engine/verify.js';

export const KUBERNETES_ONLY = new Set(['resource', 'rollout', 'canI', 'podsReady']);

export interface CheckRun {
  id: string;
  kind: string;
  passed: boolean;
  reason: string;
}

export interface StepRun {
  step: number;
  id: string;
  /** What solve did, in kubectl's words. */
  solved: string[];
  solveError?: string;
  checks: CheckRun[];
  /** Solved, and every Kubernetes-only check passed (a step has at least one). */
  passed: boolean;
  ms: number;
}

type Ctx = Pick<Context, 'env' | 'lang' | 'signal' | 'home' | 'now' | 'sleep'>;

async function runStep(d: ReturnType<typeof engineDeps>, step: Step): Promise<StepRun> {
  const t0 = Date.now();
  const solved = await solveStep(d, step);
  const base = { step: step.number, id: step.id, solved: solved.lines };
  if (solved.error) return { ...base, solveError: solved.error.stderr || solved.error.detail, checks: [], passed: false, ms: Date.now() - t0 };
  const kindOf = new Map(step.lesson.checks.map((c) => [c.id, c.kind as string]));
  const r = await runVerify(d, step, { until: (c) => KUBERNETES_ONLY.has(c.kind) });
  const checks: CheckRun[] = r.checks.filter((c) => !c.skipped).map((c) => ({ id: c.id, kind: kindOf.get(c.id)!, passed: c.passed, reason: c.reason }));
  // Kubernetes-only checks after the first check of another kind: on their own, in order.
  const firstOther = step.lesson.checks.findIndex((c) => !KUBERNETES_ONLY.has(c.kind));
  const failedEarlier = checks.some((c) => !c.passed);
  if (firstOther >= 0 && !failedEarlier) {
    for (const check of step.lesson.checks.slice(firstOther).filter((c) => KUBERNETES_ONLY.has(c.kind))) {
      const out = await runCheck(check, checkEnv(d), 'poll');
      checks.push({ id: check.id, kind: check.kind, passed: out.passed, reason: out.reason });
      if (!out.passed) break;
    }
  }
  const expected = step.lesson.checks.filter((c) => KUBERNETES_ONLY.has(c.kind)).length;
  const passed = expected > 0 && checks.length === expected && checks.every((c) => c.passed);
  return { ...base, checks, passed, ms: Date.now() - t0 };
}

/** All steps in order in one namespace; `onStep` sees each result as it comes. */
export async function runCourse(ctx: Ctx, opts: GlobalOptions, course: Course, onStep: (r: StepRun) => void = () => {}): Promise<StepRun[]> {
  const s = await openSession(ctx, opts, { course });
  const d = engineDeps(ctx, s);
  const out: StepRun[] = [];
  try {
    for (const step of course.steps) {
      const r = await runStep(d, step);
      out.push(r);
      onStep(r);
    }
  } finally {
    await s.close();
  }
  return out;
}

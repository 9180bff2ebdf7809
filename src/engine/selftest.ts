/**
 * The content self-test (`emqx-lab test`): for each step in order, verify must FAIL before solving (unless
 * the lesson sets failFirst: false; judged once, no waiting), then solve, then verify must PASS (polling).
 * With mistakes: each mistake a lesson declares is made on top of the previous step's solved state, verify
 * must fail, and the diagnoses (of the apply and of the failing check) must include the declared one; then
 * the step is solved again. Nothing is recorded in the learner's progress.
 */
import type { Step } from '../course/load.js';
import type { Mistake } from '../course/schema.js';
import { engineMessages } from '../i18n/engine.js';
import { diagnose } from '../diagnosis/diagnose.js';
import { describeKubeError } from '../kube/describe.js';
import { LAB_SELECTOR, renderStep, toYamlStream, type RenderedManifest } from '../course/render.js';
import type { LiveObject } from '../kube/objects.js';
import { declaredObjects } from './objects.js';
import { strayClaims } from './prune.js';
import { applyYaml } from './apply.js';
import type { EngineDeps } from './deps.js';
import { removeLabObjects } from './removal.js';
import { clearTheWay, solveStep } from './solve.js';
import { runVerify, type VerifyResult } from './verify.js';

export type Phase = 'pass' | 'fail' | 'skip';

export interface MistakeResult {
  id: string;
  passed: boolean;
  /** The diagnosis the lesson expects. */
  expected: string;
  /** What was diagnosed (apply and verify together). */
  diagnoses: string[];
  verifyFailed: boolean;
  reason?: string;
  durationMs: number;
}

export interface StepTestResult {
  step: string;
  failFirst: Phase;
  solve: Phase;
  verify: Phase;
  durationMs: number;
  /** Why a phase went wrong, in the learner's language. */
  reasons: string[];
  mistakes?: MistakeResult[];
  /** Solving the step again after its mistakes. */
  restore?: Phase;
}

export interface SelfTestResult {
  passed: boolean;
  steps: StepTestResult[];
}

export interface SelfTestOptions {
  mistakes?: boolean;
  /** Called as each phase ends (human progress output). */
  onPhase?(step: Step, phase: string, outcome: Phase, detail?: string): void;
}

function failure(r: VerifyResult): string {
  const c = r.checks.find((x) => !x.passed && !x.skipped);
  return c ? `${c.id}: ${c.reason}` : '';
}

export function stepPassed(s: StepTestResult): boolean {
  return s.failFirst !== 'fail' && s.solve === 'pass' && s.verify === 'pass' && s.restore !== 'fail' && (s.mistakes ?? []).every((m) => m.passed);
}

/**
 * The namespace as the previous step leaves it: a clean slate before the first step, else the previous step
 * solved, without claims the previous step would not have made. Returns why that failed, if it did.
 */
export async function stateBefore(d: EngineDeps, index: number): Promise<string | undefined> {
  if (index === 0) {
    await removeLabObjects(d);
    return undefined;
  }
  const prev = d.course.steps[index - 1];
  const s = await solveStep(d, prev);
  if (s.error) return describeKubeError(s.error, d.lang);
  const claims = await d.kube.list<LiveObject>('PersistentVolumeClaim', { selector: LAB_SELECTOR });
  await d.kube.delete(strayClaims(claims, declaredObjects(prev, d.namespace, d.lang)));
  return undefined;
}

/** Bring the namespace to the solved, VERIFIED state before `index` (fail-first is judged from there). */
async function prepare(d: EngineDeps, index: number): Promise<string | undefined> {
  const why = await stateBefore(d, index);
  if (why || index === 0) return why;
  const v = await runVerify(d, d.course.steps[index - 1], { diagnose: false });
  return v.passed ? undefined : failure(v);
}

/**
 * Make a declared mistake the way a learner following the lesson would: the step's own preparations, then
 * the broken manifests. An apply error is a value, diagnosed at once (`fromApply`); `cannot` says why the
 * mistake does not fit the manifests (lint reports it too).
 */
export async function makeMistake(d: EngineDeps, step: Step, mistake: Mistake): Promise<{ applyError?: string; fromApply: string[] } | { cannot: string }> {
  let manifests: RenderedManifest[];
  try {
    manifests = renderStep(step, d.namespace, d.lang, mistake);
  } catch (e) {
    return { cannot: (e as Error).message };
  }
  await clearTheWay(d, step, manifests);
  const applied = await applyYaml(d.kube, toYamlStream(manifests));
  const applyError = applied.error?.stderr;
  const fromApply = applyError ? (await diagnose(d.kube, d.course.diagnoses, d.lang, { applyError })).diagnosis.map((x) => x.id) : [];
  return { applyError, fromApply };
}

export async function tryMistake(d: EngineDeps, step: Step, index: number, mistake: Mistake): Promise<MistakeResult> {
  const t0 = d.now();
  const m = engineMessages[d.lang];
  const base = { id: mistake.id, expected: mistake.expect.diagnosis };
  const why = await stateBefore(d, index);
  if (why) return { ...base, passed: false, diagnoses: [], verifyFailed: false, reason: m.couldNotPrepare(why), durationMs: d.now() - t0 };
  const made = await makeMistake(d, step, mistake);
  if ('cannot' in made) return { ...base, passed: false, diagnoses: [], verifyFailed: false, reason: made.cannot, durationMs: d.now() - t0 };
  const { applyError, fromApply } = made;
  // Verify must fail; there is no need to wait out a failing check's timeout once the diagnosis shows.
  const v = await runVerify(d, step, { applyError, stopWhenDiagnosed: (ids) => ids.includes(mistake.expect.diagnosis) });
  const fromVerify = v.checks.flatMap((c) => c.diagnosis.map((x) => x.id));
  const diagnoses = [...new Set([...fromApply, ...fromVerify])];
  const verifyFailed = !v.passed;
  const passed = verifyFailed && diagnoses.includes(mistake.expect.diagnosis);
  const reason = passed ? undefined : !verifyFailed ? m.mistakePassed : m.mistakeWrongDiagnosis(mistake.expect.diagnosis, diagnoses.join(', ') || '-');
  return { ...base, passed, diagnoses, verifyFailed, ...(reason ? { reason } : {}), durationMs: d.now() - t0 };
}

export async function selfTest(d: EngineDeps, steps: Step[], o: SelfTestOptions = {}): Promise<SelfTestResult> {
  const m = engineMessages[d.lang];
  const results: StepTestResult[] = [];
  const say = o.onPhase ?? (() => {});
  /** The step whose solved, verified state the namespace is in (-1: a clean slate; undefined: unknown). */
  let settled: number | undefined;
  for (const step of steps) {
    if (d.signal.aborted) break;
    const t0 = d.now();
    const index = d.course.steps.indexOf(step);
    const r: StepTestResult = { step: step.id, failFirst: 'skip', solve: 'skip', verify: 'skip', durationMs: 0, reasons: [] };
    results.push(r);
    // Fail-first is only honest from the previous step's settled state; get there unless we are there.
    if (settled !== index - 1) {
      const why = await prepare(d, index);
      if (why) {
        r.solve = 'fail';
        r.reasons.push(m.couldNotPrepare(why));
        r.durationMs = d.now() - t0;
        say(step, 'prepare', 'fail', why);
        settled = undefined;
        continue;
      }
    }

    if (step.lesson.failFirst !== false) {
      const v = await runVerify(d, step, { mode: 'once', diagnose: false });
      r.failFirst = v.passed ? 'fail' : 'pass';
      if (v.passed) r.reasons.push(m.failFirstPassed);
      say(step, 'failFirst', r.failFirst, v.passed ? m.failFirstPassed : failure(v));
    }

    const s = await solveStep(d, step);
    r.solve = s.error ? 'fail' : 'pass';
    say(step, 'solve', r.solve, s.error ? describeKubeError(s.error, d.lang) : undefined);
    if (s.error) {
      r.reasons.push(describeKubeError(s.error, d.lang));
    } else {
      const v = await runVerify(d, step);
      r.verify = v.passed ? 'pass' : 'fail';
      if (!v.passed) r.reasons.push(failure(v));
      say(step, 'verify', r.verify, v.passed ? undefined : failure(v));
    }

    if (o.mistakes && step.lesson.mistakes?.length && r.verify === 'pass') {
      r.mistakes = [];
      for (const mistake of step.lesson.mistakes) {
        if (d.signal.aborted) break;
        const mr = await tryMistake(d, step, index, mistake);
        if (d.signal.aborted) break;
        r.mistakes.push(mr);
        if (mr.reason) r.reasons.push(`${mistake.id}: ${mr.reason}`);
        say(step, `mistake:${mistake.id}`, mr.passed ? 'pass' : 'fail', mr.reason);
      }
      // The step is put back even after Ctrl-C; it is judged only when the run goes on (an interrupted
      // verify would read as a failed restore).
      const again = await solveStep(d, step);
      if (!d.signal.aborted) {
        const v = again.error ? undefined : await runVerify(d, step, { diagnose: false });
        r.restore = v?.passed ? 'pass' : 'fail';
        const why = again.error ? describeKubeError(again.error, d.lang) : v && !v.passed ? failure(v) : undefined;
        if (why) r.reasons.push(m.restoreFailed(why));
        say(step, 'restore', r.restore, why);
      }
    }
    r.durationMs = d.now() - t0;
    settled = r.verify === 'pass' && r.restore !== 'fail' ? index : undefined;
  }
  return { passed: results.length > 0 && results.length === steps.length && results.every(stepPassed), steps: results };
}

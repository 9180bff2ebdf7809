/**
 * Verifying a step: its checks in order; after a failure the rest are skipped. The failing check gets a
 * diagnosis (evidence collected once), what the cluster shows, and a hint chosen from the current state.
 * Events let a UI follow along (spinners, live reasons). With `record`, the outcome goes to the local
 * progress file and the `emqx-lab-progress` ConfigMap (read, merged, written: two kubectl calls).
 */
import type { Step } from '../course/load.js';
import type { Check, PlainCheck } from '../course/schema.js';
import { runCheck } from '../checks/registry.js';
import type { CheckMode } from '../checks/types.js';
import { checkMessages } from '../i18n/checks.js';
import { diagnose, type ClusterShows, type FoundDiagnosis } from '../diagnosis/diagnose.js';
import { waitingDiagnoser } from '../diagnosis/waiting.js';
import { describeKubeError } from '../kube/describe.js';
import { isKubeError } from '../kube/result.js';
import type { LiveObject } from '../kube/objects.js';
import { mergeRecordedPasses, progressRecordManifest, RECORD_NAME, recordOutcome } from '../progress/record.js';
import { readProgress, writeProgress } from '../progress/store.js';
import { changing, checkEnv, type EngineDeps } from './deps.js';
import { chooseHint } from './hints.js';

export type VerifyEvent =
  | { type: 'check-started'; check: string; title: string }
  | { type: 'reason'; check: string; reason: string; passed: boolean }
  | { type: 'check-passed'; check: string; reason: string }
  | { type: 'check-failed'; check: string; reason: string }
  | { type: 'check-skipped'; check: string; reason: string }
  | { type: 'diagnosis'; check: string; diagnosis: FoundDiagnosis[]; shows: ClusterShows; hint: string | null }
  /**
   * While a check keeps failing: what it is diagnosed as now, whenever that changes (an empty list when
   * nothing matches any more), with the hint that fits. The check may still pass.
   */
  | { type: 'diagnosing'; check: string; diagnosis: FoundDiagnosis[]; hint: string | null }
  /** The check's final result (after its diagnosis), for printing as it happens. */
  | { type: 'check-done'; result: CheckResult };

export interface CheckResult {
  id: string;
  title: string;
  passed: boolean;
  skipped?: boolean;
  reason: string;
  diagnosis: FoundDiagnosis[];
  hint: string | null;
  durationMs: number;
  shows?: ClusterShows;
  /**
   * The check stopped waiting before its timeout because this diagnosis (endsWait in the catalogue) held
   * in a settled namespace (`nothing-applied` when nothing runs at all), or, in the self-test, because the
   * declared diagnosis showed.
   */
  endedBy?: string;
}

export interface VerifyResult {
  step: string;
  passed: boolean;
  checks: CheckResult[];
  durationMs: number;
  /** Ctrl-C stopped it: nothing was recorded. */
  interrupted?: boolean;
  /** Writing the progress ConfigMap failed (the local progress was still recorded). */
  recordError?: string;
}

export interface VerifyOptions {
  /** `poll` (default) waits for each check; `once` judges each exactly once (fail-first). */
  mode?: CheckMode;
  onEvent?(e: VerifyEvent): void;
  /** Record progress (local file + ConfigMap). */
  record?: boolean;
  /** Collect evidence and match diagnoses for a failing check (default true). */
  diagnose?: boolean;
  /** An apply error that came before (test --mistakes): diagnosed together with the cluster's state. */
  applyError?: string;
  /** Called as each poll round of a check starts and ends (the bench counts kubectl processes per round). */
  onPoll?(check: string, phase: 'start' | 'end'): void;
  /** Run only the checks before the first one this rejects (hint must not run a disruption); the rest are skipped. */
  until?(check: Check): boolean;
  /**
   * While a check keeps failing, stop waiting once this says enough about the diagnoses seen (the
   * self-test's mistakes: the declared diagnosis is showing), settled or not.
   */
  stopWhenDiagnosed?(diagnosisIds: string[]): boolean;
  /**
   * Stop a failing check early when nothing will change by itself (default true): a diagnosis the catalogue
   * lets end a wait (`endsWait`) has held in a settled namespace, or nothing runs at all (`nothing-applied`).
   * `verify --watch` turns it off: there the learner asked to wait, and sees the diagnosis while it waits.
   */
  stopWhenIdle?: boolean;
}

/**
 * How often a failing check is diagnosed while it waits: one round is one `kubectl get` and at most one
 * `kubectl logs` (diagnosis/waiting.ts). The first round comes at the first failing poll.
 */
export const DIAGNOSE_EVERY_MS = 2_500;
/** A diagnosis that may end a wait must hold this long (wall time, in a settled namespace) first. */
export const DIAGNOSIS_HOLD_MS = 2_000;

/** The log patterns the step's own checks wait for (a logs check, also inside a disruption): these are expected. */
export function expectedLogs(step: Step): RegExp[] {
  const plain = step.lesson.checks.flatMap((c): PlainCheck[] => (c.kind === 'disruption' ? c.then : [c]));
  return plain.flatMap((c) => (c.kind === 'logs' && !c.absent ? [new RegExp(c.matches)] : []));
}

/** The JSON contract of `verify --json` (PRODUCT.md). */
export function verifyJson(r: VerifyResult): object {
  return {
    step: r.step,
    passed: r.passed,
    checks: r.checks.map((c) => ({
      id: c.id,
      title: c.title,
      passed: c.passed,
      reason: c.reason,
      diagnosis: c.diagnosis.map((d) => ({ id: d.id, message: d.message, title: d.title, hint: d.hint })),
      hint: c.hint,
    })),
    durationMs: r.durationMs,
  };
}

export async function runVerify(d: EngineDeps, step: Step, o: VerifyOptions = {}): Promise<VerifyResult> {
  const mode = o.mode ?? 'poll';
  const emit = o.onEvent ?? (() => {});
  const m = checkMessages[d.lang];
  const env = checkEnv(d);
  const start = d.now();
  const checks: CheckResult[] = [];
  let failed = false;
  let interrupted = false;
  let stopped = false;

  for (const check of step.lesson.checks) {
    const title = check.title[d.lang];
    stopped ||= o.until?.(check) === false;
    if (failed || interrupted || stopped) {
      const reason = interrupted ? m.interrupted : failed ? m.earlierFailed : m.notRun;
      const skipped: CheckResult = { id: check.id, title, passed: false, skipped: true, reason, diagnosis: [], hint: null, durationMs: 0 };
      checks.push(skipped);
      emit({ type: 'check-skipped', check: check.id, reason });
      emit({ type: 'check-done', result: skipped });
      continue;
    }
    emit({ type: 'check-started', check: check.id, title });
    const t0 = d.now();
    const stop = o.stopWhenDiagnosed;
    const waiting =
      mode === 'poll' && (stop || o.stopWhenIdle !== false || o.onEvent)
        ? waitingDiagnoser(d.kube, d.course.diagnoses, { lang: d.lang, now: d.now, holdMs: DIAGNOSIS_HOLD_MS, applyError: o.applyError, expectedLogs: expectedLogs(step) })
        : undefined;
    let shown = '';
    let endedBy: string | undefined;
    let lastSeen: FoundDiagnosis[] = [];
    const giveUp = waiting && {
      everyMs: DIAGNOSE_EVERY_MS,
      firstAfterMs: 0,
      async when() {
        const r = await waiting.round();
        if (r.error) return false;
        const ids = r.diagnosis.map((x) => x.id);
        if (ids.join() !== shown) {
          shown = ids.join();
          lastSeen = r.diagnosis;
          if (o.diagnose !== false) emit({ type: 'diagnosing', check: check.id, diagnosis: r.diagnosis, hint: hintFor(d, step, check.hints, ids) });
        }
        if (stop) {
          if (!stop(ids)) return false;
          endedBy = ids.find((id) => stop([id])) ?? ids[0];
          return true;
        }
        if (o.stopWhenIdle === false || !r.ends) return false;
        endedBy = r.certain;
        return true;
      },
    };
    const out = await runCheck(check, env, mode, {
      onReason: (reason, passed) => emit({ type: 'reason', check: check.id, reason, passed }),
      onPoll: o.onPoll && ((phase) => o.onPoll!(check.id, phase)),
      giveUp: giveUp || undefined,
    });
    const result: CheckResult = { id: check.id, title, passed: out.passed, reason: out.reason, diagnosis: [], hint: null, durationMs: d.now() - t0 };
    if (!out.passed && endedBy) result.endedBy = endedBy;
    checks.push(result);
    if (out.interrupted || d.signal.aborted) {
      interrupted = true;
      result.passed = false;
      emit({ type: 'check-failed', check: check.id, reason: out.reason });
      emit({ type: 'check-done', result });
      continue;
    }
    if (out.passed) {
      emit({ type: 'check-passed', check: check.id, reason: out.reason });
      emit({ type: 'check-done', result });
      continue;
    }
    failed = true;
    emit({ type: 'check-failed', check: check.id, reason: out.reason });
    if (o.diagnose !== false) await explain(d, step, check, out.failedPart, result, o.applyError, lastSeen.find((x) => x.id === endedBy));
    emit({ type: 'diagnosis', check: check.id, diagnosis: result.diagnosis, shows: result.shows ?? { pods: [], events: [], logs: [] }, hint: result.hint });
    emit({ type: 'check-done', result });
  }

  const passed = !failed && !interrupted && !stopped;
  const result: VerifyResult = { step: step.id, passed, checks, durationMs: d.now() - start, interrupted: interrupted || undefined };
  if (o.record && !interrupted) result.recordError = await record(d, step, result);
  return result;
}

/** The hint that fits these diagnoses now, at the level the learner has reached (does not escalate). */
function hintFor(d: EngineDeps, step: Step, hintIds: readonly string[], diagnosisIds: string[]): string | null {
  const shown = readProgress(d.home, d.progressKey, d.namespace).progress.steps[step.id]?.hintsShown ?? 0;
  return chooseHint(step.lesson, hintIds, diagnosisIds, Math.max(0, shown - 1), d.lang, step.number)?.text ?? null;
}

/**
 * Diagnosis, what the cluster shows, and the hint for a failed check: evidence collected in full once. The
 * diagnosis that ended the wait comes first (and stays, should the state have moved on meanwhile).
 */
async function explain(d: EngineDeps, step: Step, check: Check, part: PlainCheck | undefined, result: CheckResult, applyError?: string, endedBy?: FoundDiagnosis) {
  try {
    const report = await diagnose(d.kube, d.course.diagnoses, d.lang, { applyError });
    result.diagnosis = report.diagnosis;
    result.shows = report.shows;
  } catch (e) {
    if (!isKubeError(e)) throw e;
    result.shows = { pods: [], events: [], logs: [describeKubeError(e, d.lang)] };
  }
  if (endedBy) result.diagnosis = [result.diagnosis.find((x) => x.id === endedBy.id) ?? endedBy, ...result.diagnosis.filter((x) => x.id !== endedBy.id)];
  result.hint = hintFor(d, step, part?.hints ?? check.hints, result.diagnosis.map((x) => x.id));
}

/**
 * Local progress and the namespace's record, at most two kubectl calls: read the record (a step it shows as
 * passed, say by the trainer's `workshop solve`, is passed locally too), then write it back with this outcome.
 */
function record(d: EngineDeps, step: Step, r: VerifyResult): Promise<string | undefined> {
  // Read, merge and write back under the lock: two runs recording at once would each lose the other's pass.
  return changing(d, () => recordUnlocked(d, step, r));
}

async function recordUnlocked(d: EngineDeps, step: Step, r: VerifyResult): Promise<string | undefined> {
  const at = new Date(d.now()).toISOString();
  const failedCheck = r.checks.find((c) => !c.passed && !c.skipped);
  const ids = d.course.steps.map((s) => s.id);
  let recorded: LiveObject | undefined;
  let readError: string | undefined;
  try {
    recorded = await d.kube.get<LiveObject>('ConfigMap', RECORD_NAME);
  } catch (e) {
    if (!isKubeError(e)) throw e;
    readError = describeKubeError(e, d.lang);
  }
  const { progress } = readProgress(d.home, d.progressKey, d.namespace);
  mergeRecordedPasses(progress, recorded as { data?: Record<string, unknown> } | undefined, ids);
  recordOutcome(progress, { step: step.id, passed: r.passed, failure: failedCheck && { check: failedCheck.id, reason: failedCheck.reason } }, at);
  writeProgress(d.home, progress);
  // A record that could not be read is not written over: it may hold passes this machine does not know.
  if (readError) return readError;
  try {
    await d.kube.apply(progressRecordManifest(progress, ids, d.namespace, d.now()));
    return undefined;
  } catch (e) {
    if (isKubeError(e)) return describeKubeError(e, d.lang);
    throw e;
  }
}

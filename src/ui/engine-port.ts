/**
 * The LabPort over the real engine: verify/apply/solve/reset from src/engine, hints chosen by the engine's
 * nextHint, the namespace picture and fingerprint read through the session's Kube. Each call gets the
 * signal of what the learner is doing (a check run the `l` key can stop) joined with the lab's, and its
 * kubectl processes go through a view of the session's Kube with that signal (Kube.withSignal), so going
 * back to the list ends the call in flight and Ctrl-C still cancels everything, port-forwards included.
 */
import type { Context } from '../context.js';
import type { Step } from '../course/load.js';
import { LAB_SELECTOR } from '../course/render.js';
import { engineDeps, type EngineDeps } from '../engine/deps.js';
import { nextHint } from '../engine/hints.js';
import { declaredObjects } from '../engine/objects.js';
import { labKinds } from '../engine/removal.js';
import { resetAll } from '../engine/reset.js';
import type { Session } from '../engine/session.js';
import { createSnapshotter } from '../engine/snapshot.js';
import { solveStep } from '../engine/solve.js';
import { runVerify, type VerifyEvent, type VerifyResult } from '../engine/verify.js';
import { describeKubeError } from '../kube/describe.js';
import type { LiveObject } from '../kube/objects.js';
import { RECORD_LABEL_KEY } from '../progress/record.js';
import { readProgress, updateProgress } from '../progress/store.js';
import type { CheckEvent, HintView, LabPort, VerifyView } from './port.js';
import { pictureOf } from './picture.js';

/** Engine events in the UI's terms (skipped checks stay as they are: pending). */
export function toCheckEvent(e: VerifyEvent): CheckEvent | undefined {
  switch (e.type) {
    case 'check-started':
      return { type: 'start', id: e.check };
    case 'reason':
      return { type: 'reason', id: e.check, reason: e.reason, passed: e.passed };
    case 'check-passed':
      return { type: 'end', id: e.check, passed: true, reason: e.reason };
    case 'check-failed':
      return { type: 'end', id: e.check, passed: false, reason: e.reason };
    case 'diagnosis':
    case 'diagnosing': {
      const d = e.diagnosis[0];
      return { type: 'diagnosis', id: e.check, diagnosis: d && { title: d.title, explain: d.explain, hint: d.hint } };
    }
    default:
      return undefined;
  }
}

/** A verify result as the step screen shows it. */
export function toVerifyView(r: VerifyResult, hint: (checkId: string, diagnosisIds: string[]) => HintView | undefined): VerifyView {
  if (r.interrupted) return { passed: false, interrupted: true };
  if (r.passed) return { passed: true };
  const c = r.checks.find((x) => !x.passed && !x.skipped);
  if (!c) return { passed: false };
  const d = c.diagnosis[0];
  const shows = c.shows;
  return {
    passed: false,
    failure: {
      checkId: c.id,
      title: c.title,
      reason: c.reason,
      diagnosis: d ? { title: d.title, explain: d.explain, hint: d.hint } : undefined,
      evidence: shows ? [...shows.pods, ...shows.events, ...shows.logs] : [],
    },
    hint: c.hint ? { ...(hint(c.id, c.diagnosis.map((x) => x.id)) ?? { index: 0, total: 0, exhausted: false }), text: c.hint } : undefined,
  };
}

export function enginePort(ctx: Pick<Context, 'now' | 'sleep' | 'home' | 'lang'>, session: Session, signal: AbortSignal): LabPort {
  let lang = ctx.lang;
  const base = engineDeps({ ...ctx, signal }, session);
  // Each call's kubectl processes end with that call's signal (the `l` key stops a check run at once),
  // and with the lab's (Ctrl-C), whichever comes first.
  const callOf = (s: AbortSignal) => {
    const both = s === signal ? signal : AbortSignal.any([signal, s]);
    return { signal: both, kube: both === signal ? session.kube : session.kube.withSignal(both) };
  };
  const deps = (s: AbortSignal): EngineDeps => ({ ...base, ...callOf(s), lang });
  const steps = session.course.steps;
  const stepOf = (id: string): Step => {
    const s = steps.find((x) => x.id === id);
    if (!s) throw new Error(`no step ${id}`);
    return s;
  };
  const rendered = new Map<string, ReturnType<typeof declaredObjects>>();
  let snapshot = createSnapshotter(session.kube, session.course, lang, ctx.now);
  // The diagnoses seen at the last failure, per step: the next hint is chosen from them.
  const lastSeen = new Map<string, { check: string; diagnoses: string[] }>();
  const read = () => readProgress(ctx.home, session.progressKey, session.namespace).progress;

  /** The hint for a check at `shown` hints seen so far (engine/hints.ts nextHint), as the screens show it. */
  const hintAt = (step: Step, checkId: string, diagnoses: string[], shown: number) => {
    const check = step.lesson.checks.find((c) => c.id === checkId) ?? step.lesson.checks[0];
    const next = nextHint(step.lesson, check.hints, diagnoses, shown, lang, step.number);
    if (!next.hint) return undefined;
    return { view: { text: next.hint.text, index: next.index, total: next.total, exhausted: next.hint.last }, shown: next.shown };
  };

  const verify = async (stepId: string, onEvent: (e: CheckEvent) => void, s: AbortSignal): Promise<VerifyView> => {
    const step = stepOf(stepId);
    const r = await runVerify(deps(s), step, {
      record: true,
      onEvent: (e) => {
        const ce = toCheckEvent(e);
        if (ce) onEvent(ce);
      },
    });
    const failed = r.checks.find((x) => !x.passed && !x.skipped);
    if (failed && !r.interrupted) lastSeen.set(stepId, { check: failed.id, diagnoses: failed.diagnosis.map((x) => x.id) });
    const shown = read().steps[stepId]?.hintsShown ?? 0;
    // The latest hint the learner has seen, not the next one.
    return toVerifyView(r, (checkId, diagnoses) => hintAt(step, checkId, diagnoses, Math.max(0, shown - 1))?.view);
  };

  return {
    namespace: session.namespace,
    context: session.context,
    sim: session.kube.sim,
    steps,
    rendered(stepId) {
      let r = rendered.get(stepId);
      if (!r) rendered.set(stepId, (r = declaredObjects(stepOf(stepId), session.namespace, lang)));
      return r;
    },
    progress: read,
    markStarted(stepId) {
      if (read().steps[stepId]?.startedAt) return;
      updateProgress(ctx.home, session.progressKey, session.namespace, (p) => {
        (p.steps[stepId] ??= {}).startedAt ??= new Date(ctx.now()).toISOString();
      });
    },
    async apply(stepId, s) {
      // Guided mode makes the whole transition to this step, as solve does without verifying: objects the
      // step no longer declares are removed (the Deployment in the StatefulSet step) and an object whose
      // immutable fields change is replaced; a plain `kubectl apply` would leave those to the learner.
      const out = await solveStep(deps(s), stepOf(stepId));
      if (!out.error) return { ok: true, lines: out.lines };
      return { ok: false, lines: [...out.lines, describeKubeError(out.error, lang)] };
    },
    verify,
    async solve(stepId, onEvent, s) {
      const out = await solveStep(deps(s), stepOf(stepId));
      if (out.error) {
        const reason = describeKubeError(out.error, lang);
        return { passed: false, failure: { checkId: '', title: stepOf(stepId).lesson.title[lang], reason, evidence: out.lines } };
      }
      return verify(stepId, onEvent, s);
    },
    async hint(stepId, s, o = {}) {
      const step = stepOf(stepId);
      if (o.judge) {
        // What fails right now (as `emqx-lab hint` does): each check once, stopping before a disruption.
        const r = await runVerify(deps(s), step, { mode: 'once', until: (c) => c.kind !== 'disruption' });
        const failed = r.checks.find((x) => !x.passed && !x.skipped);
        if (failed && !r.interrupted) lastSeen.set(stepId, { check: failed.id, diagnoses: failed.diagnosis.map((x) => x.id) });
      }
      const shown = read().steps[stepId]?.hintsShown ?? 0;
      const seen = lastSeen.get(stepId) ?? { check: read().steps[stepId]?.lastFailure?.check ?? step.lesson.checks[0].id, diagnoses: [] };
      const h = hintAt(step, seen.check, seen.diagnoses, shown);
      if (!h) return { text: '', index: 0, total: 0, exhausted: true };
      updateProgress(ctx.home, session.progressKey, session.namespace, (p) => {
        (p.steps[stepId] ??= {}).hintsShown = h.shown;
      });
      return h.view;
    },
    async resetAll(s) {
      await resetAll(deps(s));
      rendered.clear();
      lastSeen.clear();
    },
    async fingerprint(s) {
      const objects = await callOf(s).kube.list<LiveObject>(labKinds({ ...base, lang }), { selector: LAB_SELECTOR });
      return objects
        .filter((o) => !o.metadata.labels?.[RECORD_LABEL_KEY])
        .map((o) => `${o.kind}/${o.metadata.name}@${(o.metadata as { resourceVersion?: string }).resourceVersion ?? ''}`)
        .sort()
        .join('\n');
    },
    async picture() {
      return pictureOf(session.namespace, await snapshot());
    },
    setLang(l) {
      lang = l;
      snapshot = createSnapshotter(session.kube, session.course, lang, ctx.now);
    },
    close() {
      return session.close();
    },
  };
}

/**
 * `emqx-lab hint <step>`: the next hint, chosen from the current state. The step's checks are judged once
 * (no waiting, never a disruption: a hint must not delete pods); the first failing check and its diagnoses
 * pick the hint, and each call climbs one hint higher. Without a reachable cluster the hint follows the
 * last recorded failure.
 */
import type { GlobalOptions } from '../context.js';
import { EXIT, LabError } from '../errors.js';
import { engineMessages } from '../i18n/engine.js';
import { courseAndStep, withSession, type CommandContext } from '../engine/cli-kit.js';
import { nextHint } from '../engine/hints.js';
import { runVerify } from '../engine/verify.js';
import type { Step } from '../course/load.js';
import { makeStyle } from '../markdown/style.js';
import { contextName } from '../progress/context-name.js';
import { DEFAULT_NAMESPACE } from '../course/render.js';
import { readProgress, updateProgress } from '../progress/store.js';

interface Failing {
  check: string;
  title: string;
  reason: string;
  diagnoses: { id: string; title: string }[];
}

function show(ctx: CommandContext, step: Step, f: Failing, key: string, ns: string, note?: string): number {
  const m = engineMessages[ctx.lang];
  const st = makeStyle(ctx.color);
  const check = step.lesson.checks.find((c) => c.id === f.check) ?? step.lesson.checks[0];
  const shown = readProgress(ctx.home, key, ns).progress.steps[step.id]?.hintsShown ?? 0;
  const next = nextHint(step.lesson, check.hints, f.diagnoses.map((x) => x.id), shown, ctx.lang, step.number);
  const hint = next.hint;
  const out: string[] = [];
  if (note) out.push(st.dim(note));
  out.push(m.hintFor(f.title, f.reason));
  for (const d of f.diagnoses.slice(0, 2)) out.push(`${st.yellow(m.knownMistake)} ${d.title}`);
  if (!hint) out.push(m.hintNone);
  else {
    out.push(`${st.cyan(m.hintLabel)} ${st.dim(m.hintCount(hint.position, hint.fitting))}`);
    out.push(...hint.text.split('\n').map((l) => `  ${l}`));
    updateProgress(ctx.home, key, ns, (p) => {
      (p.steps[step.id] ??= {}).hintsShown = next.shown;
    });
  }
  ctx.io.stdout.write(`${out.join('\n')}\n`);
  return EXIT.ok;
}

export async function hint(ctx: CommandContext, opts: GlobalOptions, stepRef: unknown): Promise<number> {
  const m = engineMessages[ctx.lang];
  const { course, step } = courseAndStep(ctx, stepRef);
  try {
    return await withSession(ctx, opts, course, async (s, d) => {
      const r = await runVerify(d, step, { mode: 'once', until: (c) => c.kind !== 'disruption' });
      if (r.interrupted) return EXIT.interrupted;
      const failed = r.checks.find((c) => !c.passed && !c.skipped);
      if (failed) {
        const f = { check: failed.id, title: failed.title, reason: failed.reason, diagnoses: failed.diagnosis };
        return show(ctx, step, f, s.progressKey, s.namespace);
      }
      const last = readProgress(ctx.home, s.progressKey, s.namespace).progress.steps[step.id]?.lastFailure;
      const lastCheck = last && step.lesson.checks.find((c) => c.id === last.check);
      if (lastCheck && r.checks.find((c) => c.id === lastCheck.id)?.skipped) {
        return show(ctx, step, { check: lastCheck.id, title: lastCheck.title[ctx.lang], reason: last!.reason, diagnoses: [] }, s.progressKey, s.namespace);
      }
      ctx.io.stdout.write(`${m.hintAllPass(step.number)}\n`);
      return EXIT.ok;
    });
  } catch (e) {
    // No cluster (or a refused one): a hint can still follow the last recorded failure.
    if (!(e instanceof LabError) || e.exitCode !== EXIT.environment) throw e;
    const key = contextName(opts, ctx.env);
    const ns = opts.namespace ?? DEFAULT_NAMESPACE;
    const last = readProgress(ctx.home, key, ns).progress.steps[step.id]?.lastFailure;
    if (!last) throw e;
    const check = step.lesson.checks.find((c) => c.id === last.check) ?? step.lesson.checks[0];
    const note = m.hintOffline(e.message.split('. ')[0]);
    return show(ctx, step, { check: check.id, title: check.title[ctx.lang], reason: last.reason, diagnoses: [] }, key, ns, note);
  }
}

/**
 * `emqx-lab reset <step> | --all`: remove lab-labelled objects from the lab namespace and progress.
 * It asks first at a terminal (unless --yes); without a terminal it needs --yes.
 */
import type { GlobalOptions } from '../context.js';
import { EXIT, usageError } from '../errors.js';
import { engineMessages } from '../i18n/engine.js';
import { canPrompt, confirmed, courseAndStep, withSession, type CommandContext } from '../engine/cli-kit.js';
import { loadCourseOrFail } from '../engine/session.js';
import { formatLines } from '../engine/report.js';
import { resetAll, resetStep } from '../engine/reset.js';

export async function reset(ctx: CommandContext, opts: GlobalOptions & { all?: boolean }, stepRef?: unknown): Promise<number> {
  const m = engineMessages[ctx.lang];
  if (stepRef === undefined && !opts.all) throw usageError(m.resetWhat);
  if (stepRef !== undefined && opts.all) throw usageError(m.resetBoth);
  const { course, step } = opts.all ? { course: loadCourseOrFail(ctx), step: undefined } : courseAndStep(ctx, stepRef);
  const prompt = !opts.yes && canPrompt(ctx);
  if (!opts.yes && !prompt) throw usageError(m.resetNeedsYes);
  return withSession(ctx, opts, course, async (s, d) => {
    const question = step ? m.resetConfirmStep(step.number, s.namespace, s.context) : m.resetConfirmAll(s.namespace, s.context);
    if (prompt && !(await confirmed(ctx, question))) {
      ctx.io.stdout.write(`${m.resetCanceled}\n`);
      return ctx.signal.aborted ? EXIT.interrupted : EXIT.ok;
    }
    const lines = step ? await resetStep(d, step) : await resetAll(d);
    if (opts.json) ctx.io.stdout.write(`${JSON.stringify({ reset: step ? step.id : 'all', lines })}\n`);
    else ctx.io.stdout.write(`${formatLines(lines, ctx.lang)}${m.resetDone}\n`);
    return EXIT.ok;
  });
}

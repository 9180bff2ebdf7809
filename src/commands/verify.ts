/** `emqx-lab verify <step> [--json] [--watch]`: run the step's checks, record progress. */
import type { GlobalOptions } from '../context.js';
import { EXIT, envError } from '../errors.js';
import { safetyMessages } from '../i18n/safety.js';
import { engineMessages } from '../i18n/engine.js';
import { courseAndStep, withSession, type CommandContext } from '../engine/cli-kit.js';
import { verifyPrinter } from '../engine/report.js';
import { runVerify, verifyJson, type VerifyResult } from '../engine/verify.js';

const WATCH_PAUSE_S = 2;

export async function verify(ctx: CommandContext, opts: GlobalOptions & { watch?: boolean }, stepRef: unknown): Promise<number> {
  const m = engineMessages[ctx.lang];
  const { course, step } = courseAndStep(ctx, stepRef);
  return withSession(ctx, opts, course, async (_s, d) => {
    let last: VerifyResult | undefined;
    for (;;) {
      const printer = opts.json ? undefined : verifyPrinter(step, ctx.lang, ctx.color, ctx.io.stdout, { interim: opts.watch });
      const r = await runVerify(d, step, { record: true, onEvent: printer?.onEvent, stopWhenIdle: !opts.watch });
      last = r;
      printer?.done(r);
      if (r.interrupted || ctx.signal.aborted) break;
      if (r.passed || !opts.watch) break;
      if (!opts.json) ctx.io.stdout.write(`${m.watching(WATCH_PAUSE_S)}\n\n`);
      await ctx.sleep(WATCH_PAUSE_S * 1000, ctx.signal);
      if (ctx.signal.aborted) break;
    }
    if (opts.json) ctx.io.stdout.write(`${JSON.stringify(verifyJson(last))}\n`);
    if (ctx.signal.aborted || last.interrupted) return EXIT.interrupted;
    // The record could not be written because the namespace is gone (deleted while the lab worked in it):
    // the checks failed for the environment's reason, not the learner's.
    if (last.recordError && new RegExp(`namespaces? "${d.namespace}" not found`).test(last.recordError)) throw envError(safetyMessages[ctx.lang].namespaceGone(d.namespace));
    if (last.passed && !opts.json) {
      const next = course.steps[course.steps.indexOf(step) + 1];
      ctx.io.stdout.write(`${next ? m.nextStep(next.id) : m.courseDone}\n`);
    }
    return last.passed ? EXIT.ok : EXIT.failed;
  });
}

/** `emqx-lab solve <step>`: bring the namespace to the step's solved state from any state, then verify. */
import type { GlobalOptions } from '../context.js';
import { EXIT } from '../errors.js';
import { engineMessages } from '../i18n/engine.js';
import { diagnose } from '../diagnosis/diagnose.js';
import { describeKubeError } from '../kube/describe.js';
import { courseAndStep, withSession, type CommandContext } from '../engine/cli-kit.js';
import { formatApplyFailure, formatLines, verifyPrinter } from '../engine/report.js';
import { solveStep } from '../engine/solve.js';
import { runVerify, verifyJson } from '../engine/verify.js';

export async function solve(ctx: CommandContext, opts: GlobalOptions, stepRef: unknown): Promise<number> {
  const m = engineMessages[ctx.lang];
  const { course, step } = courseAndStep(ctx, stepRef);
  return withSession(ctx, opts, course, async (s, d) => {
    if (!opts.json) ctx.io.stdout.write(`${m.solving(step.number, s.namespace)}\n`);
    const out = await solveStep(d, step, (l) => !opts.json && ctx.io.stdout.write(`  ${l}\n`));
    if (!opts.json && !out.lines.length) ctx.io.stdout.write(formatLines([], ctx.lang));
    if (out.error) {
      const report = await diagnose(s.kube, course.diagnoses, ctx.lang, { applyError: out.error.stderr });
      const why = describeKubeError(out.error, ctx.lang);
      if (opts.json) {
        ctx.io.stdout.write(`${JSON.stringify({ step: step.id, passed: false, error: why, diagnosis: report.diagnosis.map((x) => ({ id: x.id, message: x.message })) })}\n`);
      } else ctx.io.stdout.write(formatApplyFailure(m.solveFailed(why), report.diagnosis, ctx.lang, ctx.color));
      return EXIT.failed;
    }
    const printer = opts.json ? undefined : verifyPrinter(step, ctx.lang, ctx.color, ctx.io.stdout);
    const r = await runVerify(d, step, { record: true, onEvent: printer?.onEvent });
    if (printer) printer.done(r);
    else ctx.io.stdout.write(`${JSON.stringify(verifyJson(r))}\n`);
    if (r.interrupted) return EXIT.interrupted;
    return r.passed ? EXIT.ok : EXIT.failed;
  });
}

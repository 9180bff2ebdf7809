/** `emqx-lab apply <step>`: render the step for the namespace and `kubectl apply -f -` it. */
import type { GlobalOptions } from '../context.js';
import { EXIT } from '../errors.js';
import { engineMessages } from '../i18n/engine.js';
import { diagnose } from '../diagnosis/diagnose.js';
import { describeKubeError } from '../kube/describe.js';
import { applyStep } from '../engine/apply.js';
import { courseAndStep, withSession, type CommandContext } from '../engine/cli-kit.js';
import { changing } from '../engine/deps.js';
import { formatApplyFailure, formatLines } from '../engine/report.js';
import { updateProgress } from '../progress/store.js';

export async function apply(ctx: CommandContext, opts: GlobalOptions, stepRef: unknown): Promise<number> {
  const m = engineMessages[ctx.lang];
  const { course, step } = courseAndStep(ctx, stepRef);
  return withSession(ctx, opts, course, async (s, d) => {
    updateProgress(ctx.home, s.progressKey, s.namespace, (p) => {
      (p.steps[step.id] ??= {}).startedAt ??= new Date(ctx.now()).toISOString();
    });
    if (!opts.json) ctx.io.stdout.write(`${m.applying(step.number, s.namespace)}\n`);
    const out = await changing(d, () => applyStep(s.kube, step, ctx.lang));
    if (!out.error) {
      if (opts.json) ctx.io.stdout.write(`${JSON.stringify({ step: step.id, applied: true, lines: out.lines })}\n`);
      else ctx.io.stdout.write(`${formatLines(out.lines, ctx.lang)}${m.verifyNext(step.number)}\n`);
      return EXIT.ok;
    }
    const report = await diagnose(s.kube, d.course.diagnoses, ctx.lang, { applyError: out.error.stderr });
    const why = describeKubeError(out.error, ctx.lang);
    if (opts.json) {
      ctx.io.stdout.write(
        `${JSON.stringify({ step: step.id, applied: false, lines: out.lines, error: why, diagnosis: report.diagnosis.map((x) => ({ id: x.id, message: x.message })) })}\n`,
      );
    } else {
      ctx.io.stdout.write(formatLines(out.lines, ctx.lang));
      ctx.io.stdout.write(formatApplyFailure(m.applyFailed(why), report.diagnosis, ctx.lang, ctx.color));
    }
    return out.error.kind === 'forbidden' ? EXIT.environment : EXIT.failed;
  });
}

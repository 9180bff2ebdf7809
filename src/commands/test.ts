/**
 * `emqx-lab test [<step>...] [--json] [--junit FILE] [--mistakes]`: the content self-test. Exit 0 only if
 * every step did what it must. With --json, stdout carries only the JSON; progress goes to stderr.
 */
import { accessSync, constants, statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { GlobalOptions } from '../context.js';
import { EXIT, usageError } from '../errors.js';
import type { Lang } from '../i18n/lang.js';
import { engineMessages } from '../i18n/engine.js';
import { safetyMessages } from '../i18n/safety.js';
import { makeStyle } from '../markdown/style.js';
import { withSession, type CommandContext } from '../engine/cli-kit.js';
import { changing } from '../engine/deps.js';
import { junitXml } from '../engine/junit.js';
import { selfTest, stepPassed } from '../engine/selftest.js';
import { loadCourseOrFail, resolveStep, simEnv } from '../engine/session.js';

/** The self-test on the simulated cluster runs its clock this much faster unless EMQX_LAB_SIM_SPEED says. */
export const SELF_TEST_SIM_SPEED = 50;

function checkWritable(path: string, shown: string, lang: Lang): void {
  const st = statSync(path, { throwIfNoEntry: false });
  const dir = statSync(dirname(path), { throwIfNoEntry: false });
  let ok = Boolean(dir?.isDirectory()) && !st?.isDirectory();
  if (ok) {
    try {
      accessSync(st ? path : dirname(path), constants.W_OK);
    } catch {
      ok = false;
    }
  }
  if (!ok) throw usageError(safetyMessages[lang].junitFailedExit(shown));
}

export async function test(
  ctx: CommandContext,
  opts: GlobalOptions & { junit?: string; mistakes?: boolean },
  refs: unknown = [],
): Promise<number> {
  const m = engineMessages[ctx.lang];
  // A report that cannot be written is known before a self-test of minutes: said first (exit 2).
  if (opts.junit) checkWritable(resolve(ctx.cwd, opts.junit), opts.junit, ctx.lang);
  const course = loadCourseOrFail(ctx);
  const list = Array.isArray(refs) ? refs : [refs];
  const chosen = list.length ? list.map((r) => resolveStep(course, r, ctx.lang)) : course.steps;
  const steps = course.steps.filter((s) => chosen.includes(s));
  const st = makeStyle(ctx.color && !opts.json);
  const progress = opts.json ? ctx.io.stderr : ctx.io.stdout;
  const start = ctx.now();
  const runCtx = opts.sim ? { ...ctx, env: simEnv(ctx.env, SELF_TEST_SIM_SPEED) } : ctx;
  return withSession(runCtx, opts, course, async (_s, d) => {
    let current = '';
    // The self-test changes the namespace from start to end: it holds the lock throughout.
    const result = await changing(d, () => selfTest(d, steps, {
      mistakes: opts.mistakes,
      onPhase(step, phase, outcome, detail) {
        if (current !== step.id) progress.write(`${st.bold(m.testStep(step.number, step.id))}\n`);
        current = step.id;
        const word = outcome === 'pass' ? st.green(m.testPass) : outcome === 'fail' ? st.red(m.testFail) : st.gray(m.testSkip);
        progress.write(`  ${m.testPhase(phase, word)}${detail && outcome === 'fail' ? ` — ${detail}` : ''}\n`);
      },
    }));
    let junitLost = false;
    if (opts.junit) {
      try {
        writeFileSync(resolve(ctx.cwd, opts.junit), junitXml(result));
        progress.write(`${m.junitWritten(opts.junit)}\n`);
      } catch (e) {
        // CI reads the report: a run whose report was not written must not look green (exit 3 below).
        ctx.io.stderr.write(`${m.junitFailed(opts.junit, (e as Error).message)}\n${safetyMessages[ctx.lang].junitFailedExit(opts.junit)}\n`);
        junitLost = true;
      }
    }
    if (opts.json) ctx.io.stdout.write(`${JSON.stringify(result)}\n`);
    else {
      const ok = result.steps.filter(stepPassed).length;
      const line = m.testSummary(ok, steps.length, ((ctx.now() - start) / 1000).toFixed(1));
      ctx.io.stdout.write(`${result.passed ? st.green(line) : st.red(line)}\n`);
    }
    if (ctx.signal.aborted) return EXIT.interrupted;
    if (junitLost) return EXIT.environment;
    return result.passed ? EXIT.ok : EXIT.failed;
  });
}

/**
 * `emqx-lab lint [PATH...]`: every problem in lesson and manifest files as `file:line:col message`, sorted,
 * all in one run. Exit 2 when any is an error; warnings alone exit 0. --json prints the problems as data.
 */
import type { Context, GlobalOptions } from '../context.js';
import { EXIT } from '../errors.js';
import { lintMessages } from '../i18n/lint.js';
import { courseRoot } from '../lint/load-or-report.js';
import { lintPaths } from '../lint/run.js';
import type { LintProblem } from '../lint/types.js';
import { makeStyle } from '../markdown/style.js';
import { clipLong } from '../util/clip.js';

export async function lint(ctx: Context, opts: GlobalOptions, paths: unknown = []): Promise<number> {
  const m = lintMessages[ctx.lang];
  const inputs = Array.isArray(paths) && paths.length ? paths.map(String) : [courseRoot(ctx.env)];
  const { problems, files } = await lintPaths(inputs, { lang: ctx.lang, cwd: ctx.cwd, signal: ctx.signal });
  if (ctx.signal.aborted) return EXIT.interrupted;
  const errors = problems.filter((p) => p.severity === 'error').length;
  if (opts.json) {
    const data = problems.map(({ file, line, col, severity, message, rule }) => ({ file, line, col, severity, message, rule }));
    ctx.io.stdout.write(`${JSON.stringify(data, null, 2)}\n`);
  } else {
    const style = makeStyle(ctx.color);
    // A problem may quote the file (a key, a name): never a megabyte of it, never its control characters.
    for (const p of problems) ctx.io.stdout.write(`${formatLintProblem({ ...p, message: clipLong(p.message, ctx.lang) }, m.warningPrefix, style)}\n`);
    const warnings = problems.length - errors;
    const summary = problems.length ? m.summary(errors, warnings, files) : m.summaryClean(files);
    ctx.io.stdout.write(`${errors ? style.red(summary) : problems.length ? style.yellow(summary) : style.green(summary)}\n`);
  }
  return errors ? EXIT.usage : EXIT.ok;
}

/** `file:line:col message`; a warning says so before its message. */
export function formatLintProblem(p: LintProblem, warningPrefix: string, style = makeStyle(false)): string {
  const where = `${p.file}:${p.line}:${p.col}`;
  const message = p.severity === 'warning' ? `${style.yellow(warningPrefix)}${p.message}` : p.message;
  return `${style.bold(where)} ${message}`;
}

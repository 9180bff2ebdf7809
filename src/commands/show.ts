/**
 * `emqx-lab show <step>`: the step's text rendered for the terminal, then its manifests rendered for the
 * learner's namespace, one heading per file. With --json: the same as data.
 */
import stringWidth from 'string-width';
import type { Context, GlobalOptions } from '../context.js';
import { findStep } from '../course/load.js';
import { DEFAULT_NAMESPACE, renderStep, toYamlStream } from '../course/render.js';
import { EXIT, usageError } from '../errors.js';
import { showMessages } from '../i18n/show.js';
import { loadOrReport } from '../lint/load-or-report.js';
import { renderMarkdown } from '../markdown/render.js';
import { makeStyle } from '../markdown/style.js';
import { styleYaml } from '../markdown/yaml-style.js';

export async function show(ctx: Context, opts: GlobalOptions, ref: unknown): Promise<number> {
  const m = showMessages[ctx.lang];
  const course = loadOrReport(ctx);
  if (!course) return EXIT.usage;
  const step = findStep(course, String(ref ?? ''));
  if (!step) throw usageError(m.unknownStep(String(ref ?? ''), course.steps.map((s) => s.id).join(', ')));
  const namespace = opts.namespace ?? DEFAULT_NAMESPACE;
  const manifests = renderStep(step, namespace, ctx.lang).map((r) => ({ file: r.file, yaml: toYamlStream([r]) }));
  const text = step.text[ctx.lang];
  if (opts.json) {
    const out = { number: step.number, id: step.id, title: step.lesson.title[ctx.lang], namespace, text, manifests };
    ctx.io.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
    return EXIT.ok;
  }
  const width = ctx.io.stdout.columns || 80;
  const style = makeStyle(ctx.color);
  const out: string[] = [style.dim(m.stepOf(step.number, course.steps.length, step.id)), ''];
  out.push(renderMarkdown(text, { width, color: ctx.color }).trimEnd(), '');
  const heading = m.manifests(namespace);
  out.push(style.combine('bold', 'cyan')(heading), style.dim('═'.repeat(Math.min(width, stringWidth(heading)))), '');
  for (const f of manifests) {
    const rule = '─'.repeat(Math.max(2, Math.min(width, 60) - f.file.length - 4));
    out.push(`${style.dim('──')} ${style.bold(f.file)} ${style.dim(rule)}`, '');
    out.push(...styleYaml(f.yaml, style).map((l) => (l ? `  ${l}` : '')), '');
  }
  ctx.io.stdout.write(`${out.join('\n').trimEnd()}\n`);
  return EXIT.ok;
}

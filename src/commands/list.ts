/**
 * `emqx-lab list [--json]`: the steps and their state for this (context, namespace). It starts fast: no
 * kubectl (the context name comes from the kubeconfig file), and nothing imported beyond the course loader
 * and the progress store.
 */
import type { Context, GlobalOptions } from '../context.js';
import { DEFAULT_NAMESPACE } from '../course/constants.js';
import { EXIT } from '../errors.js';
import { showMessages } from '../i18n/show.js';
import { readCourseIndex, type IndexedStep } from '../course/course-index.js';
import { packageRoot } from '../util/paths.js';
import { narrowWidth } from '../util/narrow-width.js';
import { makeStyle } from '../markdown/style.js';
import { existsSync } from 'node:fs';
import { dirname } from 'node:path';
import { contextName, NO_CONTEXT } from '../progress/context-name.js';
import { progressPath, readProgress } from '../progress/store.js';
import { currentStep, stepStates, type StepState } from '../progress/unlock.js';

export interface ListedStep {
  number: number;
  id: string;
  title: string;
  state: StepState;
}

export async function list(ctx: Context, opts: GlobalOptions): Promise<number> {
  const m = showMessages[ctx.lang];
  const indexed = await courseSteps(ctx);
  if (!indexed) return EXIT.usage;
  const context = contextName(opts, ctx.env);
  const namespace = opts.namespace ?? DEFAULT_NAMESPACE;
  const path = progressPath(ctx.home, context, namespace);
  // Missing where progress for this context was kept before (the file deleted, not a first run): list stays
  // free of kubectl for a new learner, and asks the cluster only when a record is known to have existed.
  const lost = !existsSync(path) && existsSync(dirname(path));
  let { progress, setAside } = readProgress(ctx.home, context, namespace, ctx.now);
  if (setAside) ctx.io.stderr.write(`emqx-lab: ${m.progressSetAside(setAside)}\n`);
  // No usable local record: the namespace's progress record may have the passes (engine/list-restore.ts decides
  // whether a cluster is worth asking, and asks briefly).
  if ((lost || setAside) && (opts.sim || context !== NO_CONTEXT)) {
    const { restoreForList } = await import('../engine/list-restore.js');
    if (await restoreForList(ctx, opts, context, namespace, indexed.map((s) => s.id))) ({ progress } = readProgress(ctx.home, context, namespace, ctx.now));
  }
  const ids = indexed.map((s) => s.id);
  const states = stepStates(ids, progress);
  const steps: ListedStep[] = indexed.map((s, i) => ({
    number: s.number,
    id: s.id,
    title: s.title[ctx.lang],
    state: states[i],
  }));
  if (opts.json) {
    ctx.io.stdout.write(`${JSON.stringify({ context, namespace, steps }, null, 2)}\n`);
    return EXIT.ok;
  }
  const current = currentStep(ids, progress);
  // The width table is loaded only for titles that may hold wide characters (Chinese ones).
  const width = steps.every((s) => narrowWidth(s.title) !== undefined) ? (t: string) => narrowWidth(t)! : (await import('../util/width.js')).plainWidth;
  ctx.io.stdout.write(renderList(steps, current, { context, namespace, color: ctx.color, lang: ctx.lang, width }));
  return EXIT.ok;
}

/**
 * The steps from the build-time index when it matches the lessons on disk (no YAML or schema work), else
 * from the full loader, which also reports any problem in the course.
 */
async function courseSteps(ctx: Pick<Context, 'env' | 'lang' | 'io'>): Promise<IndexedStep[] | undefined> {
  const fast = ctx.env.EMQX_LAB_COURSE ? undefined : readCourseIndex(packageRoot());
  if (fast) return fast;
  const { loadOrReport } = await import('../lint/load-or-report.js');
  const course = loadOrReport(ctx);
  return course?.steps.map((s) => ({ number: s.number, id: s.id, title: s.lesson.title }));
}

export function renderList(
  steps: ListedStep[],
  current: string | undefined,
  o: { context: string; namespace: string; color: boolean; lang: 'en' | 'zh'; width: (text: string) => number },
): string {
  const m = showMessages[o.lang];
  const style = makeStyle(o.color);
  const label: Record<StepState, string> = { locked: m.stateLocked, available: m.stateAvailable, passed: m.statePassed };
  const paint: Record<StepState, (s: string) => string> = { locked: style.dim, available: style.cyan, passed: style.green };
  const idWidth = Math.max(...steps.map((s) => s.id.length));
  const titleWidth = Math.max(...steps.map((s) => o.width(s.title)));
  const numWidth = String(steps.length).length;
  const lines = [style.dim(m.header(o.context, o.namespace)), ''];
  for (const s of steps) {
    const here = s.id === current;
    const title = s.title + ' '.repeat(titleWidth - o.width(s.title));
    const row = `${here ? '▸' : ' '} ${String(s.number).padStart(numWidth)}  ${s.id.padEnd(idWidth)}  ${title}  ${paint[s.state](label[s.state])}`;
    lines.push(here ? style.bold(row) : row);
  }
  lines.push('', current ? m.next(current) : m.allPassed(steps.length));
  return `${lines.map((l) => l.trimEnd()).join('\n')}\n`;
}

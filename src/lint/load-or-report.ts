/**
 * For commands that read the course (list, show): load it, or print its problems as file:line:col lines on
 * stderr so the command can exit 2. The course is the shipped one, or EMQX_LAB_COURSE (a folder holding
 * lessons/ and manifests/), the same rule the engine's commands follow.
 */
import type { Context } from '../context.js';
import { loadCourse, type Course } from '../course/load.js';
import { formatProblem } from '../course/yaml-source.js';
import { showMessages } from '../i18n/show.js';
import { packageRoot } from '../util/paths.js';

export function courseRoot(env: NodeJS.ProcessEnv): string {
  return env.EMQX_LAB_COURSE || packageRoot();
}

const SHOWN = 5;

export function loadOrReport(ctx: Pick<Context, 'env' | 'lang' | 'io'>): Course | undefined {
  const { course, problems } = loadCourse(courseRoot(ctx.env), ctx.lang);
  if (!problems.length) return course;
  // The first few, as the engine's commands do: lint lists them all.
  for (const p of problems.slice(0, SHOWN)) ctx.io.stderr.write(`${formatProblem(p)}\n`);
  ctx.io.stderr.write(`emqx-lab: ${showMessages[ctx.lang].courseBroken(problems.length)}\n`);
  return undefined;
}

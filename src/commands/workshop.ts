/**
 * `emqx-lab workshop up|down|status|solve|dashboard`: a room of learners on one cluster. The work lives in
 * src/workshop/; these functions open the session (the same context safety as every command: a cluster that
 * does not look local needs --yes), print, and pick the exit code. A room too large for the cluster is an
 * environment error (exit 3): the same N fits a bigger cluster.
 */
import { relative, resolve } from 'node:path';
import type { Context, GlobalOptions } from '../context.js';
import { EXIT, envError, LabError, usageError } from '../errors.js';
import { workshopMessages } from '../i18n/workshop.js';
import { canPrompt, confirmed, courseAndStep, type CommandContext } from '../engine/cli-kit.js';
import { engineDeps } from '../engine/deps.js';
import { formatApplyFailure, formatVerify } from '../engine/report.js';
import { isSystemNamespace, loadCourseOrFail, makeKube, openSession, type Session } from '../engine/session.js';
import { safetyMessages } from '../i18n/safety.js';
import { solveStep } from '../engine/solve.js';
import { runVerify, verifyJson } from '../engine/verify.js';
import type { Course } from '../course/load.js';
import { diagnose } from '../diagnosis/diagnose.js';
import { describeKubeError } from '../kube/describe.js';
import { KubeError } from '../kube/result.js';
import { makeStyle } from '../markdown/style.js';
import { roomFit } from '../workshop/capacity.js';
import { startDashboard } from '../workshop/dashboard/server.js';
import { dashboardPage } from '../workshop/dashboard/page.js';
import { dashboardPayload } from '../workshop/dashboard/payload.js';
import { openBrowser } from '../workshop/dashboard/open.js';
import { roomDown } from '../workshop/down.js';
import { kubeOrEnv } from '../workshop/errors.js';
import { listOf } from '../workshop/list.js';
import { courseFootprint, cpuText, memoryText, type Footprint } from '../workshop/footprint.js';
import { formatGrid } from '../workshop/grid.js';
import { checkPrefix } from '../workshop/prefix.js';
import { readRoomStatus, roomNamespaces } from '../workshop/read-room.js';
import { resolveLearner } from '../workshop/room.js';
import { seedProgress } from '../workshop/seed.js';
import { checkFit, roomNamespaceNames, roomUp } from '../workshop/up.js';

type RoomOptions = GlobalOptions & { prefix?: string };
const REFRESH_MS = 2_000;
export const DEFAULT_OUT = 'emqx-lab-workshop';

async function withRoom<T>(ctx: CommandContext, opts: GlobalOptions, course: Course, work: (s: Session) => Promise<T>): Promise<T> {
  const s = await openSession(ctx, opts, { course });
  try {
    return await kubeOrEnv(ctx.lang, () => work(s));
  } finally {
    await s.close();
  }
}

function fitLines(ctx: CommandContext, fp: Footprint, fit: ReturnType<typeof roomFit>): { line: string; details: string[] } {
  const m = workshopMessages[ctx.lang];
  const peak = fp.steps.reduce((a, s) => (s.total.pods > a.total.pods ? s : a), fp.steps[0]);
  const line = m.perLearner(fp.peak.pods, cpuText(fp.peak.cpu), memoryText(fp.peak.memory), peak ? m.stepLabel(peak.step, peak.id) : '-');
  const usable = fit.nodes.filter((n) => !n.excluded);
  const why = { tainted: m.whyTainted, cordoned: m.whyCordoned, notReady: m.whyNotReady };
  return {
    line,
    details: [
      line,
      m.freeOn(usable.length, cpuText(fit.free.cpu), memoryText(fit.free.memory)),
      ...fit.nodes.map((n) => (n.excluded ? m.nodeExcluded(n.name, why[n.excluded]) : m.nodeLine(n.name, cpuText(n.free.cpu), memoryText(n.free.memory), n.slots))),
    ],
  };
}

export async function workshopUp(ctx: CommandContext & Pick<Context, 'cwd'>, opts: RoomOptions & { learners: number; out?: string }): Promise<number> {
  const m = workshopMessages[ctx.lang];
  const st = makeStyle(ctx.color);
  const prefix = checkPrefix(opts.prefix ?? 'learner', ctx.lang);
  if (isSystemNamespace(`${prefix}-1`) && !opts.yes) throw envError(safetyMessages[ctx.lang].systemPrefix(prefix));
  const course = loadCourseOrFail(ctx);
  const fp = courseFootprint(course, ctx.lang);
  const out = resolve(ctx.cwd, opts.out ?? DEFAULT_OUT);
  const say = (s: string) => !opts.json && ctx.io.stdout.write(`${s}\n`);
  return withRoom(ctx, opts, course, async (s) => {
    const names = roomNamespaceNames(prefix, opts.learners);
    const fit = await checkFit(s.kube, fp, new Set(names));
    const { line, details } = fitLines(ctx, fp, fit);
    if (fit.learners < opts.learners) throw new LabError(m.tooMany(opts.learners, fit.learners), EXIT.environment, details);
    say(m.fitOk(opts.learners, fit.learners, line));
    const r = await roomUp(s.kube, course, fp, { prefix, learners: opts.learners, out, home: ctx.home, context: s.context, now: ctx.now(), lang: ctx.lang });
    for (const l of r.learners) say(`  ${st.green('✔')} ${l.namespace}  ${relative(ctx.cwd, l.kubeconfig) || l.kubeconfig}`);
    if (opts.json) {
      ctx.io.stdout.write(
        `${JSON.stringify({ prefix, context: s.context, server: r.server, fits: fit.learners, peak: fp.peak, learners: r.learners, kept: r.kept })}\n`,
      );
      return EXIT.ok;
    }
    say(m.upApplied(opts.learners));
    const b = fp.peak;
    say(m.upBudget(b.pods, cpuText(b.cpu), memoryText(b.memory)));
    if (r.loopback && !s.kube.sim) say(st.yellow(m.upLoopback(r.server)));
    if (r.kept.length) say(m.upKept(listOf(r.kept, ctx.lang)));
    say('');
    say(m.upHandOut);
    say(`  ${r.learners[0].command}`);
    say('');
    say(m.upNext);
    return EXIT.ok;
  });
}

export async function workshopDown(ctx: CommandContext, opts: RoomOptions): Promise<number> {
  const m = workshopMessages[ctx.lang];
  const prefix = checkPrefix(opts.prefix ?? 'learner', ctx.lang);
  const prompt = !opts.yes && canPrompt(ctx);
  if (!opts.yes && !prompt) throw usageError(m.downNeedsYes);
  const course = loadCourseOrFail(ctx);
  return withRoom(ctx, opts, course, async (s) => {
    if (prompt && !(await confirmed(ctx, m.downConfirm(prefix, s.context)))) {
      ctx.io.stdout.write(`${m.downCanceled}\n`);
      return ctx.signal.aborted ? EXIT.interrupted : EXIT.ok;
    }
    const r = await roomDown(s.kube, { home: ctx.home, context: s.context, prefix });
    if (opts.json) {
      ctx.io.stdout.write(`${JSON.stringify({ prefix, namespaces: r.namespaces, files: r.files, leftFiles: r.leftFiles })}\n`);
      return EXIT.ok;
    }
    const say = (t: string) => ctx.io.stdout.write(`${t}\n`);
    say(r.namespaces.length ? m.downNamespaces(r.namespaces.length, listOf(r.namespaces, ctx.lang)) : m.downNoNamespaces(prefix));
    if (r.files.length) say(m.downFiles(r.files.length));
    if (r.leftFiles.length) say(m.downLeftFiles(listOf(r.leftFiles, ctx.lang)));
    if (r.noRecord) say(m.downNoRecord);
    return EXIT.ok;
  });
}

export async function workshopStatus(ctx: CommandContext, opts: RoomOptions & { watch?: boolean }): Promise<number> {
  const m = workshopMessages[ctx.lang];
  const prefix = checkPrefix(opts.prefix ?? 'learner', ctx.lang);
  const course = loadCourseOrFail(ctx);
  return withRoom(ctx, opts, course, async (s) => {
    const tty = Boolean(ctx.io.stdout.isTTY);
    for (;;) {
      const namespaces = await roomNamespaces(s.kube, ctx.home, s.context, prefix);
      const room = await readRoomStatus(s.kube, course, ctx.lang, prefix, namespaces, ctx.now());
      if (ctx.signal.aborted) return EXIT.interrupted;
      if (opts.json) ctx.io.stdout.write(`${JSON.stringify(room)}\n`);
      else {
        if (opts.watch && tty) ctx.io.stdout.write('\x1b[H\x1b[2J');
        ctx.io.stdout.write(formatGrid(room, ctx.lang, ctx.color, ctx.io.stdout.columns ?? 100));
        if (opts.watch) ctx.io.stdout.write(`${makeStyle(ctx.color).dim(m.watchFooter(REFRESH_MS / 1000, new Date(ctx.now()).toLocaleTimeString()))}\n${tty ? '' : '\n'}`);
      }
      if (!opts.watch) return EXIT.ok;
      await ctx.sleep(REFRESH_MS, ctx.signal);
      if (ctx.signal.aborted) return EXIT.interrupted;
    }
  });
}

export async function workshopSolve(ctx: CommandContext, opts: RoomOptions, learnerRef: unknown, stepRef: unknown): Promise<number> {
  const m = workshopMessages[ctx.lang];
  const prefix = checkPrefix(opts.prefix ?? 'learner', ctx.lang);
  const { course, step } = courseAndStep(ctx, stepRef);
  return withRoom(ctx, opts, course, async (s) => {
    const known = await roomNamespaces(s.kube, ctx.home, s.context, prefix);
    const ns = resolveLearner(prefix, String(learnerRef ?? ''), known);
    if (!ns) throw usageError(m.unknownLearner(String(learnerRef ?? ''), prefix, listOf(known, ctx.lang)));
    // The learner's namespace, seen as the trainer: the session's context and credentials.
    const kube = makeKube(ctx, { ...opts, namespace: ns });
    const session: Session = { kube, course, namespace: ns, context: s.context, progressKey: s.progressKey, close: () => kube.close() };
    try {
      const d = engineDeps(ctx, session);
      await seedProgress(kube, ctx.home, session.progressKey, ns);
      if (!opts.json) ctx.io.stdout.write(`${m.solvingFor(step.number, ns)}\n`);
      const out = await solveStep(d, step, (l) => !opts.json && ctx.io.stdout.write(`  ${l}\n`));
      if (out.error) {
        const why = describeKubeError(out.error, ctx.lang);
        const report = await diagnose(kube, course.diagnoses, ctx.lang, { applyError: out.error.stderr });
        if (opts.json) ctx.io.stdout.write(`${JSON.stringify({ learner: ns, step: step.id, passed: false, error: why })}\n`);
        else ctx.io.stdout.write(formatApplyFailure(why, report.diagnosis, ctx.lang, ctx.color));
        return EXIT.failed;
      }
      const r = await runVerify(d, step, { record: true });
      if (opts.json) ctx.io.stdout.write(`${JSON.stringify({ learner: ns, ...verifyJson(r) })}\n`);
      // Nothing to tell the learner: their next verify reads the record and keeps this pass.
      else ctx.io.stdout.write(formatVerify(r, step, ctx.lang, ctx.color));
      if (r.interrupted) return EXIT.interrupted;
      return r.passed ? EXIT.ok : EXIT.failed;
    } finally {
      await session.close();
    }
  });
}

export async function workshopDashboard(ctx: CommandContext, opts: RoomOptions & { port?: number; open?: boolean }): Promise<number> {
  const m = workshopMessages[ctx.lang];
  const prefix = checkPrefix(opts.prefix ?? 'learner', ctx.lang);
  const course = loadCourseOrFail(ctx);
  return withRoom(ctx, opts, course, async (s) => {
    let dash;
    try {
      dash = await startDashboard({
        port: opts.port,
        intervalMs: REFRESH_MS,
        read: async () => {
          const namespaces = await roomNamespaces(s.kube, ctx.home, s.context, prefix);
          return dashboardPayload(await readRoomStatus(s.kube, course, ctx.lang, prefix, namespaces, ctx.now()), ctx.lang);
        },
        describe: (e) => (e instanceof KubeError ? describeKubeError(e, ctx.lang) : e instanceof Error ? e.message : String(e)),
        page: (_token, nonce) => dashboardPage(ctx.lang, prefix, nonce),
      });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EADDRINUSE' || (e as NodeJS.ErrnoException).code === 'EACCES') throw envError(m.portBusy(opts.port ?? 0));
      throw e;
    }
    ctx.io.stdout.write(`${m.dashboardUrl(dash.url)}\n`);
    const opened = opts.open !== false && (await openBrowser(dash.url, ctx.env));
    ctx.io.stdout.write(`${opened ? m.dashboardOpened : m.dashboardNoOpen}\n`);
    await new Promise<void>((done) => {
      if (ctx.signal.aborted) return done();
      ctx.signal.addEventListener('abort', () => done(), { once: true });
    });
    await dash.close();
    ctx.io.stdout.write(`${m.dashboardStopped}\n`);
    return EXIT.interrupted;
  });
}

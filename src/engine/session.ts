/**
 * Opening a session on a cluster, in the order safety needs: load the course, resolve the context (from
 * --context or `kubectl config current-context`), refuse a context that does not look local unless --yes,
 * then make sure the API server answers. Nothing is changed before all of that has passed; every failure is
 * a LabError (exit 3) with one paragraph saying what to do, never a stack trace.
 */
import type { Context, GlobalOptions } from '../context.js';
import { EXIT, LabError, envError, usageError } from '../errors.js';
import { readCompiledCourse } from '../course/compiled.js';
import { findStep, loadCourse, type Course, type Step } from '../course/load.js';
import { DEFAULT_NAMESPACE } from '../course/render.js';
import { engineMessages } from '../i18n/engine.js';
import { safetyMessages } from '../i18n/safety.js';
import type { Lang } from '../i18n/lang.js';
import { createKube } from '../kube/adapter.js';
import { kubectlName, notExecutable, resolveBinary } from '../kube/binary.js';
import { describeKubeError } from '../kube/describe.js';
import type { Kube } from '../kube/kube.js';
import { looksLocalName, looksLocalServer } from '../kube/local.js';
import { kubeDetail, KubeError } from '../kube/result.js';
import { failureWatch } from '../kube/persistent.js';
import { packageRoot } from '../util/paths.js';
import { contextName, SIM_CONTEXT } from '../progress/context-name.js';

export interface Session {
  kube: Kube;
  course: Course;
  namespace: string;
  /** The kubectl context in use (what people are told). */
  context: string;
  /** The name progress is filed under (the one `list` reads without running kubectl). */
  progressKey: string;
  /** 1 for a real cluster; the simulator's EMQX_LAB_SIM_SPEED with --sim (see CheckEnv.clusterSpeed). */
  clusterSpeed?: number;
  close(): Promise<void>;
}

export type SessionContext = Pick<Context, 'env' | 'lang' | 'signal'>;

/** API requests get this much time each; a black-holed server fails fast instead of hanging. */
export const REQUEST_TIMEOUT = '15s';

/** The course the commands use: the shipped one, or EMQX_LAB_COURSE (a folder with lessons/ and manifests/). */
export function loadCourseOrFail(ctx: Pick<Context, 'env' | 'lang'>): Course {
  const root = ctx.env.EMQX_LAB_COURSE || packageRoot();
  // The build's compiled copy when it matches the files: the same course, without parsing YAML at start.
  const compiled = readCompiledCourse(root);
  if (compiled) return compiled;
  const { course, problems } = loadCourse(root, ctx.lang);
  if (problems.length) {
    throw usageError(engineMessages[ctx.lang].courseBroken(problems.length), problems.slice(0, 5).map((p) => `${p.file}:${p.line}:${p.col} ${p.message}`));
  }
  return course;
}

export function resolveStep(course: Course, ref: unknown, lang: Lang): Step {
  const step = findStep(course, String(ref ?? ''));
  if (!step) throw usageError(engineMessages[lang].unknownStep(String(ref ?? ''), course.steps.length));
  return step;
}

/**
 * How fast the simulated cluster runs when EMQX_LAB_SIM_SPEED is not set: fast enough that nobody waits
 * for a pod for long, slow enough to watch pods go ContainerCreating → Running → Ready.
 */
export const DEFAULT_SIM_SPEED = 10;

/**
 * The environment the simulator runs in: EMQX_LAB_SIM_SPEED as set, else `fallback`. The simulator makes no
 * TLS connection, so NODE_EXTRA_CA_CERTS (which node reads at every start, ~40 ms here) is left out.
 */
export function simEnv(env: NodeJS.ProcessEnv, fallback = DEFAULT_SIM_SPEED): NodeJS.ProcessEnv {
  const { NODE_EXTRA_CA_CERTS: _unused, ...rest } = env;
  return { ...rest, EMQX_LAB_SIM_SPEED: env.EMQX_LAB_SIM_SPEED || String(fallback) };
}

export function makeKube(ctx: SessionContext, opts: GlobalOptions, o: { watch?: boolean } = {}): Kube {
  const binary = resolveBinary(opts, ctx.env);
  const namespace = opts.namespace ?? DEFAULT_NAMESPACE;
  return createKube({
    // A command's session stops once kubectl keeps failing the same way (kube/persistent.ts).
    watch: o.watch ? failureWatch({ lang: ctx.lang, namespace, sim: binary.sim, bin: kubectlName(opts, ctx.env) }) : undefined,
    binary,
    env: binary.sim ? simEnv(ctx.env) : ctx.env,
    signal: ctx.signal,
    // The simulator has one context of its own; kubeconfig flags would only confuse it.
    target: binary.sim
      ? { namespace, requestTimeout: REQUEST_TIMEOUT }
      : { namespace, context: opts.context, kubeconfig: opts.kubeconfig, requestTimeout: REQUEST_TIMEOUT },
  });
}

/** Turn a failure of the preflight calls into the paragraph a person needs. */
function envFailure(e: unknown, lang: Lang, context: string, server: string, bin: string): never {
  const m = engineMessages[lang];
  if (!(e instanceof KubeError)) throw e;
  switch (e.kind) {
    case 'notInstalled':
      throw envError(notExecutable(bin) ? safetyMessages[lang].kubectlNotExecutable(bin) : m.notInstalled(bin));
    case 'config':
      throw envError(m.noContext(kubeDetail(e, lang)));
    case 'unauthorized':
      throw envError(m.unauthorized(context, kubeDetail(e, lang)));
    case 'unreachable':
    case 'timeout':
      throw envError(m.unreachable(context, server, e.kind === 'timeout' ? describeKubeError(e, lang) : kubeDetail(e, lang)));
    default:
      throw envError(describeKubeError(e, lang));
  }
}

/** Resolve the context and refuse a non-local one (unless --yes). Returns the context and its server. */
export async function guardContext(kube: Kube, ctx: SessionContext, opts: GlobalOptions): Promise<{ context: string; server: string }> {
  // The simulator is this machine by definition: no question to ask it.
  if (kube.sim) return { context: SIM_CONTEXT, server: '' };
  let context = '';
  let server = '';
  try {
    context = opts.context || (await kube.currentContext());
    if (!looksLocalName(context)) {
      server = (await kube.clusterInfo()).server ?? '';
      if (!looksLocalServer(server) && !opts.yes) throw envError(engineMessages[ctx.lang].refused(context, server));
    }
  } catch (e) {
    envFailure(e, ctx.lang, context, server, kubectlName(opts, ctx.env));
  }
  return { context, server };
}

/**
 * The guard for a call whose server is chosen by kubectl's own `--server` or `--cluster` flag: the server
 * decides (a context name says nothing about a cluster it no longer uses). A `--cluster` kubectl cannot
 * find reaches nothing: kubectl itself reports it.
 */
export async function guardServer(kube: Kube, ctx: SessionContext, opts: GlobalOptions, chosen: { cluster?: string; server?: string }): Promise<void> {
  if (opts.yes) return;
  let server = chosen.server;
  const flag = server !== undefined ? '--server' : '--cluster';
  try {
    if (server === undefined) {
      const found = (await kube.clusters()).find((c) => c.name === chosen.cluster);
      if (!found) return;
      server = found.server ?? '';
    }
  } catch (e) {
    envFailure(e, ctx.lang, opts.context ?? '', '', kubectlName(opts, ctx.env));
  }
  if (!looksLocalServer(server)) throw envError(engineMessages[ctx.lang].refusedServer(server, flag));
}

/** The cluster's own namespaces: the lab would create and later delete its objects among the cluster's. */
export function isSystemNamespace(ns: string): boolean {
  return ns === 'default' || ns === 'kube' || ns.startsWith('kube-');
}

/** Refuse a system namespace unless --yes, before any kubectl runs (exit 3, like a non-local context). */
export function guardNamespace(ns: string, lang: Lang, yes?: boolean): void {
  if (isSystemNamespace(ns) && !yes) throw envError(safetyMessages[lang].systemNamespace(ns));
}

/** Make sure the API server answers (one `kubectl version` call). */
export async function guardReachable(kube: Kube, ctx: SessionContext, opts: GlobalOptions, context: string, known: string): Promise<void> {
  try {
    await kube.version();
  } catch (e) {
    let server = known;
    if (!server && e instanceof KubeError && (e.kind === 'unreachable' || e.kind === 'timeout')) {
      server = (await kube.clusterInfo().catch(() => ({ server: '' }))).server ?? '';
    }
    envFailure(e, ctx.lang, context, server, kubectlName(opts, ctx.env));
  }
}

/** The simulator's clock speed as makeKube sets it, read the way the simulator reads it. */
export function simSpeed(env: NodeJS.ProcessEnv): number {
  const v = Number(simEnv(env).EMQX_LAB_SIM_SPEED);
  return Number.isFinite(v) && v > 0 ? v : 1;
}

export async function openSession(
  ctx: SessionContext,
  opts: GlobalOptions,
  need: { reachable?: boolean; kube?: Kube; course?: Course } = {},
): Promise<Session> {
  const course = need.course ?? loadCourseOrFail(ctx);
  guardNamespace(opts.namespace ?? DEFAULT_NAMESPACE, ctx.lang, opts.yes);
  const kube = need.kube ?? makeKube(ctx, opts, { watch: true });
  try {
    const { context, server } = await guardContext(kube, ctx, opts);
    if (need.reachable !== false) await guardReachable(kube, ctx, opts, context, server);
    return {
      kube,
      course,
      namespace: kube.target.namespace,
      context,
      progressKey: contextName(opts, ctx.env),
      clusterSpeed: opts.sim ? simSpeed(ctx.env) : 1,
      close: () => kube.close(),
    };
  } catch (e) {
    await kube.close();
    // Ctrl-C during the preflight calls: an interruption (130), whatever the canceled call then said.
    if (ctx.signal.aborted) throw new LabError(engineMessages[ctx.lang].interruptedRun, EXIT.interrupted);
    throw e;
  }
}

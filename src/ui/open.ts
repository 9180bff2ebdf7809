/**
 * Opening the lab: the preflight (doctor), the choices when there is no cluster, the confirmation for a
 * context that does not look local, then the engine session and its LabPort.
 */
import type { Context, GlobalOptions } from '../context.js';
import { LabError } from '../errors.js';
import { runDoctor, type DoctorReport } from '../engine/doctor.js';
import { loadCourseOrFail, makeKube, openSession } from '../engine/session.js';
import { readProgress } from '../progress/store.js';
import { enginePort } from './engine-port.js';
import type { LabIo } from './io.js';
import { Leave } from './leave.js';
import type { LabPort } from './port.js';
import { blockingLines, chooseSetup, confirmNotLocal, noteLines, providersOnPath, verdict, withSpinner, type Provider } from './preflight.js';
import { print } from './step-screen.js';
import { offerRestore } from './restore-offer.js';
import { localRecordMissing } from '../engine/restore.js';

/** The whole preflight gets this long; after it, whatever is still waiting is cancelled ("no cluster"). */
export const PREFLIGHT_DEADLINE_MS = 40_000;

type OpenContext = Pick<Context, 'env' | 'lang' | 'home' | 'now' | 'sleep' | 'io' | 'cwd' | 'color'>;

type ClusterCreate = (ctx: Context, opts: GlobalOptions & { provider?: string; name?: string }) => Promise<number>;

/** `emqx-lab cluster create` when the trainer's kit has it (it is loaded lazily, like every command). */
async function clusterCommand(): Promise<ClusterCreate | undefined> {
  try {
    const mod = (await import(new URL('../commands/cluster.js', import.meta.url).href)) as { clusterCreate?: ClusterCreate };
    return typeof mod.clusterCreate === 'function' ? mod.clusterCreate : undefined;
  } catch {
    return undefined;
  }
}

async function doctorWithDeadline(ctx: OpenContext, opts: GlobalOptions, io: LabIo): Promise<DoctorReport> {
  const pre = new AbortController();
  const onAbort = () => pre.abort();
  io.signal.addEventListener('abort', onAbort, { once: true });
  const timer = setTimeout(() => pre.abort(), PREFLIGHT_DEADLINE_MS);
  const kube = makeKube({ env: ctx.env, lang: ctx.lang, signal: pre.signal }, opts);
  try {
    const course = loadCourseOrFail(ctx);
    const kubectlName = opts.kubectl || ctx.env.EMQX_LAB_KUBECTL || 'kubectl';
    return await runDoctor(kube, course, ctx.lang, { context: opts.context, kubectlName });
  } finally {
    clearTimeout(timer);
    io.signal.removeEventListener('abort', onAbort);
    await kube.close();
  }
}

export async function openLab(ctx: OpenContext, opts: GlobalOptions, io: LabIo): Promise<LabPort> {
  const o: GlobalOptions = { ...opts };
  for (;;) {
    if (io.signal.aborted) throw new Leave('interrupt');
    if (!o.sim) {
      const report = await withSpinner(io, io.m.preflight, () => doctorWithDeadline(ctx, o, io));
      if (io.signal.aborted) throw new Leave('interrupt');
      const v = verdict(report);
      if (v.noCluster) {
        print(io, [...blockingLines(report, io), io.m.noCluster]);
        const create = await clusterCommand();
        const choice = await chooseSetup(providersOnPath(ctx.env), Boolean(create), ctx.home, io);
        if (choice.kind === 'sim') {
          o.sim = true;
          print(io, [io.style.dim(io.m.simNextTime)]);
        }
        if (choice.kind === 'create' && create) await createCluster(create, choice.provider, ctx, o, io);
        continue;
      }
      if (v.notLocal && !o.yes) {
        if (!(await confirmNotLocal(v.notLocal, report.context ?? '', io))) throw new Leave('quit');
        o.yes = true;
      }
      const notes = noteLines(v.notes, io);
      if (notes.length) print(io, notes);
    }
    const session = await withSpinner(io, o.sim ? io.m.preflightSim : io.m.preflight, () =>
      openSession({ env: ctx.env, lang: ctx.lang, signal: io.signal }, o),
    );
    const missing = localRecordMissing(ctx.home, session.progressKey, session.namespace);
    const { setAside } = readProgress(ctx.home, session.progressKey, session.namespace, ctx.now);
    if (setAside) print(io, [io.style.yellow(io.m.progressSetAside(setAside))]);
    // No usable local record: offer the passes the namespace's progress record still holds.
    if (missing || setAside) await offerRestore(ctx, session, io);
    const port = enginePort(ctx, session, io.signal);
    const where = port.sim ? io.m.whereSim(port.namespace) : io.m.where(port.context, port.namespace);
    print(io, [io.style.dim(io.m.preflightOk(where)), '']);
    return port;
  }
}

async function createCluster(create: ClusterCreate, provider: Provider, ctx: OpenContext, o: GlobalOptions, io: LabIo): Promise<void> {
  print(io, [io.m.creating(`emqx-lab cluster create --provider ${provider}`)]);
  // The kit's defaults: kind cluster `emqx-lab`, minikube profile `minikube` (a context the lab treats as local).
  let code: number;
  try {
    code = await create({ ...ctx, signal: io.signal } as Context, { ...o, provider });
  } catch (e) {
    // kind or minikube failed (no Docker, say): show why, then offer the choices again.
    if (!(e instanceof LabError)) throw e;
    print(io, [io.style.red(e.message), ...e.details.map((d) => `  ${d}`)]);
    code = e.exitCode;
  }
  if (io.signal.aborted) throw new Leave('interrupt');
  if (code !== 0) print(io, [io.style.red(io.m.createFailed(code))]);
}

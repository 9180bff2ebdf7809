/**
 * `emqx-lab prepare`: the images the course's manifests run (read from the rendered course), present on
 * every node before class. The route (kind load, minikube image load, or a pre-pull DaemonSet) follows
 * from the context name and is said first (src/workshop/prepare.ts).
 */
import type { GlobalOptions } from '../context.js';
import { envError, EXIT } from '../errors.js';
import { workshopMessages } from '../i18n/workshop.js';
import type { CommandContext } from '../engine/cli-kit.js';
import { courseImages } from '../engine/doctor.js';
import { loadCourseOrFail, makeKube, openSession } from '../engine/session.js';
import { makeStyle } from '../markdown/style.js';
import { kubeOrEnv } from '../workshop/errors.js';
import { listOf } from '../workshop/list.js';
import { loadIntoKind, loadIntoMinikube, routeFor } from '../workshop/prepare.js';
import { PREPARE_NAMESPACE } from '../workshop/prepull.js';
import { runPrepull } from '../workshop/prepull-run.js';
import { which } from '../workshop/which.js';

const POLL_MS = 2_000;
const PREPULL_TIMEOUT_MS = 20 * 60_000;

export async function prepare(ctx: CommandContext, opts: GlobalOptions): Promise<number> {
  const m = workshopMessages[ctx.lang];
  const st = makeStyle(ctx.color);
  const out = ctx.io.stdout;
  const course = loadCourseOrFail(ctx);
  const session = await openSession(ctx, opts, { course });
  try {
    const images = courseImages(course, session.namespace, ctx.lang);
    const route = routeFor(session.context, session.kube.sim);
    out.write(`${m.prepareImages(listOf(images, ctx.lang))}\n`);
    const need = (name: string) => {
      const path = which(name, ctx.env);
      if (!path) throw envError(m.toolMissing(name), name === 'docker' ? [m.installDocker] : name === 'kind' ? [m.installKind] : [m.installMinikube]);
      return path;
    };
    if (route.kind === 'kind') {
      out.write(`${m.routeKind(session.context, route.cluster)}\n`);
      await loadIntoKind(ctx, images, route.cluster, { docker: need('docker'), kind: need('kind') });
    } else if (route.kind === 'minikube') {
      out.write(`${m.routeMinikube(session.context)}\n`);
      await loadIntoMinikube(ctx, images, route.profile, need('minikube'));
    } else {
      out.write(`${m.routeDaemonSet(session.context, PREPARE_NAMESPACE)}\n`);
      const kube = makeKube(ctx, { ...opts, namespace: PREPARE_NAMESPACE });
      const cleanup = makeKube({ ...ctx, signal: new AbortController().signal }, { ...opts, namespace: PREPARE_NAMESPACE });
      try {
        const r = await kubeOrEnv(ctx.lang, () =>
          runPrepull(ctx, kube, cleanup, images, { intervalMs: POLL_MS, timeoutMs: PREPULL_TIMEOUT_MS }, (e) => {
            if (e.type === 'node-done') out.write(`${st.green(m.nodeDone(e.node, e.images))}\n`);
            else if (e.type === 'problem') out.write(`${st.yellow(m.nodeProblem(e.node, e.problem))}\n`);
            else if (e.type === 'waiting') out.write(`${st.dim(m.prepullWaiting(e.done, e.total))}\n`);
            else out.write(`${st.dim(m.prepullRemoved(PREPARE_NAMESPACE))}\n`);
          }),
        );
        if (r.interrupted) {
          out.write(`${m.interrupted}\n`);
          return EXIT.interrupted;
        }
        if (r.missing.length || r.done.length < r.total) {
          throw envError(m.prepullTimeout(PREPULL_TIMEOUT_MS / 60_000, listOf(r.missing.map((n) => n.node), ctx.lang) || '?'));
        }
        out.write(`${m.prepareDone(r.total)}\n`);
        return EXIT.ok;
      } finally {
        await kube.close();
        await cleanup.close();
      }
    }
    if (ctx.signal.aborted) {
      out.write(`${m.interrupted}\n`);
      return EXIT.interrupted;
    }
    out.write(`${m.prepareLoaded}\n`);
    return EXIT.ok;
  } finally {
    await session.close();
  }
}

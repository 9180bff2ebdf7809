/**
 * `emqx-lab cluster create [--provider kind|minikube] [--name NAME]`: a three-node local cluster with a
 * default StorageClass (src/workshop/cluster-create.ts), with whichever of kind and minikube is installed
 * (kind first). Neither: exit 3 with how to install them on Linux, macOS and Windows.
 */
import type { GlobalOptions } from '../context.js';
import { envError, EXIT } from '../errors.js';
import { workshopMessages } from '../i18n/workshop.js';
import type { CommandContext } from '../engine/cli-kit.js';
import { makeKube } from '../engine/session.js';
import { createKind, createMinikube, KIND_DEFAULT_NAME, MINIKUBE_DEFAULT_PROFILE, type Provider } from '../workshop/cluster-create.js';
import { kubeOrEnv } from '../workshop/errors.js';
import { which } from '../workshop/which.js';

type ClusterOptions = GlobalOptions & { provider?: Provider; name?: string };

export async function clusterCreate(ctx: CommandContext, opts: ClusterOptions): Promise<number> {
  const m = workshopMessages[ctx.lang];
  const out = ctx.io.stdout;
  if (opts.sim) {
    out.write(`${m.simIsCluster}\n`);
    return EXIT.ok;
  }
  const install = (p?: Provider) => [...(p !== 'minikube' ? [m.installKind] : []), ...(p !== 'kind' ? [m.installMinikube] : []), m.installDocker];
  let provider: Provider;
  let path: string | undefined;
  if (opts.provider) {
    provider = opts.provider;
    path = which(provider, ctx.env);
    if (!path) throw envError(m.providerMissing(provider), install(provider));
  } else {
    const kind = which('kind', ctx.env);
    const minikube = kind ? undefined : which('minikube', ctx.env);
    if (!kind && !minikube) throw envError(m.noProvider, install());
    provider = kind ? 'kind' : 'minikube';
    path = kind ?? minikube;
  }
  out.write(`${m.providerChosen(provider, path!)}\n`);
  const created = await kubeOrEnv(ctx.lang, () =>
    provider === 'kind'
      ? createKind(ctx, opts.name ?? KIND_DEFAULT_NAME, path!)
      : createMinikube(ctx, opts.name ?? MINIKUBE_DEFAULT_PROFILE, path!, (context) => makeKube(ctx, { ...opts, sim: false, context })),
  );
  if (ctx.signal.aborted) {
    out.write(`${m.interrupted}\n`);
    return EXIT.interrupted;
  }
  if (provider === 'minikube' && created.context !== MINIKUBE_DEFAULT_PROFILE) out.write(`${m.minikubeProfileNotLocal(created.context)}\n`);
  out.write(`${m.clusterReady(created.context)}\n`);
  return EXIT.ok;
}

/**
 * Making the course's images present on every node before class, by the cheapest route the cluster offers:
 *   kind-<name>  load them from this machine's image store (`docker pull` only when missing there, then one
 *                `kind load docker-image ... --name <name>`: every node gets them, no registry involved);
 *   minikube     `minikube image load` (every node of the profile);
 *   otherwise    (and the simulator) a pre-pull DaemonSet: see prepull.ts.
 * The route is decided from the context name and said before anything runs.
 */
import { SIM_CONTEXT } from '../progress/context-name.js';
import type { ToolResult } from '../kube/tool.js';
import { runShown, type ShownContext } from './run-shown.js';

export type Route = { kind: 'kind'; cluster: string } | { kind: 'minikube'; profile: string } | { kind: 'daemonset' };

export function routeFor(context: string, sim: boolean): Route {
  if (sim || context === SIM_CONTEXT) return { kind: 'daemonset' };
  const k = /^kind-(.+)$/.exec(context);
  if (k) return { kind: 'kind', cluster: k[1] };
  if (context === 'minikube') return { kind: 'minikube', profile: 'minikube' };
  return { kind: 'daemonset' };
}

export function dockerInspectArgs(image: string): string[] {
  return ['image', 'inspect', '--format', '{{.Id}}', image];
}

export function dockerPullArgs(image: string): string[] {
  return ['pull', image];
}

export function kindLoadArgs(images: string[], cluster: string): string[] {
  return ['load', 'docker-image', ...images, '--name', cluster];
}

export function minikubeLoadArgs(image: string, profile: string): string[] {
  return ['image', 'load', image, '--profile', profile];
}

/** Every image in the local store (pulled if missing), then one `kind load`. */
export async function loadIntoKind(ctx: ShownContext, images: string[], cluster: string, paths: { docker: string; kind: string }): Promise<void> {
  for (const image of images) {
    const r: ToolResult = await runShown(ctx, 'docker', dockerInspectArgs(image), { quiet: true, allowFailure: true, path: paths.docker });
    if (ctx.signal.aborted) return;
    if (r.exitCode !== 0) await runShown(ctx, 'docker', dockerPullArgs(image), { path: paths.docker });
    if (ctx.signal.aborted) return;
  }
  await runShown(ctx, 'kind', kindLoadArgs(images, cluster), { path: paths.kind });
}

export async function loadIntoMinikube(ctx: ShownContext, images: string[], profile: string, path: string): Promise<void> {
  for (const image of images) {
    await runShown(ctx, 'minikube', minikubeLoadArgs(image, profile), { path });
    if (ctx.signal.aborted) return;
  }
}

/**
 * A three-node local cluster (one control plane, two workers, as in the seed) with a default StorageClass.
 *   kind:     one `kind create cluster` with a config file naming the three nodes; kind installs its
 *             `standard` StorageClass (local-path, the default) itself. Context `kind-<name>`.
 *   minikube: `minikube start --nodes 3`. Its default hostpath provisioner does not work across nodes (a
 *             volume is made on whichever node the provisioner runs on: minikube#12165), so the CSI hostpath
 *             driver is enabled and made the default class instead, and the old default switched off.
 *             Profile `minikube` unless --name says otherwise: that is the context name the lab treats as
 *             local.
 * Each command is shown before it runs. Creating an existing kind cluster is skipped, not an error.
 */
import { join } from 'node:path';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import type { Context } from '../context.js';
import { workshopMessages } from '../i18n/workshop.js';
import type { Kube } from '../kube/kube.js';
import { patchMergeArgs } from '../kube/argv.js';
import { makeStyle } from '../markdown/style.js';
import { commandLine, runShown } from './run-shown.js';

export type Provider = 'kind' | 'minikube';

export const KIND_DEFAULT_NAME = 'emqx-lab';
export const MINIKUBE_DEFAULT_PROFILE = 'minikube';
export const MINIKUBE_STORAGE_CLASS = 'csi-hostpath-sc';
const DEFAULT_CLASS_ANNOTATION = 'storageclass.kubernetes.io/is-default-class';

export function kindConfig(): string {
  return ['kind: Cluster', 'apiVersion: kind.x-k8s.io/v1alpha4', 'nodes:', '  - role: control-plane', '  - role: worker', '  - role: worker', ''].join('\n');
}

export function kindCreateArgs(name: string, configFile: string): string[] {
  return ['create', 'cluster', '--name', name, '--config', configFile];
}

export function minikubeStartArgs(profile: string): string[] {
  return ['start', '--profile', profile, '--nodes', '3', '--addons', 'volumesnapshots', '--addons', 'csi-hostpath-driver'];
}

export function minikubeStorageSteps(profile: string): string[][] {
  return [
    ['addons', 'disable', 'storage-provisioner', '--profile', profile],
    ['addons', 'disable', 'default-storageclass', '--profile', profile],
  ];
}

export const DEFAULT_CLASS_PATCH = { metadata: { annotations: { [DEFAULT_CLASS_ANNOTATION]: 'true' } } };

export type CreateContext = Pick<Context, 'io' | 'env' | 'lang' | 'color' | 'signal' | 'home'>;

export interface Created {
  context: string;
  skipped?: boolean;
}

export async function createKind(ctx: CreateContext, name: string, path: string): Promise<Created> {
  const m = workshopMessages[ctx.lang];
  const existing = await runShown(ctx, 'kind', ['get', 'clusters'], { quiet: true, path });
  if (existing.stdout.split('\n').map((l) => l.trim()).includes(name)) {
    ctx.io.stdout.write(`${m.kindExists(name)}\n`);
    return { context: `kind-${name}`, skipped: true };
  }
  const dir = join(ctx.home, 'cluster');
  if (!existsSync(dir)) mkdirSync(dir, { recursive: true });
  const file = join(dir, `kind-${name}.yaml`);
  writeFileSync(file, kindConfig());
  ctx.io.stdout.write(`${m.kindConfigAt(file)}\n`);
  await runShown(ctx, 'kind', kindCreateArgs(name, file), { path });
  return { context: `kind-${name}` };
}

export async function createMinikube(ctx: CreateContext, profile: string, path: string, kube: (context: string) => Kube): Promise<Created> {
  const m = workshopMessages[ctx.lang];
  await runShown(ctx, 'minikube', minikubeStartArgs(profile), { path });
  if (ctx.signal.aborted) return { context: profile };
  for (const args of minikubeStorageSteps(profile)) {
    await runShown(ctx, 'minikube', args, { path });
    if (ctx.signal.aborted) return { context: profile };
  }
  ctx.io.stdout.write(`${m.storageDefault(MINIKUBE_STORAGE_CLASS, profile)}\n`);
  const k = kube(profile);
  const st = makeStyle(ctx.color);
  ctx.io.stdout.write(`${st.bold(`$ ${commandLine('kubectl', patchMergeArgs(k.target, 'StorageClass', MINIKUBE_STORAGE_CLASS, DEFAULT_CLASS_PATCH))}`)}\n`);
  try {
    await k.patchMerge('StorageClass', MINIKUBE_STORAGE_CLASS, DEFAULT_CLASS_PATCH);
  } finally {
    await k.close();
  }
  return { context: profile };
}

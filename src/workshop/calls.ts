/** The room's kubectl calls, run through the session's Kube (`raw`): failures become KubeError as elsewhere. */
import type { Kube } from '../kube/kube.js';
import type { LiveObject } from '../kube/objects.js';
import { kubeMessages } from '../i18n/kube.js';
import { check, labKubeError } from '../kube/result.js';
import { applyOwnNamespacesArgs, createTokenArgs, flatConfigArgs, getAllNamespacesArgs } from './argv.js';

const APPLY_TIMEOUT_MS = 120_000;

function json<T>(stdout: string, args: string[]): T {
  try {
    return JSON.parse(stdout) as T;
  } catch {
    throw labKubeError('other', (lang) => kubeMessages[lang].notJson(stdout.slice(0, 120)), args, stdout);
  }
}

export async function listAllNamespaces<T extends LiveObject = LiveObject>(kube: Kube, kinds: string, selector?: string): Promise<T[]> {
  const args = getAllNamespacesArgs(kube.target, kinds, selector);
  const r = check(await kube.raw(args));
  return json<{ items?: T[] }>(r.stdout, args).items ?? [];
}

export async function applyOwnNamespaces(kube: Kube, yaml: string): Promise<string[]> {
  const r = check(await kube.raw(applyOwnNamespacesArgs(kube.target), { input: yaml, timeoutMs: APPLY_TIMEOUT_MS }));
  return r.stdout.split('\n').map((l) => l.trim()).filter(Boolean);
}

export async function createToken(kube: Kube, namespace: string, account: string, duration: string): Promise<string> {
  const r = check(await kube.raw(createTokenArgs(kube.target, namespace, account, duration)));
  return r.stdout.trim();
}

export async function flatConfig(kube: Kube): Promise<Record<string, unknown>> {
  const args = flatConfigArgs(kube.target);
  return json<Record<string, unknown>>(check(await kube.raw(args)).stdout, args);
}

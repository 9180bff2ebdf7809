/**
 * Applying a step's rendered manifests (`kubectl apply -f -`), optionally with a mistake's changes made.
 * An apply error is the learner's (or the lesson's) state, returned with kubectl's words so it can be
 * diagnosed; a broken environment (unreachable, kubectl missing) still throws.
 */
import type { Step } from '../course/load.js';
import type { Lang } from '../i18n/lang.js';
import type { Mistake } from '../course/schema.js';
import { renderStep, toYamlStream } from '../course/render.js';
import type { Kube } from '../kube/kube.js';
import { callNeeds, type ApiNames } from '../kube/needs.js';
import type { Permission } from '../kube/permissions.js';
import { KubeError } from '../kube/result.js';
import { ensureNamespace, namespaceNeeds } from './namespace.js';

export interface ApplyOutcome {
  /** kubectl's lines: `deployment.apps/emqx configured`. */
  lines: string[];
  error?: KubeError;
}

const ENVIRONMENT = new Set(['notInstalled', 'config', 'unreachable', 'unauthorized', 'timeout', 'canceled']);

export function isEnvironmentError(e: unknown): boolean {
  return e instanceof KubeError && ENVIRONMENT.has(e.kind);
}

export async function applyYaml(kube: Kube, yaml: string): Promise<ApplyOutcome> {
  try {
    return { lines: await kube.apply(yaml) };
  } catch (e) {
    if (!(e instanceof KubeError) || isEnvironmentError(e)) throw e;
    return { lines: e.stdout.split('\n').filter(Boolean), error: e };
  }
}

/** Applying objects of these kinds into the namespace (which is made sure of first). */
export function applyNeeds(api: ApiNames, kinds: string[], namespace: string): Permission[] {
  return [...namespaceNeeds(namespace), ...callNeeds.apply(api, kinds)];
}

export async function applyStep(kube: Kube, step: Step, lang: Lang, mistake?: Mistake): Promise<ApplyOutcome> {
  await ensureNamespace(kube);
  return applyYaml(kube, toYamlStream(renderStep(step, kube.target.namespace, lang, mistake)));
}

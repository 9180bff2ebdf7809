/**
 * kubectl argv for what the trainer's kit does beyond the engine's one-namespace calls (pure, table-tested,
 * and run through the real kubectl in test/workshop/argv-real.test.ts): lists across namespaces, applies of
 * objects that name their own namespaces, ServiceAccount tokens, the cluster entry a learner's kubeconfig
 * copies. Global flags first, as in src/kube/argv.ts.
 */
import { globalFlags, type KubeTarget } from '../kube/argv.js';

/** `get KINDS -A [-l SEL] -o json`: one call for the whole room. */
export function getAllNamespacesArgs(t: KubeTarget, kinds: string, selector?: string): string[] {
  const out = [...globalFlags(t, { namespaced: false }), 'get', kinds, '--all-namespaces'];
  if (selector) out.push('-l', selector);
  return [...out, '-o', 'json'];
}

/** `apply -f -` without --namespace: every object names its own (kubectl refuses a flag that disagrees). */
export function applyOwnNamespacesArgs(t: KubeTarget): string[] {
  return [...globalFlags(t, { namespaced: false }), 'apply', '-f', '-'];
}

/** `create token SA --duration=D` in a learner's namespace (TokenRequest; nothing is stored in a Secret). */
export function createTokenArgs(t: KubeTarget, namespace: string, account: string, duration: string): string[] {
  return [...globalFlags({ ...t, namespace }), 'create', 'token', account, `--duration=${duration}`];
}

/** The current context with certificate files inlined, so a copied cluster entry works on another laptop. */
export function flatConfigArgs(t: KubeTarget): string[] {
  return [...globalFlags(t, { namespaced: false, timed: false }), 'config', 'view', '--minify', '--flatten', '--raw', '-o', 'json'];
}

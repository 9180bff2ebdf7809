/**
 * Kubernetes object models by apiVersion and kind, from kubernetes-models (imported by apiVersion path,
 * so a wrong apiVersion is simply a module that does not exist). When a kind is not found under the given
 * apiVersion we look through the package's group-version folders to say where it does live.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** A model class: its prototype's validate() runs the compiled JSON Schema validator on `this`. */
export interface KubeModel {
  apiVersion: string;
  kind: string;
  prototype: { validate(this: unknown): void };
}

/**
 * Group-versions the package still carries but Kubernetes no longer serves, and the release that removed
 * them (Kubernetes deprecated API migration guide). A manifest using one is refused by any cluster the lab
 * supports.
 */
export const REMOVED_VERSIONS: Record<string, string> = {
  'extensions/v1beta1': '1.22',
  'apps/v1beta1': '1.16',
  'apps/v1beta2': '1.16',
  'rbac.authorization.k8s.io/v1beta1': '1.22',
  'networking.k8s.io/v1beta1': '1.22',
  'admissionregistration.k8s.io/v1beta1': '1.22',
  'apiextensions.k8s.io/v1beta1': '1.22',
  'apiregistration.k8s.io/v1beta1': '1.22',
  'authentication.k8s.io/v1beta1': '1.22',
  'authorization.k8s.io/v1beta1': '1.22',
  'certificates.k8s.io/v1beta1': '1.22',
  'coordination.k8s.io/v1beta1': '1.22',
  'scheduling.k8s.io/v1beta1': '1.22',
  'storage.k8s.io/v1beta1': '1.22',
  'batch/v1beta1': '1.25',
  'discovery.k8s.io/v1beta1': '1.25',
  'events.k8s.io/v1beta1': '1.25',
  'autoscaling/v2beta1': '1.25',
  'policy/v1beta1': '1.25',
  'node.k8s.io/v1beta1': '1.25',
  'autoscaling/v2beta2': '1.26',
  'flowcontrol.apiserver.k8s.io/v1beta1': '1.26',
  'flowcontrol.apiserver.k8s.io/v1beta2': '1.29',
  'flowcontrol.apiserver.k8s.io/v1beta3': '1.32',
};

const API_VERSION = /^([a-z0-9]([a-z0-9.-]*[a-z0-9])?\/)?v[0-9]+((alpha|beta)[0-9]+)?$/;
const KIND = /^[A-Z][A-Za-z0-9]*$/;

function packageDir(): string {
  return dirname(createRequire(import.meta.url).resolve('kubernetes-models'));
}

/** The model for apiVersion + kind, or undefined when kubernetes-models has no such top-level kind. */
export async function loadModel(apiVersion: string, kind: string): Promise<KubeModel | undefined> {
  if (!API_VERSION.test(apiVersion) || !KIND.test(kind)) return undefined;
  let mod: Record<string, unknown>;
  try {
    mod = (await import(`kubernetes-models/${apiVersion}/${kind}`)) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  const model = mod[kind] as Partial<KubeModel> | undefined;
  // Nested types (v1/Container) are exported too but carry no apiVersion/kind of their own.
  if (!model || model.apiVersion !== apiVersion || model.kind !== kind) return undefined;
  return model as KubeModel;
}

/** Every group-version folder the package has: `v1`, `apps/v1`, `rbac.authorization.k8s.io/v1`, ... */
function groupVersions(): string[] {
  const root = packageDir();
  const out: string[] = [];
  for (const entry of readdirSync(root, { withFileTypes: true })) {
    if (!entry.isDirectory() || entry.name.startsWith('_')) continue;
    if (/^v\d/.test(entry.name)) {
      out.push(entry.name);
      continue;
    }
    for (const v of readdirSync(join(root, entry.name), { withFileTypes: true })) {
      if (v.isDirectory() && /^v\d/.test(v.name)) out.push(`${entry.name}/${v.name}`);
    }
  }
  return out;
}

function isTopLevelKind(file: string): boolean {
  return existsSync(file) && readFileSync(file, 'utf8').includes('createTypeMetaGuard');
}

const stability = (gv: string) => (/alpha/.test(gv) ? 2 : /beta/.test(gv) ? 1 : 0);

/**
 * Where a kind lives: the group-versions that define it (served ones first, GA before beta), compared
 * case-insensitively so `deployment` finds Deployment. `kind` in the result is the correct spelling.
 */
export function findKind(kind: string): { kind: string; apiVersions: string[] } | undefined {
  const root = packageDir();
  const wanted = kind.toLowerCase();
  const hits: { kind: string; gv: string }[] = [];
  for (const gv of groupVersions()) {
    const dir = join(root, gv);
    const name = readdirSync(dir).find((f) => f.endsWith('.mjs') && f.slice(0, -4).toLowerCase() === wanted);
    if (name && isTopLevelKind(join(dir, name)) && !name.endsWith('List.mjs')) hits.push({ kind: name.slice(0, -4), gv });
  }
  if (!hits.length) return undefined;
  hits.sort((a, b) => Number(a.gv in REMOVED_VERSIONS) - Number(b.gv in REMOVED_VERSIONS) || stability(a.gv) - stability(b.gv));
  return { kind: hits[0].kind, apiVersions: hits.map((h) => h.gv) };
}

/** Every top-level kind name the package knows (for "did you mean" on a misspelt kind). */
export function allKinds(): Set<string> {
  const root = packageDir();
  const kinds = new Set<string>();
  for (const gv of groupVersions()) {
    for (const f of readdirSync(join(root, gv))) {
      if (!f.endsWith('.mjs') || f === 'index.mjs' || f.endsWith('List.mjs')) continue;
      const k = f.slice(0, -4);
      // Cheap filter first: top-level kinds are the ones with a "...List" sibling.
      if (existsSync(join(root, gv, `${k}List.mjs`))) kinds.add(k);
    }
  }
  return kinds;
}

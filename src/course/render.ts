/**
 * Rendering a step's manifests for one namespace: `${NAMESPACE}` in any string value becomes the
 * namespace, every namespaced object gets metadata.namespace, and every object carries the lab's label.
 * Substitution happens on parsed values, never on text, so a namespace cannot inject YAML.
 */
import { stringify } from 'yaml';
import { usageError } from '../errors.js';
import { courseMessages } from '../i18n/course.js';
import type { Lang } from '../i18n/lang.js';
import { safetyMessages } from '../i18n/safety.js';
import { docShape, isDepthError, MAX_YAML_DEPTH, parseAllGuarded, toJSGuarded } from './yaml-guard.js';
import type { Mistake } from './schema.js';
import type { Step } from './load.js';

import { LAB_LABEL_KEY, LAB_LABEL_VALUE } from './constants.js';

export { DEFAULT_NAMESPACE, isValidNamespace, LAB_LABEL_KEY, LAB_LABEL_VALUE, LAB_SELECTOR } from './constants.js';

/** Kinds the course may use that are not namespaced. */
const CLUSTER_SCOPED = new Set(['Namespace', 'StorageClass', 'ClusterRole', 'ClusterRoleBinding', 'PersistentVolume', 'Node']);

export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; [k: string]: unknown };
  [k: string]: unknown;
}

export interface RenderedManifest {
  file: string;
  objects: KubeObject[];
}


/** Replace `${NAME}` placeholders in every string inside `value` (deep copy). Unknown names stay as they are. */
export function fillTemplate<T>(value: T, vars: Record<string, string>): T {
  if (typeof value === 'string') {
    return value.replace(/\$\{([A-Z_]+)\}/g, (all, name: string) => vars[name] ?? all) as T;
  }
  if (Array.isArray(value)) return value.map((v) => fillTemplate(v, vars)) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fillTemplate(v, vars)])) as T;
  }
  return value;
}

/**
 * Parse a manifest file's documents into plain objects (empty documents dropped). Throws on bad YAML, with
 * the problem said in `lang` (an unlinted course reaches the learner: EMQX_LAB_COURSE, `test --mistakes`).
 */
export function parseManifestText(text: string, file: string, lang: Lang): KubeObject[] {
  const s = safetyMessages[lang];
  const msg = courseMessages[lang];
  // A course's content error (bad YAML, an alias bomb, nesting past the stack) is a usage error (exit 2).
  const { docs, tooDeep } = parseAllGuarded(text);
  if (tooDeep) throw usageError(`${file}: ${s.tooDeep(MAX_YAML_DEPTH)}`);
  const out: KubeObject[] = [];
  for (const doc of docs) {
    if (doc.errors.length) {
      const parser = doc.errors[0].message;
      throw usageError(`${file}: ${isDepthError(parser) ? s.tooDeep(MAX_YAML_DEPTH) : msg.yamlError(parser)}`);
    }
    const shape = docShape(doc);
    if (shape.tooDeep !== undefined) throw usageError(`${file}: ${s.tooDeep(MAX_YAML_DEPTH)}`);
    if (shape.duplicates.length) throw usageError(`${file}: ${msg.duplicateKeyNamed(shape.duplicates[0].key.slice(0, 80))}`);
    const data = toJSGuarded(doc);
    if (!('value' in data)) {
      const why = data.error === 'aliases' ? s.aliasBomb : data.error === 'tooDeep' ? s.tooDeep(MAX_YAML_DEPTH) : msg.yamlError(data.message);
      throw usageError(`${file}: ${why}`);
    }
    const obj = data.value as KubeObject | null;
    if (obj === null) continue;
    // Binary or plain text parses as a scalar: never send kubectl something that is not an object.
    if (!isObject(obj)) throw usageError(`${file}: ${s.notAnObject}`);
    out.push(obj);
  }
  return out;
}

function isObject(v: unknown): v is KubeObject {
  const o = v as Partial<KubeObject> | null;
  const md = o?.metadata as Record<string, unknown> | undefined;
  return !!o && typeof o === 'object' && !Array.isArray(o) && typeof o.apiVersion === 'string' && typeof o.kind === 'string' && !!md && typeof md === 'object' && typeof md.name === 'string';
}

/**
 * Parsed manifest texts, by text: a course's manifests never change while it runs, and a solve, a reset or
 * a permission check renders the same files again. The parsed objects are never changed: a mistake's change
 * works on a copy (applyChange) and placing an object fills a deep copy (fillTemplate). Only texts that
 * parsed are kept (an error is worded in the caller's language), and at most MAX_PARSED of them.
 */
const parsed = new Map<string, KubeObject[]>();
const MAX_PARSED = 256;

function parseManifestCached(text: string, file: string, lang: Lang): KubeObject[] {
  let objects = parsed.get(text);
  if (!objects) {
    objects = parseManifestText(text, file, lang);
    if (parsed.size >= MAX_PARSED) parsed.clear();
    parsed.set(text, objects);
  }
  return objects;
}

/** Put one object into the lab namespace with the lab label. */
export function placeObject(obj: KubeObject, namespace: string): KubeObject {
  const filled = fillTemplate(obj, { NAMESPACE: namespace });
  const metadata = { ...filled.metadata };
  if (!CLUSTER_SCOPED.has(filled.kind)) metadata.namespace = namespace;
  metadata.labels = { ...(metadata.labels ?? {}), [LAB_LABEL_KEY]: LAB_LABEL_VALUE };
  return { ...filled, metadata };
}

/**
 * Render all manifests of a step, optionally with a mistake's changes made first. A content error (bad
 * YAML, a mistake that does not fit the manifests) is a usage error worded in `lang`.
 */
export function renderStep(step: Step, namespace: string, lang: Lang, mistake?: Mistake): RenderedManifest[] {
  const out: RenderedManifest[] = [];
  for (const m of step.manifests) {
    const changes = mistake?.changes.filter((c) => c.file === m.name) ?? [];
    if (changes.some((c) => c.omit)) continue;
    let objects = parseManifestCached(m.text, m.name, lang);
    // A step's manifest file that holds no object is a content error, not "nothing to change".
    if (!objects.length) throw usageError(`${m.name}: ${safetyMessages[lang].noObjects}`);
    for (const change of changes) objects = applyChange(objects, change, m.name, lang);
    out.push({ file: m.name, objects: objects.map((o) => placeObject(o, namespace)) });
  }
  return out;
}

/** The rendered manifests as one multi-document YAML stream (what `kubectl apply -f -` reads). */
export function toYamlStream(manifests: RenderedManifest[]): string {
  return manifests
    .flatMap((m) => m.objects)
    .map((o) => stringify(o, { lineWidth: 0 }))
    .join('---\n');
}

// ------------------------------------------------------------------------------------------------------
// RFC 6902 operations (add, remove, replace) on plain objects: what a lesson's mistakes are written in.

type Change = Mistake['changes'][number];

function applyChange(objects: KubeObject[], change: Change, file: string, lang: Lang): KubeObject[] {
  const idx = change.target
    ? objects.findIndex((o) => o.kind === change.target!.kind && o.metadata?.name === change.target!.name)
    : objects.length === 1
      ? 0
      : -1;
  if (idx < 0) {
    const msg = courseMessages[lang];
    const what = change.target ? msg.mistakeNeedsTarget(`${change.target.kind}/${change.target.name}`) : msg.mistakeNeedsAnyTarget;
    throw usageError(`${file}: ${what}`);
  }
  let doc: unknown = structuredClone(objects[idx]);
  for (const op of change.patch ?? []) doc = applyPatchOp(doc, op, lang);
  return objects.map((o, i) => (i === idx ? (doc as KubeObject) : o));
}

function pointer(path: string): string[] {
  return path
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** One RFC 6902 operation, made in place on `doc`; a path that does not exist is a usage error in `lang`. */
export function applyPatchOp(doc: unknown, op: { op: 'add' | 'remove' | 'replace'; path: string; value?: unknown }, lang: Lang): unknown {
  const missing = () => usageError(courseMessages[lang].patchPathMissing(op.path));
  const segs = pointer(op.path);
  const last = segs.pop()!;
  let parent: unknown = doc;
  for (const seg of segs) {
    const next = (parent as Record<string, unknown> | undefined)?.[seg];
    if (next === undefined || next === null || typeof next !== 'object') throw missing();
    parent = next;
  }
  if (Array.isArray(parent)) {
    const i = last === '-' ? parent.length : Number(last);
    if (!Number.isInteger(i) || i < 0 || i > parent.length || (op.op !== 'add' && i >= parent.length)) {
      throw missing();
    }
    if (op.op === 'add') parent.splice(i, 0, op.value);
    else if (op.op === 'remove') parent.splice(i, 1);
    else parent[i] = op.value;
  } else {
    const obj = parent as Record<string, unknown>;
    if (op.op !== 'add' && !(last in obj)) throw missing();
    if (op.op === 'remove') delete obj[last];
    else obj[last] = op.value;
  }
  return doc;
}

/**
 * Lint a set of manifest files: each document against its Kubernetes schema (after `${NAMESPACE}` is
 * rendered, positions from the file as written), names and labels the API server would refuse, the
 * course's own rules (lab label, no namespace, known placeholders), references between the objects, and
 * EMQX's settings.
 */
import { fillTemplate, LAB_LABEL_KEY, LAB_LABEL_VALUE } from '../course/render.js';
import type { Lang } from '../i18n/lang.js';
import { lintMessages } from '../i18n/lint.js';
import { checkDiscovery } from './emqx-discovery.js';
import { checkEmqxObject } from './emqx-rules.js';
import { allKinds, findKind, loadModel, REMOVED_VERSIONS } from './kube-models.js';
import { checkServerValidation } from './kube-server-rules.js';
import { validateObject, type SchemaError } from './kube-validate.js';
import { getIn, isObj, podLabelsPath, str, type Loc, type ManifestObject, type Obj, type Report } from './objects.js';
import { checkReferences, ObjectSet } from './references.js';
import { checkResources } from './resources.js';
import { closest } from './suggest.js';
import type { LintProblem } from './types.js';
import { dotted, problemIn, readYamlFile, segments } from './yaml-file.js';

export interface ManifestLintOptions {
  /** Ctrl-C: stop between files. */
  signal?: AbortSignal;
  lang: Lang;
  /** Course manifests: lab label, no metadata.namespace, a complete set (missing references are errors). */
  course: boolean;
}

/** The namespace manifests are rendered with before validation (any valid name would do). */
const LINT_NAMESPACE = 'emqx-lab';
const PLACEHOLDER = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g;
const KNOWN_PLACEHOLDERS = ['NAMESPACE'];
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const LABEL_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;

export async function lintManifests(
  paths: string[],
  opts: ManifestLintOptions,
): Promise<{ problems: LintProblem[]; objects: ManifestObject[] }> {
  const m = lintMessages[opts.lang];
  const problems: LintProblem[] = [];
  const objects: ManifestObject[] = [];
  const report: Report = (loc: Loc, severity, rule, message) =>
    problems.push(problemIn(loc.o.f, loc.o.doc, loc.path, severity, rule, message, loc.key));

  for (const path of paths) {
    // Between files Ctrl-C is heard (the SIGINT handler runs on the event loop) and stops the run.
    await new Promise((r) => setImmediate(r));
    if (opts.signal?.aborted) break;
    const { file, problems: yp } = readYamlFile(path, opts.lang);
    problems.push(...yp);
    if (!file) continue;
    if (!file.docs.length) {
      problems.push({ file: file.file, line: 1, col: 1, severity: 'error', rule: 'yaml', message: m.emptyManifest });
    }
    for (const { doc, value } of file.docs) {
      if (value === undefined) continue;
      const here = (path: PropertyKey[], rule: LintProblem['rule'], message: string, key?: string) =>
        problems.push(problemIn(file, doc, path, 'error', rule, message, key));
      if (!isObj(value)) {
        here([], 'kube-kind', m.notAnObject);
        continue;
      }
      const o: ManifestObject = { f: file, doc, raw: value, kind: str(value.kind) ?? '', name: str(getIn(value, ['metadata', 'name'])) ?? '' };
      await checkObject(o, opts, here);
      if (o.kind) objects.push(o);
    }
  }

  const set = new ObjectSet(objects);
  const ctx = { lang: opts.lang, course: opts.course, report };
  for (const o of objects) {
    checkEmqxObject(o, ctx);
    checkResources(o, ctx);
  }
  checkReferences(set, ctx);
  checkDiscovery(set, ctx);
  return { problems, objects };
}

type Here = (path: PropertyKey[], rule: LintProblem['rule'], message: string, key?: string) => void;

/** Schema, names, labels and course rules for one object. */
async function checkObject(o: ManifestObject, opts: ManifestLintOptions, here: Here): Promise<void> {
  const m = lintMessages[opts.lang];
  const { raw } = o;
  checkPlaceholders(raw, [], opts, here);
  const apiVersion = str(raw.apiVersion);
  const kind = str(raw.kind);
  if (!apiVersion || !kind) {
    here([], 'kube-kind', m.missingTypeMeta(apiVersion ? 'kind' : 'apiVersion'));
    return;
  }
  const model = await loadModel(apiVersion, kind);
  if (!model) {
    const found = findKind(kind);
    const guess = found ?? findKind(closest(kind, allKinds()) ?? '');
    if (found && found.kind === kind) here(['apiVersion'], 'kube-kind', m.unknownApiVersion(apiVersion, kind, found.apiVersions[0]));
    else {
      // Name the apiVersion too when the right kind lives elsewhere (`kind: Deploymnet` under v1).
      const where = guess && !guess.apiVersions.includes(apiVersion) ? m.kindIn(guess.kind, guess.apiVersions[0]) : guess?.kind;
      here(['kind'], 'kube-kind', m.unknownKind(kind, apiVersion, where));
    }
    return;
  }
  const removedIn = REMOVED_VERSIONS[apiVersion];
  if (removedIn) {
    const use = findKind(kind)?.apiVersions.find((v) => !(v in REMOVED_VERSIONS));
    here(['apiVersion'], 'kube-kind', m.removedApiVersion(apiVersion, kind, removedIn, use));
    return;
  }
  const rendered = fillTemplate(raw, { NAMESPACE: LINT_NAMESPACE });
  const { errors, unknown } = validateObject(model, rendered);
  for (const e of errors) {
    const path = segments(e.pointer);
    here(path, 'kube-schema', schemaMessage(e, rendered, opts.lang));
  }
  for (const u of unknown) {
    const parent = segments(u.parent);
    here(parent, 'kube-field', m.unknownField(dotted([...parent, u.key]), closest(u.key, u.known)), u.key);
  }
  checkNames(o, rendered, opts, here);
  // Only where the schema found nothing wrong with the shape (a ports list of the wrong type is its error).
  if (!errors.length) checkServerValidation(kind, rendered, here, opts.lang);
  if (opts.course) checkCourseRules(o, here, opts.lang);
}

function schemaMessage(e: SchemaError, obj: Obj, lang: Lang): string {
  const m = lintMessages[lang];
  const path = segments(e.pointer);
  const where = dotted(path) || m.objectRoot;
  switch (e.keyword) {
    case 'type': {
      const v = getIn(obj, path);
      const got = v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v;
      return m.typeError(where, String(e.params.type), got);
    }
    case 'required':
      return m.requiredField(dotted([...path, String(e.params.missingProperty)]));
    case 'enum':
      return m.enumError(where, String(getIn(obj, path)), (e.params.allowedValues as unknown[]).map(String).join(', '));
    case 'anyOf':
    case 'oneOf':
      return m.typeError(where, ((e.params.types as string[]) ?? []).join(' | ') || 'integer | string', typeof getIn(obj, path));
    case 'format':
      if (e.params.format === 'quantity') return m.badQuantity(where, String(getIn(obj, path)));
      return m.formatError(where, String(e.params.format));
    default:
      return m.schemaOther(where, e.message);
  }
}

function checkPlaceholders(value: unknown, path: PropertyKey[], opts: ManifestLintOptions, here: Here): void {
  const m = lintMessages[opts.lang];
  if (typeof value === 'string') {
    for (const [, name] of value.matchAll(PLACEHOLDER)) {
      if (!KNOWN_PLACEHOLDERS.includes(name)) here(path, 'placeholder', m.unknownPlaceholder(name, closest(name, KNOWN_PLACEHOLDERS)));
    }
  } else if (Array.isArray(value)) value.forEach((v, i) => checkPlaceholders(v, [...path, i], opts, here));
  else if (isObj(value)) for (const [k, v] of Object.entries(value)) checkPlaceholders(v, [...path, k], opts, here);
}

/** Names and labels the API server refuses (it checks them; the JSON schema does not). */
function checkNames(o: ManifestObject, rendered: Obj, opts: ManifestLintOptions, here: Here): void {
  const m = lintMessages[opts.lang];
  const name = getIn(rendered, ['metadata', 'name']);
  if (name === undefined) {
    if (getIn(rendered, ['metadata', 'generateName']) === undefined) here(['metadata'], 'kube-name', m.requiredField('metadata.name'));
  } else if (typeof name === 'string') {
    const label = o.kind === 'Service' || o.kind === 'Namespace';
    const ok = label ? name.length <= 63 && DNS1035_LABEL.test(name) : name.length <= 253 && DNS1123_SUBDOMAIN.test(name);
    if (!ok) here(['metadata', 'name'], 'kube-name', m.badName(name, label));
  }
  const labelPaths: PropertyKey[][] = [['metadata', 'labels']];
  const pod = podLabelsPath(o.kind);
  if (pod && o.kind !== 'Pod') labelPaths.push(pod);
  for (const lp of labelPaths) {
    const labels = getIn(rendered, lp);
    if (!isObj(labels)) continue;
    for (const [k, v] of Object.entries(labels)) {
      const [prefix, key] = k.includes('/') ? [k.slice(0, k.indexOf('/')), k.slice(k.indexOf('/') + 1)] : [undefined, k];
      const keyOk = key.length <= 63 && LABEL_NAME.test(key) && (prefix === undefined || (prefix.length <= 253 && DNS1123_SUBDOMAIN.test(prefix)));
      if (!keyOk) here(lp, 'kube-name', m.badLabelKey(k), k);
      else if (typeof v === 'string' && v !== '' && !(v.length <= 63 && LABEL_NAME.test(v))) here(lp, 'kube-name', m.badLabelValue(k, v), k);
    }
  }
}

/** Course manifests: the learner sees the lab label in them, and the namespace comes from rendering. */
function checkCourseRules(o: ManifestObject, here: Here, lang: Lang): void {
  const m = lintMessages[lang];
  const labels = getIn(o.raw, ['metadata', 'labels']);
  if (!isObj(labels)) here(['metadata'], 'lab-label', m.missingLabLabel(LAB_LABEL_KEY, LAB_LABEL_VALUE));
  else if (labels[LAB_LABEL_KEY] !== LAB_LABEL_VALUE) {
    here(['metadata', 'labels'], 'lab-label', m.missingLabLabel(LAB_LABEL_KEY, LAB_LABEL_VALUE), LAB_LABEL_KEY in labels ? LAB_LABEL_KEY : undefined);
  }
  if (getIn(o.raw, ['metadata', 'namespace']) !== undefined) here(['metadata', 'namespace'], 'lab-namespace', m.courseNamespace);
  // A cluster DNS name <service>.<namespace>.svc with a namespace written out works in one namespace only.
  const dns = (value: unknown, path: PropertyKey[]): void => {
    if (typeof value === 'string') {
      for (const [, svc, ns] of value.matchAll(/(?:^|[^a-z0-9-])([a-z0-9-]+)\.([a-z0-9-]+)\.svc(?![a-z0-9-])/g)) {
        if (!(svc === 'kubernetes' && ns === 'default')) here(path, 'lab-namespace', m.hardcodedNamespace(dotted(path), ns));
      }
    } else if (Array.isArray(value)) value.forEach((v, i) => dns(v, [...path, i]));
    else if (isObj(value)) for (const [k, v] of Object.entries(value)) dns(v, [...path, k]);
  };
  dns(o.raw, []);
  if (o.kind === 'RoleBinding' || o.kind === 'ClusterRoleBinding') {
    const subjects = getIn(o.raw, ['subjects']);
    if (Array.isArray(subjects)) {
      subjects.forEach((s, i) => {
        const ns = isObj(s) ? s.namespace : undefined;
        if (typeof ns === 'string' && !ns.includes('${NAMESPACE}')) here(['subjects', i, 'namespace'], 'lab-namespace', m.hardcodedNamespace('subjects[].namespace', ns));
      });
    }
  }
}

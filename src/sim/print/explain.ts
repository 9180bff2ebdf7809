/**
 * kubectl explain's plaintext output (k8s.io/kubectl v0.32 pkg/explain/v2, templates/plaintext.tmpl) over the
 * OpenAPI v3 documents the API server publishes (openapi-v3.json.gz, made by test/sim/tools/gen-openapi.mjs):
 * find the kind's GVK through its request paths, follow the field path through properties, arrays, maps and
 * allOf, then print the description and the fields, word-wrapped as go-wordwrap v1.0.1 wraps.
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';

type J = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export class ExplainError extends Error {
  /** What was written before the template failed (kubectl keeps it). */
  constructor(
    message: string,
    public readonly partial: string,
  ) {
    super(message);
  }
}

let docs: Record<string, J> | undefined;

function documents(): Record<string, J> {
  docs ??= JSON.parse(gunzipSync(readFileSync(new URL('./openapi-v3.json.gz', import.meta.url))).toString('utf8')) as Record<string, J>;
  return docs;
}

/** mitchellh/go-wordwrap v1.0.1 WrapString: breaks only at white space, words longer than lim stay whole. */
export function wrap(s: string, lim: number): string {
  let buf = '';
  let current = 0;
  let word = '';
  let space = '';
  const len = (x: string) => [...x].length;
  for (const ch of s) {
    if (ch === '\n') {
      if (!word.length) {
        if (current + len(space) > lim) current = 0;
        else {
          current += len(space);
          buf += space;
        }
        space = '';
      } else {
        current += len(space) + len(word);
        buf += space + word;
        space = '';
        word = '';
      }
      buf += ch;
      current = 0;
    } else if (/\s/u.test(ch) && ch !== '\u00a0') {
      if (!space.length || word.length) {
        current += len(space) + len(word);
        buf += space + word;
        space = '';
        word = '';
      }
      space += ch;
    } else {
      word += ch;
      if (current + len(word) + len(space) > lim && len(word) < lim) {
        buf += '\n';
        current = 0;
        space = '';
      }
    }
  }
  if (!word.length) {
    if (current + len(space) <= lim) buf += space;
  } else buf += space + word;
  return buf;
}

const indent = (n: number, s: string) => {
  const pad = ' '.repeat(n);
  return pad + s.split('\n').join(`\n${pad}`);
};

function resolveRef(ref: unknown, doc: J): J | undefined {
  if (typeof ref !== 'string' || !ref.startsWith('#')) return undefined;
  let cur: J = doc;
  for (const k of ref.slice(1).split('/')) {
    if (!k) continue;
    const next = cur[k];
    if (!next || typeof next !== 'object' || Array.isArray(next)) return undefined;
    cur = next;
  }
  return cur;
}

const isObjectMap = (v: unknown): v is J => !!v && typeof v === 'object' && !Array.isArray(v);
/** Go template truthiness of a map value: a non-empty map. */
const truthy = (v: unknown) => (Array.isArray(v) ? v.length > 0 : isObjectMap(v) ? Object.keys(v).length > 0 : !!v);

function typeGuess(s: J, doc: J): string {
  if (truthy(s.items)) return `[]${typeGuess(s.items, doc)}`;
  if (isObjectMap(s.additionalProperties) && truthy(s.additionalProperties)) return `map[string]${typeGuess(s.additionalProperties, doc)}`;
  if (truthy(s.allOf) && !truthy(s.properties) && s.allOf.length === 1) return typeGuess(s.allOf[0], doc);
  if (s.$ref) {
    const ref = resolveRef(s.$ref, doc);
    if (!ref || !ref.type || ref.type === 'object') return String(s.$ref).split('/').pop()!.split('.').pop() || 'Object';
    return ref.type;
  }
  return s.type === 'object' ? 'Object' : s.type || 'Object';
}

function extractEnum(s: J, long: boolean, limit: number, indentAmount = 0): string {
  if (!truthy(s.enum)) return '';
  const lim = limit || -1;
  let out = long ? 'ENUM:' : `\n${' '.repeat(indentAmount)}enum: `;
  for (let i = 0; i < s.enum.length; i++) {
    if (lim > -1 && i >= lim) {
      out += ', ....';
      break;
    }
    if (i > 0 && !long) out += ', ';
    else if (long) out += '\n    ';
    const el = s.enum[i];
    out += typeof el === 'string' && el === '' ? '""' : String(el);
  }
  return out;
}

function description(s: J, doc: J): string {
  const r = resolveRef(s.$ref, doc) ?? s;
  if (!truthy(r)) return '';
  let out = r.description ? `${r.description}\n` : '';
  for (const sub of r.allOf ?? []) out += description(sub, doc);
  if (truthy(r.items)) out += description(r.items, doc);
  if (isObjectMap(r.additionalProperties) && truthy(r.additionalProperties)) out += description(r.additionalProperties, doc);
  return out;
}

function fieldDetail(name: string, schema: J, short: boolean, level: number, doc: J): string {
  const amount = level * 2;
  const field = schema.properties[name];
  let out = `${indent(amount, name)}\t<${typeGuess(field, doc)}>`;
  if ((schema.required ?? []).includes(name)) out += ' -required-';
  out += extractEnum(field, false, 4, amount);
  out += '\n';
  if (!short) out += `${indent(amount + 2, wrap(field.description || '<no description>', 78 - amount))}\n\n`;
  return out;
}

function fieldList(schema: J, level: number, history: Record<string, 1>, recursive: boolean, doc: J): string {
  const ref: string = schema.$ref ?? '';
  if (ref && history[ref]) return '';
  const next = { ...history, [ref]: 1 as const };
  const r = resolveRef(ref, doc) ?? schema;
  let out = '';
  for (const k of Object.keys(r.properties ?? {}).sort()) {
    out += fieldDetail(k, r, recursive, level, doc);
    if (recursive) out += fieldList(r.properties[k], level + 1, next, recursive, doc);
  }
  for (const s of r.allOf ?? []) out += fieldList(s, level, next, recursive, doc);
  if (truthy(r.items)) out += fieldList(r.items, level, next, recursive, doc);
  if (isObjectMap(r.additionalProperties) && truthy(r.additionalProperties)) out += fieldList(r.additionalProperties, level, next, recursive, doc);
  return out;
}

function output(schema: J, history: Record<string, 1>, path: string[], recursive: boolean, doc: J): string {
  const ref: string = schema.$ref ?? '';
  const next = { ...history, [ref]: 1 as const };
  const r = resolveRef(ref, doc) ?? schema;
  if (!path.length) {
    let out = `DESCRIPTION:\n${indent(4, wrap(description(r, doc) || '<empty>', 76))}\n`;
    const fl = fieldList(r, 1, {}, recursive, doc);
    if (fl) out += `FIELDS:\n${fl}`;
    return out;
  }
  if (ref && history[ref]) return '';
  if (truthy(r.properties) && r.properties[path[0]]) {
    const sub = r.properties[path[0]];
    let out = '';
    if (path.length === 1) out += `FIELD: ${path[0]} <${typeGuess(sub, doc)}>\n${extractEnum(sub, true, -1)}\n\n`;
    return out + output(sub, {}, path.slice(1), recursive, doc);
  }
  if (truthy(r.items)) return output(r.items, next, path, recursive, doc);
  if (isObjectMap(r.additionalProperties) && truthy(r.additionalProperties)) return output(r.additionalProperties, next, path, recursive, doc);
  for (const sub of r.allOf ?? []) {
    const o = output(sub, next, path, recursive, doc);
    if (o) return o;
  }
  return '';
}

export interface Gvr {
  group: string;
  version: string;
  resource: string;
}

/** The explanation of a resource (and a field path into it), or an ExplainError with what came before. */
export function explain(gvr: Gvr, path: string[], recursive: boolean): string {
  const prefix = gvr.group ? `/apis/${gvr.group}` : '/api';
  const doc = documents()[`${prefix.slice(1)}/${gvr.version}`];
  const gvrString = `${gvr.group ? `${gvr.group}/` : ''}${gvr.version}, Resource=${gvr.resource}`;
  if (!doc) throw new ExplainError(`couldn't find resource for "${gvrString}"`, '');
  let gvk: J | undefined;
  for (const p of [`${prefix}/${gvr.version}/${gvr.resource}`, `${prefix}/${gvr.version}/${gvr.resource}/{name}`, `${prefix}/${gvr.version}/namespaces/{namespace}/${gvr.resource}`, `${prefix}/${gvr.version}/namespaces/{namespace}/${gvr.resource}/{name}`]) {
    const el = doc.paths[p];
    if (!el) continue;
    for (const m of ['get', 'post', 'put', 'patch', 'delete']) {
      if (el[m]?.['x-kubernetes-group-version-kind']) {
        gvk = el[m]['x-kubernetes-group-version-kind'];
        break;
      }
    }
    if (gvk) break;
  }
  if (!gvk) throw new ExplainError(`error: GVR (${gvrString}) not found in OpenAPI schema`, '');
  const head = `${gvk.group ? `GROUP:      ${gvk.group}\n` : ''}KIND:       ${gvk.kind}\nVERSION:    ${gvk.version}\n\n`;
  for (const s of Object.values(doc.components.schemas) as J[]) {
    const list: J[] = s['x-kubernetes-group-version-kind'] ?? [];
    if (!list.some((g) => g.group === gvk!.group && g.kind === gvk!.kind && g.version === gvk!.version)) continue;
    const body = output(s, {}, path, recursive, doc);
    if (!body) throw new ExplainError(`error: field "${path[path.length - 1]}" does not exist`, head);
    return `${head}${body}\n`;
  }
  throw new ExplainError(`error: GVK ${JSON.stringify(gvk)} not found in OpenAPI schema`, head);
}

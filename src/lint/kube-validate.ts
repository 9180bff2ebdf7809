/**
 * Validating one object against its Kubernetes schema: the type errors kubernetes-models finds, plus the
 * unknown fields it does not (its schemas allow extra properties; the API server drops them silently, or
 * rejects them with --validate=strict). The strict pass uses the validator itself as the schema: we hand
 * it the object wrapped in proxies that record which properties it reads. A compiled validator reads every
 * property its schema declares, and enumerates the keys of a map (labels, data), so any key it never read
 * is a field the schema does not have.
 */
import type { KubeModel } from './kube-models.js';

export interface SchemaError {
  /** JSON pointer into the object. */
  pointer: string;
  keyword: string;
  params: Record<string, unknown>;
  /** ajv's English text, the fallback for keywords we do not word ourselves. */
  message: string;
}

export interface UnknownField {
  /** JSON pointer of the object holding the field. */
  parent: string;
  key: string;
  /** The fields that object may have. */
  known: string[];
}

interface Seen {
  pointer: string;
  value: Record<string, unknown>;
  read: Set<string>;
  enumerated: boolean;
}

function tracked(root: unknown): { proxy: unknown; seen: Seen[] } {
  const seen: Seen[] = [];
  const proxies = new WeakMap<object, unknown>();
  const wrap = (value: unknown, pointer: string): unknown => {
    if (value === null || typeof value !== 'object') return value;
    const known = proxies.get(value);
    if (known) return known;
    const rec: Seen = { pointer, value: value as Record<string, unknown>, read: new Set(), enumerated: false };
    if (!Array.isArray(value)) seen.push(rec);
    const proxy = new Proxy(value, {
      get(target, key, receiver) {
        const v = Reflect.get(target, key, receiver) as unknown;
        if (typeof key !== 'string') return v;
        rec.read.add(key);
        return Object.hasOwn(target, key) ? wrap(v, `${pointer}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`) : v;
      },
      ownKeys(target) {
        rec.enumerated = true;
        return Reflect.ownKeys(target);
      },
    });
    proxies.set(value, proxy);
    return proxy;
  };
  return { proxy: wrap(root, ''), seen };
}

export function validateObject(model: KubeModel, obj: unknown): { errors: SchemaError[]; unknown: UnknownField[] } {
  const { proxy, seen } = tracked(obj);
  let errors: SchemaError[] = [];
  try {
    model.prototype.validate.call(proxy);
  } catch (err) {
    const list = (err as { errors?: { instancePath: string; keyword: string; params: Record<string, unknown>; message?: string }[] })
      .errors;
    if (!list) throw err;
    errors = list.map((e) => ({ pointer: e.instancePath, keyword: e.keyword, params: e.params, message: e.message ?? e.keyword }));
  }
  const unknown: UnknownField[] = [];
  for (const s of seen) {
    // A map (enumerated) takes any key; an object whose schema names no properties is free-form.
    if (s.enumerated || s.read.size === 0) continue;
    const known = [...s.read].filter((k) => k !== 'constructor' && k !== 'toJSON');
    for (const key of Object.keys(s.value)) if (!s.read.has(key)) unknown.push({ parent: s.pointer, key, known });
  }
  return { errors: condense(errors), unknown };
}

/**
 * One error per place: an int-or-string field that is neither yields a type error per branch plus the
 * anyOf/oneOf itself; we keep the union, worded with the branch types.
 */
function condense(errors: SchemaError[]): SchemaError[] {
  const byPointer = new Map<string, SchemaError[]>();
  for (const e of errors) byPointer.set(e.pointer, [...(byPointer.get(e.pointer) ?? []), e]);
  const out: SchemaError[] = [];
  for (const [pointer, list] of byPointer) {
    const union = list.find((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf');
    // A branch of the right type that failed on its format (a quantity) says more than the union does.
    const specific = list.find((e) => e.keyword !== 'type' && e.keyword !== 'anyOf' && e.keyword !== 'oneOf');
    if (union && specific) {
      out.push(specific);
      continue;
    }
    if (union) {
      const types = list.filter((e) => e.keyword === 'type').map((e) => String(e.params.type));
      out.push({ ...union, pointer, params: { ...union.params, types } });
      continue;
    }
    // `required` errors name different children of the same object: keep them all; otherwise one per place.
    const required = list.filter((e) => e.keyword === 'required');
    out.push(...required, ...list.filter((e) => e.keyword !== 'required').slice(0, 1));
  }
  return out;
}

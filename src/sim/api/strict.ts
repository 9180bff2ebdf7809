/**
 * Strict decoding, as the API server does it for kubectl's default `--validate=strict`: unknown fields and
 * wrongly typed values are rejected with the server's own wording.
 */
import { quantityError } from './quantity.js';
import { KIND_SCHEMAS, type Schema } from './schema.js';

const GO_TYPE: Record<string, string> = { s: 'string', i: 'int32', b: 'bool', n: 'float64', io: 'IntOrString', q: 'Quantity' };

function jsonType(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return 'number';
  if (typeof v === 'boolean') return 'bool';
  return typeof v;
}

interface Found {
  unknown: string[];
  typeError?: string;
}

function walk(v: unknown, s: Schema, path: string, goPath: string, goType: string, out: Found): void {
  if (s === 0 || v === null || v === undefined) return;
  if (typeof s === 'string') {
    const t = jsonType(v);
    // A quantity is decoded by its own UnmarshalJSON: its error carries no field path.
    if (s === 'q' && (t === 'string' || t === 'number')) {
      const e = t === 'string' ? quantityError(v as string) : undefined;
      if (e && !out.typeError) out.typeError = e;
      return;
    }
    const ok =
      (s === 's' && t === 'string') ||
      (s === 'i' && t === 'number' && Number.isInteger(v)) ||
      (s === 'n' && t === 'number') ||
      (s === 'b' && t === 'bool') ||
      (s === 'io' && (t === 'string' || t === 'number'));
    if (!ok && !out.typeError) {
      const what = t === 'array' ? 'array' : t === 'object' ? 'object' : t;
      out.typeError = `json: cannot unmarshal ${what} into Go struct field ${goType}.${goPath} of type ${GO_TYPE[s]}`;
    }
    return;
  }
  if (Array.isArray(s)) {
    if (!Array.isArray(v)) {
      if (!out.typeError) out.typeError = `json: cannot unmarshal ${jsonType(v)} into Go struct field ${goType}.${goPath} of type []${s[0] && typeof s[0] === 'object' && !Array.isArray(s[0]) ? `v1.${(s[0] as { $?: string }).$ ?? 'Object'}` : 'string'}`;
      return;
    }
    v.forEach((item, i) => walk(item, s[0], `${path}[${i}]`, goPath, goType, out));
    return;
  }
  if (typeof v !== 'object' || Array.isArray(v)) {
    if (!out.typeError) out.typeError = `json: cannot unmarshal ${jsonType(v)} into Go struct field ${goType}.${goPath} of type v1.${s.$ ?? 'Object'}`;
    return;
  }
  const obj = v as Record<string, unknown>;
  if ('*' in s) {
    for (const [k, x] of Object.entries(obj)) walk(x, s['*'] as Schema, `${path}.${k}`, goPath, goType, out);
    return;
  }
  const typeName = s.$ ?? goType;
  for (const [k, x] of Object.entries(obj)) {
    const sub = s[k];
    const p = path ? `${path}.${k}` : k;
    if (sub === undefined || k === '$') {
      out.unknown.push(p);
      continue;
    }
    walk(x, sub as Schema, p, goPath ? `${goPath}.${k}` : k, typeName, out);
  }
}

/** The server's complaint about a manifest's fields, or undefined when it decodes strictly. */
export function strictDecode(obj: Record<string, unknown>, kind: string, version: string): string | undefined {
  const s = KIND_SCHEMAS[kind];
  if (!s) return undefined;
  const found: Found = { unknown: [] };
  walk(obj, s, '', '', kind, found);
  const head = `${kind} in version "${version}" cannot be handled as a ${kind}: `;
  if (found.typeError) return head + found.typeError;
  if (found.unknown.length) return `${head}strict decoding error: ${found.unknown.map((u) => `unknown field "${u}"`).join(', ')}`;
  return undefined;
}

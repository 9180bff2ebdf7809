/**
 * Partial matching of a live object against an expected shape (kuttl's assert semantics): maps match by
 * key, arrays when every expected item matches SOME actual item, scalars by equality. Fields the expected
 * shape does not name are ignored. A missing field is a mismatch with `actual: undefined` (not ready yet).
 */

export interface Mismatch {
  /** Dotted path to the first difference, e.g. `spec.template.spec.containers`. */
  path: string;
  expected: unknown;
  actual: unknown;
  /** The expected item an array had no match for. */
  missingItem?: boolean;
}

const isMap = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function partialMatch(actual: unknown, expected: unknown, path = ''): Mismatch | undefined {
  if (isMap(expected)) {
    if (!isMap(actual)) return { path, expected, actual };
    for (const [k, v] of Object.entries(expected)) {
      const m = partialMatch(actual[k], v, path ? `${path}.${k}` : k);
      if (m) return m;
    }
    return undefined;
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return { path, expected, actual };
    for (const item of expected) {
      if (!actual.some((a) => partialMatch(a, item) === undefined)) return { path, expected: item, actual, missingItem: true };
    }
    return undefined;
  }
  return actual === expected ? undefined : { path, expected, actual };
}

/** A short rendering of a value for a reason line. */
export function brief(v: unknown, max = 80): string {
  const s = v === undefined ? '(none)' : typeof v === 'string' ? v : JSON.stringify(v);
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

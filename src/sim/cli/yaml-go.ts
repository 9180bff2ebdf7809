/**
 * YAML scalars as kubectl reads them. kubectl turns YAML into JSON with sigs.k8s.io/yaml, which decodes with
 * go-yaml v2 into interface{} values, so its YAML 1.1 differs from the `yaml` package's in a few places:
 * - a plain scalar that looks like a timestamp (`2026-11-27T22:00:00Z`, `2026-11-27`) stays the string as
 *   written (go-yaml keeps timestamp-like values as strings when the target is interface{});
 * - there are no base-60 numbers (`1:30`, `12:30:00` are strings);
 * - integers are what Go's strconv.ParseInt(s, 0, 64) accepts once `_` is removed, so `0o17`, `0O17`,
 *   `0X1F` and `0B101` are numbers too; a lone `.` is a string, not NaN;
 * - JSON has no infinity or NaN: `.inf` and `.nan` make the document fail ("json: unsupported value").
 * The YAML 1.1 booleans (`yes`, `y`, `on`, ...) and nulls are the same in both.
 * Pass GO_YAML to the `yaml` package's parse functions; nonFinite() finds what JSON cannot carry.
 */
import type { ScalarTag, Tags } from 'yaml';

const INT = 'tag:yaml.org,2002:int';
const FLOAT = 'tag:yaml.org,2002:float';

function goInt(src: string): number {
  const s = src.replace(/_/g, '');
  const neg = s.startsWith('-');
  const body = s.replace(/^[-+]/, '');
  const base = { o: 8, x: 16, b: 2 }[body[1].toLowerCase() as 'o' | 'x' | 'b'];
  const n = parseInt(body.slice(2), base);
  return neg ? -n : n;
}

/** Go's base prefixes that the YAML 1.1 schema lacks (it has lower-case 0x and 0b, and 0-prefixed octal). */
const goPrefixedInt: ScalarTag = {
  identify: () => false,
  default: true,
  tag: INT,
  test: /^[-+]?0(?:[oO][0-7_]+|X[0-9a-fA-F_]+|B[01_]+)$/,
  resolve: goInt,
};

/**
 * go-yaml's floats: after a digit or sign, what matches ^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$
 * once `_` is removed; after a leading dot, what strconv.ParseFloat reads (`.5`, `.5e3`). A lone `.` or
 * `e3` is a string (the YAML 1.1 schema would make them NaN).
 */
const goFloat: ScalarTag = {
  identify: () => false,
  default: true,
  tag: FLOAT,
  test: /^(?:[-+]?(?:\.[0-9_]*[0-9][0-9_]*|[0-9][0-9_]*(?:\.[0-9_]*)?)(?:[eE][-+]?[0-9_]*[0-9][0-9_]*)?|\.[0-9]+(?:[eE][-+]?[0-9]+)?)$/,
  resolve: (s) => parseFloat(s.replace(/_/g, '')),
};

function goTags(tags: Tags): Tags {
  const kept = tags.filter((t) => {
    if (typeof t !== 'object') return true;
    if (t.tag === 'tag:yaml.org,2002:timestamp' || t.format === 'TIME') return false;
    // The schema's own floats, except .inf/.nan, give way to goFloat.
    return !(t.tag === FLOAT && 'test' in t && t.test && !t.test.test('.inf'));
  });
  return [...kept, goPrefixedInt, goFloat];
}

/** Options for parse/parseAllDocuments: YAML 1.1 as go-yaml v2 resolves it. */
export const GO_YAML = { version: '1.1' as const, customTags: goTags };

/** The first number JSON cannot encode, as Go's encoding/json names it (`+Inf`, `-Inf`, `NaN`). */
export function nonFinite(v: unknown): string | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? undefined : Number.isNaN(v) ? 'NaN' : v > 0 ? '+Inf' : '-Inf';
  if (v && typeof v === 'object') {
    for (const x of Array.isArray(v) ? v : Object.values(v)) {
      const bad = nonFinite(x);
      if (bad) return bad;
    }
  }
  return undefined;
}

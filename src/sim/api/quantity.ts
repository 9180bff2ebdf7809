/** Resource quantities (`500m`, `1`, `512Mi`, `1G`): parsing to numbers and printing them back. */

const SUFFIX: Record<string, number> = {
  '': 1, m: 1e-3, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18,
  Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60,
};

const SPLIT_RE = '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$';
const SUFFIX_CHARS = 'eEinumkKMGTP';

/**
 * What resource.ParseQuantity (k8s.io/apimachinery) says of a string, when it refuses it: the format error
 * (no number, or a suffix that is not letters then an optional signed integer) or the suffix error (letters
 * that are no known suffix). Undefined when it parses.
 */
export function quantityError(s: string): string | undefined {
  const wrong = `quantities must match the regular expression '${SPLIT_RE}'`;
  if (!s.length) return wrong;
  if (s === '0') return undefined;
  let pos = 0;
  if (s[0] === '+' || s[0] === '-') pos++;
  const intStart = pos;
  while (pos < s.length && s[pos] >= '0' && s[pos] <= '9') pos++;
  let digits = pos - intStart;
  if (pos < s.length && s[pos] === '.') {
    pos++;
    const fracStart = pos;
    while (pos < s.length && s[pos] >= '0' && s[pos] <= '9') pos++;
    digits += pos - fracStart;
  }
  if (!digits) return wrong;
  const suffixStart = pos;
  while (pos < s.length && SUFFIX_CHARS.includes(s[pos])) pos++;
  if (pos < s.length && (s[pos] === '-' || s[pos] === '+')) pos++;
  while (pos < s.length && s[pos] >= '0' && s[pos] <= '9') pos++;
  if (pos < s.length) return wrong;
  const suffix = s.slice(suffixStart);
  if (suffix in SUFFIX || /^[eE][-+]?\d+$/.test(suffix)) return undefined;
  return "unable to parse quantity's suffix";
}

export function parseQuantity(q: unknown): number {
  if (typeof q === 'number') return q;
  const m = /^([+-]?[0-9.]+)(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?$/.exec(String(q ?? '').trim());
  if (!m) return NaN;
  return Number(m[1]) * SUFFIX[m[2] ?? ''];
}

/** CPU as the API prints it: whole cores when exact, else millicores. */
export function formatCpu(v: number): string {
  const milli = Math.round(v * 1000);
  return milli % 1000 === 0 ? String(milli / 1000) : `${milli}m`;
}

/** Memory-like quantities: the largest binary suffix that divides exactly, else plain bytes. */
export function formatBytes(v: number): string {
  const n = Math.round(v);
  if (n === 0) return '0';
  for (const [s, f] of [['Ei', 2 ** 60], ['Pi', 2 ** 50], ['Ti', 2 ** 40], ['Gi', 2 ** 30], ['Mi', 2 ** 20], ['Ki', 2 ** 10]] as const) {
    if (n % f === 0) return `${n / f}${s}`;
  }
  return String(n);
}

export function formatQuantity(resource: string, v: number): string {
  if (resource.endsWith('cpu') || resource === 'cpu') return formatCpu(v);
  if (/memory|storage/.test(resource)) return formatBytes(v);
  return String(Math.round(v));
}

/** Label selectors: the object form (matchLabels/matchExpressions) and kubectl's `-l` string form. */

export interface Req {
  key: string;
  op: 'in' | 'notin' | 'exists' | '!' | '=' | '!=';
  values: string[];
}

export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}

export function selectorReqs(sel: LabelSelector | undefined): Req[] {
  const out: Req[] = [];
  for (const [key, v] of Object.entries(sel?.matchLabels ?? {})) out.push({ key, op: '=', values: [v] });
  for (const e of sel?.matchExpressions ?? []) {
    const op = e.operator === 'In' ? 'in' : e.operator === 'NotIn' ? 'notin' : e.operator === 'Exists' ? 'exists' : '!';
    out.push({ key: e.key, op, values: e.values ?? [] });
  }
  return out;
}

export function matches(reqs: Req[], labels: Record<string, string> | undefined): boolean {
  const l = labels ?? {};
  return reqs.every((r) => {
    const has = Object.prototype.hasOwnProperty.call(l, r.key);
    switch (r.op) {
      case '=':
      case 'in':
        return has && r.values.includes(l[r.key]);
      case '!=':
      case 'notin':
        return !has || !r.values.includes(l[r.key]);
      case 'exists':
        return has;
      case '!':
        return !has;
    }
  });
}

export function matchesSelector(sel: LabelSelector | undefined, labels: Record<string, string> | undefined): boolean {
  const reqs = selectorReqs(sel);
  return reqs.length > 0 && matches(reqs, labels);
}

/** A selector as a `-l` string (how describe and -o wide print it). */
export function selectorString(sel: LabelSelector | undefined): string {
  const parts: string[] = [];
  for (const [k, v] of Object.entries(sel?.matchLabels ?? {}).sort(([a], [b]) => a.localeCompare(b))) parts.push(`${k}=${v}`);
  for (const e of sel?.matchExpressions ?? []) {
    if (e.operator === 'Exists') parts.push(e.key);
    else if (e.operator === 'DoesNotExist') parts.push(`!${e.key}`);
    else parts.push(`${e.key} ${e.operator === 'In' ? 'in' : 'notin'} (${(e.values ?? []).join(',')})`);
  }
  return parts.join(',');
}

/**
 * A selector the parser refused: `requirement` errors happened inside one requirement (the parser prefixes
 * them "unable to parse requirement: "), the others between requirements (labels.Parser.parse).
 */
export class SelectorError extends Error {
  constructor(
    message: string,
    public readonly requirement: boolean,
  ) {
    super(requirement ? `unable to parse requirement: ${message}` : message);
  }
}

/** Parse `-l` syntax: `a=b,c!=d,e in (x,y),f notin (z),g,!h`. Throws a SelectorError worded as the API server's. */
export function parseSelector(s: string): Req[] {
  const out: Req[] = [];
  let i = 0;
  const src = s.trim();
  const skipWs = () => {
    while (src[i] === ' ') i++;
  };
  const word = () => {
    skipWs();
    const m = /^[A-Za-z0-9_.\-/]*/.exec(src.slice(i))![0];
    i += m.length;
    return m;
  };
  if (!src) return out;
  const startsRequirement = () => i < src.length && (src[i] === '!' || /[A-Za-z0-9_.\-/]/.test(src[i]));
  while (i < src.length) {
    skipWs();
    if (!startsRequirement()) throw new SelectorError(`found '${src[i] ?? ''}', expected: !, identifier, or 'end of string'`, false);
    let neg = false;
    if (src[i] === '!') {
      neg = true;
      i++;
    }
    const key = word();
    if (!key) throw new SelectorError(`found '${src[i] ?? ''}', expected: identifier`, true);
    skipWs();
    if (neg) {
      out.push({ key, op: '!', values: [] });
    } else if (src.startsWith('!=', i)) {
      i += 2;
      out.push({ key, op: '!=', values: [word()] });
    } else if (src.startsWith('==', i)) {
      i += 2;
      out.push({ key, op: '=', values: [word()] });
    } else if (src[i] === '=') {
      i += 1;
      out.push({ key, op: '=', values: [word()] });
    } else if (/^(in|notin)\s*\(/.test(src.slice(i))) {
      const op = src.startsWith('in', i) ? 'in' : 'notin';
      i = src.indexOf('(', i) + 1;
      const close = src.indexOf(')', i);
      if (close < 0) throw new SelectorError("found '', expected: ',' or ')'", true);
      const values = src.slice(i, close).split(',').map((v) => v.trim()).filter(Boolean);
      i = close + 1;
      out.push({ key, op, values });
    } else if (i >= src.length || src[i] === ',') {
      out.push({ key, op: 'exists', values: [] });
    } else {
      throw new SelectorError(`found '${src[i]}', expected: in, notin, =, ==, !=, gt, lt`, true);
    }
    skipWs();
    if (i < src.length) {
      if (src[i] !== ',') throw new SelectorError(`found '${src[i]}', expected: ',' or 'end of string'`, false);
      i++;
      skipWs();
      if (!startsRequirement()) throw new SelectorError(`found '${src[i] ?? ''}', expected: identifier after ','`, false);
    }
  }
  return out;
}

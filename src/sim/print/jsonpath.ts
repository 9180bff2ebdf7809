/**
 * kubectl's JSONPath templates, the commonly used part: `{.a.b}`, `{.items[*].metadata.name}`, `[n]`,
 * `[?(@.type=="Ready")]`, `{range ...}{...}{end}`, quoted literals like `{"\n"}`, and plain text between.
 * Missing fields print nothing (kubectl's default --allow-missing-template-keys=true).
 */

type Node = { kind: 'text'; text: string } | { kind: 'expr'; path: string } | { kind: 'range'; path: string; body: Node[] };

function parse(tpl: string): Node[] {
  const out: Node[] = [];
  const stack: Node[][] = [out];
  const rangeStack: { path: string; body: Node[] }[] = [];
  let i = 0;
  while (i < tpl.length) {
    const open = tpl.indexOf('{', i);
    if (open < 0) {
      stack[stack.length - 1].push({ kind: 'text', text: tpl.slice(i) });
      break;
    }
    if (open > i) stack[stack.length - 1].push({ kind: 'text', text: tpl.slice(i, open) });
    let depth = 0;
    let j = open;
    let quote: string | null = null;
    for (; j < tpl.length; j++) {
      const ch = tpl[j];
      if (quote) {
        if (ch === '\\') j++;
        else if (ch === quote) quote = null;
        continue;
      }
      if (ch === '"' || ch === "'") quote = ch;
      else if (ch === '{') depth++;
      else if (ch === '}' && --depth === 0) break;
    }
    if (j >= tpl.length) throw new Error(`unclosed action`);
    const inner = tpl.slice(open + 1, j).trim();
    i = j + 1;
    if (inner.startsWith('range ')) {
      const r = { path: inner.slice(6).trim(), body: [] as Node[] };
      rangeStack.push(r);
      stack.push(r.body);
    } else if (inner === 'end') {
      const r = rangeStack.pop();
      if (!r) throw new Error('not in range, nothing to end');
      stack.pop();
      stack[stack.length - 1].push({ kind: 'range', path: r.path, body: r.body });
    } else if (/^["']/.test(inner)) {
      stack[stack.length - 1].push({ kind: 'text', text: JSON.parse(inner.startsWith("'") ? `"${inner.slice(1, -1)}"` : inner) });
    } else stack[stack.length - 1].push({ kind: 'expr', path: inner });
  }
  return out;
}

function splitPath(path: string): string[] {
  const segs: string[] = [];
  let cur = '';
  let depth = 0;
  const chars = [...path.replace(/^\$/, '')];
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i];
    // `\.` is a dot inside a field name (deployment\.kubernetes\.io/revision), as kubectl's parser reads it.
    if (ch === '\\' && chars[i + 1] === '.' && depth === 0) {
      cur += '.';
      i++;
      continue;
    }
    if (ch === '[') {
      if (depth === 0 && cur) {
        segs.push(cur);
        cur = '';
      }
      depth++;
      cur += ch;
      continue;
    }
    if (ch === ']') {
      depth--;
      cur += ch;
      if (depth === 0) {
        segs.push(cur);
        cur = '';
      }
      continue;
    }
    if (ch === '.' && depth === 0) {
      if (cur) segs.push(cur);
      cur = '';
      continue;
    }
    cur += ch;
  }
  if (cur) segs.push(cur);
  return segs;
}

function evalFilter(item: unknown, filter: string): boolean {
  const m = /^\?\(@\.?(.*?)\s*(==|!=)\s*(?:"(.*)"|'(.*)'|(\S+))\)$/.exec(filter);
  if (!m) {
    const exists = /^\?\(@\.(.+)\)$/.exec(filter);
    return exists ? evaluate(exists[1], [item]).length > 0 : false;
  }
  const [, path, op, a, b, c] = m;
  const want = a ?? b ?? c;
  const got = evaluate(path, [item]).map((v) => String(v));
  return op === '==' ? got.includes(want) : !got.includes(want);
}

export function evaluate(path: string, roots: unknown[]): unknown[] {
  let cur = roots;
  for (const seg of splitPath(path.trim())) {
    const next: unknown[] = [];
    for (const v of cur) {
      if (v === null || v === undefined) continue;
      if (seg.startsWith('[')) {
        const inner = seg.slice(1, -1).trim();
        const arr = Array.isArray(v) ? v : typeof v === 'object' ? Object.values(v as object) : [];
        if (inner === '*') next.push(...arr);
        else if (inner.startsWith('?')) next.push(...arr.filter((x) => evalFilter(x, inner)));
        else if (/^-?\d+$/.test(inner)) {
          const n = Number(inner);
          const x = arr[n < 0 ? arr.length + n : n];
          if (x !== undefined) next.push(x);
        } else if (/^-?\d*:-?\d*$/.test(inner)) {
          const [s, e] = inner.split(':');
          next.push(...arr.slice(s ? Number(s) : 0, e ? Number(e) : undefined));
        } else {
          const key = inner.replace(/^['"]|['"]$/g, '');
          if (typeof v === 'object' && key in (v as object)) next.push((v as Record<string, unknown>)[key]);
        }
      } else if (seg === '*') {
        if (typeof v === 'object') next.push(...Object.values(v as object));
      } else if (typeof v === 'object' && !Array.isArray(v) && seg in (v as object)) {
        next.push((v as Record<string, unknown>)[seg]);
      }
    }
    cur = next;
  }
  return cur;
}

function show(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v && typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

function render(nodes: Node[], root: unknown, ctx: unknown): string {
  let out = '';
  for (const n of nodes) {
    if (n.kind === 'text') out += n.text;
    else if (n.kind === 'expr') {
      const base = n.path.startsWith('@') ? ctx : n.path.startsWith('$') ? root : ctx;
      const p = n.path.replace(/^[@$]/, '');
      out += evaluate(p, [base]).map(show).join(' ');
    } else {
      const items = evaluate(n.path.replace(/^[@$]/, ''), [n.path.startsWith('$') ? root : ctx]);
      for (const item of items) out += render(n.body, root, item);
    }
  }
  return out;
}

export function jsonpath(template: string, data: unknown): string {
  return render(parse(template), data, data);
}

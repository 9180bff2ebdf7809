/**
 * What changed since the previous step, object by object: new objects, objects that go away, and a line
 * diff of the rendered YAML of the objects both steps have (with a little context), so the learner sees
 * `replicas: 1` become `replicas: 3` instead of two walls of YAML.
 */
import { stringify } from 'yaml';
import type { KubeObject } from '../course/render.js';

export interface DiffLine {
  op: ' ' | '+' | '-';
  text: string;
}

export type ObjectChange =
  | { change: 'added'; ref: string; lines: string[] }
  | { change: 'removed'; ref: string }
  | { change: 'changed'; ref: string; hunks: DiffLine[][] }
  | { change: 'same'; ref: string };

export const objectRef = (o: KubeObject) => `${o.kind} ${o.metadata.name}`;

export function yamlLines(o: KubeObject): string[] {
  return stringify(o, { lineWidth: 0 }).trimEnd().split('\n');
}

/** A line diff by longest common subsequence (manifests are a few hundred lines: O(n·m) is fine). */
export function lineDiff(a: string[], b: string[]): DiffLine[] {
  const n = a.length;
  const m = b.length;
  const lcs: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i][j] = a[i] === b[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
    }
  }
  const out: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[i] === b[j]) {
      out.push({ op: ' ', text: a[i] });
      i++;
      j++;
    } else if (lcs[i + 1][j] >= lcs[i][j + 1]) {
      out.push({ op: '-', text: a[i++] });
    } else {
      out.push({ op: '+', text: b[j++] });
    }
  }
  while (i < n) out.push({ op: '-', text: a[i++] });
  while (j < m) out.push({ op: '+', text: b[j++] });
  return out;
}

/** Group a diff into hunks: the changed lines with `context` unchanged lines around them. */
export function hunks(diff: DiffLine[], context = 2): DiffLine[][] {
  const keep = new Array<boolean>(diff.length).fill(false);
  diff.forEach((d, i) => {
    if (d.op === ' ') return;
    for (let k = Math.max(0, i - context); k <= Math.min(diff.length - 1, i + context); k++) keep[k] = true;
  });
  const out: DiffLine[][] = [];
  let cur: DiffLine[] | undefined;
  diff.forEach((d, i) => {
    if (!keep[i]) {
      cur = undefined;
      return;
    }
    if (!cur) out.push((cur = []));
    cur.push(d);
  });
  return out;
}

/** Compare two steps' rendered objects (matched by kind and name), in this step's order, removed last. */
export function manifestDiff(prev: KubeObject[], next: KubeObject[]): ObjectChange[] {
  const before = new Map(prev.map((o) => [objectRef(o), o]));
  const after = new Set(next.map(objectRef));
  const out: ObjectChange[] = [];
  for (const o of next) {
    const ref = objectRef(o);
    const old = before.get(ref);
    if (!old) {
      out.push({ change: 'added', ref, lines: yamlLines(o) });
      continue;
    }
    const d = lineDiff(yamlLines(old), yamlLines(o));
    out.push(d.some((l) => l.op !== ' ') ? { change: 'changed', ref, hunks: hunks(d) } : { change: 'same', ref });
  }
  for (const o of prev) if (!after.has(objectRef(o))) out.push({ change: 'removed', ref: objectRef(o) });
  return out;
}

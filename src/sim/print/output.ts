/** Printing objects the way `kubectl get` does, in every -o format the simulator supports. */
import { qualifiedSingular, type Kind } from '../api/kinds.js';
import type { Obj } from '../state/types.js';
import { table, toJson, toYaml } from './format.js';
import { CmdError } from '../cli/errors.js';

export interface PrintOpts {
  output?: string;
  allNamespaces?: boolean;
  showLabels?: boolean;
  labelColumns?: string[];
  noHeaders?: boolean;
  /** Prefix names with their type (several types, or `get all`). */
  withKind?: boolean;
  sortBy?: string;
}

export function listOf(items: Obj[]): Record<string, unknown> {
  return { apiVersion: 'v1', items, kind: 'List', metadata: { resourceVersion: '' } };
}

type JP = typeof import('./jsonpath.js');

function sortItems(items: Obj[], sortBy: string | undefined, jp?: JP): Obj[] {
  if (!sortBy || !jp) return items;
  const { evaluate } = jp;
  const path = sortBy.replace(/^\{|\}$/g, '');
  const key = (o: Obj) => evaluate(path.startsWith('.') ? path.slice(1) : path, [o])[0];
  return [...items].sort((a, b) => {
    const x = key(a);
    const y = key(b);
    if (typeof x === 'number' && typeof y === 'number') return x - y;
    return String(x ?? '').localeCompare(String(y ?? ''));
  });
}

/** Structured formats print everything at once; table formats print one table per type. */
export function isStructured(output: string | undefined): boolean {
  return !!output && /^(json|yaml|name|jsonpath|custom-columns|go-template)/.test(output);
}

export async function printStructured(groups: { kind: Kind; items: Obj[] }[], single: boolean, o: PrintOpts): Promise<string> {
  const jp: JP | undefined = o.sortBy || /^(jsonpath|custom-columns)/.test(o.output ?? '') ? await import('./jsonpath.js') : undefined;
  const items = groups.flatMap((g) => sortItems(g.items, o.sortBy, jp));
  const out = o.output!;
  const data = single && items.length === 1 ? items[0] : listOf(items);
  if (out === 'json') return toJson(data);
  if (out === 'yaml') return toYaml(data);
  if (out === 'name') return items.map((i) => `${qualifiedSingular(groups.find((g) => g.items.includes(i))!.kind)}/${i.metadata.name}\n`).join('');
  const jpm = /^jsonpath(?:-as-json)?=(.*)$/s.exec(out);
  if (jpm && jp) {
    try {
      return jp.jsonpath(jpm[1], data);
    } catch (err) {
      throw new CmdError(`error: error parsing jsonpath ${jpm[1]}, ${(err as Error).message}`);
    }
  }
  const cc = /^custom-columns=(.*)$/s.exec(out);
  if (cc && jp) {
    const { evaluate } = jp;
    const cols = cc[1].split(',').map((spec) => {
      const i = spec.indexOf(':');
      if (i < 0) throw new CmdError('error: custom-columns format specified but no custom columns given');
      return { head: spec.slice(0, i), path: spec.slice(i + 1).replace(/^\{|\}$/g, '') };
    });
    const rows = items.map((it) => cols.map((c) => {
      const v = evaluate(c.path.startsWith('.') ? c.path.slice(1) : c.path, [it]);
      return v.length ? v.map((x) => (typeof x === 'object' ? JSON.stringify(x) : String(x))).join(',') : '<none>';
    }));
    return table(o.noHeaders ? rows : [cols.map((c) => c.head), ...rows]);
  }
  throw new CmdError(`error: unable to match a printer suitable for the output format "${out}", allowed formats are: custom-columns,custom-columns-file,go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,wide,yaml`);
}

export async function printTable(kind: Kind, items: Obj[], now: number, o: PrintOpts): Promise<string> {
  const { COLUMNS } = await import('./columns.js');
  const jp = o.sortBy ? await import('./jsonpath.js') : undefined;
  const cols = COLUMNS[kind.res] ?? { head: ['NAME', 'AGE'], row: (x: Obj) => [x.metadata.name, ''] };
  const wide = o.output === 'wide';
  const head = [...(o.allNamespaces && kind.namespaced ? ['NAMESPACE'] : []), ...cols.head, ...(wide && cols.wide ? cols.wide : [])];
  const labelCols = (o.labelColumns ?? []).map((l) => l.split('/').pop()!.toUpperCase());
  head.push(...labelCols);
  if (o.showLabels) head.push('LABELS');
  const rows = sortItems(items, o.sortBy, jp).map((it) => {
    const r = cols.row(it, now);
    if (o.withKind) r[0] = `${qualifiedSingular(kind)}/${r[0]}`;
    const row = [...(o.allNamespaces && kind.namespaced ? [it.metadata.namespace ?? ''] : []), ...r, ...(wide && cols.wideRow ? cols.wideRow(it, now) : [])];
    for (const l of o.labelColumns ?? []) row.push(it.metadata.labels?.[l] ?? '');
    if (o.showLabels) {
      const labels = Object.entries(it.metadata.labels ?? {}).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => `${k}=${v}`).join(',');
      row.push(labels || '<none>');
    }
    return row;
  });
  return table(o.noHeaders ? rows : [head, ...rows]);
}

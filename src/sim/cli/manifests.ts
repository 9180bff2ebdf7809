/**
 * Reading manifests for -f: files, directories (their .json/.yaml/.yml files, -R for sub-folders), `-` for
 * stdin; multi-document YAML parsed as kubectl does (go-yaml v2's YAML 1.1: `yes` is a boolean, a timestamp
 * stays the string it was, see yaml-go.ts). Decoding and client-side checks give kubectl's own error lines.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { kindFor, type Kind } from '../api/kinds.js';
import type { Obj } from '../state/types.js';
import type { Cli } from './cli.js';
import { ManifestErrors } from './errors.js';
import { GO_YAML, nonFinite } from './yaml-go.js';

export { ManifestErrors };

export interface Doc {
  /** Where it came from, as kubectl names it in messages ("STDIN" for -). */
  source: string;
  obj: Obj;
  /** The server's kind, undefined when there is no match for apiVersion/kind. */
  kind?: Kind;
}

function filesIn(dir: string, recursive: boolean): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const p = join(dir, e.name);
    if (e.isDirectory()) {
      if (recursive) out.push(...filesIn(p, true));
    } else if (/\.(ya?ml|json)$/.test(e.name)) out.push(p);
  }
  return out;
}

/** Expand -f arguments into (source, text) pairs. Throws kubectl's "does not exist" error. */
async function sources(c: Cli, files: string[], recursive: boolean): Promise<{ source: string; text: string }[]> {
  const out: { source: string; text: string }[] = [];
  for (const f of files) {
    if (f === '-') {
      out.push({ source: 'STDIN', text: await c.stdin() });
      continue;
    }
    if (/^https?:\/\//.test(f)) throw new ManifestErrors([`error: unable to read URL "${f}", server reported 0 , status code=0`]);
    const st = statSync(f, { throwIfNoEntry: false });
    if (!st) throw new ManifestErrors([`error: the path "${f}" does not exist`]);
    if (st.isDirectory()) {
      for (const p of filesIn(f, recursive)) out.push({ source: p, text: readFileSync(p, 'utf8') });
    } else out.push({ source: f, text: readFileSync(f, 'utf8') });
  }
  return out;
}

/** The line (1-based) of the last bracket `open` before `offset` that no closing bracket matched. */
function unclosedFlowStart(text: string, offset: number, open: '{' | '['): number | undefined {
  const close = open === '{' ? '}' : ']';
  const stack: number[] = [];
  let quote: string | undefined;
  for (let i = 0; i < Math.min(offset, text.length); i++) {
    const ch = text[i];
    if (quote) {
      if (ch === quote) quote = undefined;
      continue;
    }
    if (ch === '"' || ch === "'") quote = ch;
    else if (ch === open) stack.push(i);
    else if (ch === close) stack.pop();
  }
  const at = stack.pop();
  return at === undefined ? undefined : text.slice(0, at).split('\n').length;
}

/** Parse -f inputs into documents; the per-file problems come back as kubectl's lines (without "error: "). */
export async function readManifests(c: Cli, files: string[], recursive: boolean): Promise<{ docs: Doc[]; problems: string[] }> {
  const { parseAllDocuments } = await import('yaml');
  const docs: Doc[] = [];
  const problems: string[] = [];
  for (const { source, text } of await sources(c, files, recursive)) {
    const name = source === 'STDIN' ? 'STDIN' : source;
    const parsed = parseAllDocuments(text, { ...GO_YAML, uniqueKeys: false });
    const list = Array.isArray(parsed) ? parsed : [parsed];
    let bad = false;
    const objs: unknown[] = [];
    for (const d of list) {
      if (d.errors.length) {
        const e = d.errors[0];
        let line = e.linePos?.[0]?.line ?? 1;
        let msg = e.code === 'BAD_INDENT' || e.code === 'UNEXPECTED_TOKEN' ? 'did not find expected key' : e.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '').toLowerCase();
        // An unclosed flow collection: libyaml names the line where it opened ("while parsing a flow mapping").
        const flow = /^Flow (map|sequence)/.exec(e.message);
        if (flow) {
          const open = unclosedFlowStart(text, e.pos[0], flow[1] === 'map' ? '{' : '[');
          if (open !== undefined) {
            line = open;
            msg = flow[1] === 'map' ? "did not find expected ',' or '}'" : "did not find expected ',' or ']'";
          }
        }
        problems.push(`error parsing ${name}: error converting YAML to JSON: yaml: line ${line}: ${msg}`);
        bad = true;
        break;
      }
      const v = d.toJS({ maxAliasCount: 100 });
      if (v === null || v === undefined) continue;
      const unsupported = nonFinite(v);
      if (unsupported) {
        problems.push(`error parsing ${name}: error converting YAML to JSON: json: unsupported value: ${unsupported}`);
        bad = true;
        break;
      }
      objs.push(v);
    }
    if (bad) continue;
    for (const v of objs) {
      const items = v && typeof v === 'object' && (v as Obj).kind === 'List' && Array.isArray((v as Obj).items) ? (v as Obj).items : [v];
      for (const item of items) {
        const o = item as Obj;
        if (!o || typeof o !== 'object' || Array.isArray(o)) {
          problems.push(`error validating "${name}": error validating data: invalid object to validate; if you choose to ignore these errors, turn validation off with --validate=false`);
          continue;
        }
        if (!o.apiVersion) {
          problems.push(`error validating "${name}": error validating data: apiVersion not set; if you choose to ignore these errors, turn validation off with --validate=false`);
          continue;
        }
        if (!o.kind) {
          problems.push(`error validating "${name}": error validating data: kind not set; if you choose to ignore these errors, turn validation off with --validate=false`);
          continue;
        }
        o.metadata = o.metadata ?? ({} as Obj['metadata']);
        docs.push({ source: name, obj: o, kind: kindFor(String(o.apiVersion), String(o.kind)) });
      }
    }
  }
  return { docs, problems };
}

/** Documents for commands that only need kinds and names (get -f, delete -f, describe -f). */
export async function objectsFromFiles(c: Cli, files: string[], recursive: boolean): Promise<Doc[]> {
  const { docs, problems } = await readManifests(c, files, recursive);
  if (problems.length) throw new ManifestErrors(problems.length === 1 ? [`error: ${problems[0]}`] : problems);
  const unmapped = docs.filter((d) => !d.kind).map((d) => mappingError(d));
  if (unmapped.length) throw new ManifestErrors(unmapped.length === 1 ? [`error: ${unmapped[0]}`] : unmapped);
  return docs;
}

/** kubectl's error for a document whose apiVersion/kind the server does not serve. */
export function mappingError(d: Doc): string {
  return `resource mapping not found for name: "${d.obj.metadata?.name ?? ''}" namespace: "${d.obj.metadata?.namespace ?? ''}" from "${d.source}": no matches for kind "${d.obj.kind}" in version "${d.obj.apiVersion}"\nensure CRDs are installed first`;
}

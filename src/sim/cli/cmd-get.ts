/** kubectl get: lists and single objects, every output format, -A, -l, --field-selector, -w. */
import { ApiError, kubectlMessage } from '../api/errors.js';
import type { Kind } from '../api/kinds.js';
import type { World } from '../api/world.js';
import { isStructured, printStructured, printTable, type PrintOpts } from '../print/output.js';
import type { Obj } from '../state/types.js';
import { bool, list, str } from './argv.js';
import type { Cli } from './cli.js';
import { allNamespaces, namespaceOf, userOf } from './context.js';
import { CmdError } from './errors.js';
import { getObject, listObjects } from './query.js';
import { parseResources, type Selection } from './resolve.js';
import { withWorld } from './session.js';

const NO_TYPE = `You must specify the type of resource to get. Use "kubectl api-resources" for a complete list of supported resources.

error: Required resource not specified.
Use "kubectl explain <resource>" for a detailed description of that resource (e.g. kubectl explain pods).
See 'kubectl get -h' for help and examples`;

interface Fetched {
  groups: { kind: Kind; items: Obj[]; named: boolean }[];
  errors: string[];
  now: number;
  ns: string;
}

function fetch(w: World, c: Cli, sels: Selection[]): Fetched {
  const p = c.p;
  const user = userOf(w, c.target, p);
  const ns = namespaceOf(p, c.target, w);
  const all = allNamespaces(p);
  const out: Fetched = { groups: [], errors: [], now: w.now, ns };
  for (const s of sels) {
    const items: Obj[] = [];
    try {
      if (s.names.length) {
        for (const name of s.names) {
          try {
            items.push(getObject(w, user, s.kind, s.ns ?? ns, name));
          } catch (err) {
            if (err instanceof ApiError && err.code === 404 && bool(p, 'ignore-not-found')) continue;
            if (err instanceof ApiError) out.errors.push(kubectlMessage(err));
            else throw err;
          }
        }
      } else {
        items.push(...listObjects(w, user, s.kind, all ? undefined : ns, { labels: str(p, 'selector'), fields: str(p, 'field-selector') }));
      }
    } catch (err) {
      if (err instanceof ApiError) out.errors.push(kubectlMessage(err));
      else throw err;
    }
    if (s.kind.res === 'events' && !s.names.length) items.sort((a, b) => Date.parse(a.lastTimestamp) - Date.parse(b.lastTimestamp));
    out.groups.push({ kind: s.kind, items, named: s.names.length > 0 });
  }
  return out;
}

export async function render(c: Cli, f: Fetched, sels: Selection[]): Promise<string> {
  const p = c.p;
  const opts: PrintOpts = {
    output: str(p, 'output'),
    allNamespaces: allNamespaces(p),
    showLabels: bool(p, 'show-labels'),
    labelColumns: list(p, 'label-columns'),
    noHeaders: bool(p, 'no-headers'),
    withKind: sels.length > 1 || bool(p, 'show-kind'),
    sortBy: str(p, 'sort-by'),
  };
  if (isStructured(opts.output)) {
    const single = sels.length === 1 && sels[0].names.length === 1 && !p.args[0].includes(',');
    return printStructured(f.groups, single, opts);
  }
  if (opts.output && opts.output !== 'wide') await printStructured(f.groups, false, opts);
  const tables = await Promise.all(f.groups.filter((g) => g.items.length).map((g) => printTable(g.kind, g.items, f.now, opts)));
  return tables.join('\n');
}

export async function cmdGet(c: Cli): Promise<number> {
  const p = c.p;
  if (str(p, 'raw') !== undefined) return (await import('./cmd-raw.js')).cmdRaw(c, str(p, 'raw')!);
  const files = list(p, 'filename');
  let sels: Selection[] | undefined;
  if (files.length) sels = await selectionsFromFiles(c, files);
  else sels = parseResources(p.args);
  if (!sels) throw new CmdError(NO_TYPE);
  const watching = bool(p, 'watch') || bool(p, 'watch-only');
  // A watch follows one resource type (the builder's SingleResourceType, checked before any request).
  if (watching && sels.length > 1) throw new CmdError('error: you may only specify a single resource type');
  const f = await withWorld(c.env, false, (w) => fetch(w, c, sels!));
  // Named objects none of which exist print nothing (not an empty list); the errors say why.
  const nothing = f.errors.length > 0 && f.groups.every((g) => g.named && !g.items.length);
  const text = nothing || bool(p, 'watch-only') ? '' : await render(c, f, sels);
  if (text) c.out(text);
  const anyItems = f.groups.some((g) => g.items.length);
  if (!anyItems && !f.errors.length && !sels.some((s) => s.names.length) && !isStructured(str(p, 'output')) && !bool(p, 'watch-only')) {
    c.err(allNamespaces(p) ? 'No resources found\n' : `No resources found in ${f.ns} namespace.\n`);
  }
  if (f.errors.length) throw new CmdError(f.errors.join('\n'));
  if (watching) await watch(c, sels, f);
  return 0;
}

async function selectionsFromFiles(c: Cli, files: string[]): Promise<Selection[]> {
  const { objectsFromFiles } = await import('./manifests.js');
  const objs = await objectsFromFiles(c, files, bool(c.p, 'recursive'));
  const out: Selection[] = [];
  for (const o of objs) {
    if (!o.kind) continue;
    const ns = o.obj.metadata.namespace;
    const prev = out.find((s) => s.kind === o.kind && s.ns === ns);
    if (prev) prev.names.push(o.obj.metadata.name);
    else out.push({ kind: o.kind, names: [o.obj.metadata.name], ns });
  }
  return out;
}

/** -w: print again every object whose resourceVersion changes, until interrupted. */
async function watch(c: Cli, sels: Selection[], first: Fetched): Promise<void> {
  const seen = new Map<string, string>();
  for (const g of first.groups) for (const o of g.items) seen.set(o.metadata.uid!, o.metadata.resourceVersion!);
  const opts: PrintOpts = { output: str(c.p, 'output'), allNamespaces: allNamespaces(c.p), noHeaders: true };
  while (!c.signal.aborted) {
    await new Promise((r) => setTimeout(r, 500));
    if (c.signal.aborted) break;
    const f = await withWorld(c.env, false, (w) => fetch(w, c, sels));
    for (const g of f.groups) {
      const changed = g.items.filter((o) => seen.get(o.metadata.uid!) !== o.metadata.resourceVersion);
      for (const o of changed) seen.set(o.metadata.uid!, o.metadata.resourceVersion!);
      if (changed.length) c.out(isStructured(opts.output) ? await printStructured([{ kind: g.kind, items: changed }], true, opts) : await printTable(g.kind, changed, f.now, opts));
    }
  }
}

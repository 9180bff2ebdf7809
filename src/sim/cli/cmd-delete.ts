/**
 * kubectl delete: by name, -f, -l, --all; graceful by default (pods and namespaces terminate, and kubectl
 * waits until they are gone), --grace-period/--now/--force, --cascade.
 */
import { ApiError, kubectlMessage } from '../api/errors.js';
import { qualifiedRes, qualifiedSingular, type Kind } from '../api/kinds.js';
import { notFound } from '../api/errors.js';
import { authz } from '../api/rbac.js';
import { apiDelete, type DeleteOpts } from '../api/server.js';
import type { Obj } from '../state/types.js';
import { bool, int, list, str } from './argv.js';
import type { Cli } from './cli.js';
import { allNamespaces, namespaceOf, userOf } from './context.js';
import { CmdError, cmdError } from './errors.js';
import { objectsFromFiles } from './manifests.js';
import { listObjects } from './query.js';
import { parseResources, type Selection } from './resolve.js';
import { withWorld } from './session.js';
import { sleep } from './wait-util.js';

const NO_ARGS = `error: You must provide one or more resources by argument or filename.
Example resource specifications include:
   '-f rsrc.yaml'
   '--filename=rsrc.json'
   '<resource> <name>'
   '<resource>'`;

export async function cmdDelete(c: Cli): Promise<number> {
  const p = c.p;
  const files = list(p, 'filename');
  let sels: Selection[] | undefined;
  if (files.length) {
    const docs = await objectsFromFiles(c, files, bool(p, 'recursive'));
    sels = [];
    for (const d of docs) {
      const ns = d.obj.metadata.namespace;
      const prev = sels.find((s) => s.kind === d.kind && s.ns === ns);
      if (prev) prev.names.push(d.obj.metadata.name);
      else sels.push({ kind: d.kind!, names: [d.obj.metadata.name], ns });
    }
  } else sels = parseResources(p.args);
  if (!sels) throw new CmdError(NO_ARGS);
  const selector = str(p, 'selector');
  const fieldSel = str(p, 'field-selector');
  const all = bool(p, 'all');
  if (sels.some((s) => !s.names.length) && !selector && !fieldSel && !all && !files.length) {
    throw cmdError('resource(s) were provided, but no name was specified');
  }
  const force = bool(p, 'force');
  let grace = int(p, 'grace-period', -1);
  if (bool(p, 'now')) grace = 1;
  if (force && grace < 0) grace = 0;
  if (grace === 0 && !force) grace = 1;
  const opts: DeleteOpts = { grace: grace >= 0 ? grace : undefined, force, cascade: (str(p, 'cascade') as DeleteOpts['cascade']) ?? 'background' };
  if (force && grace === 0) c.err('Warning: Immediate deletion does not wait for confirmation that the running resource has been terminated. The resource may continue to run on the cluster indefinitely.\n');
  const ignore = bool(p, 'ignore-not-found') || ((selector !== undefined || all) && !files.length);
  const result = await withWorld(c.env, true, (w) => {
    const user = userOf(w, c.target, p);
    const ns = namespaceOf(p, c.target, w);
    const errors: string[] = [];
    const deleted: { kind: Kind; obj: Obj }[] = [];
    for (const s of sels!) {
      let targets: Obj[] = [];
      try {
        if (s.names.length) {
          for (const name of s.names) {
            try {
              // kubectl delete does not fetch a named object first (RequireObject(false)): the DELETE is
              // what RBAC judges, and what answers NotFound.
              const where = s.kind.namespaced ? (s.ns ?? ns) : undefined;
              authz(w, user, { verb: 'delete', group: s.kind.group, res: s.kind.res, ns: where, name });
              const o = w.get(s.kind.res, where, name);
              if (!o) throw notFound(qualifiedRes(s.kind), name, s.kind.res, s.kind.group || undefined);
              targets.push(o);
            } catch (err) {
              if (err instanceof ApiError && err.code === 404 && ignore) continue;
              if (err instanceof ApiError) errors.push(kubectlMessage(err));
              else throw err;
            }
          }
        } else targets = listObjects(w, user, s.kind, allNamespaces(p) ? undefined : ns, { labels: selector, fields: fieldSel });
        for (const o of targets) {
          try {
            apiDelete(w, user, o, opts);
            deleted.push({ kind: s.kind, obj: o });
          } catch (err) {
            if (err instanceof ApiError) errors.push(kubectlMessage(err));
            else throw err;
          }
        }
      } catch (err) {
        if (err instanceof ApiError) errors.push(kubectlMessage(err));
        else throw err;
      }
    }
    return { errors, deleted, ns };
  });
  const out = str(p, 'output');
  for (const d of result.deleted) {
    c.out(out === 'name' ? `${qualifiedSingular(d.kind)}/${d.obj.metadata.name}\n` : `${qualifiedSingular(d.kind)} "${d.obj.metadata.name}" ${force && grace === 0 ? 'force deleted' : 'deleted'}\n`);
  }
  if (!result.deleted.length && !result.errors.length && (selector !== undefined || all)) c.out('No resources found\n');
  if (bool(p, 'wait', true) && result.deleted.length && !(force && grace === 0)) {
    const timeout = parseTimeout(str(p, 'timeout'));
    const deadline = Date.now() + timeout;
    for (;;) {
      const left = await withWorld(c.env, false, (w) => result.deleted.filter((d) => {
        const o = w.get(d.kind.res, d.obj.metadata.namespace, d.obj.metadata.name);
        return o && o.metadata.uid === d.obj.metadata.uid;
      }).length);
      if (!left || c.signal.aborted) break;
      if (Date.now() > deadline) throw cmdError('timed out waiting for the condition');
      await sleep(100);
    }
  }
  if (result.errors.length) throw new CmdError(result.errors.join('\n'));
  return 0;
}

export function parseTimeout(v: string | undefined, def = 7 * 24 * 3600_000): number {
  if (!v || v === '0' || v === '0s') return def;
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(v);
  if (!m) return def;
  return Number(m[1]) * { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[m[2] ?? 's']!;
}

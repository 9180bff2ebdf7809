/** kubectl wait --for=condition=X | --for=delete | --for=jsonpath='{...}'=VALUE, with --timeout. */
import { ApiError, kubectlMessage } from '../api/errors.js';
import { qualifiedSingular } from '../api/kinds.js';
import { evaluate } from '../print/jsonpath.js';
import type { Obj } from '../state/types.js';
import { bool, str } from './argv.js';
import type { Cli } from './cli.js';
import { allNamespaces, namespaceOf, userOf } from './context.js';
import { CmdError, cmdError } from './errors.js';
import { getObject, listObjects } from './query.js';
import { parseResources } from './resolve.js';
import { withWorld } from './session.js';
import { goDuration, sleep } from './wait-util.js';

function check(o: Obj | undefined, spec: string): boolean {
  if (spec === 'delete') return !o;
  if (!o) return false;
  const cond = /^condition=([^=]+)(?:=(.*))?$/i.exec(spec);
  if (cond) {
    const want = (cond[2] ?? 'True').toLowerCase();
    return (o.status?.conditions ?? []).some((c: { type: string; status: string }) => c.type.toLowerCase() === cond[1].toLowerCase() && c.status.toLowerCase() === want);
  }
  const jp = /^jsonpath=\{?([^}]*)\}?(?:=(.*))?$/.exec(spec);
  if (jp) {
    const path = jp[1].replace(/^\./, '');
    const vals = evaluate(path, [o]);
    if (jp[2] === undefined) return vals.length > 0;
    return vals.some((v) => String(v) === jp[2].replace(/^['"]|['"]$/g, ''));
  }
  throw cmdError(`unrecognized condition: "${spec}"`);
}

export async function cmdWait(c: Cli): Promise<number> {
  const p = c.p;
  const spec = str(p, 'for');
  if (!spec) throw cmdError('--for must be specified');
  const sels = parseResources(p.args);
  if (!sels) throw cmdError('resource(s) were provided, but no name was specified');
  const timeout = goDuration(str(p, 'timeout'), 30_000);
  const deadline = Date.now() + timeout;
  const wanted = await withWorld(c.env, false, (w) => {
    const user = userOf(w, c.target, p);
    const ns = namespaceOf(p, c.target, w);
    const out: { kind: (typeof sels)[number]['kind']; ns: string; name: string; uid?: string }[] = [];
    for (const s of sels) {
      if (s.names.length) {
        for (const n of s.names) {
          try {
            const o = getObject(w, user, s.kind, ns, n);
            out.push({ kind: s.kind, ns, name: n, uid: o.metadata.uid });
          } catch (err) {
            if (err instanceof ApiError && spec === 'delete' && err.code === 404) continue;
            if (err instanceof ApiError) throw new CmdError(kubectlMessage(err));
            throw err;
          }
        }
      } else if (bool(p, 'all') || str(p, 'selector') || str(p, 'field-selector')) {
        for (const o of listObjects(w, user, s.kind, allNamespaces(p) ? undefined : ns, { labels: str(p, 'selector'), fields: str(p, 'field-selector') })) out.push({ kind: s.kind, ns: o.metadata.namespace ?? ns, name: o.metadata.name, uid: o.metadata.uid });
      } else throw cmdError('resource(s) were provided, but no name was specified');
    }
    return out;
  });
  if (!wanted.length) throw cmdError('no matching resources found');
  const pending = new Set(wanted.map((_, i) => i));
  for (;;) {
    await withWorld(c.env, false, (w) => {
      for (const i of [...pending]) {
        const t = wanted[i];
        const o = w.get(t.kind.res, t.kind.namespaced ? t.ns : undefined, t.name);
        const same = o && o.metadata.uid === t.uid ? o : undefined;
        if (check(spec === 'delete' ? same : o, spec)) {
          c.out(`${qualifiedSingular(t.kind)}/${t.name} condition met\n`);
          pending.delete(i);
        }
      }
    });
    if (!pending.size) return 0;
    if (Date.now() > deadline) {
      const t = wanted[[...pending][0]];
      throw cmdError(`timed out waiting for the condition on ${t.kind.res}/${t.name}`);
    }
    if (c.signal.aborted) return 130;
    await sleep(150);
  }
}

/**
 * kubectl events (k8s.io/kubectl v0.32 pkg/cmd/events): the namespace's events oldest first, optionally only
 * those of one object (`--for TYPE/NAME`) or of given types (`--types=Warning`), as a LAST SEEN / TYPE /
 * REASON / OBJECT / MESSAGE table. Nothing found is said on stderr.
 */
import { apiVersionOf } from '../api/kinds.js';
import { msOf } from '../api/world.js';
import { humanDuration } from '../print/format.js';
import { isStructured, printStructured } from '../print/output.js';
import { table } from '../print/format.js';
import type { Obj } from '../state/types.js';
import { bool, list, str } from './argv.js';
import type { Cli } from './cli.js';
import { allNamespaces, namespaceOf, userOf } from './context.js';
import { cmdError } from './errors.js';
import { listObjects } from './query.js';
import { resolveType } from '../api/kinds.js';
import { withWorld } from './session.js';

/** eventTime(): the series' last observation, else lastTimestamp, else eventTime. */
function timeOf(e: Obj): number {
  return msOf(e.series?.lastObservedTime) || msOf(e.lastTimestamp) || msOf(e.eventTime);
}

function interval(e: Obj, now: number): string {
  const since = (t: string | undefined) => (t ? humanDuration(now - msOf(t)) : '<unknown>');
  const first = e.eventTime ? since(e.eventTime) : since(e.firstTimestamp);
  if (e.series) return `${since(e.series.lastObservedTime)} (x${e.series.count} over ${first})`;
  if ((e.count ?? 0) > 1) return `${since(e.lastTimestamp)} (x${e.count} over ${first})`;
  return first;
}

export async function cmdEvents(c: Cli): Promise<number> {
  const p = c.p;
  const types = list(p, 'types').flatMap((t) => t.split(',')).filter(Boolean);
  if (types.some((t) => !['normal', 'warning'].includes(t.toLowerCase()))) throw cmdError('valid --types are Normal or Warning');
  const target = str(p, 'for');
  let forKind: { kind: string; apiVersion: string; name: string } | undefined;
  if (target !== undefined) {
    const parts = target.split('/');
    if (parts.length > 2) throw cmdError('arguments in resource/name form may not have more than one slash');
    if (parts.length !== 2 || !parts[0] || !parts[1]) throw cmdError('--for must be in resource/name form');
    const k = resolveType(parts[0]);
    if (!k) throw cmdError(`the server doesn't have a resource type "${parts[0]}"`);
    forKind = { kind: k.kind, apiVersion: apiVersionOf(k), name: parts[1] };
  }
  const all = allNamespaces(p);
  const { events, ns, now, kind } = await withWorld(c.env, false, (w) => {
    const ns = namespaceOf(p, c.target, w);
    const k = resolveType('events')!;
    const found = listObjects(w, userOf(w, c.target, p), k, all ? undefined : ns, {}).filter(
      (e) =>
        (!types.length || types.some((t) => t.toLowerCase() === String(e.type).toLowerCase())) &&
        (!forKind || (e.involvedObject?.kind === forKind.kind && e.involvedObject?.apiVersion === forKind.apiVersion && e.involvedObject?.name === forKind.name)),
    );
    return { events: found, ns, now: w.now, kind: k };
  });
  if (!events.length) {
    c.err(all ? 'No events found.\n' : `No events found in ${ns} namespace.\n`);
    return 0;
  }
  events.sort((a, b) => timeOf(a) - timeOf(b));
  const out = str(p, 'output');
  if (isStructured(out)) {
    c.out(await printStructured([{ kind, items: events }], false, { output: out }));
    return 0;
  }
  const rows: string[][] = bool(p, 'no-headers') ? [] : [[...(all ? ['NAMESPACE'] : []), 'LAST SEEN', 'TYPE', 'REASON', 'OBJECT', 'MESSAGE']];
  for (const e of events) {
    rows.push([...(all ? [e.metadata.namespace] : []), interval(e, now), e.type, e.reason, `${e.involvedObject?.kind}/${e.involvedObject?.name}`, String(e.message ?? '').trim()]);
  }
  c.out(table(rows));
  return 0;
}

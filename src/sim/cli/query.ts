/** Listing and fetching objects for a command: RBAC, namespaces, label and field selectors. */
import { notFound } from '../api/errors.js';
import { qualifiedRes, type Kind } from '../api/kinds.js';
import { authz, type User } from '../api/rbac.js';
import { matches, parseSelector, SelectorError, type Req } from '../api/selector.js';
import type { World } from '../api/world.js';
import type { Obj } from '../state/types.js';
import { CmdError } from './errors.js';

export interface Filter {
  labels?: string;
  fields?: string;
}

/** The API server's BadRequest for a selector, as kubectl's list helper rewords it (EnhanceListError). */
function labelReqs(s: string | undefined, kind: Kind, fields: string | undefined): Req[] {
  if (!s) return [];
  try {
    return parseSelector(s);
  } catch (err) {
    if (!(err instanceof SelectorError)) throw err;
    const gvr = `${kind.group ? `${kind.group}/` : '/'}${kind.version}, Resource=${kind.res}`;
    throw new CmdError(`Error from server (BadRequest): Unable to find "${gvr}" that match label selector "${s}", field selector "${fields ?? ''}": ${err.message}`);
  }
}

const FIELD_GETTERS: Record<string, (o: Obj) => string | undefined> = {
  'metadata.name': (o) => o.metadata.name,
  'metadata.namespace': (o) => o.metadata.namespace,
  'status.phase': (o) => o.status?.phase,
  'spec.nodeName': (o) => o.spec?.nodeName,
  'status.podIP': (o) => o.status?.podIP,
  'spec.serviceAccountName': (o) => o.spec?.serviceAccountName,
  'involvedObject.name': (o) => o.involvedObject?.name,
  'involvedObject.kind': (o) => o.involvedObject?.kind,
  'involvedObject.uid': (o) => o.involvedObject?.uid,
  'involvedObject.namespace': (o) => o.involvedObject?.namespace,
  reason: (o) => o.reason,
  type: (o) => (o.kind === 'Event' || o.kind === 'Secret' ? o.type : undefined),
};

function fieldMatcher(s: string | undefined, kind: Kind): (o: Obj) => boolean {
  if (!s) return () => true;
  const tests = s.split(',').filter(Boolean).map((part) => {
    const m = /^([^!=]+)(==|!=|=)(.*)$/.exec(part.trim());
    if (!m) throw new CmdError(`Error from server (BadRequest): invalid selector: '${s}'; can't understand '${part}'`);
    const [, field, op, value] = m;
    const get = FIELD_GETTERS[field];
    const allowed = field.startsWith('metadata.') || (kind.res === 'pods' && ['status.phase', 'spec.nodeName', 'status.podIP', 'spec.serviceAccountName'].includes(field)) || (kind.res === 'events' && (field.startsWith('involvedObject.') || field === 'reason' || field === 'type')) || (kind.res === 'secrets' && field === 'type');
    if (!get || !allowed) throw new CmdError(`Error from server (BadRequest): Unable to find "${kind.group ? `${kind.group}/` : '/'}${kind.version}, Resource=${kind.res}" that match label selector "", field selector "${s}": field label not supported: ${field}`);
    return (o: Obj) => ((get(o) ?? '') === value) === (op !== '!=');
  });
  return (o) => tests.every((t) => t(o));
}

/** All objects of a kind visible to the user in `ns` (undefined: every namespace). */
export function listObjects(w: World, u: User, kind: Kind, ns: string | undefined, f: Filter): Obj[] {
  authz(w, u, { verb: 'list', group: kind.group, res: kind.res, ns: kind.namespaced ? ns : undefined });
  const reqs = labelReqs(f.labels, kind, f.fields);
  const fm = fieldMatcher(f.fields, kind);
  return w.list(kind.res, kind.namespaced ? ns : undefined).filter((o) => matches(reqs, o.metadata.labels) && fm(o));
}

export function getObject(w: World, u: User, kind: Kind, ns: string, name: string, verb = 'get'): Obj {
  authz(w, u, { verb, group: kind.group, res: kind.res, ns: kind.namespaced ? ns : undefined, name });
  const o = w.get(kind.res, kind.namespaced ? ns : undefined, name);
  if (!o) throw notFound(qualifiedRes(kind), name);
  return o;
}

/** A copy safe to print or mutate without touching the stored object. */
export function copy<T>(o: T): T {
  return JSON.parse(JSON.stringify(o)) as T;
}

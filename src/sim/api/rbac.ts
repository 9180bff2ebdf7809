/**
 * RBAC as the API server evaluates it: a request is allowed when any rule of any Role/ClusterRole bound to the
 * user (or one of their groups) in the request's namespace, or cluster-wide, matches it. Deny is the default.
 */
import type { Obj } from '../state/types.js';
import { forbidden } from './errors.js';
import { kindByRes, qualifiedRes } from './kinds.js';
import type { World } from './world.js';

export interface User {
  name: string;
  groups: string[];
  /** Where the API server's warnings for this user's requests go (kubectl prints them on stderr). */
  warn?(message: string): void;
}

export const ADMIN: User = { name: 'kubernetes-admin', groups: ['kubeadm:cluster-admins', 'system:masters', 'system:authenticated'] };

export function serviceAccountUser(ns: string, name: string): User {
  return { name: `system:serviceaccount:${ns}:${name}`, groups: ['system:serviceaccounts', `system:serviceaccounts:${ns}`, 'system:authenticated'] };
}

/** What a request does, in the authorizer's terms. */
export interface Attrs {
  verb: string;
  group?: string;
  res?: string;
  sub?: string;
  ns?: string;
  name?: string;
  path?: string;
}

interface Rule {
  apiGroups?: string[];
  resources?: string[];
  verbs?: string[];
  resourceNames?: string[];
  nonResourceURLs?: string[];
}

function has(list: string[] | undefined, v: string): boolean {
  return !!list && (list.includes('*') || list.includes(v));
}

function ruleAllows(r: Rule, a: Attrs): boolean {
  if (!has(r.verbs, a.verb)) return false;
  if (a.path !== undefined) {
    return !!r.nonResourceURLs?.some((u) => u === '*' || u === a.path || (u.endsWith('*') && a.path!.startsWith(u.slice(0, -1))));
  }
  if (!has(r.apiGroups, a.group ?? '')) return false;
  const res = a.sub ? `${a.res}/${a.sub}` : a.res!;
  const resOk = !!r.resources?.some((x) => x === '*' || x === res || (!!a.sub && (x === `*/${a.sub}` || x === `${a.res}/*`)));
  if (!resOk) return false;
  if (r.resourceNames && r.resourceNames.length > 0) return !!a.name && r.resourceNames.includes(a.name);
  return true;
}

export function subjectMatches(s: { kind: string; name: string; namespace?: string }, u: User, bindingNs?: string): boolean {
  if (s.kind === 'User') return s.name === u.name;
  if (s.kind === 'Group') return u.groups.includes(s.name);
  if (s.kind === 'ServiceAccount') return u.name === `system:serviceaccount:${s.namespace ?? bindingNs}:${s.name}`;
  return false;
}

function rulesOf(w: World, ref: { kind: string; name: string }, ns?: string): Rule[] {
  const role: Obj | undefined = ref.kind === 'ClusterRole' ? w.get('clusterroles', undefined, ref.name) : w.get('roles', ns, ref.name);
  return (role?.rules as Rule[] | undefined) ?? [];
}

export function authorize(w: World, u: User, a: Attrs): boolean {
  if (u.groups.includes('system:masters')) return true;
  for (const b of w.list('clusterrolebindings')) {
    if (!(b.subjects ?? []).some((s: never) => subjectMatches(s, u))) continue;
    if (rulesOf(w, b.roleRef).some((r) => ruleAllows(r, a))) return true;
  }
  if (a.ns && a.path === undefined) {
    for (const b of w.list('rolebindings', a.ns)) {
      if (!(b.subjects ?? []).some((s: never) => subjectMatches(s, u, a.ns))) continue;
      if (rulesOf(w, b.roleRef, a.ns).some((r) => ruleAllows(r, a))) return true;
    }
  }
  return false;
}

/** The API server's Forbidden message for a denied request. */
export function forbiddenMessage(u: User, a: Attrs, qualifiedRes?: string): string {
  if (a.path !== undefined) return `forbidden: User "${u.name}" cannot ${a.verb} path "${a.path}"`;
  const what = a.name ? `${qualifiedRes} "${a.name}"` : qualifiedRes;
  const res = a.sub ? `${a.res}/${a.sub}` : a.res;
  const where = a.ns ? `in the namespace "${a.ns}"` : 'at the cluster scope';
  return `${what} is forbidden: User "${u.name}" cannot ${a.verb} resource "${res}" in API group "${a.group ?? ''}" ${where}`;
}

/** Verbs whose URL names the object: /api/v1/namespaces/NAME (a list or create URL ends at /namespaces). */
const NAMED_VERBS = new Set(['get', 'update', 'patch', 'delete']);

/**
 * The attributes the API server derives from a request's URL (k8s.io/apiserver RequestInfoFactory): every
 * path under /namespaces/NAME is a request in namespace NAME, and that includes the Namespace object itself
 * (GET/PUT/PATCH/DELETE /api/v1/namespaces/NAME, its status and finalize subresources). So a Role in NAME
 * that grants `get` on `namespaces` lets its subjects read NAME; listing or creating namespaces
 * (/api/v1/namespaces) stays a cluster-scope request.
 */
export function requestAttrs(a: Attrs): Attrs {
  if (a.path === undefined && a.res === 'namespaces' && !a.group && a.name && NAMED_VERBS.has(a.verb)) return { ...a, ns: a.name };
  return a;
}

/** Throw Forbidden unless the user may make this API request (attributes as the URL gives them). */
export function authz(w: World, u: User, a0: Attrs): void {
  const a = requestAttrs(a0);
  if (authorize(w, u, a)) return;
  let q = a.res;
  try {
    q = a.res ? qualifiedRes(kindByRes(a.res)) : a.res;
  } catch {
    // A resource the server does not serve (e.g. "users" for impersonation): name it as given.
  }
  throw forbidden(forbiddenMessage(u, a, q));
}

/**
 * RBAC escalation prevention (k8s.io/kubernetes pkg/registry/rbac): a user may write a Role or ClusterRole
 * only with rules they already hold (in that namespace) unless they may `escalate` it, and may bind a role
 * only when they already hold all its rules unless they may `bind` it. system:masters may do anything. So
 * a learner who may create RoleBindings still cannot bind cluster-admin to themselves.
 */
import type { Obj } from '../state/types.js';
import { forbidden, notFound } from './errors.js';
import { authorize, subjectMatches, type User } from './rbac.js';
import type { World } from './world.js';

export interface PolicyRule {
  apiGroups?: string[];
  resources?: string[];
  verbs?: string[];
  resourceNames?: string[];
  nonResourceURLs?: string[];
}

const RBAC_GROUP = 'rbac.authorization.k8s.io';

/** Every rule the user holds in `ns` (cluster-wide bindings included): the rule resolver's RulesFor. */
export function rulesFor(w: World, u: User, ns: string | undefined): PolicyRule[] {
  const out: PolicyRule[] = [];
  const roleRules = (ref: { kind: string; name: string }, bindingNs?: string): PolicyRule[] =>
    ((ref.kind === 'ClusterRole' ? w.get('clusterroles', undefined, ref.name) : w.get('roles', bindingNs, ref.name))?.rules as PolicyRule[] | undefined) ?? [];
  for (const b of w.list('clusterrolebindings')) {
    if ((b.subjects ?? []).some((s: never) => subjectMatches(s, u))) out.push(...roleRules(b.roleRef));
  }
  if (ns) {
    for (const b of w.list('rolebindings', ns)) {
      if ((b.subjects ?? []).some((s: never) => subjectMatches(s, u, ns))) out.push(...roleRules(b.roleRef, ns));
    }
  }
  return out;
}

/** One rule per (group, resource, verb[, name]) and per (URL, verb): BreakdownRule. */
function breakdown(r: PolicyRule): PolicyRule[] {
  const out: PolicyRule[] = [];
  for (const g of r.apiGroups ?? []) {
    for (const res of r.resources ?? []) {
      for (const v of r.verbs ?? []) {
        if (r.resourceNames?.length) for (const n of r.resourceNames) out.push({ apiGroups: [g], resources: [res], verbs: [v], resourceNames: [n] });
        else out.push({ apiGroups: [g], resources: [res], verbs: [v] });
      }
    }
  }
  for (const u of r.nonResourceURLs ?? []) for (const v of r.verbs ?? []) out.push({ nonResourceURLs: [u], verbs: [v] });
  return out;
}

const has = (set: string[] | undefined, e: string) => !!set?.includes(e);
const hasAll = (set: string[] | undefined, want: string[] | undefined) => (want ?? []).every((e) => has(set, e));

function resourcesCover(set: string[] | undefined, want: string[] | undefined): boolean {
  if (has(set, '*') || hasAll(set, want)) return true;
  return (want ?? []).every((path) => has(set, path) || (path.includes('/') && has(set, `*/${path.split('/').slice(1).join('/')}`)));
}

function urlsCover(set: string[] | undefined, want: string[] | undefined): boolean {
  return (want ?? []).every((path) => (set ?? []).some((o) => o === path || (o.endsWith('*') && path.startsWith(o.replace(/\*+$/, '')))));
}

function ruleCovers(owner: PolicyRule, sub: PolicyRule): boolean {
  const verbs = has(owner.verbs, '*') || hasAll(owner.verbs, sub.verbs);
  const groups = has(owner.apiGroups, '*') || hasAll(owner.apiGroups, sub.apiGroups);
  const names = !sub.resourceNames?.length ? !owner.resourceNames?.length : !owner.resourceNames?.length || hasAll(owner.resourceNames, sub.resourceNames);
  return verbs && groups && resourcesCover(owner.resources, sub.resources) && names && urlsCover(owner.nonResourceURLs, sub.nonResourceURLs);
}

/** The rules of `servant` that `owner` does not cover (empty: covered). */
export function uncovered(owner: PolicyRule[], servant: PolicyRule[]): PolicyRule[] {
  return servant.flatMap(breakdown).filter((sub) => !owner.some((o) => ruleCovers(o, sub)));
}

/** CompactRules: rules for one group and one resource (at most one name) that differ only by verb merge. */
function compact(rules: PolicyRule[]): PolicyRule[] {
  const out: PolicyRule[] = [];
  const simple = new Map<string, PolicyRule>();
  for (const r of rules) {
    const isSimple = (r.resourceNames?.length ?? 0) <= 1 && !r.nonResourceURLs?.length && r.apiGroups?.length === 1 && r.resources?.length === 1;
    if (!isSimple) {
      out.push(r);
      continue;
    }
    const key = JSON.stringify([r.apiGroups![0], r.resources![0], r.resourceNames?.[0] ?? null]);
    const known = simple.get(key);
    if (known) known.verbs = [...(known.verbs ?? []), ...(r.verbs ?? [])];
    else simple.set(key, { ...r, verbs: [...(r.verbs ?? [])] });
  }
  return [...out, ...simple.values()];
}

/** Go's %q of a string slice: ["a" "b"]. */
const goList = (xs: string[]) => `[${xs.map((x) => JSON.stringify(x)).join(' ')}]`;

/** rbacv1helpers.CompactString: `{APIGroups:["*"], Resources:["*"], Verbs:["*"]}`. */
export function compactString(r: PolicyRule): string {
  const parts: string[] = [];
  if (r.apiGroups?.length) parts.push(`APIGroups:${goList(r.apiGroups)}`);
  if (r.resources?.length) parts.push(`Resources:${goList(r.resources)}`);
  if (r.nonResourceURLs?.length) parts.push(`NonResourceURLs:${goList(r.nonResourceURLs)}`);
  if (r.resourceNames?.length) parts.push(`ResourceNames:${goList(r.resourceNames)}`);
  if (r.verbs?.length) parts.push(`Verbs:${goList(r.verbs)}`);
  return `{${parts.join(', ')}}`;
}

function confirmNoEscalation(w: World, u: User, ns: string | undefined, rules: PolicyRule[], qualified: string, name: string): void {
  const missing = uncovered(rulesFor(w, u, ns), rules);
  if (!missing.length) return;
  const lines = [...new Set(compact(missing).map(compactString))].sort();
  throw forbidden(
    `${qualified} "${name}" is forbidden: user "${u.name}" (groups=${goList(u.groups)}) is attempting to grant RBAC permissions not currently held:\n${lines.join('\n')}`,
  );
}

const masters = (u: User) => u.groups.includes('system:masters');

/**
 * Before a Role/ClusterRole or RoleBinding/ClusterRoleBinding is written (create or update) by `u`: refuse
 * what would hand out permissions `u` does not hold.
 */
export function checkEscalation(w: World, u: User, res: string, o: Obj): void {
  if (masters(u)) return;
  const ns = res === 'roles' || res === 'rolebindings' ? o.metadata.namespace : undefined;
  const qualified = `${res}.${RBAC_GROUP}`;
  const name = o.metadata.name ?? '';
  if (res === 'roles' || res === 'clusterroles') {
    if (authorize(w, u, { verb: 'escalate', group: RBAC_GROUP, res, ns, name })) return;
    confirmNoEscalation(w, u, ns, (o.rules as PolicyRule[] | undefined) ?? [], qualified, name);
    return;
  }
  if (res !== 'rolebindings' && res !== 'clusterrolebindings') return;
  const ref = (o.roleRef ?? {}) as { kind?: string; name?: string; apiGroup?: string };
  const refRes = ref.kind === 'ClusterRole' ? 'clusterroles' : ref.kind === 'Role' ? 'roles' : undefined;
  // An unsupported kind is left to validation, which refuses it.
  if (!refRes) return;
  if (authorize(w, u, { verb: 'bind', group: ref.apiGroup ?? '', res: refRes, ns, name: ref.name })) return;
  const role = refRes === 'clusterroles' ? w.get('clusterroles', undefined, ref.name ?? '') : w.get('roles', ns, ref.name ?? '');
  // The API server reports a missing role under the binding's own resource (rolebindings "<role name>").
  if (!role) throw notFound(qualified, ref.name ?? '', res, RBAC_GROUP);
  confirmNoEscalation(w, u, ns, (role.rules as PolicyRule[] | undefined) ?? [], qualified, name);
}

/** The generated PolicyRule.String() (gogo protobuf), which kubectl describe sorts rules by. */
function ruleString(r: PolicyRule): string {
  const l = (xs: string[] | undefined) => `[${(xs ?? []).join(' ')}]`;
  return `&PolicyRule{Verbs:${l(r.verbs)},APIGroups:${l(r.apiGroups)},Resources:${l(r.resources)},ResourceNames:${l(r.resourceNames)},NonResourceURLs:${l(r.nonResourceURLs)},}`;
}

/** kubectl describe role's rules: broken down, compacted by verb, sorted (stable) by their String(). */
export function compactRules(rules: PolicyRule[]): PolicyRule[] {
  return compact(rules.flatMap(breakdown))
    .map((r, i) => ({ r, i, s: ruleString(r) }))
    .sort((a, b) => (a.s < b.s ? -1 : a.s > b.s ? 1 : a.i - b.i))
    .map((x) => x.r);
}

/**
 * What the lab asks of the API server, in RBAC's terms. A `Permission` names verbs on one resource (or
 * subresource) of one API group, optionally only on some names; the check kinds and the engine declare
 * theirs (checks/registry.ts, engine/permissions.ts), doctor asks whether they are granted and `workshop up`
 * grants them in the learner's Role. Pure: merging, the single questions `kubectl auth can-i` answers, and
 * RBAC's own matching of a rule against a question (plugin/pkg/auth/authorizer/rbac: VerbMatches,
 * APIGroupMatches, ResourceMatches with `*` and `* /subresource`, ResourceNameMatches).
 */

export interface Permission {
  /** `` for the core group, `apps`, `rbac.authorization.k8s.io`… */
  apiGroup: string;
  /** Plural resource: `pods`, `statefulsets`. */
  resource: string;
  /** `exec`, `log`, `portforward`, `proxy`, `scale`. */
  subresource?: string;
  verbs: string[];
  /** Only these objects (absent: any). */
  resourceNames?: string[];
}

/** A rule as a Role holds it (and as `auth can-i --list` prints it). */
export interface PolicyRule {
  apiGroups: string[];
  resources: string[];
  verbs: string[];
  resourceNames?: string[];
}

/** One yes/no question, as `kubectl auth can-i VERB RESOURCE[.GROUP][/NAME] [--subresource=S]` asks it. */
export interface Question {
  verb: string;
  apiGroup: string;
  resource: string;
  subresource?: string;
  name?: string;
}

/** Verbs in the order people read them (and Roles list them); others follow alphabetically. */
const VERB_ORDER = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete', 'deletecollection'];

export function sortVerbs(verbs: Iterable<string>): string[] {
  const rank = (v: string) => (VERB_ORDER.includes(v) ? VERB_ORDER.indexOf(v) : VERB_ORDER.length);
  return [...new Set(verbs)].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

/** `pods/exec` (what a rule's `resources` holds). */
export function resourcePath(p: { resource: string; subresource?: string }): string {
  return p.subresource ? `${p.resource}/${p.subresource}` : p.resource;
}

const keyOf = (p: Permission) => [p.apiGroup, p.resource, p.subresource ?? '', [...(p.resourceNames ?? [])].sort().join(',')].join('|');

/** One entry per (group, resource, subresource, names), verbs united; sorted by group, resource, subresource. */
export function mergePermissions(list: Permission[]): Permission[] {
  const byKey = new Map<string, Permission>();
  for (const p of list) {
    const k = keyOf(p);
    const known = byKey.get(k);
    if (known) known.verbs = sortVerbs([...known.verbs, ...p.verbs]);
    else byKey.set(k, { ...p, verbs: sortVerbs(p.verbs), ...(p.resourceNames ? { resourceNames: [...new Set(p.resourceNames)].sort() } : {}) });
  }
  return [...byKey.values()].sort(
    (a, b) => a.apiGroup.localeCompare(b.apiGroup) || a.resource.localeCompare(b.resource) || (a.subresource ?? '').localeCompare(b.subresource ?? '') || keyOf(a).localeCompare(keyOf(b)),
  );
}

/** Every distinct question the permissions ask (one per verb and name). */
export function questionsOf(list: Permission[]): Question[] {
  const seen = new Map<string, Question>();
  for (const p of mergePermissions(list)) {
    for (const verb of p.verbs) {
      for (const name of p.resourceNames ?? [undefined]) {
        const q: Question = { verb, apiGroup: p.apiGroup, resource: p.resource, ...(p.subresource ? { subresource: p.subresource } : {}), ...(name ? { name } : {}) };
        seen.set(questionText(q), q);
      }
    }
  }
  return [...seen.values()];
}

/** `deployments.apps` (kubectl's RESOURCE.GROUP form, which needs no discovery to be unambiguous). */
export function qualifiedResource(q: { apiGroup: string; resource: string }): string {
  return q.apiGroup ? `${q.resource}.${q.apiGroup}` : q.resource;
}

/** The words after `kubectl auth can-i` that ask it: `VERB RESOURCE[.GROUP][/NAME] [--subresource=S]`. */
export function canIWords(q: Question): string[] {
  return [q.verb, q.name ? `${qualifiedResource(q)}/${q.name}` : qualifiedResource(q), ...(q.subresource ? [`--subresource=${q.subresource}`] : [])];
}

/** `create pods/exec`, `impersonate serviceaccounts "emqx"`: a question in a few words (for doctor). */
export function questionText(q: Question): string {
  return `${q.verb} ${resourcePath({ resource: qualifiedResource(q), subresource: q.subresource })}${q.name ? ` "${q.name}"` : ''}`;
}

/** Does this rule grant the question? RBAC's matching, wildcards included. */
export function ruleGrants(rule: PolicyRule, q: Question): boolean {
  if (!rule.verbs.some((v) => v === '*' || v === q.verb)) return false;
  if (!rule.apiGroups.some((g) => g === '*' || g === q.apiGroup)) return false;
  const combined = resourcePath(q);
  const resourceOk = rule.resources.some((r) => r === '*' || r === combined || (q.subresource !== undefined && r === `*/${q.subresource}`));
  if (!resourceOk) return false;
  if (!rule.resourceNames?.length) return true;
  return q.name !== undefined && rule.resourceNames.includes(q.name);
}

export function granted(rules: PolicyRule[], q: Question): boolean {
  return rules.some((r) => ruleGrants(r, q));
}

/**
 * Rules for a Role that grant exactly these permissions: one rule per (group, verbs, names), its resources
 * sorted; the rules in a stable order (group, then first resource).
 */
export function rulesOf(list: Permission[]): PolicyRule[] {
  const byShape = new Map<string, PolicyRule>();
  for (const p of mergePermissions(list)) {
    const k = [p.apiGroup, p.verbs.join(','), (p.resourceNames ?? []).join(',')].join('|');
    const rule = byShape.get(k) ?? { apiGroups: [p.apiGroup], resources: [], verbs: p.verbs, ...(p.resourceNames ? { resourceNames: p.resourceNames } : {}) };
    rule.resources.push(resourcePath(p));
    byShape.set(k, rule);
  }
  const rules = [...byShape.values()].map((r) => ({ ...r, resources: [...new Set(r.resources)].sort() }));
  return rules.sort((a, b) => a.apiGroups[0].localeCompare(b.apiGroups[0]) || a.resources[0].localeCompare(b.resources[0]) || a.verbs.join().localeCompare(b.verbs.join()));
}

/**
 * The rules `kubectl auth can-i --list` prints (a SelfSubjectRulesReview, broken down to one group and
 * resource per row and compacted): `RESOURCE[.GROUP][/SUB]   [URLS]   [NAMES]   [VERBS]`. Rows of
 * non-resource URLs and the header are skipped. `*.*` is every resource of every group.
 */
export function parseAccessList(stdout: string): PolicyRule[] {
  const rules: PolicyRule[] = [];
  const list = (s: string) => s.split(' ').filter(Boolean);
  for (const line of stdout.split('\n')) {
    const m = /^(\S+)\s+\[([^\]]*)\]\s+\[([^\]]*)\]\s+\[([^\]]*)\]\s*$/.exec(line);
    if (!m) continue;
    const [head, ...sub] = m[1].split('/');
    const dot = head.indexOf('.');
    const resource = dot < 0 ? head : head.slice(0, dot);
    const group = dot < 0 ? '' : head.slice(dot + 1);
    const names = list(m[3]);
    rules.push({ apiGroups: [group], resources: [sub.length ? `${resource}/${sub.join('/')}` : resource], verbs: list(m[4]), ...(names.length ? { resourceNames: names } : {}) });
  }
  return rules;
}

/** kubectl auth can-i VERB RESOURCE[/NAME] (yes/no, exit 0/1) and auth whoami. */
import { resolveType } from '../api/kinds.js';
import { compactRules, rulesFor } from '../api/escalation.js';
import { authorize } from '../api/rbac.js';
import { bool, str } from './argv.js';
import type { Cli } from './cli.js';
import { namespaceOf, userOf } from './context.js';
import { CmdError } from './errors.js';
import { withWorld } from './session.js';
import { table } from '../print/format.js';

export async function cmdCanI(c: Cli): Promise<number> {
  const p = c.p;
  if (bool(p, 'list')) return canIList(c);
  if (p.args.length < 2) throw new CmdError("error: you must specify two arguments: verb resource or verb resource/resourceName.\nSee 'kubectl auth can-i -h' for help and examples.");
  const [verb, what, extraName] = p.args;
  const allowed = await withWorld(c.env, false, (w) => {
    const user = userOf(w, c.target, p);
    const ns = bool(p, 'all-namespaces') ? undefined : namespaceOf(p, c.target, w);
    if (what.startsWith('/')) return authorize(w, user, { verb, path: what });
    const [type, name0] = what.split('/');
    const name = name0 ?? extraName;
    const [resPart, ...groupParts] = type.split('.');
    const k = resolveType(type);
    // kubectl's warnings end in a newline of their own, and its warning printer adds another.
    if (!k && type !== '*') c.err(`Warning: the server doesn't have a resource type '${type}'\n\n`);
    const res = k?.res ?? resPart;
    const group = k?.group ?? groupParts.join('.');
    // kubectl sends its namespace whatever the resource (a SelfSubjectAccessReview is not a URL): a Role in
    // that namespace can answer for a cluster-scoped resource, and kubectl warns that it is one.
    if (k && !k.namespaced && ns !== undefined) c.err(`Warning: resource '${res}' is not namespace scoped${group ? ` in group '${group}'` : ''}\n\n`);
    return authorize(w, user, { verb, group, res, sub: str(p, 'subresource'), ns, name });
  });
  if (!bool(p, 'quiet')) c.out(allowed ? 'yes\n' : 'no\n');
  return allowed ? 0 : 1;
}

/** CombineResourceGroup: `endpoints`, `deployments.apps`, `pods/log`. */
function combine(resources: string[] | undefined, groups: string[] | undefined): string {
  if (!resources?.length) return '';
  const [res, ...sub] = resources[0].split('/');
  return `${res}${groups?.[0] ? `.${groups[0]}` : ''}${sub.length ? `/${sub.join('/')}` : ''}`;
}

/**
 * `auth can-i --list`: the rules a SelfSubjectRulesReview gives the user in the namespace (cluster-wide
 * bindings included), broken down, compacted and sorted as kubectl does (the rule's String()).
 */
async function canIList(c: Cli): Promise<number> {
  const rules = await withWorld(c.env, false, (w) => compactRules(rulesFor(w, userOf(w, c.target, c.p), namespaceOf(c.p, c.target, w))));
  const l = (xs: string[] | undefined) => `[${(xs ?? []).join(' ')}]`;
  const rows = rules.map((r) => [combine(r.resources, r.apiGroups), l(r.nonResourceURLs), l(r.resourceNames), l(r.verbs)]);
  c.out(table(bool(c.p, 'no-headers') ? rows : [['Resources', 'Non-Resource URLs', 'Resource Names', 'Verbs'], ...rows]));
  return 0;
}

export async function cmdWhoami(c: Cli): Promise<number> {
  const u = await withWorld(c.env, false, (w) => userOf(w, c.target, c.p));
  if (str(c.p, 'output') === 'json') {
    c.out(`${JSON.stringify({ kind: 'SelfSubjectReview', apiVersion: 'authentication.k8s.io/v1', metadata: { creationTimestamp: null }, status: { userInfo: { username: u.name, groups: u.groups } } }, null, 4)}\n`);
    return 0;
  }
  c.out(table([['ATTRIBUTE', 'VALUE'], ['Username', u.name], ['Groups', `[${u.groups.join(' ')}]`]]));
  return 0;
}

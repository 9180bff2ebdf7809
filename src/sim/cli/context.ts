/**
 * Who is asking and where: the kubeconfig (only one named with --kubeconfig; otherwise the simulator's own
 * admin context `emqx-lab-sim`), --context, --token, --as impersonation, and the namespace (-n, else the
 * context's). A kubeconfig whose cluster is not the simulator cannot be reached from here.
 */
import { readFileSync } from 'node:fs';
import { ADMIN, authorize, forbiddenMessage, type User } from '../api/rbac.js';
import type { World } from '../api/world.js';
import { CLUSTER } from '../state/cluster.js';
import { bool, list, str, type ParsedArgs } from './argv.js';
import { CmdError } from './errors.js';

export interface Target {
  /** Context name in use. */
  context: string;
  namespace?: string;
  token?: string;
  /** The kubeconfig text when one was given (for `config view`). */
  kubeconfig?: Record<string, unknown>;
  admin: boolean;
  /** Token verification, loaded only when a token is in play. */
  authenticate?: typeof import('../api/tokens.js').authenticate;
  /** Prints a warning the API server sent back (`Warning: ...` on stderr, as kubectl does). */
  warn?(message: string): void;
}

type J = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Read the target from flags and the kubeconfig file (YAML is parsed only when one is given). */
export async function resolveTarget(p: ParsedArgs): Promise<Target> {
  const t = await readTarget(p);
  if (t.token) t.authenticate = (await import('../api/tokens.js')).authenticate;
  return t;
}

async function readTarget(p: ParsedArgs): Promise<Target> {
  const file = str(p, 'kubeconfig');
  const ctxName = str(p, 'context');
  if (!file) {
    if (ctxName && ctxName !== CLUSTER.context) throw new CmdError(`Error in configuration: context was not found for specified context: ${ctxName}`);
    return { context: CLUSTER.context, admin: !str(p, 'token'), token: str(p, 'token') };
  }
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new CmdError(`error: stat ${file}: no such file or directory`);
    void err;
  }
  const { parse } = await import('yaml');
  let cfg: J;
  try {
    cfg = (parse(text) as J) ?? {};
  } catch (err) {
    throw new CmdError(`error: error loading config file "${file}": ${(err as Error).message}`);
  }
  const name = ctxName ?? cfg['current-context'];
  const ctx = (cfg.contexts ?? []).find((c: J) => c.name === name)?.context;
  if (!ctx) {
    if (ctxName) throw new CmdError(`Error in configuration: context was not found for specified context: ${ctxName}`);
    throw new CmdError('error: current-context is not set');
  }
  const cluster = (cfg.clusters ?? []).find((c: J) => c.name === ctx.cluster)?.cluster;
  const server: string = cluster?.server ?? '';
  if (server.replace(/\/$/, '') !== CLUSTER.server) {
    const host = server.replace(/^https?:\/\//, '').replace(/\/.*$/, '') || 'localhost:8080';
    throw new CmdError(`The connection to the server ${host} was refused - did you specify the right host or port?`);
  }
  const user = (cfg.users ?? []).find((u: J) => u.name === ctx.user)?.user ?? {};
  const token = str(p, 'token') ?? user.token;
  const admin = !token && user['client-certificate-data'] === CLUSTER.adminCert;
  return { context: name, namespace: ctx.namespace, token, kubeconfig: cfg, admin };
}

/** The user the request runs as (after authentication and impersonation). */
export function userOf(w: World, t: Target, p: ParsedArgs): User {
  let u: User;
  if (t.admin) u = ADMIN;
  else if (t.token) {
    const found = t.authenticate?.(w, t.token);
    if (!found) throw new CmdError('error: You must be logged in to the server (Unauthorized)');
    u = found;
  } else u = { name: 'system:anonymous', groups: ['system:unauthenticated'] };
  const as = str(p, 'as');
  if (as) {
    const sa = /^system:serviceaccount:([^:]+):([^:]+)$/.exec(as);
    const attrs = sa ? { verb: 'impersonate', group: '', res: 'serviceaccounts', ns: sa[1], name: sa[2] } : { verb: 'impersonate', group: '', res: 'users', name: as };
    if (!authorize(w, u, attrs)) {
      throw new CmdError(`Error from server (Forbidden): ${forbiddenMessage(u, attrs, attrs.res).replace(/^(\w+) "([^"]+)" is forbidden/, '$1 "$2" is forbidden')}`);
    }
    const groups = list(p, 'as-group');
    u = sa
      ? { name: as, groups: [...groups, 'system:serviceaccounts', `system:serviceaccounts:${sa[1]}`, 'system:authenticated'] }
      : { name: as, groups: [...groups, 'system:authenticated'] };
  }
  return t.warn ? { ...u, warn: t.warn } : u;
}

/** The namespace a command works in. */
export function namespaceOf(p: ParsedArgs, t: Target, w?: World): string {
  return str(p, 'namespace') ?? t.namespace ?? (w?.s.rt.memo['ctx/namespace'] || 'default');
}

export function allNamespaces(p: ParsedArgs): boolean {
  return bool(p, 'all-namespaces');
}

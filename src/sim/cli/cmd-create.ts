/** kubectl create: -f (no merge: an existing object is an error), namespace, token, configmap, secret, sa. */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { ApiError, kubectlMessage } from '../api/errors.js';
import { apiCreate, authz } from '../api/server.js';
import { issueToken } from '../api/tokens.js';
import type { Obj } from '../state/types.js';
import { list, str } from './argv.js';
import type { Cli } from './cli.js';
import { namespaceOf, userOf } from './context.js';
import { CmdError, cmdError } from './errors.js';
import { printStructured } from '../print/output.js';
import { resolveType } from '../api/kinds.js';
import { cmdApply } from './cmd-apply.js';
import { withWorld } from './session.js';
import { goDuration } from './wait-util.js';

export async function cmdCreate(c: Cli): Promise<number> {
  if (str(c.p, 'raw')) throw cmdError('--raw is not modelled by the emqx-lab simulator');
  return cmdApply(c, 'create');
}

function one(c: Cli, what: string): string {
  if (c.p.args.length !== 1) throw new CmdError(`error: exactly one NAME is required, got ${c.p.args.length}\nSee 'kubectl create ${what} -h' for help and examples`);
  return c.p.args[0];
}

/**
 * How each `kubectl create <type>` words a refused create (create_*.go): most wrap the server's message
 * ("failed to create configmap: ..."), secret without the colon, namespace not at all.
 */
const FAILED: Record<string, (m: string) => string> = {
  configmap: (m) => `error: failed to create configmap: ${m}`,
  serviceaccount: (m) => `error: failed to create serviceaccount: ${m}`,
  secret: (m) => `error: failed to create secret ${m}`,
};

async function createObject(c: Cli, obj: Obj, type: string): Promise<number> {
  const dry = str(c.p, 'dry-run');
  const dryRun = dry && dry !== 'none';
  const created = await withWorld(c.env, !dryRun, (w) => {
    const user = userOf(w, c.target, c.p);
    const k = resolveType(obj.kind)!;
    if (k.namespaced) obj.metadata.namespace = namespaceOf(c.p, c.target, w);
    try {
      return apiCreate(w, user, obj, { dryRun: !!dryRun });
    } catch (err) {
      if (err instanceof ApiError) throw new CmdError(FAILED[type] ? FAILED[type](err.message) : kubectlMessage(err));
      throw err;
    }
  });
  const out = str(c.p, 'output');
  if (out) c.out(await printStructured([{ kind: resolveType(obj.kind)!, items: [created] }], true, { output: out }));
  else c.out(`${type}/${created.metadata.name} created${dryRun ? (dry === 'server' ? ' (server dry run)' : ' (dry run)') : ''}\n`);
  return 0;
}

export async function cmdCreateNamespace(c: Cli): Promise<number> {
  const name = one(c, 'namespace');
  return createObject(c, { apiVersion: 'v1', kind: 'Namespace', metadata: { name } }, 'namespace');
}

export async function cmdCreateServiceAccount(c: Cli): Promise<number> {
  const name = one(c, 'serviceaccount');
  return createObject(c, { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name } }, 'serviceaccount');
}

function fromSources(c: Cli): Record<string, string> {
  const data: Record<string, string> = {};
  for (const lit of list(c.p, 'from-literal')) {
    const i = lit.indexOf('=');
    if (i <= 0) throw cmdError(`invalid literal source ${lit}, expected key=value`);
    data[lit.slice(0, i)] = lit.slice(i + 1);
  }
  for (const f of list(c.p, 'from-file')) {
    const i = f.indexOf('=');
    const [key, path] = i > 0 ? [f.slice(0, i), f.slice(i + 1)] : [basename(f), f];
    try {
      data[key] = readFileSync(path, 'utf8');
    } catch {
      throw cmdError(`error reading ${path}: no such file or directory`);
    }
  }
  for (const f of list(c.p, 'from-env-file')) {
    for (const line of readFileSync(f, 'utf8').split('\n')) {
      const t = line.trim();
      if (!t || t.startsWith('#')) continue;
      const i = t.indexOf('=');
      data[i < 0 ? t : t.slice(0, i)] = i < 0 ? '' : t.slice(i + 1);
    }
  }
  return data;
}

export async function cmdCreateConfigMap(c: Cli): Promise<number> {
  const name = one(c, 'configmap');
  return createObject(c, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data: fromSources(c) }, 'configmap');
}

export async function cmdCreateSecret(c: Cli): Promise<number> {
  const name = one(c, 'secret generic');
  const data = Object.fromEntries(Object.entries(fromSources(c)).map(([k, v]) => [k, Buffer.from(v).toString('base64')]));
  return createObject(c, { apiVersion: 'v1', kind: 'Secret', metadata: { name }, type: str(c.p, 'type') || 'Opaque', data }, 'secret');
}

export async function cmdCreateToken(c: Cli): Promise<number> {
  const name = one(c, 'token');
  const seconds = Math.round(goDuration(str(c.p, 'duration'), 0) / 1000) || 3600;
  const token = await withWorld(c.env, false, (w) => {
    const user = userOf(w, c.target, c.p);
    const ns = namespaceOf(c.p, c.target, w);
    try {
      authz(w, user, { verb: 'create', group: '', res: 'serviceaccounts', sub: 'token', ns, name });
    } catch (err) {
      if (err instanceof ApiError) throw new CmdError(`error: failed to create token: ${err.message}`);
      throw err;
    }
    const sa = w.get('serviceaccounts', ns, name);
    if (!sa) throw new CmdError(`error: failed to create token: serviceaccounts "${name}" not found`);
    if (seconds < 600) throw new CmdError(`error: failed to create token: TokenRequest.authentication.k8s.io "${name}" is invalid: spec.expirationSeconds: Invalid value: ${seconds}: may not specify a duration less than 10 minutes`);
    return issueToken(w, sa, seconds);
  });
  c.out(`${token}\n`);
  return 0;
}

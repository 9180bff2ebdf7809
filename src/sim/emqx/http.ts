/**
 * The dashboard listener on 18083 (facts §7.2, reference §5): /status and /api/v5/status without auth,
 * POST /api/v5/login for a Bearer token, then /api/v5/cluster, /api/v5/nodes and /api/v5/users.
 */
import { createHmac } from 'node:crypto';
import { World } from '../api/world.js';
import type { EmqxRt } from '../state/types.js';
import { clusterView, dirOf, hashPassword, replicate } from './mnesia.js';

export interface HttpReq {
  method: string;
  path: string;
  headers: Record<string, string | undefined>;
  body: string;
}

export interface HttpRes {
  status: number;
  headers: Record<string, string>;
  body: string;
}

const JSON_H = { 'content-type': 'application/json' };

/** emqx_mgmt:otp_rel/0: the build's OTP (env.sh OTP_VSN at v5.8.9) and erts-14.2.5.11, which OTP-26.2.5.14 ships. */
const OTP_RELEASE = '26.2.5.14-1/14.2.5.11';

function json(status: number, v: unknown): HttpRes {
  return { status, headers: JSON_H, body: JSON.stringify(v) };
}

function sign(w: World, payload: string): string {
  return createHmac('sha256', w.s.key).update(`dashboard:${payload}`).digest('base64url');
}

function issue(w: World, e: EmqxRt, user: string): string {
  const payload = Buffer.from(JSON.stringify({ u: user, c: e.cluster, n: w.now })).toString('base64url');
  return `${payload}.${sign(w, payload)}`;
}

function authed(w: World, e: EmqxRt, req: HttpReq): string | undefined {
  const m = /^Bearer (.+)$/.exec(req.headers.authorization ?? '');
  if (!m) return undefined;
  const [payload, sig] = m[1].split('.');
  if (!payload || sign(w, payload) !== sig) return undefined;
  try {
    const t = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { u: string; c: string; n: number };
    if (w.now - t.n > 3600_000) return undefined;
    return dirOf(w, e)?.users[t.u] ? t.u : undefined;
  } catch {
    return undefined;
  }
}

function body(req: HttpReq): Record<string, unknown> {
  try {
    return JSON.parse(req.body || '{}') as Record<string, unknown>;
  } catch {
    return {};
  }
}

function nodeInfo(e: EmqxRt, name: string, running: boolean, now: number): Record<string, unknown> {
  return running
    ? { node: name, node_status: 'running', version: e.version, edition: 'Opensource', role: 'core', uptime: Math.max(0, now - (e.startedAt ?? now)), otp_release: OTP_RELEASE, sys_path: '/opt/emqx', log_path: '/opt/emqx/log' }
    : { node: name, node_status: 'stopped' };
}

/** Answer an HTTP request to port 18083 of node e ('refused' while the listener is down). */
export function emqxHttp(w: World, e: EmqxRt | undefined, req: HttpReq): HttpRes | 'refused' {
  if (!e || e.st !== 'up' || e.stopAt !== undefined) return 'refused';
  const [path, query = ''] = req.path.split('?');
  const m = req.method.toUpperCase();
  if (m === 'GET' && (path === '/status' || path === '/api/v5/status')) {
    if (/(^|&)format=json(&|$)/.test(query)) {
      // emqx_mgmt_api_status.erl:129-136: exactly these four keys.
      return { status: 200, headers: { 'content-type': 'application/json', 'retry-after': '15' }, body: JSON.stringify({ node_name: e.node, rel_vsn: `v${e.version}`, broker_status: 'started', app_status: 'running' }) };
    }
    return { status: 200, headers: { 'content-type': 'text/plain', 'retry-after': '15' }, body: `Node ${e.node} is started\nemqx is running` };
  }
  if (m === 'POST' && path === '/api/v5/login') {
    const b = body(req);
    const users = dirOf(w, e)?.users ?? {};
    const u = users[String(b.username ?? '')];
    if (!u || u.pw !== hashPassword(String(b.password ?? ''))) return json(401, { code: 'BAD_USERNAME_OR_PWD', message: 'Auth failed' });
    return json(200, { token: issue(w, e, String(b.username)), version: e.version, license: { edition: 'opensource' }, role: 'administrator' });
  }
  if (!path.startsWith('/api/v5/')) return { status: 404, headers: { 'content-type': 'text/plain' }, body: 'Not Found' };
  if (!authed(w, e, req)) return json(401, { code: 'BAD_TOKEN', message: 'Get a token, then call this API with the token in the Authorization header' });
  const v = clusterView(w, e);
  if (m === 'GET' && path === '/api/v5/cluster') return json(200, { name: e.cfg.clusterName, nodes: v.running, self: e.node });
  if (m === 'GET' && path === '/api/v5/nodes') {
    return json(200, [...v.running.map((n) => nodeInfo(e, n, true, w.now)), ...v.stopped.map((n) => nodeInfo(e, n, false, w.now))]);
  }
  if (m === 'GET' && path === '/api/v5/users') {
    return json(200, Object.entries(dirOf(w, e)?.users ?? {}).map(([username, x]) => ({ username, description: x.desc, role: 'administrator', backend: 'local' })));
  }
  if (m === 'POST' && path === '/api/v5/users') {
    const b = body(req);
    const username = String(b.username ?? '');
    const password = String(b.password ?? '');
    if (!/^[_a-zA-Z0-9]+$/.test(username)) return json(400, { code: 'BAD_REQUEST', message: 'Bad Username. Only upper and lower case letters, numbers and underscores are supported' });
    if (password.length < 8 || password.length > 64) return json(400, { code: 'BAD_REQUEST', message: 'The range of password length is 8~64' });
    if (dirOf(w, e)?.users[username]) return json(400, { code: 'BAD_REQUEST', message: 'username_already_exists' });
    replicate(w, e, (d) => (d.users[username] = { pw: hashPassword(password), desc: String(b.description ?? '') }));
    return json(200, { username, description: String(b.description ?? ''), role: 'administrator', backend: 'local' });
  }
  return json(404, { code: 'API_NOT_EXIST', message: 'Request Path Not Found' });
}

/** The EMQX node running in a pod's container, if any. */
export function nodeOfPod(w: World, podUid: string, ctr?: string): EmqxRt | undefined {
  return Object.values(w.s.rt.emqx).find((e) => e.podUid === podUid && (!ctr || e.ctr === ctr) && e.stopAt === undefined);
}

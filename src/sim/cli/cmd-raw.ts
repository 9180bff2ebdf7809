/**
 * kubectl get --raw PATH: the API server's own paths (/readyz, /livez, /healthz, /version), REST reads of
 * objects and lists, and the service and pod proxies (`/api/v1/namespaces/NS/services/NAME:PORT/proxy/...`)
 * that reach an EMQX node's HTTP listener.
 */
import { ApiError, notFound } from '../api/errors.js';
import { KINDS, qualifiedRes } from '../api/kinds.js';
import { authz } from '../api/rbac.js';
import type { World } from '../api/world.js';
import { emqxHttp, nodeOfPod } from '../emqx/http.js';
import { listOf } from '../print/output.js';
import type { Obj } from '../state/types.js';
import type { Cli } from './cli.js';
import { userOf } from './context.js';
import { CmdError } from './errors.js';
import { versionInfo } from './cmd-info.js';
import { withWorld } from './session.js';

type J = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

interface Reply {
  status: number;
  body: string;
  /** A Status the API server sent (kubectl prints its message). */
  apiError?: ApiError;
}

function statusReply(e: ApiError): Reply {
  return { status: e.code, body: JSON.stringify(e.status()), apiError: e };
}

function podTarget(w: World, pod: Obj, port: number, path: string): Reply {
  if (!pod.status?.podIP) return statusReply(new ApiError(400, 'BadRequest', `pod ${pod.metadata.name} does not have a host assigned`));
  const node = nodeOfPod(w, pod.metadata.uid!);
  const res = port === 18083 ? emqxHttp(w, node, { method: 'GET', path, headers: {}, body: '' }) : 'refused';
  if (res === 'refused') {
    return statusReply(new ApiError(503, 'ServiceUnavailable', `error trying to reach service: dial tcp ${pod.status.podIP}:${port}: connect: connection refused`));
  }
  return { status: res.status, body: res.body };
}

function servicePort(svc: Obj, portSpec: string): J | undefined {
  const ports: J[] = svc.spec.ports ?? [];
  if (!portSpec) return ports[0];
  return ports.find((p) => p.name === portSpec || String(p.port) === portSpec);
}

function proxy(w: World, ns: string, kind: 'services' | 'pods', nameSpec: string, rest: string): Reply {
  const parts = nameSpec.split(':');
  const [scheme, name, portSpec] = parts.length === 3 ? parts : ['', parts[0], parts[1] ?? ''];
  void scheme;
  if (kind === 'pods') {
    const pod = w.get('pods', ns, name);
    if (!pod) return statusReply(notFound('pods', name));
    const c0 = (pod.spec.containers ?? []).flatMap((c: J) => c.ports ?? []);
    const port = /^\d+$/.test(portSpec) ? Number(portSpec) : (c0.find((p: J) => p.name === portSpec)?.containerPort ?? c0[0]?.containerPort ?? 80);
    return podTarget(w, pod, port, rest);
  }
  const svc = w.get('services', ns, name);
  if (!svc) return statusReply(notFound('services', name));
  const sp = servicePort(svc, portSpec);
  const ep = w.get('endpoints', ns, name);
  const subset = (ep?.subsets ?? []).find((s: J) => (s.addresses ?? []).length && (!sp || (s.ports ?? []).some((p: J) => p.name === sp.name || p.port === sp.targetPort)));
  if (!sp || !subset) return statusReply(new ApiError(503, 'ServiceUnavailable', `no endpoints available for service "${portSpec ? `${name}:${portSpec}` : name}"`));
  const addr = subset.addresses[Math.floor(Math.random() * subset.addresses.length)];
  const port = (subset.ports ?? []).find((p: J) => p.name === sp.name)?.port ?? sp.targetPort;
  const pod = w.list('pods', ns).find((p) => p.metadata.uid === addr.targetRef?.uid);
  if (!pod) return statusReply(new ApiError(503, 'ServiceUnavailable', `error trying to reach service: dial tcp ${addr.ip}:${port}: connect: connection refused`));
  return podTarget(w, pod, Number(port), rest);
}

function restRead(w: World, c: Cli, path: string): Reply {
  const user = userOf(w, c.target, c.p);
  const m = /^\/(?:api\/v1|apis\/([^/]+)\/([^/]+))(?:\/namespaces\/([^/]+))?\/([^/]+)(?:\/([^/]+))?(?:\/(proxy)(\/.*)?)?$/.exec(path.split('?')[0]);
  if (!m) return statusReply(new ApiError(404, 'NotFound', 'the server could not find the requested resource'));
  const [, group = '', , ns, res, name, isProxy, rest = '/'] = m;
  // The Namespace object (/api/v1/namespaces/NAME) and its status (/api/v1/namespaces/NAME/status): requests
  // in namespace NAME as far as RBAC is concerned (authz derives that from the name).
  const nsStatus = !group && ns !== undefined && res === 'status' && name === undefined && !isProxy;
  if ((!group && ns === undefined && res === 'namespaces' && name) || nsStatus) {
    const nsName = nsStatus ? ns : name;
    authz(w, user, { verb: 'get', group: '', res: 'namespaces', sub: nsStatus ? 'status' : undefined, name: nsName });
    const o = w.get('namespaces', undefined, nsName);
    return o ? { status: 200, body: JSON.stringify(o) } : statusReply(notFound('namespaces', nsName));
  }
  const kind = KINDS.find((k) => k.res === res && k.group === group);
  if (!kind) return statusReply(new ApiError(404, 'NotFound', 'the server could not find the requested resource'));
  if (isProxy && name && (res === 'services' || res === 'pods') && ns) {
    authz(w, user, { verb: 'get', group: '', res, sub: 'proxy', ns, name: name.split(':').length === 3 ? name.split(':')[1] : name.split(':')[0] });
    return proxy(w, ns, res, name, `${rest}${path.includes('?') ? `?${path.split('?')[1]}` : ''}`);
  }
  if (name) {
    authz(w, user, { verb: 'get', group, res, ns, name });
    const o = w.get(res, kind.namespaced ? ns : undefined, name);
    return o ? { status: 200, body: JSON.stringify(o) } : statusReply(notFound(qualifiedRes(kind), name));
  }
  authz(w, user, { verb: 'list', group, res, ns });
  return { status: 200, body: JSON.stringify({ ...listOf(w.list(res, kind.namespaced ? ns : undefined)), kind: `${kind.kind}List`, apiVersion: group ? `${group}/v1` : 'v1' }) };
}

export async function cmdRaw(c: Cli, path: string): Promise<number> {
  if (!path.startsWith('/')) throw new CmdError(`error: --raw must be a valid URL path: parse "${path}": invalid URI for request`);
  const reply = await withWorld(c.env, false, (w): Reply => {
    const user = userOf(w, c.target, c.p);
    const bare = path.split('?')[0];
    if (['/readyz', '/livez', '/healthz'].includes(bare)) {
      authz(w, user, { verb: 'get', path: bare });
      return { status: 200, body: 'ok' };
    }
    if (bare === '/version') {
      authz(w, user, { verb: 'get', path: bare });
      return { status: 200, body: JSON.stringify(versionInfo().serverVersion, null, 2) };
    }
    try {
      return restRead(w, c, path);
    } catch (err) {
      if (err instanceof ApiError) return statusReply(err);
      throw err;
    }
  });
  if (reply.status >= 200 && reply.status < 300) {
    c.out(reply.body);
    return 0;
  }
  if (reply.apiError) throw new CmdError(`Error from server (${reply.apiError.reason}): ${reply.apiError.message}`);
  const generic: Record<number, [string, string]> = {
    400: ['BadRequest', 'the server rejected our request for an unknown reason'],
    401: ['Unauthorized', 'the server has asked for the client to provide credentials'],
    403: ['Forbidden', reply.body],
    404: ['NotFound', 'the server could not find the requested resource'],
    503: ['ServiceUnavailable', 'the server is currently unable to handle the request'],
  };
  const [reason, msg] = generic[reply.status] ?? (reply.status >= 500 ? ['InternalError', `an error on the server (${JSON.stringify(reply.body)}) has prevented the request from succeeding`] : ['Unknown', `the server responded with the status code ${reply.status} but did not return more information`]);
  throw new CmdError(`Error from server (${reason}): ${msg}`);
}

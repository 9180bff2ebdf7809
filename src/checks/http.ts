/**
 * `http`: a request to a Service or pod port. `proxy` (default) is a GET through the API server
 * (`kubectl get --raw /api/v1/namespaces/NS/services/NAME:PORT/proxy/PATH`): no local port, one call per
 * round. `portForward` opens a port-forward once and sends any method to 127.0.0.1.
 *
 * Through the proxy kubectl reports a non-2xx answer as `Error from server (Reason): ...`; the reason
 * names the status (ServiceUnavailable = 503). EMQX's 503 carries Retry-After, which makes kubectl retry for
 * minutes (docs/facts.md §10.7), so each proxy call gets a short time limit of its own.
 */
import { checkMessages } from '../i18n/checks.js';
import { proxyPath } from '../kube/argv.js';
import { callNeeds } from '../kube/needs.js';
import { isReady, type Pod } from '../kube/objects.js';
import { KubeError } from '../kube/result.js';
import { brief } from './match.js';
import { keptForward } from './forward.js';
import { httpRequest } from './http-client.js';
import { selectPods, selectPodsNeeds } from './pods.js';
import type { PlainKind, PlainOf } from './types.js';

const PROXY_CALL_MS = 12_000;
const REQUEST_MS = 8_000;

const STATUS_OF_REASON: Record<string, number> = {
  BadRequest: 400,
  Unauthorized: 401,
  Forbidden: 403,
  NotFound: 404,
  MethodNotAllowed: 405,
  NotAcceptable: 406,
  Conflict: 409,
  Gone: 410,
  UnsupportedMediaType: 415,
  Invalid: 422,
  TooManyRequests: 429,
  InternalError: 500,
  ServiceUnavailable: 503,
  Timeout: 504,
};

/** The HTTP status behind `Error from server (Reason)`; 502 when the server said nothing better. */
export function statusOfProxyError(detail: string): number {
  const reason = /Error from server \((\w+)\)/.exec(detail)?.[1];
  return (reason && STATUS_OF_REASON[reason]) || 502;
}

export const http: PlainKind<PlainOf<'http'>> = {
  kind: 'http',
  defaultTimeout: 90,
  needs(check) {
    const to = check.service ? 'svc' : 'pod';
    const pick = check.pod ? selectPodsNeeds(check.pod) : [];
    return [...pick, ...((check.via ?? 'proxy') === 'proxy' ? callNeeds.proxyGet(to) : callNeeds.portForward(to))];
  },
  probe(check, env) {
    const m = checkMessages[env.lang];
    const want = check.expect.status ?? 200;
    const forward = keptForward(env);
    const method = check.method ?? 'GET';

    function judge(status: number, body: string, where: string) {
      const observed = { status, body: brief(body, 200) };
      if (status !== want) return { passed: false, reason: m.httpStatus(method, check.path, where, status, want, brief(body.trim(), 120)), observed };
      if (check.expect.bodyContains && !body.includes(check.expect.bodyContains)) {
        return { passed: false, reason: m.httpBody(method, check.path, where, check.expect.bodyContains, brief(body.trim(), 80)), observed };
      }
      return { passed: true, reason: m.httpOk(method, check.path, where, status), observed };
    }

    /** The pod to talk to: by name, or the first Ready one matching the selector. */
    async function pickPod(): Promise<Pod | undefined> {
      const pods = await selectPods(env.kube, check.pod!);
      return pods.find(isReady) ?? pods[0];
    }

    return {
      async poll() {
        const port = check.service ? check.service.port : check.port ?? 80;
        let name = check.service?.name;
        if (!name) {
          const pod = await pickPod();
          if (!pod) return { passed: false, reason: m.noPods(check.pod!.selector ?? check.pod!.name!) };
          name = pod.metadata.name;
        }
        const where = `${check.service ? 'svc' : 'pod'}/${name}:${port}`;
        if ((check.via ?? 'proxy') === 'proxy') {
          const path = proxyPath(env.namespace, check.service ? { service: name } : { pod: name }, port, check.path);
          try {
            return judge(200, await env.kube.getRaw(path, { timeoutMs: PROXY_CALL_MS }), where);
          } catch (e) {
            if (!(e instanceof KubeError)) throw e;
            if (e.kind === 'timeout') return { passed: false, reason: m.httpNoAnswer(method, check.path, where, PROXY_CALL_MS / 1000) };
            if (e.kind === 'unreachable' || e.kind === 'canceled' || e.kind === 'notInstalled') throw e;
            return judge(statusOfProxyError(e.stderr), e.stderr, where);
          }
        }
        const pf = await forward.open(`${check.service ? 'svc' : 'pod'}/${name}`, port);
        try {
          const res = await httpRequest(`http://127.0.0.1:${pf.localPort}${check.path}`, {
            method,
            json: check.body,
            signal: AbortSignal.any([env.signal, AbortSignal.timeout(REQUEST_MS)]),
          });
          return judge(res.status, res.text, where);
        } catch (e) {
          await forward.close();
          return { passed: false, reason: m.httpFailed(method, check.path, where, pf.lastError || (e as Error).message) };
        }
      },
      close: () => forward.close(),
    };
  },
};

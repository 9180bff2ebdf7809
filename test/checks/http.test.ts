/** http: through the API server proxy (kubectl get --raw) and through a port-forward to a real local server. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { PlainCheck } from '../../src/course/schema.js';
import { statusOfProxyError } from '../../src/checks/http.js';
import { runCheck } from '../../src/checks/registry.js';
import { KubeError } from '../../src/kube/result.js';
import { checkEnvOf, fakeKube, forwardTo, pod } from '../fixtures/engine/fake-kube.js';

const base = { id: 'http', title: { en: 't', zh: 't' }, hints: ['h'], kind: 'http' };
const servers: Server[] = [];
afterEach(() => servers.splice(0).forEach((s) => s.close()));

async function serve(handler: (method: string, url: string, body: string) => [number, string]): Promise<number> {
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      const [status, text] = handler(req.method!, req.url!, body);
      res.writeHead(status, { 'content-type': 'text/plain' });
      res.end(text);
    });
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return (server.address() as AddressInfo).port;
}

describe('http through the API server proxy', () => {
  const check = { ...base, service: { name: 'emqx', port: 18083 }, path: '/status', expect: { status: 200, bodyContains: 'is running' } } as PlainCheck;

  it('GETs the service proxy path', async () => {
    const kube = fakeKube({ getRaw: async () => 'Node emqx@10.244.0.5 is started\nemqx is running' });
    expect(await runCheck(check, checkEnvOf(kube), 'once')).toMatchObject({ passed: true, reason: 'GET /status on svc/emqx:18083 answered 200' });
    expect(kube.log[0].args[0]).toBe('/api/v1/namespaces/lab/services/emqx:18083/proxy/status');
  });

  it('reads the status behind "Error from server (Reason)"', async () => {
    const err = new KubeError('other', 'x', [], '', 'Error from server (ServiceUnavailable): no endpoints available for service "emqx"');
    const kube = fakeKube({ getRaw: async () => Promise.reject(err) });
    const out = await runCheck(check, checkEnvOf(kube), 'once');
    expect(out.passed).toBe(false);
    expect(out.reason).toBe('GET /status on svc/emqx:18083 answered 503, expected 200: Error from server (ServiceUnavailable): no endpoints available for service "emqx"');
  });

  it.each([
    ['Error from server (NotFound): the server could not find the requested resource', 404],
    ['Error from server (ServiceUnavailable): the server is currently unable to handle the request', 503],
    ['Error from server: error trying to reach service: dial tcp 10.244.0.5:18083: connect: connection refused', 502],
  ])('%s → %d', (text, status) => expect(statusOfProxyError(text)).toBe(status));

  it('a kubectl that keeps retrying a 503 is cut short and explained', async () => {
    const kube = fakeKube({ getRaw: async () => Promise.reject(new KubeError('timeout', '', [])) });
    expect((await runCheck(check, checkEnvOf(kube), 'once')).reason).toMatch(/no answer within 12 s/);
  });

  it('a pod by selector: the first Ready one, through the pod proxy', async () => {
    const kube = fakeKube({ list: async () => [pod('emqx-0', { waiting: 'ContainerCreating' }), pod('emqx-1')], getRaw: async () => 'ok' });
    const c = { ...base, pod: { selector: 'app=emqx' }, port: 18083, path: '/status', expect: { status: 200 } } as PlainCheck;
    expect(await runCheck(c, checkEnvOf(kube), 'once')).toMatchObject({ passed: true });
    expect(kube.log[1].args[0]).toBe('/api/v1/namespaces/lab/pods/emqx-1:18083/proxy/status');
  });
});

describe('http through a port-forward', () => {
  it('POSTs JSON to 127.0.0.1 and keeps one forward across rounds; closes it at the end', async () => {
    let n = 0;
    const port = await serve((method, url, body) => {
      n += 1;
      expect([method, url, JSON.parse(body)]).toEqual(['POST', '/api/v5/login', { username: 'admin', password: 'lab' }]);
      return n < 3 ? [401, '{"code":"BAD_USERNAME_OR_PWD"}'] : [200, '{"token":"t"}'];
    });
    const pf = forwardTo(port);
    const kube = fakeKube({ list: async () => [pod('emqx-0')], portForward: async () => pf });
    const c = {
      ...base,
      pod: { selector: 'app=emqx' },
      port: 18083,
      via: 'portForward',
      method: 'POST',
      path: '/api/v5/login',
      body: { username: 'admin', password: '${NAMESPACE}' },
      expect: { status: 200 },
    } as PlainCheck;
    const reasons: string[] = [];
    const out = await runCheck(c, checkEnvOf(kube), 'poll', { onReason: (r) => reasons.push(r) });
    expect(out).toMatchObject({ passed: true, reason: 'POST /api/v5/login on pod/emqx-0:18083 answered 200' });
    expect(reasons[0]).toBe('POST /api/v5/login on pod/emqx-0:18083 answered 401, expected 200: {"code":"BAD_USERNAME_OR_PWD"}');
    expect(kube.calls.portForward).toBe(1);
    expect(kube.log.find((l) => l.method === 'portForward')!.args).toEqual(['pod/emqx-0', 18083]);
    expect(pf.closed).toBe(true);
  });
});

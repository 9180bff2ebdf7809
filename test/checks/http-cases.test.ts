/** http: the expectations, the proxy's errors and the port-forward's failures, seen from the check's outcome. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { PlainCheck } from '../../src/course/schema.js';
import { http } from '../../src/checks/http.js';
import { checkNeeds, runCheck } from '../../src/checks/registry.js';
import { apiNames } from '../../src/kube/needs.js';
import { questionsOf, questionText } from '../../src/kube/permissions.js';
import { KubeError } from '../../src/kube/result.js';
import { checkEnvOf, fakeKube, forwardTo, pod } from '../fixtures/engine/fake-kube.js';

const base = { id: 'http', title: { en: 't', zh: 't' }, hints: ['h'], kind: 'http' };
const viaProxy = (expect: Record<string, unknown>) => ({ ...base, service: { name: 'emqx', port: 18083 }, path: '/status', expect }) as PlainCheck;
const viaForward = (over: Record<string, unknown> = {}) =>
  ({ ...base, pod: { selector: 'app=emqx' }, port: 18083, via: 'portForward', path: '/status', expect: { status: 200 }, ...over }) as PlainCheck;

const servers: Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    await new Promise<void>((r) => s.close(() => r()));
  }
});

async function listen(server: Server): Promise<number> {
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return (server.address() as AddressInfo).port;
}

/** A port nothing listens on (a server is opened and closed again). */
async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

describe('http asks for the proxy when no way is named', () => {
  it('a check without via goes through the API server proxy', () => {
    const c = viaProxy({ status: 200 });
    expect(questionsOf(checkNeeds(c, apiNames())).map(questionText)).toEqual(['get services/proxy']);
    expect(http.needs(c as Parameters<typeof http.needs>[0], apiNames())).toEqual(http.needs({ ...c, via: 'proxy' } as Parameters<typeof http.needs>[0], apiNames()));
  });
});

describe('http judges the answer', () => {
  it('without an expected status, 200 passes; what was seen is reported', async () => {
    const kube = fakeKube({ getRaw: async () => 'emqx is running' });
    const out = await runCheck(viaProxy({}), checkEnvOf(kube), 'once');
    expect(out).toEqual({ passed: true, reason: 'GET /status on svc/emqx:18083 answered 200', observed: { status: 200, body: 'emqx is running' } });
  });

  it('an unexpected status quotes the body without its trailing newline', async () => {
    const kube = fakeKube({ getRaw: async () => 'emqx is running\n' });
    const out = await runCheck(viaProxy({ status: 204 }), checkEnvOf(kube), 'once');
    expect(out).toMatchObject({ passed: false, reason: 'GET /status on svc/emqx:18083 answered 200, expected 204: emqx is running' });
  });

  it('a body without the expected text fails and quotes the body, trimmed', async () => {
    const kube = fakeKube({ getRaw: async () => '  emqx is starting\n' });
    const out = await runCheck(viaProxy({ status: 200, bodyContains: 'is running' }), checkEnvOf(kube), 'once');
    expect(out).toEqual({
      passed: false,
      reason: 'GET /status on svc/emqx:18083 answered without "is running": emqx is starting',
      observed: { status: 200, body: '  emqx is starting\n' },
    });
  });
});

describe('http through the proxy: kubectl errors', () => {
  it('each proxy call carries its own time limit of 12 s', async () => {
    const kube = fakeKube({ getRaw: async () => 'ok' });
    await runCheck(viaProxy({ status: 200 }), checkEnvOf(kube), 'once');
    expect(kube.log[0].args).toEqual(['/api/v1/namespaces/lab/services/emqx:18083/proxy/status', { timeoutMs: 12_000 }]);
  });

  it('a call cut at its time limit fails the check', async () => {
    const kube = fakeKube({ getRaw: async () => Promise.reject(new KubeError('timeout', '', [])) });
    expect(await runCheck(viaProxy({ status: 200 }), checkEnvOf(kube), 'once')).toMatchObject({ passed: false, reason: expect.stringMatching(/no answer within 12 s/) });
  });

  it.each(['unreachable', 'canceled', 'notInstalled'] as const)('kubectl %s is not an HTTP answer: the probe passes it on', async (kind) => {
    const err = new KubeError(kind, 'x', [], '', 'Unable to connect to the server: dial tcp 10.0.0.1:6443: i/o timeout');
    const kube = fakeKube({ getRaw: async () => Promise.reject(err) });
    await expect(http.probe(viaProxy({ status: 200 }) as Parameters<typeof http.probe>[0], checkEnvOf(kube)).poll()).rejects.toBe(err);
  });

  it('any other kubectl failure is read as the answer of the server', async () => {
    const err = new KubeError('forbidden', 'x', [], '', 'Error from server (Forbidden): services "emqx:18083" is forbidden');
    const kube = fakeKube({ getRaw: async () => Promise.reject(err) });
    expect(await http.probe(viaProxy({ status: 200 }) as Parameters<typeof http.probe>[0], checkEnvOf(kube)).poll()).toMatchObject({
      passed: false,
      reason: expect.stringMatching(/^GET \/status on svc\/emqx:18083 answered 403, expected 200/),
    });
  });
});

describe('http to a pod picked by selector', () => {
  it('no pod matches: the check fails and says so', async () => {
    const kube = fakeKube({ list: async () => [] });
    const c = { ...base, pod: { selector: 'app=emqx' }, port: 18083, path: '/status', expect: { status: 200 } } as PlainCheck;
    expect(await runCheck(c, checkEnvOf(kube), 'once')).toEqual({ passed: false, reason: 'no pod matches app=emqx' });
  });
});

describe('http through a port-forward', () => {
  it('to a Service: the forward goes to svc/NAME', async () => {
    const port = await listen(createServer((_req, res) => res.end('ok')));
    const kube = fakeKube({ portForward: async () => forwardTo(port) });
    const c = viaForward({ pod: undefined, service: { name: 'emqx', port: 18083 } });
    expect(await runCheck(c, checkEnvOf(kube), 'once')).toMatchObject({ passed: true, reason: 'GET /status on svc/emqx:18083 answered 200' });
    expect(kube.log[0].args).toEqual(['svc/emqx', 18083]);
  });

  it('a refused connection fails with the error, and the next round opens a new forward', async () => {
    const dead = await closedPort();
    const good = await listen(createServer((_req, res) => res.end('ok')));
    const forwards = [forwardTo(dead, 'pod/emqx-0'), forwardTo(good, 'pod/emqx-0')];
    let n = 0;
    const kube = fakeKube({ list: async () => [pod('emqx-0')], portForward: async () => forwards[n++] });
    const reasons: string[] = [];
    const out = await runCheck(viaForward(), checkEnvOf(kube), 'poll', { onReason: (r) => reasons.push(r) });
    expect(reasons[0]).toBe(`GET /status on pod/emqx-0:18083 failed: connect ECONNREFUSED 127.0.0.1:${dead}`);
    expect(out).toMatchObject({ passed: true });
    expect(forwards[0].closed).toBe(true);
    expect(kube.calls.portForward).toBe(2);
  });

  it("kubectl's own complaint explains a failed request better than the socket error", async () => {
    const dead = await closedPort();
    const pf = Object.assign(forwardTo(dead, 'pod/emqx-0'), { lastError: 'error forwarding port 18083 to pod abc: connection refused' });
    const kube = fakeKube({ list: async () => [pod('emqx-0')], portForward: async () => pf });
    expect(await runCheck(viaForward(), checkEnvOf(kube), 'once')).toEqual({
      passed: false,
      reason: 'GET /status on pod/emqx-0:18083 failed: error forwarding port 18083 to pod abc: connection refused',
    });
  });

  it('Ctrl-C stops a request the server does not answer', { timeout: 5_000 }, async () => {
    const ac = new AbortController();
    // The server takes the request and never answers; the learner presses Ctrl-C meanwhile.
    const port = await listen(createServer(() => ac.abort()));
    const pf = forwardTo(port, 'pod/emqx-0');
    const kube = fakeKube({ list: async () => [pod('emqx-0')], portForward: async () => pf });
    const out = await runCheck(viaForward(), checkEnvOf(kube, { signal: ac.signal }), 'poll');
    expect(out).toMatchObject({ passed: false, interrupted: true });
    expect(pf.closed).toBe(true);
  });
});

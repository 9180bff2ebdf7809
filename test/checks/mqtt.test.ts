/**
 * mqtt against REAL brokers (aedes, in-process, on 127.0.0.1:0); the port-forward is replaced by a fake that
 * returns the broker's port. acrossPods with two separate brokers (nodes not clustered: not delivered) and
 * with one broker behind both pods (clustered: delivered).
 */
import { Aedes } from 'aedes';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { PlainCheck } from '../../src/course/schema.js';
import { roundTrip } from '../../src/checks/mqtt.js';
import { runCheck } from '../../src/checks/registry.js';
import { checkEnvOf, fakeKube, forwardTo, pod } from '../fixtures/engine/fake-kube.js';

const running: { broker: Aedes; server: Server }[] = [];
async function broker(): Promise<{ port: number; clients: () => number }> {
  const b = await Aedes.createBroker();
  const server = createServer(b.handle);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  running.push({ broker: b, server });
  return { port: (server.address() as AddressInfo).port, clients: () => b.connectedClients };
}
afterEach(async () => {
  for (const { broker: b, server } of running.splice(0)) {
    await new Promise<void>((r) => server.close(() => r()));
    await new Promise<void>((r) => b.close(() => r()));
  }
});

const base = { id: 'mqtt', title: { en: 't', zh: 't' }, hints: ['h'], kind: 'mqtt' };
const across = (delivered?: boolean) => ({ ...base, acrossPods: { selector: 'app=emqx', port: 1883 }, ...(delivered === undefined ? {} : { delivered }) }) as PlainCheck;

function twoPods(portOf: (pod: string) => number) {
  const forwards: ReturnType<typeof forwardTo>[] = [];
  const kube = fakeKube({
    list: async () => [pod('emqx-1'), pod('emqx-0'), pod('emqx-2', { waiting: 'ContainerCreating' })],
    portForward: async (target: string) => {
      const f = forwardTo(portOf(target.replace('pod/', '')), target);
      forwards.push(f);
      return f;
    },
  });
  return { kube, forwards };
}

describe('mqtt round trip', () => {
  it('through a Service: subscribe and publish through one port-forward, clients cleaned up', async () => {
    const b = await broker();
    const pf = forwardTo(b.port, 'svc/emqx');
    const kube = fakeKube({ portForward: async () => pf });
    const c = { ...base, service: { name: 'emqx', port: 1883 } } as PlainCheck;
    const out = await runCheck(c, checkEnvOf(kube), 'once');
    expect(out).toMatchObject({ passed: true, reason: 'a message published through svc/emqx:1883 came back to its subscriber' });
    expect(kube.log[0].args).toEqual(['svc/emqx', 1883]);
    expect(pf.closed).toBe(true);
    await new Promise((r) => setTimeout(r, 50));
    expect(b.clients()).toBe(0);
  });

  it('acrossPods, two separate brokers: the message does not cross', async () => {
    const [a, b] = [await broker(), await broker()];
    const { kube, forwards } = twoPods((p) => (p === 'emqx-0' ? a.port : b.port));
    const out = await runCheck(across(), checkEnvOf(kube), 'once');
    expect(out).toMatchObject({ passed: false, reason: 'a message published on emqx-1 did not reach a subscriber on emqx-0 within 3 s' });
    // Subscribed on the first Ready pod, published on a DIFFERENT one; the creating pod was left alone.
    expect(forwards.map((f) => f.target)).toEqual(['pod/emqx-0', 'pod/emqx-1']);
    expect(forwards.every((f) => f.closed)).toBe(true);
  });

  it('acrossPods, delivered: false passes when the nodes are separate', async () => {
    const [a, b] = [await broker(), await broker()];
    const { kube } = twoPods((p) => (p === 'emqx-0' ? a.port : b.port));
    expect(await runCheck(across(false), checkEnvOf(kube), 'once')).toMatchObject({ passed: true });
  });

  it('acrossPods, one shared broker (a cluster): delivered', async () => {
    const shared = await broker();
    const { kube } = twoPods(() => shared.port);
    expect(await runCheck(across(), checkEnvOf(kube), 'once')).toMatchObject({ passed: true, reason: 'a message published on emqx-1 reached a subscriber on emqx-0' });
    expect(await runCheck(across(false), checkEnvOf(kube), 'once')).toMatchObject({ passed: false });
  });

  it('spends at most one list and one new port-forward per round', async () => {
    const shared = await broker();
    const { kube } = twoPods(() => shared.port);
    const rounds: number[] = [];
    let last = 0;
    const env = checkEnvOf(kube);
    await runCheck(across(), env, 'once');
    for (const l of kube.log) {
      if (l.method === 'list') {
        rounds.push(0);
        last = rounds.length - 1;
      }
      rounds[last] += 1;
    }
    expect(Math.max(...rounds)).toBeLessThanOrEqual(2);
  });

  it('needs two Ready pods', async () => {
    const kube = fakeKube({ list: async () => [pod('emqx-0')] });
    expect(await runCheck(across(), checkEnvOf(kube), 'once')).toMatchObject({ passed: false, reason: '1 Ready pod matches app=emqx, need two different ones' });
  });

  it('a broker that is not there is a reason, not a crash', async () => {
    const r = await roundTrip(1, 1, 't', 'x', 1000);
    expect(r.delivered).toBe(false);
    expect(r.error).toMatch(/ECONNREFUSED/);
  });
});

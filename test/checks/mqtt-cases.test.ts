/**
 * mqtt against REAL brokers (aedes, in-process, on 127.0.0.1:0) that record what the clients send: how the
 * probe connects, subscribes and publishes, how it reads what arrives, how it ends its clients, and how it
 * keeps, reopens and closes its port-forwards (a fake that returns the broker's port) round after round.
 */
import { Aedes } from 'aedes';
import { writeToStream } from 'mqtt-packet';
import { getEventListeners } from 'node:events';
import { connect, createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { PlainCheck } from '../../src/course/schema.js';
import { mqttCheck, roundTrip } from '../../src/checks/mqtt.js';
import { runCheck } from '../../src/checks/registry.js';
import type { Pod } from '../../src/kube/objects.js';
import { checkEnvOf, fakeKube, forwardTo, pod } from '../fixtures/engine/fake-kube.js';

interface Recorded {
  connects: { clientId: string; clean: boolean | undefined }[];
  subscriptions: { clientId: string; topic: string; qos: number }[];
  publishes: { clientId: string; topic: string; payload: string; qos: number }[];
}

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of closers.splice(0).reverse()) await c();
});

async function listen(server: Server): Promise<number> {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return (server.address() as AddressInfo).port;
}

async function broker(): Promise<{ port: number; broker: Aedes; seen: Recorded }> {
  const seen: Recorded = { connects: [], subscriptions: [], publishes: [] };
  const b = await Aedes.createBroker({
    preConnect: (client, packet, done) => {
      seen.connects.push({ clientId: packet.clientId, clean: packet.clean });
      done(null, true);
    },
  });
  b.on('subscribe', (subs, client) => seen.subscriptions.push(...subs.map((s) => ({ clientId: client.id, topic: s.topic, qos: s.qos }))));
  b.on('publish', (p, client) => {
    if (client) seen.publishes.push({ clientId: client.id, topic: p.topic, payload: p.payload.toString(), qos: p.qos });
  });
  const server = createServer(b.handle);
  const port = await listen(server);
  closers.push(async () => {
    await new Promise<void>((r) => server.close(() => r()));
    await new Promise<void>((r) => b.close(() => r()));
  });
  return { port, broker: b, seen };
}

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const s = createServer();
  const port = await listen(s);
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

/**
 * A forward that relays bytes both ways but never hangs up on the client: after the broker has closed its
 * side, the client's socket stays open (a port-forward whose remote end is gone but that has not noticed).
 */
async function neverHangsUp(to: number): Promise<number> {
  const sockets: Socket[] = [];
  const server = createServer({ allowHalfOpen: true }, (client) => {
    const upstream = connect(to, '127.0.0.1');
    sockets.push(client, upstream);
    client.on('data', (d) => upstream.write(d));
    upstream.on('data', (d) => client.write(d));
    client.on('error', () => undefined);
    upstream.on('error', () => undefined);
  });
  const port = await listen(server);
  closers.push(async () => {
    for (const s of sockets) s.destroy();
    await new Promise<void>((r) => server.close(() => r()));
  });
  return port;
}

const base = { id: 'mqtt', title: { en: 't', zh: 't' }, hints: ['h'], kind: 'mqtt' };
type MqttCheck = Parameters<typeof mqttCheck.probe>[0];
const throughService = (over: Record<string, unknown> = {}) => ({ ...base, service: { name: 'emqx', port: 1883 }, ...over }) as PlainCheck & MqttCheck;
const acrossPods = (over: Record<string, unknown> = {}) => ({ ...base, acrossPods: { selector: 'app=emqx', port: 1883 }, ...over }) as PlainCheck & MqttCheck;

/** acrossPods over a fake kube whose pods the test may change between rounds; each forward goes to portOf(pod). */
function cluster(portOf: (pod: string, nth: number) => number, pods: Pod[] = [pod('emqx-0'), pod('emqx-1')]) {
  const state = { pods };
  const forwards: ReturnType<typeof forwardTo>[] = [];
  const kube = fakeKube({
    list: async () => state.pods,
    portForward: async (target: string) => {
      const name = target.replace('pod/', '');
      const f = forwardTo(portOf(name, forwards.filter((x) => x.target === target).length), target);
      forwards.push(f);
      return f;
    },
  });
  return { kube, forwards, state };
}

describe('mqtt clients: names, sessions, QoS and payload', () => {
  it('subscriber and publisher are named after the run and the round, with clean sessions, at QoS 1', async () => {
    const b = await broker();
    const kube = fakeKube({ portForward: async () => forwardTo(b.port, 'svc/emqx') });
    const out = await runCheck(throughService(), checkEnvOf(kube), 'once');
    expect(out).toEqual({ passed: true, reason: 'a message published through svc/emqx:1883 came back to its subscriber', observed: { delivered: true } });
    expect(b.seen.connects).toEqual([
      { clientId: 'emqx-lab-abc123-1-sub', clean: true },
      { clientId: 'emqx-lab-abc123-1-pub', clean: true },
    ]);
    expect(b.seen.subscriptions).toEqual([{ clientId: 'emqx-lab-abc123-1-sub', topic: 'emqx-lab/abc123/mqtt/1', qos: 1 }]);
    expect(b.seen.publishes).toEqual([{ clientId: 'emqx-lab-abc123-1-pub', topic: 'emqx-lab/abc123/mqtt/1', payload: 'emqx-lab emqx-lab-abc123-1', qos: 1 }]);
  });

  it('each round uses fresh names and a fresh topic, over the one forward it keeps', async () => {
    const b = await broker();
    const pf = forwardTo(b.port, 'svc/emqx');
    const kube = fakeKube({ portForward: async () => pf });
    const probe = mqttCheck.probe(throughService(), checkEnvOf(kube));
    expect(await probe.poll()).toMatchObject({ passed: true });
    expect(await probe.poll()).toMatchObject({ passed: true });
    expect(pf.closed).toBe(false);
    await probe.close!();
    expect(pf.closed).toBe(true);
    expect(kube.calls.portForward).toBe(1);
    expect(b.seen.connects.map((c) => c.clientId)).toEqual(['emqx-lab-abc123-1-sub', 'emqx-lab-abc123-1-pub', 'emqx-lab-abc123-2-sub', 'emqx-lab-abc123-2-pub']);
    expect(b.seen.publishes.map((p) => p.topic)).toEqual(['emqx-lab/abc123/mqtt/1', 'emqx-lab/abc123/mqtt/2']);
  });
});

describe('mqtt clients keep the memory of the engine small', () => {
  it("mqtt-packet is told not to build its cache of 65,536 number buffers (about 6 MiB)", async () => {
    const b = await broker();
    expect(await roundTrip(b.port, b.port, 'lab/t', 'p', 3_000)).toEqual({ delivered: true });
    expect(writeToStream.cacheNumbers).toBe(false);
  });
});

describe('mqtt round trip: only its own message counts', () => {
  it('a retained message of someone else on the topic is not a delivery', async () => {
    const [sub, pub] = [await broker(), await broker()];
    await new Promise<void>((r, j) =>
      sub.broker.publish({ cmd: 'publish', topic: 'lab/t', payload: Buffer.from('left by someone else'), qos: 0, retain: true, dup: false }, (e) => (e ? j(e) : r())),
    );
    expect(await roundTrip(sub.port, pub.port, 'lab/t', 'p', 300)).toEqual({ delivered: false });
  });
});

describe('mqtt round trip: Ctrl-C ends the wait', () => {
  it('an abort while waiting for the message answers "not delivered" at once', { timeout: 5_000 }, async () => {
    const [sub, pub] = [await broker(), await broker()];
    const ac = new AbortController();
    // The message goes to another broker, so it never arrives; the learner presses Ctrl-C once it is out.
    pub.broker.on('publish', (p) => {
      if (p.topic === 'lab/t') ac.abort();
    });
    expect(await roundTrip(sub.port, pub.port, 'lab/t', 'p', 60_000, ac.signal)).toEqual({ delivered: false });
    expect(getEventListeners(ac.signal, 'abort')).toHaveLength(0);
  });

});

describe('mqtt round trip: nothing is left on the caller\'s signal', () => {
  // The signal is the run's (Ctrl-C): it outlives every round, so a listener left behind each round piles up.
  it('after a delivered message', async () => {
    const b = await broker();
    const signal = new AbortController().signal;
    expect(await roundTrip(b.port, b.port, 'lab/t', 'p', 3_000, signal)).toEqual({ delivered: true });
    expect(getEventListeners(signal, 'abort')).toHaveLength(0);
  });

  it('after a wait that ran out', async () => {
    const [sub, pub] = [await broker(), await broker()];
    const signal = new AbortController().signal;
    expect(await roundTrip(sub.port, pub.port, 'lab/t', 'p', 200, signal)).toEqual({ delivered: false });
    expect(getEventListeners(signal, 'abort')).toHaveLength(0);
  });
});

describe('mqtt round trip: clients are ended without waiting for the other side', () => {
  it('a forward that never hangs up does not hold the round trip', { timeout: 5_000 }, async () => {
    const b = await broker();
    const port = await neverHangsUp(b.port);
    expect(await roundTrip(port, port, 'lab/t', 'p', 3_000)).toEqual({ delivered: true });
  });
});

describe('mqtt through a Service: failures', () => {
  it('a refused connection is the reason, in the words of the socket', async () => {
    const dead = await closedPort();
    const kube = fakeKube({ portForward: async () => forwardTo(dead, 'svc/emqx') });
    expect(await runCheck(throughService(), checkEnvOf(kube), 'once')).toEqual({
      passed: false,
      reason: `MQTT through svc/emqx:1883 failed: connect ECONNREFUSED 127.0.0.1:${dead}`,
    });
  });

  it("kubectl's complaint explains the failure better than the socket", async () => {
    const dead = await closedPort();
    const pf = Object.assign(forwardTo(dead, 'svc/emqx'), { lastError: 'error forwarding port 1883 to pod abc: connection refused' });
    const kube = fakeKube({ portForward: async () => pf });
    expect(await runCheck(throughService(), checkEnvOf(kube), 'once')).toEqual({
      passed: false,
      reason: 'MQTT through svc/emqx:1883 failed: error forwarding port 1883 to pod abc: connection refused',
    });
  });

  it('a failed round closes its forward; the next round opens a new one', async () => {
    const dead = await closedPort();
    const b = await broker();
    const forwards = [forwardTo(dead, 'svc/emqx'), forwardTo(b.port, 'svc/emqx')];
    let n = 0;
    const kube = fakeKube({ portForward: async () => forwards[n++] });
    const probe = mqttCheck.probe(throughService(), checkEnvOf(kube));
    expect(await probe.poll()).toMatchObject({ passed: false });
    expect(forwards[0].closed).toBe(true);
    expect(await probe.poll()).toMatchObject({ passed: true });
    await probe.close!();
    expect(kube.calls.portForward).toBe(2);
  });
});

describe('mqtt acrossPods: which pods', () => {
  it('lists the pods of the selector and skips terminating and unready ones', async () => {
    const shared = await broker();
    const { kube, forwards } = cluster(() => shared.port, [pod('emqx-0', { deleting: true }), pod('emqx-1', { waiting: 'ContainerCreating' }), pod('emqx-2'), pod('emqx-3')]);
    expect(await runCheck(acrossPods(), checkEnvOf(kube), 'once')).toMatchObject({ passed: true, reason: 'a message published on emqx-3 reached a subscriber on emqx-2' });
    expect(kube.log.find((l) => l.method === 'list')!.args).toEqual(['Pod', { selector: 'app=emqx' }]);
    expect(forwards.map((f) => f.target)).toEqual(['pod/emqx-2', 'pod/emqx-3']);
  });
});

describe('mqtt acrossPods: forwards round by round', () => {
  it('the first round only opens the first forward and says so, without a verdict', async () => {
    const shared = await broker();
    const { kube } = cluster(() => shared.port);
    const probe = mqttCheck.probe(acrossPods(), checkEnvOf(kube));
    expect(await probe.poll()).toEqual({ passed: false, partial: true, reason: 'opening port-forwards to emqx-0 and emqx-1' });
    expect(kube.calls.portForward).toBe(1);
    await probe.close!();
  });

  it.each([
    ['emqx-0', ['pod/emqx-0', 'pod/emqx-1', 'pod/emqx-0']],
    ['emqx-1', ['pod/emqx-0', 'pod/emqx-1', 'pod/emqx-1']],
  ])('%s recreated under the same name (new uid) gets a new forward', async (recreated, targets) => {
    const shared = await broker();
    const { kube, forwards, state } = cluster(() => shared.port);
    const probe = mqttCheck.probe(acrossPods(), checkEnvOf(kube));
    await probe.poll();
    expect(await probe.poll()).toMatchObject({ passed: true });
    state.pods = state.pods.map((p) => (p.metadata.name === recreated ? pod(recreated, { uid: 'uid-new' }) : p));
    expect(await probe.poll()).toMatchObject({ passed: true });
    expect(forwards.map((f) => f.target)).toEqual(targets);
    expect(forwards[targets.indexOf(`pod/${recreated}`)].closed).toBe(true);
    await probe.close!();
  });

  it('a failed round closes both forwards and names kubectl\'s complaint; later rounds open new ones', async () => {
    const dead = await closedPort();
    const shared = await broker();
    // The first forward to emqx-0 leads nowhere; every later one reaches the broker.
    const { kube, forwards } = cluster((name, nth) => (name === 'emqx-0' && nth === 0 ? dead : shared.port));
    const probe = mqttCheck.probe(acrossPods(), checkEnvOf(kube));
    await probe.poll();
    Object.assign(forwards[0], { lastError: 'error forwarding port 1883 to pod uid-emqx-0: connection refused' });
    expect(await probe.poll()).toEqual({ passed: false, reason: 'MQTT through emqx-0 failed: error forwarding port 1883 to pod uid-emqx-0: connection refused' });
    expect(forwards.map((f) => f.closed)).toEqual([true, true]);
    expect(await probe.poll()).toMatchObject({ partial: true });
    expect(await probe.poll()).toEqual({ passed: true, reason: 'a message published on emqx-1 reached a subscriber on emqx-0', observed: { delivered: true } });
    // A successful round keeps its forwards for the next one.
    expect(forwards.map((f) => f.closed)).toEqual([true, true, false, false]);
    await probe.close!();
    expect(forwards.every((f) => f.closed)).toBe(true);
  });
});

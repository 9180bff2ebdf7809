/**
 * `mqtt`: a publish/subscribe round trip with mqtt.js. Through a Service: one port-forward to svc/NAME,
 * both clients on it. acrossPods: subscribe through a port-forward to one Ready pod and publish through a
 * port-forward to a DIFFERENT one, which proves the nodes route to each other (or, with delivered: false,
 * that they do not). Forwards stay open across rounds; one round opens at most one of them.
 */
import mqtt, { type MqttClient } from 'mqtt';
import { checkMessages } from '../i18n/checks.js';
import { callNeeds } from '../kube/needs.js';
import { byName, isReady, isTerminating, type Pod } from '../kube/objects.js';
import { keptForward } from './forward.js';
import type { PlainKind, PlainOf } from './types.js';

const CONNECT_TIMEOUT_MS = 5_000;
/** How long a delivered message may take; and how long "not delivered" must stay true. */
const DELIVERY_WINDOW_MS = 3_000;
const SILENCE_WINDOW_MS = 2_000;

export interface RoundTrip {
  delivered: boolean;
  /** Connecting, subscribing or publishing failed. */
  error?: string;
}

/** Subscribe on one port, publish on another (may be the same), wait for the message. Clients always closed. */
export async function roundTrip(subPort: number, pubPort: number, topic: string, clientPrefix: string, windowMs: number, signal?: AbortSignal): Promise<RoundTrip> {
  // writeCache: false: mqtt-packet would otherwise fill a cache of 65,536 buffers (about 6 MiB) for two clients.
  const opts = (id: string) => ({ clientId: `${clientPrefix}-${id}`, connectTimeout: CONNECT_TIMEOUT_MS, reconnectPeriod: 0, clean: true, protocolVersion: 4 as const, writeCache: false });
  const payload = `emqx-lab ${clientPrefix}`;
  const clients: MqttClient[] = [];
  try {
    const sub = await mqtt.connectAsync(`mqtt://127.0.0.1:${subPort}`, opts('sub'));
    clients.push(sub);
    const arrived = new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => stop(), windowMs);
      // Ends the wait without the message (time up or Ctrl-C); the caller's signal outlives this round.
      const stop = () => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', stop);
        resolve(false);
      };
      signal?.addEventListener('abort', stop, { once: true });
      sub.on('message', (t, p) => {
        if (t === topic && p.toString() === payload) {
          clearTimeout(timer);
          signal?.removeEventListener('abort', stop);
          resolve(true);
        }
      });
    });
    await sub.subscribeAsync(topic, { qos: 1 });
    const pub = await mqtt.connectAsync(`mqtt://127.0.0.1:${pubPort}`, opts('pub'));
    clients.push(pub);
    await pub.publishAsync(topic, payload, { qos: 1 });
    return { delivered: await arrived };
  } catch (e) {
    return { delivered: false, error: (e as Error).message || String(e) };
  } finally {
    await Promise.all(clients.map((c) => c.endAsync(true).catch(() => undefined)));
  }
}

export const mqttCheck: PlainKind<PlainOf<'mqtt'>> = {
  kind: 'mqtt',
  defaultTimeout: 90,
  needs: (check, api) => (check.service ? callNeeds.portForward('svc') : [...callNeeds.list(api, ['Pod']), ...callNeeds.portForward('pod')]),
  probe(check, env) {
    const m = checkMessages[env.lang];
    const want = check.delivered ?? true;
    const window = want ? DELIVERY_WINDOW_MS : SILENCE_WINDOW_MS;
    const subFwd = keptForward(env);
    const pubFwd = keptForward(env);
    let attempt = 0;

    function verdict(r: RoundTrip, from: string, to: string, lastError: string) {
      if (r.error) return { passed: false, reason: m.mqttError(to, lastError || r.error) };
      const reason = r.delivered ? m.mqttDelivered(from, to) : m.mqttNotDelivered(from, to, window / 1000);
      return { passed: r.delivered === want, reason, observed: { delivered: r.delivered } };
    }

    return {
      async poll() {
        attempt += 1;
        const topic = `emqx-lab/${env.runId}/${check.id}/${attempt}`;
        const prefix = `emqx-lab-${env.runId}-${attempt}`;
        if (check.service) {
          const where = `svc/${check.service.name}:${check.service.port}`;
          const pf = await subFwd.open(`svc/${check.service.name}`, check.service.port);
          const r = await roundTrip(pf.localPort, pf.localPort, topic, prefix, window, env.signal);
          if (r.error) await subFwd.close();
          return verdict(r, where, where, pf.lastError);
        }
        const across = check.acrossPods!;
        const pods = (await env.kube.list<Pod>('Pod', { selector: across.selector })).filter((p) => isReady(p) && !isTerminating(p)).sort(byName);
        if (pods.length < 2) return { passed: false, reason: m.needTwoPods(pods.length, across.selector) };
        const [a, b] = pods;
        const idA = a.metadata.uid ?? a.metadata.name;
        const idB = b.metadata.uid ?? b.metadata.name;
        const needA = subFwd.needsOpen(`pod/${a.metadata.name}`, across.port, idA);
        const pfA = await subFwd.open(`pod/${a.metadata.name}`, across.port, idA);
        if (needA && pubFwd.needsOpen(`pod/${b.metadata.name}`, across.port, idB)) {
          // Budget: one list and one new port-forward this round; the second forward comes next round.
          return { passed: false, partial: true, reason: m.mqttConnecting(a.metadata.name, b.metadata.name) };
        }
        const pfB = await pubFwd.open(`pod/${b.metadata.name}`, across.port, idB);
        const r = await roundTrip(pfA.localPort, pfB.localPort, topic, prefix, window, env.signal);
        if (r.error) await Promise.all([subFwd.close(), pubFwd.close()]);
        return verdict(r, b.metadata.name, a.metadata.name, pfA.lastError || pfB.lastError);
      },
      async close() {
        await Promise.all([subFwd.close(), pubFwd.close()]);
      },
    };
  },
};

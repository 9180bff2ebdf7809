/**
 * One aedes broker per EMQX node instance served by this port-forward process. Client publishes are
 * relayed to the brokers of the node's cluster mates (in this process directly, in others over the bridge);
 * relayed messages are published locally and never relayed again.
 */
import { createServer, type Server } from 'node:http';
import type { Socket } from 'node:net';
import { BridgeRegistry, clusterMates, postDelivery, type Delivery } from './bridge.js';

type Broker = import('aedes').Aedes;

export class Brokers {
  private readonly brokers = new Map<string, Broker>();
  private bridgeServer?: Server;
  private registry?: BridgeRegistry;

  /**
   * `mates` answers which instances run in the same cluster as one (itself included). Without it they are read
   * from the simulator's saved state in `simDir`, and brokers in other port-forward processes are reached over
   * the bridge; with it (one process serving every node: src/runtime) there is no bridge.
   */
  constructor(
    private readonly simDir: string,
    private readonly mates?: (inst: string) => Set<string>,
  ) {}

  private async startBridge(): Promise<BridgeRegistry> {
    if (this.registry) return this.registry;
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString('utf8')));
      req.on('end', () => {
        try {
          this.inject(JSON.parse(body) as Delivery);
        } finally {
          res.end('ok');
        }
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    this.bridgeServer = server;
    const addr = server.address();
    this.registry = new BridgeRegistry(this.simDir, typeof addr === 'object' && addr ? addr.port : 0);
    return this.registry;
  }

  private inject(d: Delivery): void {
    const b = this.brokers.get(d.inst);
    if (!b) return;
    b.publish({ cmd: 'publish', topic: d.topic, payload: Buffer.from(d.payload, 'base64'), qos: d.qos, retain: d.retain, dup: false }, () => undefined);
  }

  private async relay(from: string, d: Omit<Delivery, 'inst'>): Promise<void> {
    const mates = this.mates ? this.mates(from) : clusterMates(this.simDir, from);
    for (const [inst] of this.brokers) if (inst !== from && mates.has(inst)) this.inject({ ...d, inst });
    const reg = this.registry;
    if (!reg) return;
    const sends: Promise<void>[] = [];
    for (const e of reg.others()) for (const inst of e.insts) if (mates.has(inst)) sends.push(postDelivery(e.port, { ...d, inst }));
    await Promise.all(sends);
  }

  /** The broker for a node instance, created on first use. */
  async broker(inst: string): Promise<Broker> {
    const have = this.brokers.get(inst);
    if (have) return have;
    const reg = this.mates ? undefined : await this.startBridge();
    const { Aedes } = await import('aedes');
    const b = await Aedes.createBroker();
    b.on('publish', (packet, client) => {
      if (!client || packet.topic.startsWith('$SYS')) return;
      void this.relay(inst, { topic: packet.topic, payload: Buffer.from(packet.payload).toString('base64'), qos: packet.qos, retain: packet.retain });
    });
    this.brokers.set(inst, b);
    reg?.register([...this.brokers.keys()]);
    return b;
  }

  handle(b: Broker, socket: Socket): void {
    b.handle(socket);
  }

  /** Drop brokers of instances that are gone (a restarted container is a new broker). */
  retain(live: Set<string>): void {
    for (const [inst, b] of this.brokers) {
      if (live.has(inst)) continue;
      b.close();
      this.brokers.delete(inst);
      this.registry?.register([...this.brokers.keys()]);
    }
  }

  async close(): Promise<void> {
    for (const b of this.brokers.values()) await new Promise<void>((r) => b.close(() => r()));
    this.brokers.clear();
    this.registry?.unregister();
    await new Promise<void>((r) => (this.bridgeServer ? this.bridgeServer.close(() => r()) : r()));
  }
}

/**
 * The container runtime behind the kwok pods of a real control plane: one process that is the kubelet of
 * every node. It mirrors the API objects the kubelet reads, runs the simulator's kubelet and EMQX model on
 * them at wall-clock time, writes pod status, events and final deletions to the API server, keeps container
 * logs as CRI log files, EMQX data on PersistentVolumes, and answers exec, logs and port-forward for the
 * kubelet API front (test/control-plane/cmd/harness/kubelet.go) on unix sockets in its folder.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Brokers } from '../sim/pf/brokers.js';
import { clusterPeers } from '../sim/emqx/mnesia.js';
import { advanceTo, nextTimer, settle } from './advance.js';
import { Clock } from './clock.js';
import { Api } from './api.js';
import { Discovery } from './discovery.js';
import { readKubeconfig } from './kubeconfig.js';
import { LogFiles } from './logfiles.js';
import { Mirror } from './mirror.js';
import { Outbox } from './outbox.js';
import { Volumes } from './volumes.js';
import { RuntimeWorld } from './world.js';

export interface RuntimeOptions {
  /** A kubeconfig with a client certificate allowed to do what a kubelet does for every node. */
  kubeconfig: string;
  /** The runtime's folder: logs/, api.sock, pf.sock. */
  dir: string;
  /**
   * How much faster than the wall clock the model runs (default 1). Probes, back-off, pulls, grace periods and
   * EMQX's own delays all shrink by this factor; what the API server and kubectl see is in wall time.
   */
  speed?: number;
  log?: (line: string) => void;
}

/** The longest the loop sleeps: the model also advances when nothing is due, to keep its clock near now. */
const MAX_SLEEP_MS = 250;

export class Runtime {
  readonly w: RuntimeWorld;
  readonly log: (line: string) => void;
  readonly brokers: Brokers;
  private readonly api: Api;
  private readonly mirror: Mirror;
  private readonly outbox: Outbox;
  private readonly discovery: Discovery;
  readonly logs: LogFiles;
  private readonly volumes = new Volumes();
  private stopped = false;
  private wake?: () => void;
  private loopDone?: Promise<void>;

  constructor(readonly opts: RuntimeOptions) {
    this.log = opts.log ?? ((l) => process.stderr.write(`${new Date().toISOString()} ${l}\n`));
    mkdirSync(join(opts.dir, 'logs'), { recursive: true });
    this.w = new RuntimeWorld(new Clock(opts.speed ?? 1));
    this.api = new Api(readKubeconfig(opts.kubeconfig));
    this.mirror = new Mirror(this.api, this.w, () => this.poke(), this.log);
    this.outbox = new Outbox(this.api, this.w, this.log);
    this.discovery = new Discovery(this.api, () => this.poke(), this.log);
    this.w.emqxHost = this.discovery;
    this.logs = new LogFiles(join(opts.dir, 'logs'), this.w.clock);
    this.brokers = new Brokers('', (inst) => this.mates(inst));
  }

  async start(): Promise<void> {
    await this.mirror.start();
    this.loopDone = this.loop();
  }

  /** Run the model up to now, then `fn` in it; what `fn` changed is settled and sent at once. */
  at<T>(fn: (w: RuntimeWorld) => T): T {
    this.advance();
    const out = fn(this.w);
    settle(this.w);
    this.after();
    return out;
  }

  private poke(): void {
    this.wake?.();
  }

  private advance(): void {
    for (const n of this.w.list('nodes')) this.w.s.rt.nodes[n.metadata.name] ??= { images: {}, pullBusyUntil: 0 };
    advanceTo(this.w, Math.max(this.w.now, this.w.clock.now()));
  }

  private after(): void {
    this.outbox.kick();
    this.logs.sync(this.w);
    this.volumes.sync(this.w);
    this.discovery.refresh();
    const live = new Set(Object.entries(this.w.s.rt.emqx).filter(([, e]) => e.st === 'up' && e.stopAt === undefined).map(([k]) => k));
    this.brokers.retain(live);
  }

  /** Node instances running in the same cluster as `inst` (itself included): where an MQTT message goes. */
  private mates(inst: string): Set<string> {
    const e = this.w.s.rt.emqx[inst];
    const out = new Set([inst]);
    if (!e || e.st !== 'up' || e.stopAt !== undefined) return out;
    for (const x of clusterPeers(this.w, e)) for (const [k, y] of Object.entries(this.w.s.rt.emqx)) if (y === x && x.stopAt === undefined) out.add(k);
    return out;
  }

  private async loop(): Promise<void> {
    while (!this.stopped) {
      try {
        this.advance();
        this.after();
      } catch (e) {
        this.log(`model: ${(e as Error).stack ?? e}`);
      }
      const due = nextTimer(this.w);
      const ms = Math.max(10, Math.min(MAX_SLEEP_MS, due === undefined ? MAX_SLEEP_MS : (due - this.w.clock.now()) / this.w.clock.speed));
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, ms);
        this.wake = () => {
          clearTimeout(t);
          // Many watch events come in bursts: let a burst land before running the model again.
          setTimeout(resolve, 10);
        };
      });
      this.wake = undefined;
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.poke();
    this.mirror.stop();
    await this.loopDone;
    await this.brokers.close();
    this.api.close();
  }
}

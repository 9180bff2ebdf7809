/**
 * MQTT across EMQX nodes that live in different port-forward processes. Each process serves brokers for
 * some EMQX node instances and registers a small HTTP endpoint in $EMQX_LAB_HOME/sim/bridges/<pid>.json;
 * a message published on node A is handed to every broker serving a node that is, at that moment, running
 * in A's cluster (per the persisted cluster state), and only to those.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { writeFileAtomic } from '../../util/atomic.js';
import { readState } from '../state/store.js';
import { processAlive } from '../../util/process.js';

export interface Delivery {
  inst: string;
  topic: string;
  payload: string;
  qos: 0 | 1 | 2;
  retain: boolean;
}

interface Entry {
  pid: number;
  port: number;
  insts: string[];
}

export class BridgeRegistry {
  private readonly dir: string;
  constructor(
    simDir: string,
    private readonly port: number,
  ) {
    this.dir = join(simDir, 'bridges');
  }

  register(insts: string[]): void {
    mkdirSync(this.dir, { recursive: true });
    writeFileAtomic(join(this.dir, `${process.pid}.json`), JSON.stringify({ pid: process.pid, port: this.port, insts } satisfies Entry));
  }

  unregister(): void {
    rmSync(join(this.dir, `${process.pid}.json`), { force: true });
  }

  /** Every other process's endpoint (stale files of dead processes are removed on the way). */
  others(): Entry[] {
    let files: string[];
    try {
      files = readdirSync(this.dir);
    } catch {
      return [];
    }
    const out: Entry[] = [];
    for (const f of files) {
      if (!f.endsWith('.json')) continue;
      try {
        const e = JSON.parse(readFileSync(join(this.dir, f), 'utf8')) as Entry;
        if (e.pid === process.pid) continue;
        if (!processAlive(e.pid)) {
          rmSync(join(this.dir, f), { force: true });
          continue;
        }
        out.push(e);
      } catch {
        // A file being replaced right now: skip it this time.
      }
    }
    return out;
  }
}

/** Instances running in the same cluster as `inst` right now (itself included), from the saved state. */
export function clusterMates(simDir: string, inst: string): Set<string> {
  const s = readState(simDir);
  const out = new Set<string>([inst]);
  const me = s?.rt.emqx[inst];
  if (!s || !me || me.st !== 'up' || me.stopAt !== undefined) return out;
  for (const [k, e] of Object.entries(s.rt.emqx)) if (e.st === 'up' && e.stopAt === undefined && e.cluster === me.cluster) out.add(k);
  return out;
}

export function postDelivery(port: number, d: Delivery): Promise<void> {
  return new Promise((resolve) => {
    const body = JSON.stringify(d);
    const req = request({ host: '127.0.0.1', port, method: 'POST', path: '/deliver', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
      res.resume();
      res.on('end', () => resolve());
    });
    req.on('error', () => resolve());
    req.end(body);
  });
}

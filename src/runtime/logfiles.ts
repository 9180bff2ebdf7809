/**
 * Container logs as files in the CRI format the kubelet keeps (`<RFC 3339 time> stdout F <line>`), one file per
 * container instance, so the kubelet API front (test/control-plane/cmd/harness/kubelet.go) reads them with the
 * kubelet's own log reader: --tail, --since, --timestamps, --previous and -f behave as on a node. Lines are
 * appended as the model's clock passes their time; files of instances the model forgot are removed.
 */
import { appendFileSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { expandLogs, tsOf } from '../sim/kubelet/logs.js';
import type { Clock } from './clock.js';
import type { World } from '../sim/api/world.js';

function criTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000000Z');
}

/** EMQX's own timestamp at the start of a line (tsOf's format). */
const EMQX_TS = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6})\+00:00/;

/** Lines may be added up to this long in the past (a discovery round run once the API server answered). */
const WINDOW_MS = 60_000;

export class LogFiles {
  /** Per container instance: lines with a time up to `floor` are in the file, later ones as listed in `seen`. */
  private readonly written = new Map<string, { floor: number; seen: Set<string> }>();

  constructor(
    private readonly root: string,
    private readonly clock: Clock,
  ) {}

  /** One file line: the wall time the line was written, and EMQX's own timestamp in it in wall time too. */
  private line(t: number, text: string): string {
    const shown = this.clock.speed === 1 ? text : text.replace(EMQX_TS, (_m, ts: string) => tsOf(this.clock.wallOf(Date.parse(`${ts.slice(0, 23)}Z`))));
    return `${criTime(this.clock.wallOf(t))} stdout F ${shown}\n`;
  }

  /** `<root>/<pod uid>/<container>/<restart>.log` (instances are `<pod uid>/<container>/<restart>`). */
  pathOf(inst: string): string {
    return join(this.root, `${inst}.log`);
  }

  sync(w: World): void {
    for (const [inst, lines] of Object.entries(w.s.rt.logs)) {
      let mark = this.written.get(inst);
      if (!mark) {
        mkdirSync(dirname(this.pathOf(inst)), { recursive: true });
        appendFileSync(this.pathOf(inst), '');
        mark = { floor: -Infinity, seen: new Set() };
        this.written.set(inst, mark);
      }
      const key = (l: { t: number; text: string }) => `${l.t}\u0000${l.text}`;
      const fresh = expandLogs(lines, w.now).filter((l) => l.t > mark.floor && !mark.seen.has(key(l)));
      if (fresh.length) appendFileSync(this.pathOf(inst), fresh.flatMap((l) => l.text.split('\n').map((t) => this.line(l.t, t))).join(''));
      for (const l of fresh) mark.seen.add(key(l));
      const floor = w.now - WINDOW_MS;
      if (floor > mark.floor) {
        mark.floor = floor;
        for (const k of mark.seen) if (Number(k.split('\u0000')[0]) <= floor) mark.seen.delete(k);
      }
    }
    for (const inst of [...this.written.keys()]) {
      if (inst in w.s.rt.logs) continue;
      this.written.delete(inst);
      rmSync(this.pathOf(inst), { force: true });
      const uid = inst.split('/')[0];
      if (!Object.keys(w.s.rt.logs).some((k) => k.startsWith(`${uid}/`))) rmSync(join(this.root, uid), { recursive: true, force: true });
    }
  }
}

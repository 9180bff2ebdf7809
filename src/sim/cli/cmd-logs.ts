/** kubectl logs: a pod's or a workload's container output, --tail/--since/--previous/-l/--prefix/-f. */
import { matches, parseSelector } from '../api/selector.js';
import { authz } from '../api/rbac.js';
import type { World } from '../api/world.js';
import { expandLogs } from '../kubelet/logs.js';
import type { Obj } from '../state/types.js';
import { bool, int, str } from './argv.js';
import type { Cli } from './cli.js';
import { namespaceOf, userOf } from './context.js';
import { CmdError } from './errors.js';
import { containerFor, podFor } from './pods.js';
import { withWorld } from './session.js';
import { goDuration, sleep } from './wait-util.js';

type J = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const USAGE = `error: expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.
POD or TYPE/NAME is a required argument for the logs command
See 'kubectl logs -h' for help and examples`;

interface Stream {
  pod: Obj;
  ctr: string;
  inst?: string;
  error?: string;
  running: boolean;
}

function streamFor(w: World, pod: Obj, c: J, previous: boolean): Stream {
  const key = (pod.spec.initContainers ?? []).some((x: J) => x.name === c.name) ? `init:${c.name}` : c.name;
  const r = w.s.rt.pods[pod.metadata.uid!]?.ctrs[key];
  const status: J | undefined = [...(pod.status?.containerStatuses ?? []), ...(pod.status?.initContainerStatuses ?? [])].find((s: J) => s.name === c.name);
  const base = { pod, ctr: c.name, running: r?.st === 'run' };
  if (previous) {
    const inst = r?.st === 'run' ? r.prevInst : r?.inst && r.exit && r.st !== 'done' ? r.prevInst : r?.prevInst;
    if (!inst) return { ...base, error: `Error from server (BadRequest): previous terminated container "${c.name}" in pod "${pod.metadata.name}" not found` };
    return { ...base, inst };
  }
  if (!r?.inst) {
    const waiting = status?.state?.waiting?.reason ?? 'ContainerCreating';
    const why = waiting === 'ImagePullBackOff' || waiting === 'ErrImagePull' ? 'trying and failing to pull image' : waiting;
    return { ...base, error: `Error from server (BadRequest): container "${c.name}" in pod "${pod.metadata.name}" is waiting to start: ${why}` };
  }
  return { ...base, inst: r.inst };
}

function lines(w: World, s: Stream, c: Cli, tail: number, prefix: boolean): string[] {
  let list = expandLogs(w.s.rt.logs[s.inst!], w.now);
  const since = str(c.p, 'since');
  if (since) list = list.filter((l) => l.t >= w.now - goDuration(since, 0));
  const sinceTime = str(c.p, 'since-time');
  if (sinceTime) list = list.filter((l) => l.t >= Date.parse(sinceTime));
  const flat: { t: number; text: string }[] = list.flatMap((l) => l.text.split('\n').map((text) => ({ t: l.t, text })));
  const picked = tail >= 0 ? flat.slice(Math.max(0, flat.length - tail)) : flat;
  const ts = bool(c.p, 'timestamps');
  return picked.map((l) => `${prefix ? `[pod/${s.pod.metadata.name}/${s.ctr}] ` : ''}${ts ? `${new Date(l.t).toISOString().replace('Z', '000000Z').replace(/\.(\d{3})000000Z$/, '.$1000000Z')} ` : ''}${l.text}`);
}

export async function cmdLogs(c: Cli): Promise<number> {
  const p = c.p;
  const selector = str(p, 'selector');
  if (!selector && p.args.length !== 1 && !(p.args.length === 2 && !str(p, 'container'))) throw new CmdError(USAGE);
  const previous = bool(p, 'previous');
  const prefix = bool(p, 'prefix');
  const tail = int(p, 'tail', selector ? 10 : -1);
  const notes: string[] = [];
  const pick = (w: World): Stream[] => {
    const user = userOf(w, c.target, p);
    const ns = namespaceOf(p, c.target, w);
    let pods: Obj[];
    if (selector) {
      authz(w, user, { verb: 'list', group: '', res: 'pods', ns });
      pods = w.list('pods', ns).filter((x) => matches(parseSelector(selector), x.metadata.labels));
    } else {
      try {
        pods = [podFor(w, user, ns, p.args[0], notes)];
      } catch (err) {
        // kubectl logs words a missing pod (or workload) its own way (logs.go): lowercase, with the namespace.
        const m = err instanceof CmdError ? /^Error from server \(NotFound\): (.*)$/s.exec(err.message) : null;
        if (m) throw new CmdError(`error: error from server (NotFound): ${m[1]} in namespace "${ns}"`);
        throw err;
      }
    }
    const ctrName = str(p, 'container') ?? (p.args.length === 2 ? p.args[1] : undefined);
    const out: Stream[] = [];
    for (const pod of pods) {
      authz(w, user, { verb: 'get', group: '', res: 'pods', sub: 'log', ns, name: pod.metadata.name });
      const ctrs: J[] = bool(p, 'all-containers') ? [...(pod.spec.initContainers ?? []), ...pod.spec.containers] : [containerFor(pod, ctrName, notes, !!selector)];
      for (const ctr of ctrs) out.push(streamFor(w, pod, ctr, previous));
    }
    return out;
  };
  const first = await withWorld(c.env, false, (w) => {
    const streams = pick(w);
    return { streams, text: streams.map((s) => (s.error ? [] : lines(w, s, c, tail, prefix))), totals: streams.map((s) => (s.error ? 0 : lines(w, s, c, -1, prefix).length)) };
  });
  for (const n of notes) c.err(`${n}\n`);
  const errors: string[] = [];
  first.streams.forEach((s, i) => {
    if (s.error) errors.push(s.error);
    else if (first.text[i].length) c.out(`${first.text[i].join('\n')}\n`);
  });
  if (errors.length) throw new CmdError(errors.join('\n'));
  if (bool(p, 'follow')) await follow(c, first.streams, first.totals, prefix);
  return 0;
}

async function follow(c: Cli, streams: Stream[], printed: number[], prefix: boolean): Promise<void> {
  const seen = [...printed];
  for (;;) {
    if (c.signal.aborted) return;
    await sleep(250);
    const done = await withWorld(c.env, false, (w) => {
      let alive = false;
      streams.forEach((s, i) => {
        if (!s.inst) return;
        const all = lines(w, s, c, -1, prefix);
        const fresh = all.slice(seen[i]);
        if (fresh.length) c.out(`${fresh.join('\n')}\n`);
        seen[i] = all.length;
        const r = Object.values(w.s.rt.pods).flatMap((pr) => Object.values(pr.ctrs)).find((x) => x.inst === s.inst);
        if (r?.st === 'run') alive = true;
      });
      return !alive;
    });
    if (done) return;
  }
}

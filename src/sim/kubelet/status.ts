/** The pod status the kubelet reports, built from its container records. */
import { iso, World } from '../api/world.js';
import type { CtrRt, Obj, PodRt } from '../state/types.js';
import { setCondition } from '../ctrl/util.js';
import { containerId, digestOf, normalizeImage } from './images.js';

type J = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export { containerId };

function state(w: World, pod: Obj, c: J, r: CtrRt | undefined): J {
  if (!r) return { waiting: { reason: 'ContainerCreating' } };
  switch (r.st) {
    case 'new':
    case 'pull':
    case 'pullFail':
      if (r.errAt !== undefined && r.st !== 'pull') return pullBackoff(c, r);
      if (r.exit) return waitingBackoff(pod, c, r);
      return { waiting: { reason: 'ContainerCreating' } };
    case 'pullErr':
      if (r.until === undefined) return { waiting: { reason: 'ErrImageNeverPull', message: r.msg } };
      return w.now < r.errAt! + 1000 ? { waiting: { reason: 'ErrImagePull', message: r.msg } } : pullBackoff(c, r);
    case 'config':
      return { waiting: { reason: 'CreateContainerConfigError', message: r.msg } };
    case 'run':
      return { running: { startedAt: iso(r.startedAt!) } };
    case 'exited':
      if (r.exit && w.now - r.exit.finishedAt < 1000) return { terminated: terminated(r) };
      return waitingBackoff(pod, c, r);
    case 'done':
      return { terminated: terminated(r) };
  }
}

function pullBackoff(c: J, r: CtrRt): J {
  return { waiting: { reason: 'ImagePullBackOff', message: `Back-off pulling image "${c.image}": ErrImagePull: ${r.msg}` } };
}

function waitingBackoff(pod: Obj, c: J, r: CtrRt): J {
  const secs = r.exit && r.until ? Math.round((r.until - r.exit.finishedAt) / 1000) : 10;
  const text = secs >= 300 ? '5m0s' : secs >= 60 ? `${Math.floor(secs / 60)}m${secs % 60}s` : `${secs}s`;
  return { waiting: { reason: 'CrashLoopBackOff', message: `back-off ${text} restarting failed container=${c.name} pod=${pod.metadata.name}_${pod.metadata.namespace}(${pod.metadata.uid})` } };
}

function terminated(r: CtrRt): J {
  const e = r.exit!;
  return { containerID: containerId(r.inst ?? ''), exitCode: e.code, finishedAt: iso(e.finishedAt), reason: e.reason, startedAt: iso(e.startedAt) };
}

function containerStatus(w: World, pod: Obj, c: J, r: CtrRt | undefined): J {
  const n = normalizeImage(c.image);
  const st = state(w, pod, c, r);
  const out: J = {};
  if (r?.inst) out.containerID = containerId(r.inst);
  out.image = n.ref;
  out.imageID = r?.inst ? `${n.repo}@${digestOf(n.ref)}` : '';
  const lastId = r?.st === 'run' ? r.prevInst : r?.inst;
  const last = r?.exit && (r.st !== 'exited' || w.now - r.exit.finishedAt >= 1000) && r.st !== 'done' ? { terminated: { containerID: containerId(lastId ?? ''), exitCode: r.exit.code, finishedAt: iso(r.exit.finishedAt), reason: r.exit.reason, startedAt: iso(r.exit.startedAt) } } : {};
  out.lastState = last;
  out.name = c.name;
  out.ready = !!r?.ready;
  out.restartCount = r?.restarts ?? 0;
  out.started = r?.st === 'run';
  out.state = st;
  return out;
}

export function writePodStatus(w: World, pod: Obj, rt: PodRt): void {
  const spec = pod.spec;
  const now = iso(w.now);
  const prev: J = pod.status ?? {};
  let conds: J[] = prev.conditions ?? [];
  const sandbox = w.now >= rt.sandboxAt;
  conds = setCondition(conds, { type: 'PodReadyToStartContainers', status: sandbox ? 'True' : 'False', lastProbeTime: null }, now);
  const inits: J[] = spec.initContainers ?? [];
  const initDone = inits.every((c) => rt.ctrs[`init:${c.name}`]?.st === 'done' && rt.ctrs[`init:${c.name}`]?.exit?.code === 0);
  conds = setCondition(conds, initDone
    ? { type: 'Initialized', status: 'True', lastProbeTime: null }
    : { type: 'Initialized', status: 'False', reason: 'ContainersNotInitialized', message: `containers with incomplete status: [${inits.filter((c) => rt.ctrs[`init:${c.name}`]?.st !== 'done').map((c) => c.name).join(' ')}]`, lastProbeTime: null }, now);
  const unready = (spec.containers as J[]).filter((c) => !rt.ctrs[c.name]?.ready).map((c) => c.name);
  const ready = unready.length === 0;
  const rc = ready ? { status: 'True' } : { status: 'False', reason: 'ContainersNotReady', message: `containers with unready status: [${unready.join(' ')}]` };
  conds = setCondition(conds, { type: 'Ready', ...rc, lastProbeTime: null }, now);
  conds = setCondition(conds, { type: 'ContainersReady', ...rc, lastProbeTime: null }, now);
  const order = ['PodReadyToStartContainers', 'Initialized', 'Ready', 'ContainersReady', 'PodScheduled'];
  conds.sort((a, b) => order.indexOf(a.type) - order.indexOf(b.type));
  const records = (spec.containers as J[]).map((c) => rt.ctrs[c.name]);
  let phase = 'Pending';
  if (records.some((r) => r?.startedAt !== undefined || r?.exit)) phase = 'Running';
  const policy = spec.restartPolicy ?? 'Always';
  if (policy !== 'Always' && records.every((r) => r?.st === 'done')) phase = records.every((r) => r?.exit?.code === 0) ? 'Succeeded' : 'Failed';
  if (!initDone && policy === 'Never' && inits.some((c) => rt.ctrs[`init:${c.name}`]?.st === 'done' && rt.ctrs[`init:${c.name}`]?.exit?.code !== 0)) phase = 'Failed';
  if (!initDone && phase === 'Running') phase = 'Pending';
  const node = w.get('nodes', undefined, rt.node);
  const hostIP = node?.status.addresses[0].address;
  const status: J = { conditions: conds };
  status.containerStatuses = (spec.containers as J[]).map((c) => containerStatus(w, pod, c, rt.ctrs[c.name]));
  if (hostIP) {
    status.hostIP = hostIP;
    status.hostIPs = [{ ip: hostIP }];
  }
  if (inits.length) status.initContainerStatuses = inits.map((c) => containerStatus(w, pod, c, rt.ctrs[`init:${c.name}`]));
  status.phase = phase;
  if (rt.ip) {
    status.podIP = rt.ip;
    status.podIPs = [{ ip: rt.ip }];
  }
  status.qosClass = prev.qosClass;
  status.startTime = prev.startTime ?? iso(w.now);
  w.setStatus(pod, status);
}

/**
 * The kubelet of every node: sandbox and pod IP, image pulls (one at a time per node), container start with
 * the environment fixed at that moment, the process model, restarts with back-off (CrashLoopBackOff),
 * readiness and liveness probes, and graceful termination.
 */
import { recordEvent } from '../api/events.js';
import { World } from '../api/world.js';
import type { CtrRt, Obj, PodRt } from '../state/types.js';
import { emqxStart } from '../emqx/lifecycle.js';
import { buildEnv, EnvError } from './env.js';
import { normalizeImage, planPull } from './images.js';
import { appendLogs } from './logs.js';
import { planProgram } from './programs.js';
import { fieldPath, MAX_BACKOFF, run } from './running.js';
import { forget, terminate } from './terminate.js';
import { writePodStatus } from './status.js';
import { updateNodeImages } from './node-images.js';

type J = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const SANDBOX_MS = 1200;

function src(pod: Obj, rt: PodRt) {
  return { component: 'kubelet', host: rt.node } as const;
}

function allocateIp(w: World, pod: Obj, rt: PodRt): string {
  const node = w.get('nodes', undefined, rt.node)!;
  if (pod.spec.hostNetwork) return node.status.addresses[0].address;
  const base = String(node.spec.podCIDR).replace(/\.0\/24$/, '');
  const used = new Set(Object.values(w.s.rt.pods).map((p) => p.ip));
  let n = w.s.rt.ipNext[rt.node] ?? 2;
  for (let i = 0; i < 253; i++) {
    const ip = `${base}.${n}`;
    n = n >= 254 ? 2 : n + 1;
    if (!used.has(ip)) {
      w.s.rt.ipNext[rt.node] = n;
      return ip;
    }
  }
  throw new Error(`no pod IP left on ${rt.node}`);
}

export function syncKubelet(w: World): void {
  const live = new Set<string>();
  for (const pod of w.list('pods')) {
    // A pod bound to a node nobody runs stays as it is (no kubelet will ever pick it up).
    if (!pod.spec.nodeName || !w.s.rt.nodes[pod.spec.nodeName]) continue;
    live.add(pod.metadata.uid!);
    syncPod(w, pod);
  }
  for (const uid of Object.keys(w.s.rt.pods)) {
    if (live.has(uid)) continue;
    forget(w, uid);
  }
}

function syncPod(w: World, pod: Obj): void {
  const uid = pod.metadata.uid!;
  let rt = w.s.rt.pods[uid];
  if (!rt) {
    rt = w.s.rt.pods[uid] = { node: pod.spec.nodeName, sandboxAt: w.now + SANDBOX_MS, ctrs: {} };
    w.wake(`pod/${uid}`, rt.sandboxAt);
    w.touch();
  }
  if (pod.metadata.deletionTimestamp) {
    terminate(w, pod, rt);
    return;
  }
  if (w.now < rt.sandboxAt) {
    writePodStatus(w, pod, rt);
    return;
  }
  if (!rt.ip) {
    rt.ip = allocateIp(w, pod, rt);
    w.touch();
  }
  if (!volumesReady(w, pod, rt)) {
    writePodStatus(w, pod, rt);
    return;
  }
  let initOk = true;
  for (const c of pod.spec.initContainers ?? []) {
    step(w, pod, rt, c, true);
    const r = rt.ctrs[`init:${c.name}`];
    if (!(r.st === 'done' && r.exit?.code === 0)) {
      initOk = false;
      break;
    }
  }
  if (initOk) for (const c of pod.spec.containers) step(w, pod, rt, c, false);
  writePodStatus(w, pod, rt);
}

function volumesReady(w: World, pod: Obj, rt: PodRt): boolean {
  const ns = pod.metadata.namespace;
  for (const v of pod.spec.volumes ?? []) {
    let missing: string | undefined;
    if (v.configMap && !v.configMap.optional && !w.get('configmaps', ns, v.configMap.name)) missing = `configmap "${v.configMap.name}" not found`;
    if (v.secret && !v.secret.optional && !w.get('secrets', ns, v.secret.secretName)) missing = `secret "${v.secret.secretName}" not found`;
    if (v.persistentVolumeClaim) {
      const pvc = w.get('persistentvolumeclaims', ns, v.persistentVolumeClaim.claimName);
      if (!pvc || pvc.status?.phase !== 'Bound') missing = `persistentvolumeclaim "${v.persistentVolumeClaim.claimName}" not bound`;
    }
    if (missing) {
      const key = `mount/${pod.metadata.uid}/${v.name}`;
      const last = Number(w.s.rt.memo[key] ?? 0);
      if (!last || w.now - last >= 120_000) {
        w.s.rt.memo[key] = String(w.now);
        recordEvent(w, pod, 'Warning', 'FailedMount', `MountVolume.SetUp failed for volume "${v.name}" : ${missing}`, src(pod, rt));
      }
      w.wake(key, w.now + 120_000);
      return false;
    }
  }
  return true;
}

function record(rt: PodRt, c: J, init: boolean): CtrRt {
  const key = init ? `init:${c.name}` : c.name;
  return (rt.ctrs[key] ??= { st: 'new', restarts: 0, backoff: 10, ready: false });
}

function step(w: World, pod: Obj, rt: PodRt, c: J, init: boolean): void {
  const r = record(rt, c, init);
  const fp = fieldPath(c.name, init);
  const ev = (type: 'Normal' | 'Warning', reason: string, message: string) => recordEvent(w, pod, type, reason, message, src(pod, rt), fp);
  const nodeRt = w.s.rt.nodes[rt.node];
  const ref = normalizeImage(c.image).ref;
  // The pod's image changed while its container does not run: the kubelet keys image-pull back-off by image
  // and crash-loop back-off by the container's spec hash, so the new image is pulled and started at once.
  if (r.image !== undefined && r.image !== c.image && ['new', 'pull', 'pullFail', 'pullErr', 'exited'].includes(r.st)) {
    if (r.st === 'exited') r.restarts += 1;
    Object.assign(r, { st: 'new', until: undefined, errAt: undefined, msg: undefined, backoff: 10 });
    w.touch();
  }
  for (let guard = 0; guard < 30; guard++) {
    const before = JSON.stringify(r);
    switch (r.st) {
      case 'new': {
        const present = nodeRt.images[ref] !== undefined;
        const policy = c.imagePullPolicy ?? 'IfNotPresent';
        if (policy === 'Never' && !present) {
          r.st = 'pullErr';
          r.msg = `Container image "${c.image}" is not present with pull policy of Never`;
          r.errAt = w.now;
          r.until = undefined;
          ev('Warning', 'ErrImageNeverPull', r.msg);
          break;
        }
        if (present && policy !== 'Always') {
          ev('Normal', 'Pulled', `Container image "${c.image}" already present on machine`);
          r.st = 'config';
          r.until = w.now;
          continue;
        }
        const plan = planPull(c.image);
        r.image = c.image;
        ev('Normal', 'Pulling', `Pulling image "${c.image}"`);
        const start = Math.max(w.now, nodeRt.pullBusyUntil);
        if (plan.ok) {
          // An image already present, or being pulled ahead in the queue, only needs its manifest checked.
          const ahead = (nodeRt.inflight ??= {})[ref];
          const quick = present || (ahead !== undefined && ahead > w.now);
          const secs = quick ? 0.3 + Math.random() * 0.5 : plan.seconds * (0.85 + Math.random() * 0.3);
          r.until = start + Math.round(secs * 1000);
          nodeRt.pullBusyUntil = r.until;
          nodeRt.inflight[ref] = Math.max(ahead ?? 0, r.until);
          r.st = 'pull';
          r.msg = `${plan.size}|${start}|${w.now}`;
        } else {
          r.st = 'pullFail';
          r.until = w.now + Math.round(plan.seconds * 1000);
          r.msg = plan.error;
        }
        w.wake(`pod/${pod.metadata.uid}`, r.until);
        break;
      }
      case 'pull': {
        if (w.now < r.until!) break;
        const [size, start, asked] = String(r.msg).split('|').map(Number);
        nodeRt.images[ref] = nodeRt.images[ref] ?? w.now;
        if ((nodeRt.inflight?.[ref] ?? 0) <= w.now) delete nodeRt.inflight?.[ref];
        updateNodeImages(w, rt.node);
        const took = ((w.now - start) / 1000).toFixed(3).replace(/\.?0+$/, '');
        const waited = ((w.now - asked) / 1000).toFixed(3).replace(/\.?0+$/, '');
        ev('Normal', 'Pulled', `Successfully pulled image "${c.image}" in ${took}s (${waited}s including waiting). Image size: ${size} bytes.`);
        r.msg = undefined;
        r.st = 'config';
        r.until = w.now;
        continue;
      }
      case 'pullFail': {
        if (w.now < r.until!) break;
        ev('Warning', 'Failed', `Failed to pull image "${c.image}": ${r.msg}`);
        ev('Warning', 'Failed', 'Error: ErrImagePull');
        r.st = 'pullErr';
        r.errAt = w.now;
        r.until = w.now + r.backoff * 1000;
        r.backoff = Math.min(MAX_BACKOFF, r.backoff * 2);
        w.wake(`pod/${pod.metadata.uid}`, w.now + 1000);
        w.wake(`pod/${pod.metadata.uid}`, r.until);
        break;
      }
      case 'pullErr': {
        if (r.until === undefined) break;
        if (w.now >= r.errAt! + 1000 && w.s.rt.memo[`bo/${pod.metadata.uid}/${c.name}`] !== String(r.errAt)) {
          w.s.rt.memo[`bo/${pod.metadata.uid}/${c.name}`] = String(r.errAt);
          ev('Normal', 'BackOff', `Back-off pulling image "${c.image}"`);
          ev('Warning', 'Failed', 'Error: ImagePullBackOff');
        }
        if (w.now < r.until) {
          w.wake(`pod/${pod.metadata.uid}`, r.errAt! + 1000 > w.now ? r.errAt! + 1000 : r.until);
          break;
        }
        r.st = 'new';
        continue;
      }
      case 'config': {
        if (w.now < (r.until ?? 0)) break;
        let env: [string, string][];
        try {
          env = buildEnv(w, pod, c);
        } catch (err) {
          if (!(err instanceof EnvError)) throw err;
          if (r.msg !== err.message || w.now - (r.errAt ?? 0) >= 10_000) {
            ev('Warning', 'Failed', `Error: ${err.message}`);
            r.errAt = w.now;
          }
          r.msg = err.message;
          r.until = w.now + 10_000;
          w.wake(`pod/${pod.metadata.uid}`, r.until);
          break;
        }
        start(w, pod, rt, c, r, env, init, ev);
        continue;
      }
      case 'run':
        run(w, pod, rt, c, r, init, ev);
        break;
      case 'exited': {
        if (w.now < r.until!) {
          const boKey = `bo/${pod.metadata.uid}/${c.name}`;
          if (w.s.rt.memo[boKey] !== String(r.exit?.finishedAt)) {
            w.s.rt.memo[boKey] = String(r.exit?.finishedAt);
            ev('Warning', 'BackOff', `Back-off restarting failed container ${c.name} in pod ${pod.metadata.name}_${pod.metadata.namespace}(${pod.metadata.uid})`);
          }
          w.wake(`pod/${pod.metadata.uid}`, r.until!);
          break;
        }
        r.restarts += 1;
        r.st = 'new';
        continue;
      }
      case 'done':
        break;
    }
    if (JSON.stringify(r) === before) break;
    w.touch();
  }
}

function start(w: World, pod: Obj, rt: PodRt, c: J, r: CtrRt, env: [string, string][], init: boolean, ev: (t: 'Normal' | 'Warning', reason: string, msg: string) => void): void {
  if (r.inst) r.prevInst = r.inst;
  r.inst = `${pod.metadata.uid}/${init ? 'init-' : ''}${c.name}/${r.restarts}`;
  r.env = env;
  r.startedAt = w.now;
  r.st = 'run';
  r.msg = undefined;
  r.ready = false;
  r.readySince = undefined;
  r.rFails = 0;
  r.lFails = 0;
  r.exitAt = undefined;
  r.code = undefined;
  r.image = c.image;
  if (r.prevInst && r.prevInst !== r.inst) {
    // Only the previous instance's logs are kept (kubectl logs --previous).
    for (const k of Object.keys(w.s.rt.logs)) if (k.startsWith(`${pod.metadata.uid}/${init ? 'init-' : ''}${c.name}/`) && k !== r.prevInst && k !== r.inst) delete w.s.rt.logs[k];
  }
  ev('Normal', 'Created', `Created container: ${c.name}`);
  ev('Normal', 'Started', `Started container: ${c.name}`);
  const plan = planProgram(c, new Map([['HOSTNAME', pod.spec.hostname ?? pod.metadata.name], ...env]));
  r.stopMs = plan.stopMs;
  r.serves = plan.serves;
  r.emqx = plan.kind === 'emqx';
  if (plan.kind === 'emqx') {
    const crash = emqxStart(w, pod, c, r.inst, env);
    if (crash) {
      r.exitAt = w.now + crash.after;
      r.code = crash.code;
    }
  } else {
    appendLogs(w, r.inst, w.now, plan.logs);
    if (plan.exitAfter !== undefined) {
      r.exitAt = w.now + plan.exitAfter;
      r.code = plan.code;
    }
  }
  if (r.exitAt !== undefined) w.wake(`pod/${pod.metadata.uid}`, r.exitAt);
}


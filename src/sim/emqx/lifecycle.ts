/**
 * An EMQX 5.8.9 node's life inside its container: entrypoint (node name), config from env (crash on a bad
 * enum), boot, mnesia start (load own tables, join running members, or wait for tables whose newest copy is
 * on a member that is down), the discovery loop, and shutdown.
 */
import { World } from '../api/world.js';
import type { EmqxRt, Obj } from '../state/types.js';
import { appendLogs, appendRepeating, endRepeats, tsOf } from '../kubelet/logs.js';
import { emqxVersionOf } from '../kubelet/images.js';
import { effectiveConfig, enumCrashLines, parseEnvConfig, shows } from './config.js';
import { discoveryDue, jitterMs } from './discovery.js';
import { clusterPeers, dirOf, freshDir, joinCluster, recordStop } from './mnesia.js';
import { entrypointNodeName } from './nodename.js';

type J = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export const BOOT_MS = 4500;
const WAIT_LOG_EVERY = 30_000;

function dataVolume(pod: Obj, c: J, inst: string): string {
  const mount = (c.volumeMounts ?? []).find((m: J) => /^\/opt\/emqx\/data(\/mnesia)?\/?$/.test(m.mountPath));
  if (!mount) return `ctr:${inst}`;
  const v = (pod.spec.volumes ?? []).find((x: J) => x.name === mount.name);
  if (v?.persistentVolumeClaim) return `pvc:${pod.metadata.namespace}/${v.persistentVolumeClaim.claimName}`;
  if (v?.hostPath) return `hp:${pod.spec.nodeName}:${v.hostPath.path}`;
  return `ed:${pod.metadata.uid}:${mount.name}`;
}

/** Resolve a claim-backed volume key to its PV (a new claim of the same name is a new, empty volume). */
function resolveVolume(w: World, key: string): string {
  if (!key.startsWith('pvc:')) return key;
  const [ns, claim] = key.slice(4).split('/');
  const pvc = w.get('persistentvolumeclaims', ns, claim);
  return pvc?.spec.volumeName ? `pv:${pvc.spec.volumeName}` : key;
}

/** Start EMQX in a container. Returns a crash (ms after start, exit code) when it cannot boot. */
export function emqxStart(w: World, pod: Obj, c: J, inst: string, envList: [string, string][]): { after: number; code: number } | undefined {
  const env = new Map(envList);
  const ip = pod.status?.podIP ?? w.s.rt.pods[pod.metadata.uid!]?.ip ?? '';
  const named = entrypointNodeName(env, { ip, hostname: pod.spec.hostname ?? pod.metadata.name, subdomain: pod.spec.subdomain, ns: pod.metadata.namespace! });
  if ('fail' in named) return { after: 300, code: 1 };
  const full: [string, string][] = [...envList.filter(([k]) => k !== 'EMQX_NODE_NAME'), ['EMQX_NODE__NAME', named.name]];
  if (!env.has('EMQX_RPC__PORT_DISCOVERY')) full.push(['EMQX_RPC__PORT_DISCOVERY', 'manual']);
  const parsed = parseEnvConfig(full);
  if (parsed.enumErrors.length) {
    appendLogs(w, inst, w.now + 800, enumCrashLines(parsed.enumErrors[0]));
    return { after: 1200, code: 1 };
  }
  const cfg = effectiveConfig(parsed, named.name);
  const lines: string[] = [];
  if (!env.has('EMQX_NODE__COOKIE')) {
    lines.push('WARNING: Default (insecure) Erlang cookie is in use.', 'WARNING: Configure node.cookie in /opt/emqx/etc/emqx.conf or override from environment variable EMQX_NODE__COOKIE', 'WARNING: NOTE: Use the same cookie for all nodes in the cluster.');
  }
  const overrides = parsed.overrides.filter((l) => !l.startsWith('EMQX_NODE__NAME ') && !l.startsWith('EMQX_RPC__PORT_DISCOVERY '));
  lines.push(...parsed.overrides.filter((l) => l.startsWith('EMQX_RPC__PORT_DISCOVERY ')), ...overrides.reverse(), ...parsed.overrides.filter((l) => l.startsWith('EMQX_NODE__NAME ')));
  if (parsed.unknown.length) lines.push(`[warning] unknown_env_vars: [${parsed.unknown.map((u) => JSON.stringify(u)).join(',')}]`);
  appendLogs(w, inst, w.now, lines);
  w.s.rt.emqx[inst] = {
    podUid: pod.metadata.uid!,
    pod: pod.metadata.name,
    ns: pod.metadata.namespace!,
    ctr: c.name,
    ip,
    node: named.name,
    vol: resolveVolume(w, dataVolume(pod, c, inst)),
    bootAt: w.now,
    st: 'boot',
    cfg,
    version: emqxVersionOf(c.image),
  };
  w.wake(`emqx/${inst}`, w.now + BOOT_MS);
  w.touch();
  return undefined;
}

export function emqxNodeName(w: World, inst: string): string | undefined {
  return w.s.rt.emqx[inst]?.node;
}

export function emqxUpAt(w: World, inst: string): number | undefined {
  const e = w.s.rt.emqx[inst];
  return e?.st === 'up' && e.stopAt === undefined ? e.startedAt : undefined;
}

/**
 * From when `emqx ctl status` answers (exit 0): once the VM runs and emqx_machine registered the CLI, before
 * mria starts (emqx_machine.erl:41), so also while the node waits for its tables ("is starting").
 */
export function emqxCtlAt(w: World, inst: string): number | undefined {
  const e = w.s.rt.emqx[inst];
  return e && e.st !== 'boot' && e.stopAt === undefined ? e.bootAt + BOOT_MS : undefined;
}

/** Is this probe command `emqx ctl status` (or emqx_ctl status), possibly through sh -c? */
export function isCtlStatus(cmd: string[]): boolean {
  const s = cmd.join(' ');
  return /(^|\/| )emqx(_ctl| ctl) status$/.test(s) || /^(sh|bash) -c .*emqx(_ctl| ctl) status/.test(s);
}

/** What a probe gets from a running node: ok, refused, an HTTP status, or a broken HTTP exchange. */
export function emqxProbeWhenUp(c: J, probe: J): { ok: boolean; msg?: 'refused' | number | string } {
  const portOf = (p: unknown) => (typeof p === 'number' ? p : (c.ports ?? []).find((x: J) => x.name === p)?.containerPort ?? (/^\d+$/.test(String(p)) ? Number(p) : undefined));
  if (probe.httpGet) {
    const port = portOf(probe.httpGet.port);
    const path = String(probe.httpGet.path ?? '/').split('?')[0];
    if (port === 18083) return ['/status', '/api/v5/status'].includes(path) ? { ok: true } : { ok: false, msg: 404 };
    if ([1883, 8883, 8083, 8084, 4370, 5369].includes(port)) return { ok: false, msg: `Get "http://{IP}:${port}${probe.httpGet.path ?? '/'}": EOF` };
    return { ok: false, msg: 'refused' };
  }
  if (probe.tcpSocket) return [1883, 8883, 8083, 8084, 18083, 4370, 5369].includes(portOf(probe.tcpSocket.port)) ? { ok: true } : { ok: false, msg: 'refused' };
  if (probe.exec) {
    const cmd: string[] = probe.exec.command ?? [];
    return isCtlStatus(cmd) ? { ok: true } : { ok: false, msg: cmd.join(' ') };
  }
  return { ok: true };
}

/** The node stops (SIGTERM handled) at `at`. */
export function emqxStop(w: World, inst: string, at: number): void {
  const e = w.s.rt.emqx[inst];
  if (!e) return;
  if (e.stopAt !== undefined && e.stopAt <= at) return;
  e.stopAt = at;
  w.wake(`emqx/${inst}`, at);
  w.touch();
}

function logAt(w: World, inst: string, e: EmqxRt, t: number, level: string, text: string): void {
  if (shows(e.cfg.logLevel, level)) appendLogs(w, inst, t, [`${tsOf(t)} [${level}] ${text}`]);
}

const LISTENERS = [
  ['ssl:default', '0.0.0.0:8883'],
  ['tcp:default', '0.0.0.0:1883'],
  ['ws:default', '0.0.0.0:8083'],
  ['wss:default', '0.0.0.0:8084'],
];

/** What emqx_listeners (console_print) and the dashboard (?ULOG) print when the applications start. */
function startedLines(): string[] {
  return [...LISTENERS.map(([id, bind]) => `Listener ${id} on ${bind} started.`), 'Listener http:dashboard on :18083 started.'];
}

function up(w: World, inst: string, e: EmqxRt): void {
  e.st = 'up';
  e.startedAt = w.now;
  appendLogs(w, inst, w.now, [...startedLines(), `EMQX ${e.version} is running now!`]);
  // post_boot: listeners, the banner, then ekka:autocluster (emqx_machine_boot.erl:44-48); each round first sleeps.
  if (['k8s', 'dns', 'static', 'etcd'].includes(e.cfg.strategy)) e.discAt = w.now + jitterMs(e.node);
  w.touch();
}

/**
 * A join (or leave) restarts mria, and mria's stop/start callbacks stop and start EMQX's applications
 * (emqx_machine_boot.erl:60-61): the dashboard stops first, then the listeners; then all start again. The
 * banner is not printed again (only post_boot prints it).
 */
export function restartApps(w: World, inst: string, at: number): void {
  appendLogs(w, inst, at, [
    'Stop listener http:dashboard on :18083 successfully.',
    ...LISTENERS.map(([id, bind]) => `Listener ${id} on ${bind} stopped.`),
    ...startedLines(),
  ]);
}

/** Whether a node that stopped while others ran may load its tables now (they are all reachable again). */
function tablesAvailable(w: World, e: EmqxRt): { ok: boolean; join?: EmqxRt; waitingFor: string[] } {
  const dir = dirOf(w, e)!;
  const running = Object.values(w.s.rt.emqx).filter((x) => x !== e && x.stopAt === undefined && dir.members.includes(x.node));
  const upPeer = running.find((x) => x.st === 'up' && x.cluster === dir.cluster);
  if (upPeer) return { ok: true, join: upPeer, waitingFor: [] };
  const need = dir.runningAtStop ?? [];
  const present = new Set(running.map((x) => x.node));
  const missing = need.filter((n) => !present.has(n));
  return { ok: missing.length === 0, waitingFor: need };
}

function startMnesia(w: World, inst: string, e: EmqxRt): void {
  e.vol = resolveVolume(w, e.vol);
  const dir = dirOf(w, e);
  if (!dir) {
    e.cluster = freshDir(w, e).cluster;
    up(w, inst, e);
    return;
  }
  e.cluster = dir.cluster;
  const t = tablesAvailable(w, e);
  if (!t.ok) {
    e.st = 'wait';
    const others = t.waitingFor.map((n) => `'${n}'`).join(',');
    // mnesia:wait_for_tables(Tables, 30000) times out, mria logs and waits again (mria_mnesia.erl:267-280).
    appendRepeating(w, inst, w.now + WAIT_LOG_EVERY, WAIT_LOG_EVERY, "{TS} [warning] mria_mnesia: still waiting for table(s): ['$mria_rlog_sync']");
    appendRepeating(w, inst, w.now + WAIT_LOG_EVERY + 5, WAIT_LOG_EVERY, `{TS} [warning] Check down_nodes should get [] but got [${others}], Table '$mria_rlog_sync' is waiting for one of the nodes: [${others}]`);
    w.touch();
    return;
  }
  if (t.join) joinCluster(w, e, t.join);
  up(w, inst, e);
}

export function syncEmqx(w: World): void {
  for (const [inst, e] of Object.entries(w.s.rt.emqx)) {
    if (e.stopAt !== undefined && w.now >= e.stopAt) {
      if (e.st === 'up') recordStop(w, e, e.stopAt);
      endRepeats(w, inst, e.stopAt);
      delete w.s.rt.emqx[inst];
      w.touch();
      continue;
    }
    if (e.st === 'boot' && w.now >= e.bootAt + BOOT_MS) startMnesia(w, inst, e);
    if (e.st === 'wait') {
      const t = tablesAvailable(w, e);
      if (t.ok) {
        endRepeats(w, inst, w.now);
        if (t.join) joinCluster(w, e, t.join);
        up(w, inst, e);
      }
    }
    if (e.st === 'up' && e.discAt !== undefined) discoveryDue(w, inst, e, (at) => restartApps(w, inst, at));
  }
}

export { clusterPeers, logAt };

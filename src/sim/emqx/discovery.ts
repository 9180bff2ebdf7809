/**
 * ekka 0.23.2's autocluster loop (EMQX 5.8.9) for the k8s, dns and static strategies (facts §6): each round
 * sleeps 1–3000 ms (the strategy's lock answers `ignore`), discovers peer names (for k8s: GET the Endpoints of
 * service_name with the pod's ServiceAccount, through hackney), pings them and joins the oldest responding
 * node; then asks discovery again (is_node_registered) and stops once a round succeeded and this node's own
 * name was among those discovered. The next round comes 5 s after the last one ended.
 * A round whose inputs did not change gives the same answer, so rounds are only evaluated after a change;
 * the unchanged ones in between are the repeats of the last logged lines.
 */
import { World } from '../api/world.js';
import type { EmqxRt } from '../state/types.js';
import { appendRepeating, endRepeats } from '../kubelet/logs.js';
import { shows } from './config.js';
import { resolve, srvTargets } from './dns.js';
import { hostOf } from './host.js';
import { dirOf, joinCluster } from './mnesia.js';

/** DISCOVER_AND_JOIN_RETRY_INTERVAL (ekka_autocluster.erl:46). */
export const ROUND_MS = 5000;
/** hackney's default connect_timeout (hackney_connect.erl:249): a round that times out takes this long per request. */
const CONNECT_TIMEOUT_MS = 8000;

/**
 * ekka sleeps rand:uniform(3000) ms before every k8s/dns/static round (ekka_autocluster.erl:189). The
 * simulator draws that pause once per node (a stable hash of its name), so a node's rounds keep one period.
 */
export function jitterMs(node: string): number {
  let h = 2166136261;
  for (const ch of node) h = Math.imul(h ^ ch.charCodeAt(0), 16777619);
  return ((h >>> 0) % 3000) + 1;
}

interface Line {
  level: string;
  /** Text without the timestamp; `{REF}` becomes a fresh Erlang reference in every repeat. */
  text: string;
  /** When in the round it is logged (ms after the round starts). */
  at: number;
}

interface Round {
  lines: Line[];
  names?: string[];
  error: boolean;
  /** How long the round's requests took (connect timeouts). */
  cost: number;
  /** The host does not know the API server's answer yet: the round waits for it. */
  pending?: boolean;
}

type Fail = { reason: string; cost: number };

/** One ekka address as jsone decodes it, printed the way ~0p prints a map with binary keys (term order). */
function addrTerm(a: { ip: string; nodeName?: string; targetRef?: { kind?: string; name: string; namespace: string; uid: string } }): string {
  const b = (s: string) => `<<"${s}">>`;
  const ref = a.targetRef
    ? `,${b('targetRef')} => #{${b('kind')} => ${b(a.targetRef.kind ?? 'Pod')},${b('name')} => ${b(a.targetRef.name)},${b('namespace')} => ${b(a.targetRef.namespace)},${b('uid')} => ${b(a.targetRef.uid)}}`
    : '';
  return `#{${b('ip')} => ${b(a.ip)}${a.nodeName ? `,${b('nodeName')} => ${b(a.nodeName)}` : ''}${ref}}`;
}

const frame = (m: string, f: string, arity: number, file: string, line: number) => `{${m},${f},${arity},[{file,"${file}"},{line,${line}}]}`;

/**
 * The stack of maps:get/2 failing inside ekka_cluster_k8s:extract_host/2 (ekka 0.23.2, deterministic build:
 * bare file names). `before` addresses were converted first (one more list-comprehension frame each). The
 * callers differ: discover_and_join/2 (the round) or core_node_discovery_callback/0 (is_node_registered).
 * The OTP frames below handle_info/2 (gen_server, proc_lib) are left out: their lines were not read.
 */
function badkeyStack(addr: string, before: number, from: 'round' | 'registered'): string {
  const k8s = 'ekka_cluster_k8s.erl';
  const ac = 'ekka_autocluster.erl';
  const frames = [
    `{maps,get,[<<"hostname">>,${addr}],[{error_info,#{module => erl_stdlib_errors}}]}`,
    frame('ekka_cluster_k8s', 'extract_host', 2, k8s, 124),
    frame('ekka_cluster_k8s', "'-extract_addresses/2-lc$^1/1-1-'", 2, k8s, 116),
    ...Array.from({ length: before }, () => frame('ekka_cluster_k8s', "'-extract_addresses/2-lc$^1/1-1-'", 2, k8s, 117)),
    frame('ekka_cluster_k8s', "'-extract_addresses/2-lc$^0/1-0-'", 2, k8s, 117),
    frame('ekka_cluster_k8s', 'extract_addresses', 2, k8s, 118),
    frame('ekka_cluster_k8s', 'discover', 1, k8s, 48),
    ...(from === 'round'
      ? [frame('ekka_autocluster', 'discover_and_join', 2, ac, 220), frame('ekka_autocluster', "'-discover_and_join/0-fun-0-'", 2, ac, 190), frame('ekka_autocluster', 'handle_info', 2, ac, 134)]
      : [frame('ekka_autocluster', 'core_node_discovery_callback', 0, ac, 104), frame('ekka_autocluster', 'is_node_registered', 0, ac, 302), frame('ekka_autocluster', 'is_discovery_complete', 1, ac, 154), frame('ekka_autocluster', 'handle_info', 2, ac, 135)]),
  ];
  return `[${frames.join(',')}]`;
}

/** Where ekka's GET of the Endpoints goes, and how hackney answers when it does not reach the API server. */
function reachApiserver(w: World, e: EmqxRt): Fail | { plainHttp: boolean } {
  const m = /^(?:([a-z]+):\/\/)?(\[[^\]]+\]|[^:/]+)(?::(\d+))?/i.exec(e.cfg.k8s.apiserver.trim());
  const scheme = (m?.[1] ?? 'http').toLowerCase();
  const host = (m?.[2] ?? '').replace(/^\[|\]$/g, '').toLowerCase();
  const port = Number(m?.[3] ?? (scheme === 'https' ? 443 : 80));
  // Inside a pod, loopback is the pod itself: nothing listens there (kind's `kubectl cluster-info` prints 127.0.0.1).
  if (host === 'localhost' || /^127\./.test(host) || host === '::1') return { reason: 'econnrefused', cost: 0 };
  const ips = /^\d+\.\d+\.\d+\.\d+$/.test(host) ? [host] : resolve(w, host, e.ns);
  if (!ips.length) return { reason: 'nxdomain', cost: 0 };
  const ip = ips[0];
  const api = w.get('services', 'default', 'kubernetes');
  const controlPlanes = w.list('nodes').filter((n) => n.metadata.labels?.['node-role.kubernetes.io/control-plane'] !== undefined);
  const cpIps = controlPlanes.flatMap((n) => (n.status?.addresses ?? []).filter((a: { type: string }) => a.type === 'InternalIP').map((a: { address: string }) => a.address));
  // The API server's certificate names the Service IP and the control-plane node IPs (IP SANs), so both pass TLS.
  if ((ip === api?.spec.clusterIP && port === 443) || (cpIps.includes(ip) && port === 6443)) return { plainHttp: scheme !== 'https' };
  if (w.list('pods').some((p) => p.status?.podIP === ip && !p.spec.hostNetwork)) return { reason: 'econnrefused', cost: 0 };
  // A Service IP or an address with nothing behind that port: the SYN is dropped.
  return { reason: 'connect_timeout', cost: CONNECT_TIMEOUT_MS };
}

/**
 * One discover call of ekka_cluster_k8s (ekka 0.23.2): the Endpoints addresses turned into node names, or the
 * error the call returns. Non-200 answers come back as {Status, Ref}: hackney hands ekka a reference to the
 * unread body, so the log never shows what the API server said. Who answers is the model's host (host.ts).
 */
function k8sDiscover(w: World, e: EmqxRt): { names: string[] } | { error: string; cost: number; tokenMissing: boolean } | { badkey: string; before: number } | { pending: true } {
  const pod = w.get('pods', e.ns, e.pod);
  const k = e.cfg.k8s;
  const tokenMissing = pod?.spec.automountServiceAccountToken === false;
  const reach = reachApiserver(w, e);
  if ('reason' in reach) return { error: reach.reason, cost: reach.cost, tokenMissing };
  if (reach.plainHttp) return { error: '{400,{REF}}', cost: 0, tokenMissing };
  const answer = hostOf(w).endpoints(w, e, { pod, ns: k.ns, name: k.service, tokenMissing });
  if (answer === 'pending') return { pending: true };
  if (!('endpoints' in answer)) return { error: `{${answer.code},{REF}}`, cost: 0, tokenMissing };
  const ep = answer.endpoints;
  const addrs: { ip: string; hostname?: string; nodeName?: string; targetRef?: { kind?: string; name: string; namespace: string; uid: string } }[] = (ep.subsets ?? []).flatMap((s: { addresses?: [] }) => s.addresses ?? []);
  const app = e.node.split('@')[0];
  const names: string[] = [];
  for (const [i, a] of addrs.entries()) {
    if (k.addressType === 'hostname') {
      // extract_host(hostname, Addr) is maps:get(<<"hostname">>, Addr), whatever the suffix (ekka_cluster_k8s.erl:123-124).
      if (a.hostname === undefined) return { badkey: addrTerm(a), before: i };
      names.push(k.suffix ? `${app}@${a.hostname}.${k.service}.${k.ns}.${k.suffix}` : `${app}@${a.hostname}`);
    } else if (k.addressType === 'dns') names.push(k.suffix ? `${app}@${a.ip.replace(/\./g, '-')}.${k.ns}.${k.suffix}` : `${app}@${a.ip.replace(/\./g, '-')}`);
    else names.push(`${app}@${a.ip}`);
  }
  return { names };
}

/**
 * A k8s round as the log shows it: discover_and_join/2 logs the failure of the first discover call, then
 * is_node_registered/0 calls discover again and core_node_discovery_callback/0 logs that one too.
 */
function k8sRound(w: World, e: EmqxRt): Round {
  const r = k8sDiscover(w, e);
  if ('pending' in r) return { lines: [], error: true, cost: 0, pending: true };
  if ('names' in r) return { lines: [], names: r.names, error: false, cost: 0 };
  if ('badkey' in r) {
    return {
      lines: [
        { level: 'error', text: `Ekka(AutoCluster): Discover error: {badkey,<<"hostname">>}, ${badkeyStack(r.badkey, r.before, 'round')}`, at: 0 },
        { level: 'error', text: `Ekka(AutoCluster): Core node discovery error {badkey,<<"hostname">>}: ${badkeyStack(r.badkey, r.before, 'registered')}`, at: 20 },
      ],
      error: true,
      cost: 0,
    };
  }
  const token: Line[] = r.tokenMissing ? [{ level: 'error', text: 'Ekka(k8s): Cannot read token: enoent', at: 0 }] : [];
  return {
    lines: [
      ...token,
      { level: 'error', text: `Ekka(AutoCluster): Discovery error: ${r.error}`, at: r.cost + 5 },
      ...token.map((l) => ({ ...l, at: r.cost + 10 })),
      { level: 'error', text: `Ekka(AutoCluster): Core node discovery error: ${r.error}`, at: 2 * r.cost + 20 },
    ],
    error: true,
    cost: 2 * r.cost,
  };
}

function otherNames(w: World, e: EmqxRt): Round {
  const app = e.node.split('@')[0];
  if (e.cfg.strategy === 'static') {
    const seeds = e.cfg.seeds.replace(/[[\]"\s]/g, '').split(',').filter(Boolean);
    return { lines: [], names: seeds, error: false, cost: 0 };
  }
  if (e.cfg.strategy === 'dns') {
    const names = e.cfg.dns.recordType === 'srv' ? srvTargets(w, e.cfg.dns.name, e.ns).map((t) => `${app}@${t}`) : resolve(w, e.cfg.dns.name, e.ns).map((ip) => `${app}@${ip}`);
    return { lines: [], names, error: false, cost: 0 };
  }
  // etcd (not modelled beyond this): nothing answers on the default server.
  return { lines: [{ level: 'error', text: 'Ekka(AutoCluster): Discovery error: econnrefused', at: 0 }], error: true, cost: 0 };
}

/** The running node answering to `name` from e's pod, if the name resolves to it. */
function responder(w: World, e: EmqxRt, name: string): EmqxRt | undefined {
  const host = name.split('@')[1] ?? '';
  const ips = resolve(w, host, e.ns);
  return Object.values(w.s.rt.emqx).find((x) => x !== e && x.st === 'up' && x.stopAt === undefined && x.node === name && ips.includes(x.ip) && x.cfg.cookie === e.cfg.cookie);
}

/**
 * One discover-and-join round (ekka 0.23 for EMQX 5.8): alive discovered nodes are joined when they are not
 * exactly this node's cluster, by joining the oldest of them (leaving the current cluster, as mria's join
 * does); any discovered node that does not respond makes the round an error, so the loop goes on.
 */
function round(w: World, e: EmqxRt): Round & { join?: EmqxRt; complete: boolean } {
  const r = e.cfg.strategy === 'k8s' ? k8sRound(w, e) : otherNames(w, e);
  if (r.error || !r.names) return { ...r, complete: false };
  const names = [...new Set(r.names)];
  const alive: EmqxRt[] = [];
  const dead: string[] = [];
  for (const n of names) {
    if (n === e.node) alive.push(e);
    else {
      const x = responder(w, e, n);
      if (x) alive.push(x);
      else dead.push(n);
    }
  }
  if (dead.length) r.lines.push({ level: 'info', text: `Ekka(AutoCluster): discovered nodes are not responding: [${dead.map((n) => `'${n}'`).join(',')}]`, at: 5 });
  let join: EmqxRt | undefined;
  const known = [...(dirOf(w, e)?.members ?? [e.node])].sort();
  const aliveNames = alive.map((x) => x.node).sort();
  // EMQX 5.9 and later (BSL builds) carry a single-node licence: they do not form a cluster without one.
  if (alive.length && JSON.stringify(known) !== JSON.stringify(aliveNames)) {
    const oldest = [...alive].sort((a, b) => (a.startedAt ?? 0) - (b.startedAt ?? 0))[0];
    if (oldest !== e && oldest.cluster !== e.cluster && !licensedSingleNode(e.version) && !licensedSingleNode(oldest.version)) join = oldest;
  }
  return { ...r, join, complete: !dead.length && names.includes(e.node) };
}

/** Inputs of a round: the API objects (their revision) and the running nodes. */
function revision(w: World): string {
  return `${w.s.rv}|${hostOf(w).revision()}|${Object.values(w.s.rt.emqx).map((x) => `${x.node}:${x.st}:${x.cluster}:${x.stopAt ?? ''}`).join(',')}`;
}

/**
 * Run e's loop: a round at the next tick after its inputs changed (rounds in between repeat the last).
 * `onJoin` is told when the round joined a cluster (EMQX restarts its applications then).
 */
export function discoveryDue(w: World, inst: string, e: EmqxRt, onJoin: (at: number) => void): void {
  if (e.discRev === revision(w)) return;
  const period = ROUND_MS + jitterMs(e.node);
  if (e.discAt! < w.now) e.discAt! += Math.ceil((w.now - e.discAt!) / period) * period;
  if (w.now < e.discAt!) {
    w.wake(`disc/${inst}`, e.discAt!);
    return;
  }
  const at = e.discAt!;
  const r = round(w, e);
  // The host asks the API server first; the round is run once its answer is in (its lines keep their times).
  if (r.pending) {
    w.wake(`disc/${inst}`, w.now + 100);
    return;
  }
  const every = period + r.cost;
  const visible = r.lines.filter((l) => shows(e.cfg.logLevel, l.level));
  const sig = JSON.stringify([visible, every]);
  if (sig !== e.discSig) {
    endRepeats(w, inst, at - 1);
    for (const l of visible) appendRepeating(w, inst, at + l.at, every, `{TS} [${l.level}] ${l.text}`);
    e.discSig = sig;
  }
  if (r.join) {
    joinCluster(w, e, r.join);
    onJoin(at + 50);
  }
  if (r.complete && !r.error) {
    endRepeats(w, inst, at);
    e.discAt = undefined;
  } else {
    e.discAt = at + every;
  }
  e.discRev = revision(w);
  w.touch();
}

function licensedSingleNode(version: string): boolean {
  const [major, minor] = version.split('.').map(Number);
  return major > 5 || (major === 5 && minor >= 9);
}

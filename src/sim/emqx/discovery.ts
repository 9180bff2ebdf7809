/**
 * ekka's autocluster loop for the k8s, dns and static strategies (facts §6): every 5 s, discover peer names
 * (for k8s: GET the Endpoints of service_name with the pod's ServiceAccount), ping them, join the oldest
 * responding node; stop once a round succeeds and this node's own name was among those discovered.
 * A round whose inputs did not change gives the same answer, so rounds are only evaluated after a change;
 * the unchanged ones in between are the repeats of the last logged line.
 */
import { authorize, serviceAccountUser } from '../api/rbac.js';
import { World } from '../api/world.js';
import type { EmqxRt } from '../state/types.js';
import { appendRepeating, endRepeats } from '../kubelet/logs.js';
import { shows } from './config.js';
import { resolve, srvTargets } from './dns.js';
import { dirOf, joinCluster } from './mnesia.js';

export const ROUND_MS = 5000;

interface Round {
  /** Lines this round logs (level, text without timestamp). */
  lines: [string, string][];
  names?: string[];
  error: boolean;
}

/** An Erlang string as ~p prints it. */
function erlString(s: string): string {
  return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}

function statusBody(code: number, reason: string, message: string, name: string): string {
  return `${JSON.stringify({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, details: { name, kind: 'endpoints' }, code })}\n`;
}

const BADKEY_TRACE = "[{maps,get,[<<\"hostname\">>,#{<<\"ip\">> => <<\"{IP}\">>,<<\"nodeName\">> => <<\"{NODE}\">>,<<\"targetRef\">> => #{<<\"kind\">> => <<\"Pod\">>,<<\"name\">> => <<\"{POD}\">>,<<\"namespace\">> => <<\"{NS}\">>,<<\"uid\">> => <<\"{UID}\">>}}],[{error_info,#{module => erl_stdlib_errors}}]},{ekka_cluster_k8s,'-discover/1-fun-1-',4,[{file,\"ekka_cluster_k8s.erl\"},{line,62}]},{lists,map,2,[{file,\"lists.erl\"},{line,1559}]},{lists,flatmap_1,2,[{file,\"lists.erl\"},{line,1289}]},{ekka_cluster_k8s,discover,1,[{file,\"ekka_cluster_k8s.erl\"},{line,58}]},{ekka_autocluster,discover,1,[{file,\"ekka_autocluster.erl\"},{line,366}]},{ekka_autocluster,discover_and_join,0,[{file,\"ekka_autocluster.erl\"},{line,255}]},{ekka_autocluster,'-run/1-fun-0-',1,[{file,\"ekka_autocluster.erl\"},{line,99}]}]";

function k8sNames(w: World, e: EmqxRt): Round {
  const pod = w.get('pods', e.ns, e.pod);
  const k = e.cfg.k8s;
  const host = /^https?:\/\/([^:/]+)/.exec(k.apiserver)?.[1] ?? '';
  if (!resolve(w, host, e.ns).length) {
    const port = /:(\d+)/.exec(k.apiserver.replace(/^https?:\/\//, ''))?.[1] ?? '443';
    return { lines: [['error', `Ekka(AutoCluster): Discovery error: {failed_connect,[{to_address,{${erlString(host)},${port}}},{inet,[inet],nxdomain}]}`]], error: true };
  }
  const sa = pod?.spec.serviceAccountName ?? 'default';
  const user = pod?.spec.automountServiceAccountToken === false ? { name: 'system:anonymous', groups: ['system:unauthenticated'] } : serviceAccountUser(e.ns, sa);
  if (!authorize(w, user, { verb: 'get', group: '', res: 'endpoints', ns: k.ns, name: k.service })) {
    const msg = `endpoints "${k.service}" is forbidden: User "${user.name}" cannot get resource "endpoints" in API group "" in the namespace "${k.ns}"`;
    return { lines: [['error', `Ekka(AutoCluster): Discovery error: {403,${erlString(statusBody(403, 'Forbidden', msg, k.service))}}`]], error: true };
  }
  const ep = w.get('endpoints', k.ns, k.service);
  if (!ep) {
    return { lines: [['error', `Ekka(AutoCluster): Discovery error: {404,${erlString(statusBody(404, 'NotFound', `endpoints "${k.service}" not found`, k.service))}}`]], error: true };
  }
  const addrs: { ip: string; hostname?: string; nodeName?: string; targetRef?: { name: string; namespace: string; uid: string } }[] = (ep.subsets ?? []).flatMap((s: { addresses?: [] }) => s.addresses ?? []);
  const app = e.node.split('@')[0];
  const names: string[] = [];
  for (const a of addrs) {
    if (k.addressType === 'hostname') {
      if (!k.suffix) {
        names.push(`${app}@${a.hostname ?? a.ip}`);
        continue;
      }
      if (a.hostname === undefined) {
        const trace = BADKEY_TRACE.replace('{IP}', a.ip).replace('{NODE}', a.nodeName ?? '').replace('{POD}', a.targetRef?.name ?? '').replace('{NS}', a.targetRef?.namespace ?? '').replace('{UID}', a.targetRef?.uid ?? '');
        return { lines: [['error', `Ekka(AutoCluster): Discover error: {badkey,<<"hostname">>}\n${trace}`]], error: true };
      }
      names.push(`${app}@${a.hostname}.${k.service}.${k.ns}.${k.suffix}`);
    } else if (k.addressType === 'dns' && k.suffix) names.push(`${app}@${a.ip.replace(/\./g, '-')}.${k.ns}.${k.suffix}`);
    else names.push(`${app}@${a.ip}`);
  }
  return { lines: [], names, error: false };
}

function otherNames(w: World, e: EmqxRt): Round {
  const app = e.node.split('@')[0];
  if (e.cfg.strategy === 'static') {
    const seeds = e.cfg.seeds.replace(/[[\]"\s]/g, '').split(',').filter(Boolean);
    return { lines: [], names: seeds, error: false };
  }
  if (e.cfg.strategy === 'dns') {
    const names = e.cfg.dns.recordType === 'srv' ? srvTargets(w, e.cfg.dns.name, e.ns).map((t) => `${app}@${t}`) : resolve(w, e.cfg.dns.name, e.ns).map((ip) => `${app}@${ip}`);
    return { lines: [], names, error: false };
  }
  return { lines: [['error', `Ekka(AutoCluster): Discovery error: {failed_connect,[{to_address,{"localhost",2379}},{inet,[inet],econnrefused}]}`]], error: true };
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
  const r = e.cfg.strategy === 'k8s' ? k8sNames(w, e) : otherNames(w, e);
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
  if (dead.length) r.lines.push(['info', `Ekka(AutoCluster): discovered nodes are not responding: [${dead.map((n) => `'${n}'`).join(',')}]`]);
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
  return `${w.s.rv}|${Object.values(w.s.rt.emqx).map((x) => `${x.node}:${x.st}:${x.cluster}:${x.stopAt ?? ''}`).join(',')}`;
}

/** Run e's loop: a round at the next 5 s tick after its inputs changed (rounds in between repeat the last). */
export function discoveryDue(w: World, inst: string, e: EmqxRt): void {
  if (e.discRev === revision(w)) return;
  if (e.discAt! < w.now) e.discAt! += Math.ceil((w.now - e.discAt!) / ROUND_MS) * ROUND_MS;
  if (w.now < e.discAt!) {
    w.wake(`disc/${inst}`, e.discAt!);
    return;
  }
  const at = e.discAt!;
  const r = round(w, e);
  const visible = r.lines.filter(([lvl]) => shows(e.cfg.logLevel, lvl));
  const sig = JSON.stringify(visible);
  if (sig !== e.discSig) {
    endRepeats(w, inst, at - 1);
    for (const [lvl, text] of visible) appendRepeating(w, inst, at, ROUND_MS, `{TS} [${lvl}] ${text}`);
    e.discSig = sig;
  }
  if (r.join) joinCluster(w, e, r.join);
  if (r.complete && !r.error) {
    endRepeats(w, inst, at);
    e.discAt = undefined;
  } else {
    e.discAt = at + ROUND_MS;
  }
  e.discRev = revision(w);
  w.touch();
}

function licensedSingleNode(version: string): boolean {
  const [major, minor] = version.split('.').map(Number);
  return major > 5 || (major === 5 && minor >= 9);
}

/** `emqx ctl` (and `emqx_ctl`) inside an EMQX 5.8.9 container: status, cluster status/join/leave/discovery, admins. */
import { World } from '../api/world.js';
import type { EmqxRt } from '../state/types.js';
import { endRepeats } from '../kubelet/logs.js';
import { clusterStatusMap, jiffyPretty } from './erlfmt.js';
import { restartApps } from './lifecycle.js';
import { clusterView, dirOf, hashPassword, joinCluster, replicate } from './mnesia.js';
import { resolve } from './dns.js';

export interface ExecResult {
  stdout: string;
  stderr: string;
  code: number;
}

const ok = (stdout: string): ExecResult => ({ stdout, stderr: '', code: 0 });

/**
 * Usage lines as emqx_ctl:format_usage/1 pads them: every command column padded to the widest one plus one,
 * then `# ` and the description (emqx_ctl.erl:231-263).
 */
function usage(list: [string, string][]): string {
  const width = Math.max(...list.map(([c]) => c.length));
  return list.map(([c, d]) => `${c.padEnd(width + 1)}# ${d}\n`).join('');
}

/** The usage each modelled command prints (emqx_mgmt_cli.erl:69-70, 150-157; emqx_dashboard_cli.erl:61-68). */
const USAGES: Record<string, string> = {
  status: usage([['status', 'Show broker status']]),
  cluster: usage([
    ['cluster join <Node>', 'Join the cluster'],
    ['cluster leave', 'Leave the cluster'],
    ['cluster force-leave <Node>', 'Force the node leave from cluster'],
    ['cluster status [--json]', 'Cluster status'],
    ['cluster discovery enable', 'Enable and run automatic cluster discovery (if configured)'],
  ]),
  admins: usage([
    ['admins add <Username> <Password> <Description>', 'Add dashboard user'],
    ['admins passwd <Username> <Password>', 'Reset dashboard user password'],
    ['admins del <Username>', 'Delete dashboard user'],
  ]),
};

/**
 * emqx_ctl:help/0: `Usage: emqx ctl`, then every registered command's usage under a line of 110 dashes
 * (emqx_ctl.erl:179-200). The status and cluster commands are registered by emqx_machine before mria starts
 * (emqx_machine.erl:41); `admins` only once the dashboard application has started (emqx_dashboard_app.erl:40).
 * The simulator lists only the commands it models.
 */
function help(registered: string[]): string {
  return `Usage: emqx ctl\n${registered.map((c) => `${'-'.repeat(110)}\n${USAGES[c]}`).join('')}`;
}

const SPECIAL = new Set('!@#$%^&*()_+-=[]{}"|;\':,./<>?`~ '.split(''));

function passwordError(pw: string): string | undefined {
  if (pw.length < 8 || pw.length > 64) return 'The range of password length is 8~64';
  if ([...pw].some((ch) => ch.charCodeAt(0) > 127)) return 'Only ascii characters are allowed in the password';
  const kinds = [/[0-9]/.test(pw), /[A-Za-z]/.test(pw), [...pw].some((ch) => SPECIAL.has(ch))].filter(Boolean).length;
  if (kinds < 2) {
    return 'Bad password. At least two different kind of characters from groups of letters, numbers, and special characters. For example, if password is composed from letters, it must contain at least one number or a special character.';
  }
  return undefined;
}

function admins(w: World, e: EmqxRt, args: string[]): ExecResult {
  const [sub, user, pw, ...rest] = args;
  const dir = dirOf(w, e);
  const users = dir?.users ?? {};
  const err = (m: string) => ok(`Error: ${m}\n`);
  if (sub === 'add' && (args.length === 3 || args.length === 4)) {
    if (!user) return err('Username cannot be empty');
    if (!/^[_a-zA-Z0-9]*$/.test(user)) return err('Bad Username. Only upper and lower case letters, numbers and underscores are supported');
    const bad = passwordError(pw ?? '');
    if (bad) return err(bad);
    if (users[user]) return err('username_already_exists');
    replicate(w, e, (d) => (d.users[user] = { pw: hashPassword(pw), desc: rest[0] ?? '' }));
    return ok('ok\n');
  }
  if (sub === 'passwd' && args.length === 3) {
    if (!users[user]) return err('username_not_found');
    const bad = passwordError(pw);
    if (bad) return err(bad);
    replicate(w, e, (d) => d.users[user] && (d.users[user].pw = hashPassword(pw)));
    return ok('ok\n');
  }
  if (sub === 'del' && args.length === 2) {
    if (!users[user]) return err('username_not_found');
    replicate(w, e, (d) => delete d.users[user]);
    return ok('ok\n');
  }
  // admins(_) prints the usage and returns ok: exit 0.
  return ok(USAGES.admins);
}

/**
 * What mria reports while the node waits for its tables: mnesia runs, so running_db_nodes is this node and
 * the members that wait with it (connected), the other schema members are stopped (mria.erl:157-178).
 */
function view(w: World, e: EmqxRt): { running: string[]; stopped: string[] } {
  if (e.st !== 'wait') return clusterView(w, e);
  const members = dirOf(w, e)?.members ?? [e.node];
  const waiting = Object.values(w.s.rt.emqx).filter((x) => x !== e && x.st === 'wait' && x.stopAt === undefined && members.includes(x.node) && x.node !== e.node);
  const running = [e.node, ...new Set(waiting.map((x) => x.node))];
  return { running, stopped: members.filter((m) => !running.includes(m)) };
}

function instOf(w: World, e: EmqxRt): string | undefined {
  return Object.entries(w.s.rt.emqx).find(([, x]) => x === e)?.[0];
}

/** ekka:autocluster_enabled(): cluster_enable not turned off, and a strategy other than manual/singleton. */
function autoclusterEnabled(e: EmqxRt): boolean {
  return !e.discOff && !['manual', 'singleton'].includes(e.cfg.strategy);
}

function cluster(w: World, e: EmqxRt, args: string[]): ExecResult {
  const status = () => {
    const v = view(w, e);
    return clusterStatusMap(v.running, v.stopped);
  };
  if (args[0] === 'status' && args.length === 1) return ok(`${status()}\n`);
  if (args[0] === 'status' && args[1] === '--json' && args.length === 2) {
    const v = view(w, e);
    return ok(`${jiffyPretty({ stopped_nodes: [...v.stopped].sort(), running_nodes: [...v.running].sort() })}\n`);
  }
  if (args[0] === 'join' && args.length === 2) {
    const name = args[1];
    const host = name.split('@')[1] ?? '';
    const ips = resolve(w, host, e.ns);
    const members = dirOf(w, e)?.members ?? [e.node];
    // mria:join1/2: already a member, else the target must run (mria.erl:600-619).
    if (members.includes(name) && name !== e.node) return ok(`Failed to join the cluster: {already_in_cluster,'${name}'}\n`);
    const target = Object.values(w.s.rt.emqx).find((x) => x !== e && x.st === 'up' && x.node === name && ips.includes(x.ip));
    if (!target) return ok(`Failed to join the cluster: {node_down,'${name}'}\n`);
    if (target.cluster === e.cluster) return ok(`Failed to join the cluster: {already_in_cluster,'${name}'}\n`);
    joinCluster(w, e, target);
    const inst = instOf(w, e);
    if (inst) restartApps(w, inst, w.now);
    return ok(`Join the cluster successfully.\n${status()}\n`);
  }
  if (args[0] === 'leave' && args.length === 1) {
    // maybe_disable_autocluster/0 speaks first, whatever ekka:leave/0 answers (emqx_mgmt_cli.erl:115-123, 180-192).
    let out = '';
    if (autoclusterEnabled(e)) {
      out += `Automatic cluster discovery is disabled on this node: '${e.node}' to avoid re-joining the same cluster again, if the node is not stopped soon. To enable it run: 'emqx ctl cluster discovery enable' or restart the node.\n`;
      e.discOff = true;
      e.discAt = undefined;
      const inst = instOf(w, e);
      if (inst) endRepeats(w, inst, w.now);
    }
    const peers = view(w, e).running.filter((n) => n !== e.node);
    if (!peers.length) return ok(`${out}Failed to leave the cluster: node_not_in_cluster\n`);
    replicate(w, e, (d) => (d.members = d.members.filter((m) => m !== e.node)));
    const dir = dirOf(w, e)!;
    dir.cluster = `${dir.cluster}-left-${w.now}`;
    dir.members = [e.node];
    e.cluster = dir.cluster;
    const inst = instOf(w, e);
    if (inst) restartApps(w, inst, w.now);
    return ok(`${out}Leave the cluster successfully.\n${status()}\n`);
  }
  if (args[0] === 'discovery' && args[1] === 'enable' && args.length === 2) {
    e.discOff = false;
    if (!['manual', 'singleton'].includes(e.cfg.strategy) && e.st === 'up') {
      e.discAt = w.now + 1;
      e.discRev = undefined;
      e.discSig = undefined;
      w.wake(`disc/${instOf(w, e)}`, e.discAt);
    }
    w.touch();
    return ok('Automatic cluster discovery enabled.\n');
  }
  // cluster(_) prints the usage and returns ok: exit 0.
  return ok(USAGES.cluster);
}

/**
 * Run `emqx ctl ARGS` against the node in this container (undefined: no node process at all). bin/emqx pings
 * the node first (nodetool: stderr `Node '...' not responding to pings.`, exit 1); run_command then answers:
 * ok → exit 0, anything else → exit 1 (bin/nodetool rpc_infinity).
 */
export function emqxCtl(w: World, e: EmqxRt | undefined, nodeNameHint: string, args: string[]): ExecResult {
  if (!e || e.stopAt !== undefined || e.st === 'boot') {
    return { stdout: '', stderr: `Node '${e?.node ?? nodeNameHint}' not responding to pings.\n`, code: 1 };
  }
  const [cmd, ...rest] = args;
  const registered = e.st === 'up' ? ['status', 'cluster', 'admins'] : ['status', 'cluster'];
  // Not registered (yet): help, then {error, cmd_not_found} → exit 1 (emqx_ctl.erl:107-143).
  if (cmd !== undefined && !registered.includes(cmd)) return { stdout: help(registered), stderr: '', code: 1 };
  switch (cmd) {
    case 'status':
      // init:get_status(): `starting` until the boot finished, i.e. also while mria waits for tables.
      if (rest.length) return ok(USAGES.status);
      return ok(`Node '${e.node}' ${e.version} is ${e.st === 'up' ? 'started' : 'starting'}\n`);
    case 'cluster':
      return cluster(w, e, rest);
    case 'admins':
      return admins(w, e, rest);
    default:
      return ok(help(registered));
  }
}

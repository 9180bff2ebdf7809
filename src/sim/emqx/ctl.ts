/** `emqx ctl` (and `emqx_ctl`) inside an EMQX container: status, cluster status/join/leave, admins. */
import { World } from '../api/world.js';
import type { EmqxRt } from '../state/types.js';
import { clusterStatusMap, jiffyPretty } from './erlfmt.js';
import { clusterPeers, clusterView, dirOf, hashPassword, joinCluster, replicate } from './mnesia.js';
import { resolve } from './dns.js';

export interface ExecResult {
  stdout: string;
  stderr: string;
  code: number;
}

const ok = (stdout: string): ExecResult => ({ stdout, stderr: '', code: 0 });

const USAGE = [
  'Usage: emqx ctl',
  'admins add <Username> <Password> <Description> # Add dashboard user',
  'admins passwd <Username> <Password>            # Reset dashboard user password',
  'admins del <Username>                          # Delete dashboard user',
  'cluster join <Node>                            # Join the cluster',
  'cluster leave                                  # Leave the cluster',
  'cluster force-leave <Node>                     # Force the node leave from cluster',
  'cluster status [--json]                        # Cluster status',
  'status                                         # Show broker status',
].join('\n');

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
  if (sub === 'add' && args.length >= 3) {
    if (!user) return err('Username cannot be empty');
    if (!/^[_a-zA-Z0-9]*$/.test(user)) return err('Bad Username. Only upper and lower case letters, numbers and underscores are supported');
    const bad = passwordError(pw ?? '');
    if (bad) return err(bad);
    if (users[user]) return err('username_already_exists');
    replicate(w, e, (d) => (d.users[user] = { pw: hashPassword(pw), desc: rest.join(' ') }));
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
  return { stdout: `${USAGE}\n`, stderr: '', code: 1 };
}

function cluster(w: World, e: EmqxRt, args: string[]): ExecResult {
  const view = () => clusterView(w, e);
  if (args[0] === 'status') {
    const v = view();
    if (args[1] === '--json') return ok(`${jiffyPretty({ stopped_nodes: [...v.stopped].sort(), running_nodes: [...v.running].sort() })}\n`);
    return ok(`${clusterStatusMap(v.running, v.stopped)}\n`);
  }
  if (args[0] === 'join' && args[1]) {
    const name = args[1];
    const host = name.split('@')[1] ?? '';
    const ips = resolve(w, host, e.ns);
    const target = Object.values(w.s.rt.emqx).find((x) => x !== e && x.st === 'up' && x.node === name && ips.includes(x.ip));
    if (!target) return ok(`Failed to join the cluster: {node_down,'${name}'}\n`);
    if (target.cluster === e.cluster) return ok(`Failed to join the cluster: {already_in_cluster,'${name}'}\n`);
    joinCluster(w, e, target);
    const v = view();
    return ok(`Join the cluster successfully.\n${clusterStatusMap(v.running, v.stopped)}\n`);
  }
  if (args[0] === 'leave') {
    const peers = clusterPeers(w, e).filter((x) => x !== e);
    if (!peers.length) return ok('Failed to leave the cluster: node_not_in_cluster\n');
    replicate(w, e, (d) => (d.members = d.members.filter((m) => m !== e.node)));
    const dir = dirOf(w, e)!;
    dir.cluster = `${dir.cluster}-left-${w.now}`;
    dir.members = [e.node];
    e.cluster = dir.cluster;
    e.discAt = undefined;
    const v = view();
    return ok(`Leave the cluster successfully.\nAutomatic cluster discovery is disabled on this node: '${e.node}'\n${clusterStatusMap(v.running, v.stopped)}\n`);
  }
  return { stdout: `${USAGE}\n`, stderr: '', code: 1 };
}

/** Run `emqx ctl ARGS` against the node in this container (undefined: no node process at all). */
export function emqxCtl(w: World, e: EmqxRt | undefined, nodeNameHint: string, args: string[]): ExecResult {
  if (!e || e.stopAt !== undefined || e.st === 'boot') {
    return { stdout: '', stderr: `Node '${e?.node ?? nodeNameHint}' not responding to pings.\n`, code: 1 };
  }
  const [cmd, ...rest] = args;
  if (e.st === 'wait') {
    if (cmd === 'status') return ok(`Node '${e.node}' ${e.version} is starting\n`);
    return { stdout: '', stderr: `Node '${e.node}' not responding to pings.\n`, code: 1 };
  }
  switch (cmd) {
    case 'status':
      return ok(`Node '${e.node}' ${e.version} is started\n`);
    case 'cluster':
      return cluster(w, e, rest);
    case 'admins':
      return admins(w, e, rest);
    case undefined:
      return ok(`${USAGE}\n`);
    default:
      return { stdout: `${USAGE}\n`, stderr: '', code: 1 };
  }
}

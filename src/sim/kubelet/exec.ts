/**
 * Commands run with `kubectl exec` inside a container: EMQX's own tools in an EMQX image (emqx ctl,
 * emqx_ctl), a few shell basics (env, printenv, hostname, cat and ls of known paths, echo, id), `sh -c` /
 * `bash -c` scripts of those (with the builtins `read`, which takes a line of the exec's stdin, and `exec`),
 * and busybox's nslookup and wget against the cluster model. A binary the image does not have fails the way
 * containerd reports it.
 */
import { World } from '../api/world.js';
import type { Obj } from '../state/types.js';
import { emqxCtl, type ExecResult } from '../emqx/ctl.js';
import { etcHosts, resolve } from '../emqx/dns.js';
import { emqxHttp, nodeOfPod } from '../emqx/http.js';
import { entrypointNodeName } from '../emqx/nodename.js';
import { dirOf } from '../emqx/mnesia.js';
import { containerId, isEmqxImage, normalizeImage } from './images.js';
import { expandWords, readBuiltin, type Stdin } from './shell.js';

type J = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export type ExecOutcome = ExecResult | { notFound: string };

const EMQX_PATH = '/opt/emqx/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';
const STD_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

interface Ctx {
  w: World;
  pod: Obj;
  c: J;
  env: [string, string][];
  emqx: boolean;
  busybox: boolean;
  /** `kubectl exec -i`: what the command's standard input holds (empty without -i, as /dev/null is). */
  stdin: Stdin;
}

function fullEnv(x: Ctx): [string, string][] {
  const host = x.pod.spec.hostname ?? x.pod.metadata.name;
  const image = x.emqx ? [['LC_ALL', 'C.UTF-8'], ['LANG', 'C.UTF-8']] : [];
  return [['PATH', x.emqx ? EMQX_PATH : STD_PATH], ['HOSTNAME', host], ...x.env, ...(image as [string, string][]), ['HOME', x.emqx ? '/opt/emqx' : '/root']];
}

const out = (stdout: string, code = 0, stderr = ''): ExecResult => ({ stdout, stderr, code });

function cat(x: Ctx, path: string): ExecResult {
  const ns = x.pod.metadata.namespace!;
  const host = x.pod.spec.hostname ?? x.pod.metadata.name;
  const files: Record<string, () => string> = {
    '/etc/hosts': () => etcHosts(x.pod.status?.podIP ?? '', host, x.pod.spec.subdomain, ns),
    '/etc/resolv.conf': () => `search ${ns}.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n`,
    '/etc/hostname': () => `${host}\n`,
    '/var/run/secrets/kubernetes.io/serviceaccount/namespace': () => ns,
    '/opt/emqx/etc/emqx.conf': () => 'node {\n  name = "emqx@127.0.0.1"\n  cookie = "emqxsecretcookie"\n  data_dir = "data"\n}\n\ncluster {\n  name = emqxcl\n  discovery_strategy = manual\n}\n\ndashboard {\n    listeners {\n        http {\n            bind = 18083\n        }\n    }\n}\n',
  };
  const f = files[path.replace(/\/+$/, '')];
  if (!f || (path.startsWith('/opt/emqx') && !x.emqx)) return out('', 1, `cat: ${path}: No such file or directory\n`);
  return out(f());
}

function ls(x: Ctx, path: string): ExecResult {
  const p = path.replace(/\/+$/, '') || '/';
  const e = nodeOfPod(x.w, x.pod.metadata.uid!, x.c.name);
  const dirs: Record<string, string[]> = x.emqx
    ? {
        '/opt/emqx': ['bin', 'data', 'erts-14.2.5.11', 'etc', 'lib', 'log', 'plugins', 'releases'],
        '/opt/emqx/data': ['configs', 'mnesia', 'patches', 'plugins', 'trace'],
        '/opt/emqx/data/mnesia': e ? Object.keys(x.w.s.rt.vols[e.vol]?.mnesia ?? {}).sort() : [],
        '/opt/emqx/bin': ['emqx', 'emqx_ctl', 'emqx_cluster_rescue', 'install_upgrade.escript', 'node_dump', 'nodetool'],
      }
    : {};
  if (e && !dirOf(x.w, e)) dirs['/opt/emqx/data/mnesia'] = [];
  dirs['/'] = ['bin', 'boot', 'dev', 'etc', 'home', 'lib', 'media', 'mnt', 'opt', 'proc', 'root', 'run', 'sbin', 'srv', 'sys', 'tmp', 'usr', 'var'];
  const list = dirs[p];
  if (!list) return out('', 2, `ls: cannot access '${path}': No such file or directory\n`);
  return out(list.length ? `${list.join('\n')}\n` : '');
}

function http(x: Ctx, url: string): ExecResult {
  const m = /^(?:http:\/\/)?([^/:]+)(?::(\d+))?(\/.*)?$/.exec(url);
  if (!m) return out('', 1, `wget: bad address '${url}'\n`);
  const [, host, portStr, path = '/'] = m;
  const port = Number(portStr ?? 80);
  const ips = resolve(x.w, host, x.pod.metadata.namespace!);
  if (!ips.length) return out('', 1, `wget: bad address '${host}'\n`);
  let podIp = ips[0];
  let targetPort = port;
  const svc = x.w.list('services').find((s) => s.spec.clusterIP === ips[0]);
  if (svc) {
    const sp = (svc.spec.ports ?? []).find((q: J) => q.port === port);
    const ep = x.w.get('endpoints', svc.metadata.namespace, svc.metadata.name);
    const addr = ep?.subsets?.[0]?.addresses?.[0];
    if (!sp || !addr) return out('', 1, `wget: can't connect to remote host (${ips[0]}): Connection refused\n`);
    podIp = addr.ip;
    targetPort = ep.subsets[0].ports.find((q: J) => q.name === sp.name)?.port ?? port;
  }
  const pod = x.w.list('pods').find((p) => p.status?.podIP === podIp && !p.spec.hostNetwork);
  const node = pod ? nodeOfPod(x.w, pod.metadata.uid!) : undefined;
  const res = targetPort === 18083 ? emqxHttp(x.w, node, { method: 'GET', path, headers: {}, body: '' }) : 'refused';
  if (res === 'refused') return out('', 1, `wget: can't connect to remote host (${ips[0]}): Connection refused\n`);
  if (res.status >= 400) return out('', 1, `wget: server returned error: HTTP/1.1 ${res.status} ${res.status === 404 ? 'Not Found' : 'Error'}\n`);
  return out(res.body);
}

function run(x: Ctx, argv: string[], inShell: string | undefined): ExecOutcome {
  const [cmd0, ...args] = argv;
  const cmd = (cmd0 ?? '').split('/').pop()!;
  const env = fullEnv(x);
  const e = nodeOfPod(x.w, x.pod.metadata.uid!, x.c.name);
  const notFound = (): ExecOutcome => (inShell ? out('', 127, inShell === 'bash' ? `bash: line 1: ${cmd0}: command not found\n` : `sh: 1: ${cmd0}: not found\n`) : { notFound: cmd0 });
  switch (cmd) {
    case 'emqx':
    case 'emqx_ctl': {
      if (!x.emqx) return notFound();
      const ctlArgs = cmd === 'emqx_ctl' ? args : args[0] === 'ctl' ? args.slice(1) : undefined;
      if (ctlArgs) {
        const hint = (() => {
          const n = entrypointNodeName(new Map(x.env), { ip: x.pod.status?.podIP ?? '', hostname: x.pod.spec.hostname ?? x.pod.metadata.name, subdomain: x.pod.spec.subdomain, ns: x.pod.metadata.namespace! });
          return 'name' in n ? n.name : 'emqx@127.0.0.1';
        })();
        return emqxCtl(x.w, e, hint, ctlArgs);
      }
      // The VM answers pings as soon as it runs, also while mria waits for tables (bin/nodetool ping).
      if (args[0] === 'ping') return e && e.st !== 'boot' ? out('pong\n') : out('', 1, `Node '${e?.node ?? 'emqx@127.0.0.1'}' not responding to pings.\n`);
      if (args[0] === 'version' || args[0] === 'vsn') return out(`${e?.version ?? '5.8.9'}\n`);
      return out('Usage: emqx COMMAND [help]\n\nCommands:\n  start | foreground | stop | pid | ping | ctl | console | remote | eval | rpc\n', 1);
    }
    case 'env':
      return out(`${env.map(([k, v]) => `${k}=${v}`).join('\n')}\n`);
    case 'printenv': {
      if (!args.length) return out(`${env.map(([k, v]) => `${k}=${v}`).join('\n')}\n`);
      const map = new Map(env);
      const found = args.filter((a) => map.has(a));
      return out(found.map((a) => `${map.get(a)}\n`).join(''), found.length === args.length ? 0 : 1);
    }
    case 'hostname':
      if (args[0] === '-i' || args[0] === '-I') return out(`${x.pod.status?.podIP ?? ''}${args[0] === '-I' ? ' ' : ''}\n`);
      if (args[0] === '-f') return out(`${x.pod.spec.subdomain ? `${x.pod.spec.hostname ?? x.pod.metadata.name}.${x.pod.spec.subdomain}.${x.pod.metadata.namespace}.svc.cluster.local` : x.pod.spec.hostname ?? x.pod.metadata.name}\n`);
      return out(`${x.pod.spec.hostname ?? x.pod.metadata.name}\n`);
    case 'cat': {
      if (args.length) return args.map((a) => cat(x, a)).reduce((a, b) => ({ stdout: a.stdout + b.stdout, stderr: a.stderr + b.stderr, code: Math.max(a.code, b.code) }));
      // Without a file: copies what is left of stdin.
      const rest = x.stdin.text.slice(x.stdin.pos);
      x.stdin.pos = x.stdin.text.length;
      return out(rest);
    }
    case 'ls':
      return ls(x, args.filter((a) => !a.startsWith('-'))[0] ?? (x.emqx ? '/opt/emqx' : '/'));
    case 'echo':
      return out(`${args.filter((a) => a !== '-n' && a !== '-e').join(' ')}${args.includes('-n') ? '' : '\n'}`);
    case 'id':
      return out(x.emqx ? 'uid=1000(emqx) gid=1000(emqx) groups=1000(emqx)\n' : 'uid=0(root) gid=0(root) groups=0(root)\n');
    case 'whoami':
      return out(x.emqx ? 'emqx\n' : 'root\n');
    case 'pwd':
      return out(x.emqx ? '/opt/emqx\n' : '/\n');
    case 'exit':
      return out('', Number(args[0] ?? 0) || 0);
    case 'cd':
    case 'export':
    case 'set':
    case 'true':
      return out('');
    case 'false':
      return out('', 1);
    case 'date':
      return out(`${new Date(x.w.now).toUTCString().replace('GMT', 'UTC')}\n`);
    case 'nslookup': {
      if (!x.busybox) return notFound();
      const name = args.find((a) => !a.startsWith('-')) ?? '';
      const ips = resolve(x.w, name, x.pod.metadata.namespace!);
      if (!ips.length) return out(`Server:\t\t10.96.0.10\nAddress:\t10.96.0.10:53\n\n** server can't find ${name}: NXDOMAIN\n\n`, 1);
      return out(`Server:\t\t10.96.0.10\nAddress:\t10.96.0.10:53\n\n${ips.map((ip) => `Name:\t${name}\nAddress: ${ip}\n`).join('')}\n`);
    }
    case 'wget': {
      if (!x.busybox) return notFound();
      const url = args.filter((a) => !a.startsWith('-')).pop() ?? '';
      return http(x, url);
    }
    case 'sh':
    case 'bash':
    case 'ash': {
      if (cmd === 'bash' && !x.emqx && x.busybox) return notFound();
      if (args[0] !== '-c' || args[1] === undefined) return out('', 0);
      return script(x, args[1], cmd);
    }
    default:
      return notFound();
  }
}

/**
 * A `sh -c` script: simple commands joined by ; && ||, with $VAR expansion, `read` (a line of stdin into
 * variables) and `exec CMD...` (CMD takes the shell's place: its output and exit code are the script's, and
 * nothing after it runs).
 */
function script(x: Ctx, text: string, shell: string): ExecResult {
  const env = new Map(fullEnv(x));
  // As run() words a missing command (dash's and busybox's `sh: 1:`, bash's `bash: line 1:`).
  const prefix = shell === 'bash' ? 'bash: line 1:' : 'sh: 1:';
  const parts = text.split(/(\s*(?:&&|\|\||;)\s*)/);
  let acc: ExecResult = out('');
  let skip = false;
  for (let i = 0; i < parts.length; i += 2) {
    const sep = i > 0 ? parts[i - 1].trim() : ';';
    if (sep === '&&') skip = acc.code !== 0;
    else if (sep === '||') skip = acc.code === 0;
    else skip = false;
    if (skip || !parts[i].trim()) continue;
    const words = expandWords(parts[i].split('|')[0], (n) => env.get(n));
    if (words[0] === 'read') {
      const r = readBuiltin(words.slice(1), x.stdin, (n, v) => env.set(n, v));
      acc = { stdout: acc.stdout, stderr: acc.stderr + r.stderr, code: r.code };
      continue;
    }
    const replaced = words[0] === 'exec' && words.length > 1;
    const argv = replaced ? words.slice(1) : words;
    let r = run(x, argv, shell) as ExecResult;
    // The exec builtin words it itself: `sh: 1: exec: foo: not found` (bash too, without "command").
    if (replaced && r.code === 127) r = { ...r, stderr: r.stderr.replace(`${prefix} `, `${prefix} exec: `).replace('command not found', 'not found') };
    acc = { stdout: acc.stdout + r.stdout, stderr: acc.stderr + r.stderr, code: r.code };
    if (words[0] === 'exit' || replaced) break;
  }
  return acc;
}

/**
 * Whether argv reads its standard input (a `read` in a shell script, `cat` without a file): only then does the
 * simulator's `kubectl exec -i` wait for its own stdin to end, so `exec -i POD -- emqx ctl status` typed at a
 * terminal answers at once, as the real one does when the command ends.
 */
export function readsStdin(argv: string[]): boolean {
  const cmd = (argv[0] ?? '').split('/').pop()!;
  if (cmd === 'cat') return argv.length === 1;
  if (!['sh', 'bash', 'ash'].includes(cmd) || argv[1] !== '-c' || argv[2] === undefined) return false;
  return /(^|[;&|(]\s*|\bexec\s+)(read\b|cat\s*($|[;&|)]))/.test(argv[2]);
}

/** Run argv in container `c` of `pod` (which must be running), `stdin` its standard input (`exec -i`). */
export function execIn(w: World, pod: Obj, c: J, argv: string[], stdin = ''): ExecOutcome {
  const key = c.name;
  const r = w.s.rt.pods[pod.metadata.uid!]?.ctrs[key];
  const { repo } = normalizeImage(c.image);
  const x: Ctx = { w, pod, c, env: r?.env ?? [], emqx: isEmqxImage(c.image), busybox: /busybox|alpine/.test(repo), stdin: { text: stdin, pos: 0 } };
  return run(x, argv, undefined);
}

/** containerd's error for a binary the image does not have, as its exec stream reports it. */
export function execStartError(inst: string, cmd: string): string {
  const id = containerId(`${inst}/exec/${cmd}`).replace('containerd://', '');
  return `failed to exec in container: failed to start exec "${id}": OCI runtime exec failed: exec failed: unable to start container process: exec: "${cmd}": executable file not found in $PATH: unknown`;
}

/**
 * What kubectl 1.32 prints for it: the streaming server makes it an internal error, and the API server's
 * WebSocket-to-SPDY stream translator wraps that once more (apiserver pkg/util/proxy/streamtranslator.go).
 */
export function notFoundMessage(inst: string, cmd: string): string {
  return `error: Internal error occurred: Internal error occurred: error executing command in container: ${execStartError(inst, cmd)}`;
}

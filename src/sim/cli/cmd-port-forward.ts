/**
 * kubectl port-forward TYPE/NAME [LOCAL:]REMOTE...: listens on 127.0.0.1 (and ::1 for `localhost`) and serves
 * what the pod serves there: real MQTT on an EMQX node's 1883 (one broker per node; messages cross nodes only
 * when they are clustered) and its HTTP API on 18083. Runs until killed, or until the pod goes away.
 */
import type { Server as HttpServer } from 'node:http';
import type { Server, Socket } from 'node:net';
import { ApiError, kubectlMessage } from '../api/errors.js';
import { authz } from '../api/rbac.js';
import { emqxHttp, nodeOfPod } from '../emqx/http.js';
import type { Obj } from '../state/types.js';
import { list } from './argv.js';
import type { Cli } from './cli.js';
import { namespaceOf, userOf } from './context.js';
import { CmdError, cmdError } from './errors.js';
import { podFor } from './pods.js';
import { simDir, withWorld } from './session.js';
import { sleep } from './wait-util.js';

type J = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

interface Mapping {
  local: number;
  remote: number;
  shown: string;
}

function klog(msg: string): string {
  const d = new Date();
  const p = (n: number, l = 2) => String(n).padStart(l, '0');
  return `E${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}.${p(d.getUTCMilliseconds(), 3)}000 ${String(process.pid).padStart(7)} portforward.go:424] "Unhandled Error" err=${JSON.stringify(msg)}`;
}

function containerPort(pod: Obj, spec: string): number | undefined {
  if (/^\d+$/.test(spec)) return Number(spec);
  for (const c of pod.spec.containers ?? []) for (const p of c.ports ?? []) if (p.name === spec) return p.containerPort;
  return undefined;
}

function mappings(pod: Obj, svc: Obj | undefined, specs: string[]): Mapping[] {
  return specs.map((s) => {
    const parts = s.split(':');
    if (parts.length > 2) throw cmdError(`invalid port format '${s}'`);
    const [localStr, remoteStr] = parts.length === 2 ? parts : [parts[0], parts[0]];
    let remote: number | undefined;
    if (svc) {
      const sp = (svc.spec.ports ?? []).find((p: J) => String(p.port) === remoteStr || p.name === remoteStr);
      if (!sp) throw cmdError(`Service ${svc.metadata.name} does not have a service port ${remoteStr}`);
      remote = typeof sp.targetPort === 'number' ? sp.targetPort : containerPort(pod, String(sp.targetPort ?? sp.port));
    } else remote = containerPort(pod, remoteStr);
    if (remote === undefined) throw cmdError(`Pod '${pod.metadata.name}' does not have a named port '${remoteStr}'`);
    const local = localStr === '' ? 0 : Number(localStr);
    if (!Number.isInteger(local) || local < 0 || local > 65535) throw cmdError(`Error parsing local port '${localStr}': strconv.ParseUint: parsing "${localStr}": invalid syntax`);
    return { local, remote, shown: String(remote) };
  });
}

export async function cmdPortForward(c: Cli): Promise<number> {
  const p = c.p;
  if (p.args.length < 2) throw new CmdError("error: TYPE/NAME and list of ports are required for port-forward\nSee 'kubectl port-forward -h' for help and examples");
  const [target, ...specs] = p.args;
  const addresses = (list(p, 'address').length ? list(p, 'address') : ['localhost']).flatMap((a) => (a === 'localhost' ? ['127.0.0.1', '::1'] : [a]));
  const notes: string[] = [];
  const setup = await withWorld(c.env, false, (w) => {
    const user = userOf(w, c.target, p);
    const ns = namespaceOf(p, c.target, w);
    const pod = podFor(w, user, ns, target, notes);
    authz(w, user, { verb: 'create', group: '', res: 'pods', sub: 'portforward', ns, name: pod.metadata.name });
    if (pod.status?.phase !== 'Running') throw cmdError(`unable to forward port because pod is not running. Current status=${pod.status?.phase ?? 'Pending'}`);
    const svc = target.startsWith('svc/') || target.startsWith('service/') || target.startsWith('services/') ? w.get('services', ns, target.split('/')[1]) : undefined;
    return { pod, maps: mappings(pod, svc, specs) };
  }).catch((err: unknown) => {
    if (err instanceof ApiError) throw new CmdError(kubectlMessage(err));
    throw err;
  });
  const pod = setup.pod;
  const net = await import('node:net');
  const http = await import('node:http');
  const { Brokers } = await import('../pf/brokers.js');
  const brokers = new Brokers(simDir(c.env));
  const servers: Server[] = [];
  const sockets = new Set<Socket>();
  const httpServer: HttpServer = http.createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString('utf8')));
    req.on('end', () => {
      void withWorld(c.env, req.method !== 'GET', (w) => emqxHttp(w, nodeOfPod(w, pod.metadata.uid!), { method: req.method ?? 'GET', path: req.url ?? '/', headers: req.headers as Record<string, string>, body })).then((r) => {
        if (r === 'refused') {
          res.destroy();
          return;
        }
        res.writeHead(r.status, r.headers);
        res.end(r.body);
      });
    });
  });
  const refuse = (m: Mapping, port: number, socket: Socket) => {
    c.err(`${klog(`an error occurred forwarding ${port} -> ${m.remote}: error forwarding port ${m.remote} to pod ${pod.metadata.uid}, uid : failed to execute portforward in network namespace "/var/run/netns/cni-${pod.metadata.uid}": failed to connect to localhost:${m.remote} inside namespace "${pod.metadata.uid}", IPv4: dial tcp4 127.0.0.1:${m.remote}: connect: connection refused IPv6 dial tcp6 [::1]:${m.remote}: connect: connection refused `)}\n`);
    socket.destroy();
  };
  const onConnection = async (m: Mapping, port: number, socket: Socket) => {
    c.out(`Handling connection for ${port}\n`);
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.pause();
    const [inst, node] = await withWorld(c.env, false, (w) => Object.entries(w.s.rt.emqx).find(([, e]) => e.podUid === pod.metadata.uid && e.st === 'up' && e.stopAt === undefined) ?? [undefined, undefined]);
    if (m.remote === 1883 && inst) {
      brokers.handle(await brokers.broker(inst), socket);
      socket.resume();
      return;
    }
    if (m.remote === 18083 && node?.st === 'up') {
      httpServer.emit('connection', socket);
      socket.resume();
      return;
    }
    refuse(m, port, socket);
  };
  for (const m of setup.maps) {
    let chosen = m.local;
    for (const addr of addresses) {
      const server = net.createServer((s) => void onConnection(m, chosen, s));
      const ok = await new Promise<boolean>((resolve) => {
        server.once('error', () => resolve(false));
        server.listen(chosen, addr, () => resolve(true));
      });
      if (!ok) {
        if (addr === '::1') continue;
        throw new CmdError(`Unable to listen on port ${m.local}: Listeners failed to create with the following errors: [unable to create listener: Error listen tcp4 ${addr}:${m.local}: bind: address already in use]\nerror: unable to listen on any of the requested ports: [{${m.local} ${m.remote}}]`);
      }
      const a = server.address();
      chosen = typeof a === 'object' && a ? a.port : chosen;
      servers.push(server);
      c.out(`Forwarding from ${addr.includes(':') ? `[${addr}]` : addr}:${chosen} -> ${m.shown}\n`);
    }
  }
  let lost = false;
  while (!c.signal.aborted) {
    await sleep(300);
    const state = await withWorld(c.env, false, (w) => {
      const now = w.get('pods', pod.metadata.namespace, pod.metadata.name);
      const live = new Set(Object.entries(w.s.rt.emqx).filter(([, e]) => e.podUid === pod.metadata.uid && e.stopAt === undefined).map(([k]) => k));
      return { gone: !now || now.metadata.uid !== pod.metadata.uid || !!now.metadata.deletionTimestamp, live };
    });
    brokers.retain(state.live);
    if (state.gone) {
      lost = true;
      break;
    }
  }
  for (const s of servers) s.close();
  for (const s of sockets) s.destroy();
  httpServer.close();
  await brokers.close();
  // Nothing may keep this process alive once the forward is over.
  setTimeout(() => process.exit(lost ? 1 : 0), 200).unref();
  if (lost) throw new CmdError('error: lost connection to pod');
  return 0;
}

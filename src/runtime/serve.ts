/**
 * What the kubelet API front (test/control-plane/cmd/harness/kubelet.go) asks the runtime, on two unix
 * sockets in its folder:
 *  - api.sock, HTTP: `POST /exec {namespace, pod, container, command, stdin?, check?}` runs a command in a
 *    container of the model (the simulator's kubelet exec; `stdin` is what kubectl -i sent) and answers
 *    {stdout, stderr, code}, or {fail} for an exec that never starts (no such container running: the front
 *    answers before upgrading) or {error} for one that fails to start in the container (a binary the image
 *    lacks); with `check: true` it only answers {fail} or {} (the front asks so before it upgrades an exec with
 *    stdin, whose input it has to read from the stream before the command can run); `GET /logs?namespace&pod&container&previous` answers
 *    {path} (the CRI log file of the instance the kubelet would read) or {error}; `GET /running?path` whether
 *    that instance still runs (for `logs -f`); `GET /pod?namespace&pod` the pod's uid;
 *  - pf.sock, a byte stream per forwarded connection: the first line is `NAMESPACE/POD/PORT` (kubectl
 *    port-forward, through the kubelet front) or `@IP/PORT` (the API server's proxy to a pod IP, through the
 *    plane's egress), the answer `OK` (then the connection is the pod's port: MQTT on 1883, the dashboard API
 *    on 18083) or `ERR <why>`, in the words of the kubelet or of a failed dial.
 */
import { createServer as createHttpServer, type IncomingMessage, type Server as HttpServer } from 'node:http';
import { createServer, type Server, type Socket } from 'node:net';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { emqxHttp, nodeOfPod } from '../sim/emqx/http.js';
import { execIn, execStartError } from '../sim/kubelet/exec.js';
import { logInstance } from '../sim/kubelet/logs.js';
import type { Obj } from '../sim/state/types.js';
import type { Runtime } from './runtime.js';

type J = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (body += c));
    req.on('end', () => resolve(body));
    req.on('error', reject);
  });
}

function podOf(rt: Runtime, ns: string, name: string): Obj | undefined {
  return rt.w.get('pods', ns, name);
}

function exec(rt: Runtime, q: J): J {
  return rt.at((w) => {
    const pod = podOf(rt, q.namespace, q.pod);
    if (!pod) return { fail: 'pod does not exist', status: 404 };
    const c = [...(pod.spec.containers ?? []), ...(pod.spec.initContainers ?? [])].find((x: J) => x.name === q.container);
    const r = c && w.s.rt.pods[pod.metadata.uid!]?.ctrs[c.name];
    if (!c || !r || r.st !== 'run') return { fail: `container not found (${JSON.stringify(q.container)})`, status: 500 };
    if (q.check === true) return {};
    const res = execIn(w, pod, c, q.command as string[], typeof q.stdin === 'string' ? q.stdin : '');
    if ('notFound' in res) return { error: execStartError(r.inst!, res.notFound) };
    return res;
  });
}

function logs(rt: Runtime, q: URLSearchParams): J {
  return rt.at(() => {
    const pod = podOf(rt, q.get('namespace') ?? '', q.get('pod') ?? '');
    if (!pod) return { error: 'pod does not exist', status: 404 };
    const r = logInstance(rt.w, pod, q.get('container') ?? '', q.get('previous') === 'true');
    return 'inst' in r ? { path: rt.logs.pathOf(r.inst) } : { error: r.error, status: 400 };
  });
}

/** Whether the container instance writing this log file still runs (`kubectl logs -f` ends when it stops). */
function running(rt: Runtime, path: string): boolean {
  return rt.at((w) => Object.values(w.s.rt.pods).some((p) => Object.values(p.ctrs).some((r) => r.st === 'run' && r.inst !== undefined && rt.logs.pathOf(r.inst) === path)));
}

/** The error kubectl prints when nothing listens on the port inside the pod (containerd's wording). */
function refused(uid: string, port: number): string {
  return `failed to execute portforward in network namespace "/var/run/netns/cni-${uid}": failed to connect to localhost:${port} inside namespace "${uid}", IPv4: dial tcp4 127.0.0.1:${port}: connect: connection refused IPv6 dial tcp6 [::1]:${port}: connect: connection refused `;
}

export class RuntimeServer {
  private api?: HttpServer;
  private pf?: Server;
  private readonly dashboard: HttpServer;
  private readonly podOfSocket = new WeakMap<Socket, string>();
  private readonly sockets = new Set<Socket>();

  constructor(private readonly rt: Runtime) {
    // The dashboard listener (18083) of whichever pod a forwarded connection is for.
    this.dashboard = createHttpServer((req, res) => {
      void readBody(req).then((body) => {
        const uid = this.podOfSocket.get(req.socket) ?? '';
        const r = rt.at((w) => emqxHttp(w, nodeOfPod(w, uid), { method: req.method ?? 'GET', path: req.url ?? '/', headers: req.headers as Record<string, string>, body }));
        if (r === 'refused') {
          res.destroy();
          return;
        }
        res.writeHead(r.status, r.headers);
        res.end(r.body);
      });
    });
  }

  async listen(dir: string): Promise<void> {
    const apiSock = join(dir, 'api.sock');
    const pfSock = join(dir, 'pf.sock');
    rmSync(apiSock, { force: true });
    rmSync(pfSock, { force: true });
    this.api = createHttpServer((req, res) => {
      void (async () => {
        const url = new URL(req.url ?? '/', 'http://runtime');
        let out: J;
        try {
          if (req.method === 'POST' && url.pathname === '/exec') out = exec(this.rt, JSON.parse(await readBody(req)) as J);
          else if (req.method === 'GET' && url.pathname === '/logs') out = logs(this.rt, url.searchParams);
          else if (req.method === 'GET' && url.pathname === '/running') out = { running: running(this.rt, url.searchParams.get('path') ?? '') };
          else if (req.method === 'GET' && url.pathname === '/pod') out = { uid: podOf(this.rt, url.searchParams.get('namespace') ?? '', url.searchParams.get('pod') ?? '')?.metadata.uid ?? '' };
          else out = { fail: 'not found', status: 404 };
        } catch (e) {
          this.rt.log(`api ${req.url}: ${(e as Error).stack}`);
          out = { fail: (e as Error).message, status: 500 };
        }
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(out));
      })();
    });
    this.pf = createServer((s) => this.forward(s));
    await Promise.all([
      new Promise<void>((r) => this.api!.listen(apiSock, r)),
      new Promise<void>((r) => this.pf!.listen(pfSock, r)),
    ]);
  }

  private forward(s: Socket): void {
    this.sockets.add(s);
    s.on('close', () => this.sockets.delete(s));
    s.on('error', () => s.destroy());
    let head = Buffer.alloc(0);
    const onData = (chunk: Buffer) => {
      head = Buffer.concat([head, chunk]);
      const nl = head.indexOf(10);
      if (nl < 0) return;
      s.off('data', onData);
      s.pause();
      const rest = head.subarray(nl + 1);
      if (rest.length) s.unshift(rest);
      void this.connect(s, head.subarray(0, nl).toString('utf8').trim());
    };
    s.on('data', onData);
  }

  private async connect(s: Socket, target: string): Promise<void> {
    const byIp = target.startsWith('@');
    const [a, b, c] = (byIp ? target.slice(1) : target).split('/');
    const port = Number(byIp ? b : c);
    const found = this.rt.at((w) => {
      const pod = byIp ? w.list('pods').find((p) => p.status?.podIP === a && !p.spec.hostNetwork && !p.metadata.deletionTimestamp) : podOf(this.rt, a, b);
      const uid = pod?.metadata.uid ?? '';
      const inst = Object.entries(w.s.rt.emqx).find(([, e]) => e.podUid === uid && e.st === 'up' && e.stopAt === undefined)?.[0];
      return { pod, uid, inst };
    });
    if (!found.inst || (port !== 1883 && port !== 18083)) {
      const why = !byIp ? refused(found.uid, port) : found.pod ? `dial tcp ${a}:${port}: connect: connection refused` : `dial tcp ${a}:${port}: connect: no route to host`;
      s.end(`ERR ${why}\n`);
      return;
    }
    s.write('OK\n');
    if (port === 1883) {
      this.rt.brokers.handle(await this.rt.brokers.broker(found.inst), s);
    } else {
      this.podOfSocket.set(s, found.uid);
      this.dashboard.emit('connection', s);
    }
    s.resume();
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await Promise.all([this.api, this.pf].map((srv) => new Promise<void>((r) => (srv ? srv.close(() => r()) : r()))));
  }
}

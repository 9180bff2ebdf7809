/**
 * A small client of the real API server: JSON requests as the runtime (a client certificate), as a pod's
 * ServiceAccount (a Bearer token) or anonymous, and watch streams read line by line.
 */
import { Agent, request } from 'node:https';
import type { Credentials } from './kubeconfig.js';

type J = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface Reply {
  status: number;
  body: J;
}

export interface RequestOptions {
  body?: unknown;
  contentType?: string;
  /** undefined: the runtime's own identity; a string: this Bearer token; null: no credentials at all. */
  token?: string | null;
  timeoutMs?: number;
}

export class Api {
  private readonly own: Agent;
  private readonly bare: Agent;
  private readonly url: URL;

  constructor(private readonly creds: Credentials) {
    this.url = new URL(creds.server);
    this.own = new Agent({ ca: creds.ca, cert: creds.cert, key: creds.key, keepAlive: true, maxSockets: 32 });
    this.bare = new Agent({ ca: creds.ca, keepAlive: true, maxSockets: 8 });
  }

  private options(method: string, path: string, o: RequestOptions, body?: string) {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body !== undefined) {
      headers['content-type'] = o.contentType ?? 'application/json';
      headers['content-length'] = String(Buffer.byteLength(body));
    }
    if (typeof o.token === 'string') headers.authorization = `Bearer ${o.token}`;
    return { host: this.url.hostname, port: this.url.port, method, path, headers, agent: o.token === undefined ? this.own : this.bare, servername: this.url.hostname === '127.0.0.1' ? undefined : this.url.hostname };
  }

  request(method: string, path: string, o: RequestOptions = {}): Promise<Reply> {
    const body = o.body === undefined ? undefined : typeof o.body === 'string' ? o.body : JSON.stringify(o.body);
    return new Promise((resolve, reject) => {
      const req = request(this.options(method, path, o, body), (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed: J = {};
          try {
            parsed = text ? (JSON.parse(text) as J) : {};
          } catch {
            parsed = { message: text };
          }
          resolve({ status: res.statusCode ?? 0, body: parsed });
        });
        res.on('error', reject);
      });
      req.setTimeout(o.timeoutMs ?? 15_000, () => req.destroy(new Error(`${method} ${path}: timed out`)));
      req.on('error', reject);
      req.end(body);
    });
  }

  /** Stream a watch: one callback per JSON line, until the server ends it, it fails, or `signal` aborts. */
  watch(path: string, onEvent: (e: { type: string; object: J }) => void, signal: AbortSignal): Promise<number> {
    return new Promise((resolve, reject) => {
      const req = request({ ...this.options('GET', path, {}), signal }, (res) => {
        if (res.statusCode !== 200) {
          res.resume();
          resolve(res.statusCode ?? 0);
          return;
        }
        let buf = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          buf += chunk;
          for (let nl = buf.indexOf('\n'); nl >= 0; nl = buf.indexOf('\n')) {
            const line = buf.slice(0, nl).trim();
            buf = buf.slice(nl + 1);
            if (line) onEvent(JSON.parse(line) as { type: string; object: J });
          }
        });
        res.on('end', () => resolve(200));
        res.on('error', (e) => (signal.aborted ? resolve(0) : reject(e)));
      });
      req.on('error', (e) => (signal.aborted ? resolve(0) : reject(e)));
      req.end();
    });
  }

  close(): void {
    this.own.destroy();
    this.bare.destroy();
  }
}

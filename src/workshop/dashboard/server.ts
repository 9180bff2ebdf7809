/**
 * The dashboard's web server: 127.0.0.1 only, a random token that every request must carry (`?token=`; a
 * request without it, or with another, gets 403), and a Host header that names this machine (so a web page
 * elsewhere cannot reach it through DNS rebinding). Three routes, all served from memory:
 *   /        the page (page.ts)
 *   /state   the room as JSON (one read)
 *   /events  server-sent events: the room after every read
 * The room is read once at start, then every `intervalMs` (one kubectl call each time), and sent to every page
 * that listens.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface DashboardOptions {
  port?: number;
  /** Read the room; its result is sent as it is (JSON). A thrown error becomes `{ error }`. */
  read(): Promise<unknown>;
  /** Words an error for the page. */
  describe(e: unknown): string;
  page(token: string, nonce: string): string;
  intervalMs: number;
  token?: string;
}

export interface Dashboard {
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

const HEADERS = {
  'Cache-Control': 'no-store',
  // The token is in the URL: never send it anywhere else.
  'Referrer-Policy': 'no-referrer',
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
};

function sameToken(given: string | null, token: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

export async function startDashboard(o: DashboardOptions): Promise<Dashboard> {
  const token = o.token ?? randomBytes(18).toString('hex');
  let latest = '';
  const clients = new Set<ServerResponse>();
  let timer: NodeJS.Timeout | undefined;
  let closed = false;

  const refresh = async (): Promise<string> => {
    try {
      latest = JSON.stringify(await o.read());
    } catch (e) {
      latest = JSON.stringify({ error: o.describe(e) });
    }
    for (const c of clients) c.write(`data: ${latest}\n\n`);
    return latest;
  };
  const loop = () => {
    if (closed) return;
    timer = setTimeout(() => void refresh().finally(loop), o.intervalMs);
  };

  let port = 0;
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const host = (req.headers.host ?? '').toLowerCase();
    if (!sameToken(url.searchParams.get('token'), token) || (host !== `127.0.0.1:${port}` && host !== `localhost:${port}`)) {
      res.writeHead(403, { ...HEADERS, 'Content-Type': 'text/plain; charset=utf-8' }).end('403 Forbidden\n');
      return;
    }
    if (req.method !== 'GET') {
      res.writeHead(405, { ...HEADERS, Allow: 'GET' }).end();
      return;
    }
    if (url.pathname === '/') {
      const nonce = randomBytes(16).toString('base64');
      res.writeHead(200, {
        ...HEADERS,
        'Content-Type': 'text/html; charset=utf-8',
        'Content-Security-Policy': `default-src 'none'; script-src 'nonce-${nonce}'; style-src 'nonce-${nonce}'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'`,
      });
      res.end(o.page(token, nonce));
      return;
    }
    if (url.pathname === '/state') {
      void (latest ? Promise.resolve(latest) : refresh()).then((body) => res.writeHead(200, { ...HEADERS, 'Content-Type': 'application/json; charset=utf-8' }).end(body));
      return;
    }
    if (url.pathname === '/events') {
      res.writeHead(200, { ...HEADERS, 'Content-Type': 'text/event-stream; charset=utf-8', Connection: 'keep-alive' });
      res.write('retry: 2000\n\n');
      if (latest) res.write(`data: ${latest}\n\n`);
      clients.add(res);
      req.on('close', () => clients.delete(res));
      return;
    }
    res.writeHead(404, { ...HEADERS, 'Content-Type': 'text/plain; charset=utf-8' }).end('404 Not Found\n');
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  await refresh();
  loop();

  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      for (const c of clients) c.end();
      clients.clear();
      server.closeAllConnections?.();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

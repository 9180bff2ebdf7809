/**
 * The dashboard server in detail: the headers every answer carries, what a refused request gets, the
 * methods, when the room is read (once at start, then every interval: never per request), the event stream's
 * updates, the address it listens on, and closing it with a page still listening.
 */
import { connect } from 'node:net';
import { request, ServerResponse } from 'node:http';
import { networkInterfaces } from 'node:os';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startDashboard, type Dashboard, type DashboardOptions } from '../../src/workshop/dashboard/server.js';

interface Answer {
  status: number;
  body: string;
  headers: Record<string, string | string[] | undefined>;
}

function call(port: number, path: string, o: { method?: string; host?: string; events?: number } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: o.method ?? 'GET', headers: { host: o.host ?? `127.0.0.1:${port}` } }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => {
        body += c.toString();
        // An event stream never ends: stop after the number of events asked for.
        if (o.events !== undefined && (body.match(/^data: /gm) ?? []).length >= o.events) res.destroy();
      });
      res.on('close', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
    });
    req.on('error', reject);
    req.end();
  });
}

const SAFE = { 'cache-control': 'no-store', 'referrer-policy': 'no-referrer', 'x-content-type-options': 'nosniff', 'x-frame-options': 'DENY' };
const open: Dashboard[] = [];
async function start(o: Partial<DashboardOptions> = {}): Promise<Dashboard> {
  const d = await startDashboard({ intervalMs: 60_000, read: async () => ({ ok: true }), describe: String, page: (t, n) => `page ${t} ${n}`, ...o });
  open.push(d);
  return d;
}
afterEach(async () => {
  await Promise.all(open.splice(0).map((d) => d.close()));
});

describe('dashboard answers', () => {
  it('every answer carries the safety headers: the page, the state, the events, 403, 404, 405', async () => {
    const d = await start({ token: 'tok' });
    const answers = [
      await call(d.port, '/?token=tok'),
      await call(d.port, '/state?token=tok'),
      await call(d.port, '/events?token=tok', { events: 1 }),
      await call(d.port, '/?token=nope'),
      await call(d.port, '/x?token=tok'),
      await call(d.port, '/?token=tok', { method: 'POST' }),
    ];
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 403, 404, 405]);
    for (const a of answers) expect(a.headers, String(a.status)).toMatchObject(SAFE);
  });

  it('a given token is the one asked for; the URL names the address, the port and the token', async () => {
    const d = await start({ token: 'my-token' });
    expect(d.token).toBe('my-token');
    expect(d.url).toBe(`http://127.0.0.1:${d.port}/?token=my-token`);
    expect((await call(d.port, '/state?token=my-token')).status).toBe(200);
  });

  it('a token of another length is refused, not an error', async () => {
    const d = await start({ token: 'abcdef' });
    for (const t of ['abcde', 'abcdefg', 'a', 'abcdef'.repeat(10)]) {
      const a = await call(d.port, `/state?token=${t}`);
      expect(a.status, t).toBe(403);
      expect(a.body).toBe('403 Forbidden\n');
      expect(a.headers['content-type']).toBe('text/plain; charset=utf-8');
    }
  });

  it('the Host must be this machine on this port, in any case', async () => {
    const d = await start({ token: 'tok' });
    expect((await call(d.port, '/state?token=tok', { host: `LOCALHOST:${d.port}` })).status).toBe(200);
    expect((await call(d.port, '/state?token=tok', { host: `localhost:${d.port}` })).status).toBe(200);
    expect((await call(d.port, '/state?token=tok', { host: `127.0.0.1:${d.port}` })).status).toBe(200);
    for (const host of [`localhost:${d.port + 1}`, `127.0.0.1:${d.port + 1}`, 'localhost', '127.0.0.1', `evil.example:${d.port}`, `127.0.0.2:${d.port}`]) {
      expect((await call(d.port, '/state?token=tok', { host })).status, host).toBe(403);
    }
  });

  it('only GET: another method is 405 with Allow: GET and no body', async () => {
    const d = await start({ token: 'tok' });
    for (const method of ['POST', 'PUT', 'DELETE']) {
      const a = await call(d.port, '/state?token=tok', { method });
      expect(a.status, method).toBe(405);
      expect(a.headers.allow).toBe('GET');
      expect(a.body).toBe('');
    }
  });

  it('the page: from page() with the token and a fresh nonce, under a CSP that allows only that nonce', async () => {
    const d = await start({ token: 'tok' });
    const a = await call(d.port, '/?token=tok');
    const b = await call(d.port, '/?token=tok');
    const nonce = /^page tok (\S+)$/.exec(a.body)![1];
    expect(nonce).toMatch(/^[A-Za-z0-9+/]{22}==$/);
    expect(b.body).not.toBe(a.body);
    expect(a.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(a.headers['content-security-policy']).toBe(
      `default-src 'none'; script-src 'nonce-${nonce}'; style-src 'nonce-${nonce}'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'`,
    );
  });

  it('404 elsewhere, in plain text', async () => {
    const d = await start({ token: 'tok' });
    const a = await call(d.port, '/state/more?token=tok');
    expect(a.status).toBe(404);
    expect(a.body).toBe('404 Not Found\n');
    expect(a.headers['content-type']).toBe('text/plain; charset=utf-8');
  });
});

describe('reading the room', () => {
  it('once at start, then every interval; /state answers from the last read without reading again', async () => {
    let reads = 0;
    const d = await start({ token: 'tok', intervalMs: 60_000, read: async () => ({ n: ++reads }) });
    expect(reads).toBe(1);
    for (let i = 0; i < 3; i++) {
      const a = await call(d.port, '/state?token=tok');
      expect(a.body).toBe('{"n":1}');
      expect(a.headers['content-type']).toBe('application/json; charset=utf-8');
    }
    expect(reads).toBe(1);
  });

  it('a read that gave nothing is read again for /state', async () => {
    let reads = 0;
    const d = await start({ token: 'tok', read: async () => (++reads > 1 ? { n: reads } : undefined) });
    expect((await call(d.port, '/state?token=tok')).body).toBe('{"n":2}');
  });

  it('the event stream: retry advice, the last read at once, then each new read; reads stop when closed', async () => {
    let reads = 0;
    const d = await start({ token: 'tok', intervalMs: 30, read: async () => ({ n: ++reads }) });
    const a = await call(d.port, '/events?token=tok', { events: 3 });
    expect(a.headers['content-type']).toBe('text/event-stream; charset=utf-8');
    expect(a.headers.connection).toBe('keep-alive');
    expect(a.body.startsWith('retry: 2000\n\ndata: {"n":')).toBe(true);
    const ns = [...a.body.matchAll(/^data: \{"n":(\d+)\}\n\n/gm)].map((m) => Number(m[1]));
    expect(ns).toHaveLength(3);
    expect(ns[1]).toBe(ns[0] + 1);
    expect(ns[2]).toBe(ns[1] + 1);
    await d.close();
    const after = reads;
    await new Promise((r) => setTimeout(r, 150));
    expect(reads).toBe(after);
  });

  it('a failing read is sent as { error } in the words of describe(), to the stream too', async () => {
    let fail = false;
    const d = await start({ token: 'tok', intervalMs: 30, read: async () => (fail ? Promise.reject(new Error('gone')) : { ok: true }), describe: (e) => `said: ${(e as Error).message}` });
    fail = true;
    const a = await call(d.port, '/events?token=tok', { events: 2 });
    expect(a.body).toContain('data: {"error":"said: gone"}\n\n');
  });

  it('closing ends the pages still listening, and returns', async () => {
    const d = await startDashboard({ token: 'tok', intervalMs: 60_000, read: async () => ({}), describe: String, page: () => '' });
    const listening = call(d.port, '/events?token=tok');
    await new Promise((r) => setTimeout(r, 100));
    await d.close();
    const a = await listening;
    expect(a.body).toBe('retry: 2000\n\ndata: {}\n\n');
  });
});

describe('the first read and the last', () => {
  const freePort = async () => {
    const probe = await startDashboard({ intervalMs: 60_000, read: async () => ({}), describe: String, page: () => '' });
    await probe.close();
    return probe.port;
  };

  it('a page that comes during the first read: /state reads for it, the stream sends nothing before a read', async () => {
    const port = await freePort();
    let reads = 0;
    let release!: () => void;
    const firstDone = new Promise<void>((r) => (release = r));
    const starting = startDashboard({
      port,
      token: 'tok',
      intervalMs: 60_000,
      describe: String,
      page: () => '',
      read: async () => {
        const n = ++reads;
        if (n === 1) await firstDone;
        return { n };
      },
    });
    await new Promise((r) => setTimeout(r, 50));
    const stream = call(port, '/events?token=tok', { events: 1 });
    const state = call(port, '/state?token=tok');
    await new Promise((r) => setTimeout(r, 50));
    release();
    const d = await starting;
    open.push(d);
    expect((await state).body).toBe('{"n":2}');
    // The stream's first data is that read's, with nothing (an empty event) before it.
    expect((await stream).body).toBe('retry: 2000\n\ndata: {"n":2}\n\n');
  });

  it('a page that connects is sent the last read at once, without waiting for the next', async () => {
    let reads = 0;
    const d = await start({ token: 'tok', intervalMs: 60_000, read: async () => ({ n: ++reads }) });
    expect((await call(d.port, '/events?token=tok', { events: 1 })).body).toBe('retry: 2000\n\ndata: {"n":1}\n\n');
  });

  it('closed while a read is under way: no read after it', async () => {
    let reads = 0;
    let reading = false;
    const d = await start({
      intervalMs: 5,
      read: async () => {
        reads++;
        reading = true;
        await new Promise((r) => setTimeout(r, 40));
        reading = false;
        return {};
      },
    });
    while (!reading) await new Promise((r) => setTimeout(r, 2));
    await d.close();
    await new Promise((r) => setTimeout(r, 60));
    const after = reads;
    await new Promise((r) => setTimeout(r, 100));
    expect(reads).toBe(after);
  });

  it('a page that went away is written to no more', async () => {
    const d = await start({ token: 'tok', intervalMs: 10, read: async () => ({ at: Date.now() }) });
    await call(d.port, '/events?token=tok', { events: 2 });
    await new Promise((r) => setTimeout(r, 50));
    const write = vi.spyOn(ServerResponse.prototype, 'write');
    try {
      await new Promise((r) => setTimeout(r, 100));
      expect(write).not.toHaveBeenCalled();
    } finally {
      write.mockRestore();
    }
  });
});

describe('the address', () => {
  const reachable = (host: string, port: number) =>
    new Promise<boolean>((resolve) => {
      const s = connect({ host, port }, () => {
        s.destroy();
        resolve(true);
      });
      s.on('error', () => resolve(false));
    });

  it('listens on 127.0.0.1 only: not on the machine’s other addresses', async () => {
    const d = await start();
    expect(await reachable('127.0.0.1', d.port)).toBe(true);
    const others = Object.values(networkInterfaces())
      .flat()
      .filter((i) => i && !i.internal && i.family === 'IPv4')
      .map((i) => i!.address);
    for (const host of ['::1', ...others]) expect(await reachable(host, d.port), host).toBe(false);
  });

  it('on the port asked for', async () => {
    const probe = await start();
    const port = probe.port;
    await probe.close();
    open.splice(open.indexOf(probe), 1);
    const d = await start({ port });
    expect(d.port).toBe(port);
    expect(d.url).toContain(`:${port}/`);
  });
});

/** httpRequest: one request with node:http to a real local server. */
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { httpRequest } from '../../src/checks/http-client.js';

const MIB = 1 << 20;
const servers: Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    await new Promise<void>((r) => s.close(() => r()));
  }
});

interface Seen {
  method: string;
  headers: IncomingHttpHeaders;
  body: string;
}

async function serve(answer: (res: ServerResponse, seen: Seen) => void): Promise<{ url: string; seen: Seen[] }> {
  const seen: Seen[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      const s = { method: req.method!, headers: req.headers, body };
      seen.push(s);
      answer(res, s);
    });
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`, seen };
}

const signal = () => new AbortController().signal;

describe('httpRequest sends JSON as JSON', () => {
  it('a json body goes out with content-type application/json and its byte length', async () => {
    const { url, seen } = await serve((res) => res.end('ok'));
    const json = { username: 'admin', password: 'päss' };
    expect(await httpRequest(url, { method: 'POST', json, signal: signal() })).toEqual({ status: 200, text: 'ok' });
    expect(seen[0].method).toBe('POST');
    expect(JSON.parse(seen[0].body)).toEqual(json);
    expect(seen[0].headers['content-type']).toBe('application/json');
    expect(seen[0].headers['content-length']).toBe(String(Buffer.byteLength(JSON.stringify(json))));
  });

  it('without json no body and no content-type', async () => {
    const { url, seen } = await serve((res) => {
      res.writeHead(404);
      res.end('not here');
    });
    expect(await httpRequest(url, { method: 'GET', signal: signal() })).toEqual({ status: 404, text: 'not here' });
    expect(seen[0].body).toBe('');
    expect(seen[0].headers['content-type']).toBeUndefined();
  });
});

describe('httpRequest cuts a large answer at 1 MiB', () => {
  it('an answer of 2 MiB is read up to (about) 1 MiB only', async () => {
    const { url } = await serve((res) => res.end('x'.repeat(2 * MIB)));
    const r = await httpRequest(url, { method: 'GET', signal: signal() });
    expect(r.text.length).toBeGreaterThanOrEqual(MIB);
    expect(r.text.length).toBeLessThan(2 * MIB);
  });

  it('nothing after the first MiB is kept', async () => {
    const { url } = await serve((res) => {
      // Chunked encoding: the MiB is one chunk and the tail another, so the tail never shares a read with it.
      res.write('x'.repeat(MIB));
      res.end('tail');
    });
    const r = await httpRequest(url, { method: 'GET', signal: signal() });
    expect(r.text.length).toBe(MIB);
    expect(r.text.endsWith('tail')).toBe(false);
  });
});

describe('httpRequest fails instead of hanging', () => {
  it('a refused connection rejects', async () => {
    const { url } = await serve((res) => res.end());
    const port = Number(new URL(url).port);
    for (const s of servers.splice(0)) await new Promise<void>((r) => s.close(() => r()));
    await expect(httpRequest(`http://127.0.0.1:${port}/`, { method: 'GET', signal: signal() })).rejects.toThrow(/ECONNREFUSED/);
  });

  it('an answer cut off in the middle rejects', async () => {
    const { url } = await serve((res) => {
      res.writeHead(200, { 'content-length': '100' });
      res.write('partial');
      setTimeout(() => res.socket?.destroy(), 20);
    });
    await expect(httpRequest(url, { method: 'GET', signal: signal() })).rejects.toThrow(/aborted/);
  });

  it('an abort signal stops the request', async () => {
    const ac = new AbortController();
    const { url } = await serve(() => ac.abort());
    await expect(httpRequest(url, { method: 'GET', signal: ac.signal })).rejects.toThrow(/aborted/i);
  });
});

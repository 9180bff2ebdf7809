/** The dashboard's server on its own (a fake room): 127.0.0.1 only, the token, the Host check, the routes. */
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dashboardPage } from '../../src/workshop/dashboard/page.js';
import { opener } from '../../src/workshop/dashboard/open.js';
import { startDashboard, type Dashboard } from '../../src/workshop/dashboard/server.js';

function get(port: number, path: string, host = `127.0.0.1:${port}`): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers: { host } }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => {
        body += c.toString();
        // An event stream never ends: the first event is enough.
        if (res.headers['content-type']?.startsWith('text/event-stream') && body.includes('data: ')) res.destroy();
      });
      res.on('close', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('the dashboard server', () => {
  let dash: Dashboard;
  let reads = 0;
  beforeAll(async () => {
    dash = await startDashboard({
      intervalMs: 50,
      read: async () => ({ n: ++reads }),
      describe: (e) => String(e),
      page: (_t, nonce) => dashboardPage('en', 'learner', nonce),
    });
  });
  afterAll(() => dash.close());

  it('listens on 127.0.0.1 with a long random token in the URL', () => {
    expect(dash.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]{36}$/);
  });

  it.each([
    ['/', 'no token'],
    ['/?token=', 'an empty token'],
    ['/?token=0123', 'a wrong token'],
    ['/state', 'the JSON without a token'],
    ['/events?token=nope', 'the events with a wrong token'],
    ['/favicon.ico', 'anything else without a token'],
  ])('%s (%s) → 403', async (path) => {
    const r = await get(dash.port, path);
    expect(r.status).toBe(403);
    expect(r.body).not.toContain('emqx-lab');
  });

  it('a near miss of the token → 403: every prefix, one more character, one character changed, another case', async () => {
    const t = dash.token;
    const flip = (s: string, i: number) => s.slice(0, i) + (s[i] === '0' ? '1' : '0') + s.slice(i + 1);
    const misses = [t.slice(0, 1), t.slice(0, t.length / 2), t.slice(0, -1), `${t}0`, `${t}${t}`, flip(t, 0), flip(t, t.length - 1), t.toUpperCase(), ` ${t}`];
    for (const miss of misses) {
      expect((await get(dash.port, `/state?token=${encodeURIComponent(miss)}`)).status, miss).toBe(403);
    }
    expect((await get(dash.port, `/state?token=${t}`)).status).toBe(200);
  });

  it('a Host that is not this machine → 403 even with the token (DNS rebinding)', async () => {
    expect((await get(dash.port, `/?token=${dash.token}`, `evil.example:${dash.port}`)).status).toBe(403);
    expect((await get(dash.port, `/?token=${dash.token}`, `localhost:${dash.port}`)).status).toBe(200);
  });

  it('with the token: the page (nonce CSP, no referrer), the state, the events; 404 elsewhere', async () => {
    const page = await get(dash.port, `/?token=${dash.token}`);
    expect(page.status).toBe(200);
    expect(page.headers['content-security-policy']).toMatch(/default-src 'none'; script-src 'nonce-[^']+'/);
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    expect(page.body).toContain('<title>emqx-lab · room learner</title>');
    const nonce = /script-src 'nonce-([^']+)'/.exec(String(page.headers['content-security-policy']))![1];
    expect(page.body).toContain(`<script nonce="${nonce}">`);
    const state = await get(dash.port, `/state?token=${dash.token}`);
    expect(state.headers['content-type']).toMatch(/application\/json/);
    expect(JSON.parse(state.body)).toHaveProperty('n');
    const events = await get(dash.port, `/events?token=${dash.token}`);
    expect(events.headers['content-type']).toMatch(/text\/event-stream/);
    expect(events.body).toMatch(/data: \{"n":\d+\}/);
    expect((await get(dash.port, `/nothing?token=${dash.token}`)).status).toBe(404);
  });

  it('a failing read becomes { error } for the page, not a crash', async () => {
    const d = await startDashboard({ intervalMs: 1000, read: async () => Promise.reject(new Error('cluster gone')), describe: (e) => `said: ${(e as Error).message}`, page: () => '' });
    try {
      expect(JSON.parse((await get(d.port, `/state?token=${d.token}`)).body)).toEqual({ error: 'said: cluster gone' });
    } finally {
      await d.close();
    }
  });

  it('a busy port is an error the command can word', async () => {
    await expect(startDashboard({ port: dash.port, intervalMs: 1000, read: async () => ({}), describe: String, page: () => '' })).rejects.toMatchObject({ code: 'EADDRINUSE' });
  });
});

describe('opening a browser', () => {
  const url = 'http://127.0.0.1:1/?token=x';
  it.each([
    ['darwin', {}, { file: 'open', args: [url] }],
    ['win32', {}, { file: 'cmd', args: ['/c', 'start', '""', url] }],
    ['linux', { DISPLAY: ':0' }, { file: 'xdg-open', args: [url] }],
    ['linux', { WAYLAND_DISPLAY: 'wayland-0' }, { file: 'xdg-open', args: [url] }],
    ['linux', {}, undefined],
  ])('%s with %j', (platform, env, want) => expect(opener(url, platform as NodeJS.Platform, env)).toEqual(want));
});

/**
 * The dashboard compares the whole token in constant time: a same-length guess goes through
 * crypto.timingSafeEqual with both full tokens (never a comparison that stops at the first differing byte).
 */
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

const seen = vi.hoisted(() => ({ calls: [] as [string, string][] }));

vi.mock('node:crypto', async (importOriginal) => {
  const crypto = await importOriginal<typeof import('node:crypto')>();
  return {
    ...crypto,
    timingSafeEqual: (a: NodeJS.ArrayBufferView, b: NodeJS.ArrayBufferView) => {
      seen.calls.push([Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString(), Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString()]);
      return crypto.timingSafeEqual(a, b);
    },
  };
});

const { startDashboard } = await import('../../src/workshop/dashboard/server.js');

function status(port: number, path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('the dashboard token comparison', () => {
  let dash: Awaited<ReturnType<typeof startDashboard>>;
  beforeAll(async () => {
    dash = await startDashboard({ intervalMs: 1000, read: async () => ({}), describe: String, page: () => 'page' });
  });
  afterAll(() => dash.close());

  it('a same-length wrong token is compared whole with timingSafeEqual', async () => {
    const wrong = `${dash.token.slice(0, -1)}${dash.token.endsWith('0') ? '1' : '0'}`;
    seen.calls.length = 0;
    expect(await status(dash.port, `/state?token=${wrong}`)).toBe(403);
    expect(seen.calls).toContainEqual([wrong, dash.token]);
  });

  it('the right token too', async () => {
    seen.calls.length = 0;
    expect(await status(dash.port, `/state?token=${dash.token}`)).toBe(200);
    expect(seen.calls).toContainEqual([dash.token, dash.token]);
  });
});

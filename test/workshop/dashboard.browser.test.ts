/**
 * The dashboard in a REAL headless Chromium (Debian's chromium with playwright-core): the built CLI serves a
 * room of three in the simulated cluster; the page shows the grid, needs the token, shows a learner's last
 * failure on hover and on click, and changes a cell when the trainer solves a step while it is open.
 * Ctrl-C stops the server (exit 130).
 */
import { execa, type ResultPromise } from 'execa';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCourse } from '../../src/course/load.js';
import { engineDeps } from '../../src/engine/deps.js';
import { openSession } from '../../src/engine/session.js';
import { runVerify } from '../../src/engine/verify.js';
import { dashboardPage } from '../../src/workshop/dashboard/page.js';
import { dashboardPayload } from '../../src/workshop/dashboard/payload.js';
import { startDashboard } from '../../src/workshop/dashboard/server.js';
import { roomStatus } from '../../src/workshop/status.js';
import { CLI, simRoom } from './sim-room.js';

const CHROMIUM = '/usr/bin/chromium';
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
const room = simRoom();
const { course } = loadCourse(join(import.meta.dirname, '..', '..'));

async function launch(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (.ci/run does)`);
  return chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
}

/** Start `workshop dashboard` and wait for the URL it prints. */
async function serve(): Promise<{ proc: ResultPromise; url: string; output: () => string }> {
  const proc = execa('node', [CLI, '--sim', 'workshop', 'dashboard', '--no-open'], { cwd: room.dir, env: room.env, reject: false, stdin: 'ignore', all: true });
  let text = '';
  const url = await new Promise<string>((resolve, reject) => {
    proc.all!.on('data', (c: Buffer) => {
      text += c.toString();
      const m = /Dashboard: (http:\/\/127\.0\.0\.1:\d+\/\?token=\w+)/.exec(text);
      if (m) resolve(m[1]);
    });
    void proc.then(() => reject(new Error(`the dashboard exited: ${text}`)));
  });
  return { proc, url, output: () => text };
}

describe('the dashboard in Chromium, on a room in the simulated cluster', () => {
  let browser: Browser;
  let page: Page;
  let server: Awaited<ReturnType<typeof serve>>;
  let reason = '';

  beforeAll(async () => {
    browser = await launch();
    const up = await room.cli(['--sim', 'workshop', 'up', '--learners', '3']);
    expect(up.exitCode, String(up.stderr)).toBe(0);
    // learner-02's own verify of step 1 fails on an empty namespace and records why.
    const ctx = room.ctx();
    const s = await openSession(ctx, { sim: true, namespace: 'learner-02' }, { course });
    try {
      const r = await runVerify(engineDeps(ctx, s), course.steps[0], { mode: 'once', record: true, diagnose: false });
      reason = r.checks.find((c) => !c.passed && !c.skipped)!.reason;
    } finally {
      await s.close();
    }
    server = await serve();
    page = await browser.newPage({ viewport: { width: 1600, height: 900 } });
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    if (server && server.proc.exitCode === null) server.proc.kill('SIGINT');
  });

  it('without the token the page is refused (403)', async () => {
    const other = await browser.newPage();
    const bare = server.url.replace(/\?token=.*/, '');
    const r = await other.goto(bare);
    expect(r?.status()).toBe(403);
    expect(await other.textContent('body')).not.toContain('learner-01');
    const wrong = await other.goto(`${bare}?token=${'0'.repeat(36)}`);
    expect(wrong?.status()).toBe(403);
    await other.close();
  });

  it('shows the grid: learners by steps, large type, nothing failing in the console', async () => {
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    const r = await page.goto(server.url);
    expect(r?.status()).toBe(200);
    await page.waitForSelector('tr[data-ns="learner-03"]');
    expect(await page.$$eval('tbody tr', (rows) => rows.map((r) => r.getAttribute('data-ns')))).toEqual(['learner-01', 'learner-02', 'learner-03']);
    expect(await page.$$eval('thead th.step', (ths) => ths.map((t) => t.textContent))).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9']);
    expect(await page.textContent('tr[data-ns="learner-01"] td.where')).toBe('not started');
    expect(await page.getAttribute('tr[data-ns="learner-02"] td[data-step="1"]', 'data-state')).toBe('current');
    expect(await page.textContent('tr[data-ns="learner-02"] td[data-step="1"]')).toBe('▸');
    expect(await page.textContent('#summary')).toBe('3 learner(s) · 1 started · 0 finished');
    // Evaluated in the page (the test's own type-check has no DOM library).
    const size = (await page.evaluate("parseFloat(getComputedStyle(document.querySelector('td.name')).fontSize)")) as number;
    expect(size).toBeGreaterThanOrEqual(18);
    expect(await page.evaluate('getComputedStyle(document.body).fontFamily')).toContain('Noto Sans CJK SC');
    expect(errors).toEqual([]);
  });

  it("hovering a learner shows their last failure; a click keeps it shown", async () => {
    expect(await page.isVisible('#detail')).toBe(false);
    await page.hover('tr[data-ns="learner-02"] td.name');
    await page.waitForSelector('#detail.shown');
    const detail = (await page.textContent('#detail')) ?? '';
    expect(detail).toContain('learner-02');
    expect(detail).toContain(reason);
    expect(detail).toContain(course.steps[0].lesson.title.en);
    await page.hover('tr[data-ns="learner-01"] td.name');
    expect(await page.textContent('#detail')).toContain('no failed check recorded');
    await page.click('tr[data-ns="learner-02"] td.name');
    await page.mouse.move(5, 890);
    expect(await page.isVisible('#detail')).toBe(true);
    expect(await page.textContent('#detail')).toContain(reason);
    expect(await page.getAttribute('tr[data-ns="learner-02"]', 'class')).toContain('pinned');
  });

  it('a cell changes while the page is open when the trainer solves a step for a learner', async () => {
    expect(await page.getAttribute('tr[data-ns="learner-03"] td[data-step="3"]', 'data-state')).toBe('locked');
    const solve = await room.cli(['--sim', 'workshop', 'solve', '3', '3']);
    expect(solve.exitCode, String(solve.stdout)).toBe(0);
    // No reload: the page hears it through its event stream.
    await page.waitForSelector('tr[data-ns="learner-03"] td[data-step="3"][data-state="passed"]', { timeout: 30_000 });
    expect(await page.textContent('tr[data-ns="learner-03"] td[data-step="3"]')).toBe('✔');
    expect(await page.textContent('#summary')).toBe('3 learner(s) · 2 started · 0 finished');
  }, 240_000);

  it('Ctrl-C stops it cleanly: exit 130, the port closed', async () => {
    server.proc.kill('SIGINT');
    const r = await server.proc;
    expect(r.exitCode).toBe(130);
    expect(server.output()).toContain('Dashboard stopped.');
    await expect(fetch(server.url)).rejects.toThrow();
  });
});

describe('the page in Chinese', () => {
  it('speaks Chinese, with full-width punctuation, and renders the grid', async () => {
    const browser = await launch();
    const now = Date.now();
    const payload = dashboardPayload(roomStatus(course, 'zh', 'learner', ['learner-01'], [], now), 'zh');
    const d = await startDashboard({ intervalMs: 60_000, read: async () => payload, describe: String, page: (_t, nonce) => dashboardPage('zh', 'learner', nonce) });
    try {
      const page = await browser.newPage();
      await page.goto(d.url);
      await page.waitForSelector('tr[data-ns="learner-01"]');
      expect(await page.title()).toBe('emqx-lab · 教室 learner');
      expect(await page.getAttribute('html', 'lang')).toBe('zh-CN');
      expect(await page.textContent('tr[data-ns="learner-01"] td.where')).toBe('尚未开始');
      expect(await page.textContent('footer')).toMatch(/。$/);
      expect(await page.textContent('thead')).toContain('当前步骤');
    } finally {
      await d.close();
      await browser.close();
    }
  });
});

/**
 * runTool: a tool other than kubectl run to completion (or started and left running), with node itself as the
 * tool. What the caller sees: exit code, output (stdout and stderr interleaved), stdout alone, the lines as
 * they arrive, and the reason it did not finish (missing, timed out, canceled).
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runTool } from '../../src/kube/tool.js';

const node = process.execPath;

async function until(cond: () => boolean, ms = 5_000) {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('runTool: a finished tool', () => {
  it('returns its exit code, all output interleaved, stdout alone, final newlines kept', async () => {
    const script = 'process.stdout.write("out1\\n"); setTimeout(() => { process.stderr.write("err\\n"); setTimeout(() => { process.stdout.write("out2\\n"); process.exit(3); }, 30); }, 30);';
    const r = await runTool(node, ['-e', script], { env: {} });
    expect(r).toEqual({ args: ['-e', script], exitCode: 3, output: 'out1\nerr\nout2\n', stdout: 'out1\nout2\n', missing: false, canceled: false, timedOut: false });
  });

  it('sees only the environment it is given', async () => {
    const r = await runTool(node, ['-e', 'process.stdout.write(`${process.env.ONLY}|${process.env.HOME}`)'], { env: { ONLY: 'me' } });
    expect(r.stdout).toBe('me|undefined');
  });

  it('gets the input on stdin', async () => {
    const script = 'let s = ""; process.stdin.on("data", (d) => (s += d)); process.stdin.on("end", () => process.stdout.write(s.toUpperCase()));';
    expect((await runTool(node, ['-e', script], { env: {}, input: 'kind: Cluster\n' })).stdout).toBe('KIND: CLUSTER\n');
  });

  it('without input its stdin is not a pipe left open (the null device)', async () => {
    const r = await runTool(node, ['-e', 'const s = require("fs").fstatSync(0); process.stdout.write(String(s.isFIFO() || s.isSocket()))'], { env: {} });
    expect(r.stdout).toBe('false');
  });

  it('a tool that is not installed is missing, with no exit code', async () => {
    const r = await runTool('/nonexistent/kind', ['create', 'cluster'], { env: {} });
    expect(r).toEqual({ args: ['create', 'cluster'], exitCode: undefined, output: '', stdout: '', missing: true, canceled: false, timedOut: false });
  });

  it('a tool that outlives its time limit is stopped and said to have timed out', async () => {
    const r = await runTool(node, ['-e', 'setTimeout(() => {}, 20000)'], { env: {}, timeoutMs: 200 });
    expect([r.exitCode, r.timedOut, r.canceled, r.missing]).toEqual([undefined, true, false, false]);
  });

  it('Ctrl-C (the signal) cancels it', async () => {
    const ac = new AbortController();
    const p = runTool(node, ['-e', 'setTimeout(() => {}, 20000)'], { env: {}, signal: ac.signal });
    setTimeout(() => ac.abort(), 100);
    const r = await p;
    expect([r.exitCode, r.timedOut, r.canceled, r.missing]).toEqual([undefined, false, true, false]);
  });
});

describe('runTool: onLine streams every non-blank line as it arrives', () => {
  it('splits on \\n, \\r\\n and \\r, joins a line written in pieces, skips blank lines, gives the unterminated last line', async () => {
    const script = [
      'const w = (s) => new Promise((r) => process.stdout.write(s, () => setTimeout(r, 40)));',
      '(async () => { await w("Creating cluster \\"kind\\" ..."); await w(" done\\r\\n\\n   \\n"); await w("step 1\\rstep 2\\n"); await w("last"); })();',
    ].join('\n');
    const lines: string[] = [];
    const r = await runTool(node, ['-e', script], { env: {}, onLine: (l) => lines.push(l) });
    expect(lines).toEqual(['Creating cluster "kind" ... done', 'step 1', 'step 2', 'last']);
    expect(r.output).toBe('Creating cluster "kind" ... done\r\n\n   \nstep 1\rstep 2\nlast');
  });

  it('stderr lines come through the same callback, and a final blank remainder gives nothing', async () => {
    const lines: string[] = [];
    await runTool(node, ['-e', 'process.stderr.write("warning: x\\n   ")'], { env: {}, onLine: (l) => lines.push(l) });
    expect(lines).toEqual(['warning: x']);
  });
});

describe('runTool: a detached tool (a browser) is started and left running', () => {
  it('resolves once it is spawned, with the given argv and environment, exit code 0 and no output', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'emqx-lab-tool-'));
    const marker = join(dir, 'opened');
    const script = 'setTimeout(() => require("fs").writeFileSync(process.argv[1], `${process.env.URL_SEEN}|${process.env.HOME}`), 200)';
    const r = await runTool(node, ['-e', script, marker], { env: { URL_SEEN: 'http://127.0.0.1:1/' }, detached: true });
    expect(r).toEqual({ args: ['-e', script, marker], exitCode: 0, output: '', stdout: '', missing: false, canceled: false, timedOut: false });
    expect(existsSync(marker)).toBe(false);
    await until(() => existsSync(marker) && readFileSync(marker, 'utf8') !== '');
    expect(readFileSync(marker, 'utf8')).toBe('http://127.0.0.1:1/|undefined');
  });

  it('a detached tool that is not installed is missing', async () => {
    const r = await runTool('/nonexistent/xdg-open', ['http://x'], { env: {}, detached: true });
    expect(r).toEqual({ args: ['http://x'], exitCode: undefined, output: '', stdout: '', missing: true, canceled: false, timedOut: false });
  });
});

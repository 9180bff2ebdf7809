/**
 * execaRunner: one kubectl process run to completion, node standing in for kubectl. The result is data
 * (never thrown): argv as the adapter gave it, exit code, stdout and stderr as printed, and why it did not
 * finish (missing or not runnable, timed out, canceled).
 */
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_TIMEOUT_MS, execaRunner } from '../../src/kube/run.js';

const viaNode = (script: string, env: NodeJS.ProcessEnv = {}) => execaRunner({ file: process.execPath, prefix: ['-e', script], sim: false }, env);

describe('execaRunner: a finished process', () => {
  it('returns the argv without the prefix, exit code, stdout and stderr with their final newlines', async () => {
    const run = viaNode('process.stdout.write(process.argv.slice(1).join(" ") + "\\n"); process.stderr.write("warn\\n"); process.exit(4)');
    expect(await run(['get', 'pods'])).toEqual({ args: ['get', 'pods'], exitCode: 4, stdout: 'get pods\n', stderr: 'warn\n', timedOut: false, canceled: false, missing: false });
  });

  it('gives the process only the environment it was made with, and the input on stdin', async () => {
    const run = viaNode('let s = ""; process.stdin.on("data", (d) => (s += d)); process.stdin.on("end", () => process.stdout.write(`${process.env.KUBECONFIG}|${process.env.HOME}|${s}`))', { KUBECONFIG: '/k' });
    expect((await run([], { input: 'kind: Pod\n' })).stdout).toBe('/k|undefined|kind: Pod\n');
  });

  it('without input, stdin is the null device (a command waiting on it ends at once)', async () => {
    const run = viaNode('process.stdin.on("data", () => {}); process.stdin.on("end", () => process.stdout.write("eof"))');
    expect((await run([], { timeoutMs: 10_000 })).stdout).toBe('eof');
  });

  it('a minute is the time limit when none is given', () => {
    expect(DEFAULT_TIMEOUT_MS).toBe(60_000);
  });
});

describe('execaRunner: a process that did not finish', () => {
  it('outlived its time limit', async () => {
    const r = await viaNode('setTimeout(() => {}, 20000)')(['get'], { timeoutMs: 200 });
    expect([r.exitCode, r.timedOut, r.canceled, r.missing]).toEqual([undefined, true, false, false]);
  });

  it('canceled by the signal', async () => {
    const ac = new AbortController();
    const p = viaNode('setTimeout(() => {}, 20000)')(['get'], { signal: ac.signal });
    setTimeout(() => ac.abort(), 100);
    const r = await p;
    expect([r.exitCode, r.timedOut, r.canceled, r.missing]).toEqual([undefined, false, true, false]);
  });

  it('a kubectl that is not there, a folder, or a file without the execute bit: missing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'emqx-lab-run-'));
    const file = join(dir, 'kubectl');
    writeFileSync(file, '#!/bin/sh\necho hi\n');
    chmodSync(file, 0o644);
    for (const f of [join(dir, 'nope'), dir, file]) {
      const r = await execaRunner({ file: f, prefix: [], sim: false }, {})(['version']);
      expect(r).toEqual({ args: ['version'], exitCode: undefined, stdout: '', stderr: '', timedOut: false, canceled: false, missing: true });
    }
  });
});

// runTool's detached mode: the tool (a browser) is started in a process group of its own, so it is not
// stopped with the lab (Ctrl-C in the terminal signals the lab's group, not the browser's).
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runTool } from '../../src/kube/tool.js';

async function until(cond: () => boolean, ms = 5_000) {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

// Linux: the process group is read from /proc (no ps needed on a bare machine).
describe.skipIf(process.platform !== 'linux')('runTool: detached', () => {
  it('the tool leads a process group of its own', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'emqx-lab-tool-'));
    const marker = join(dir, 'group');
    // The tool writes its pid and its process group id (/proc/self/stat: the fields after the command's
    // closing parenthesis are state, ppid, pgrp).
    const script = [
      'const fs = require("fs");',
      'const stat = fs.readFileSync("/proc/self/stat", "utf8");',
      'const pgid = stat.slice(stat.lastIndexOf(")") + 2).split(" ")[2];',
      'fs.writeFileSync(process.argv[1], `${process.pid}|${pgid}`);',
    ].join('\n');
    const r = await runTool(process.execPath, ['-e', script, marker], { env: { PATH: process.env.PATH ?? '/usr/bin:/bin' }, detached: true });
    expect([r.exitCode, r.missing]).toEqual([0, false]);
    await until(() => existsSync(marker) && readFileSync(marker, 'utf8').includes('|'));
    const [pid, pgid] = readFileSync(marker, 'utf8').split('|');
    expect(pgid).toBe(pid);
  });
});

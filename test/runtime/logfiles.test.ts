/**
 * Container logs as CRI files (src/runtime/logfiles.ts): lines appear when the model's clock passes their
 * time, a line the model adds in the recent past is still written once, and EMQX's own timestamps are in
 * wall time like the file's.
 */
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { appendLogs } from '../../src/sim/kubelet/logs.js';
import { Clock } from '../../src/runtime/clock.js';
import { LogFiles } from '../../src/runtime/logfiles.js';
import { RuntimeWorld } from '../../src/runtime/world.js';

const origin = Date.parse('2026-01-01T00:00:00Z');

describe('CRI log files', () => {
  it('appends lines as their time comes, once each, and removes the file of a forgotten instance', () => {
    const clock = new Clock(1, origin);
    const w = new RuntimeWorld(clock);
    w.now = origin;
    const files = new LogFiles(mkdtempSync(join(tmpdir(), 'rt-logs-')), clock);
    const inst = 'uid-1/emqx/0';
    appendLogs(w, inst, origin, ['first']);
    appendLogs(w, inst, origin + 5000, ['later']);
    files.sync(w);
    const file = files.pathOf(inst);
    expect(readFileSync(file, 'utf8')).toBe('2026-01-01T00:00:00.000000000Z stdout F first\n');
    w.now = origin + 6000;
    // Added now, but dated a moment ago (a discovery round run once the API server answered).
    appendLogs(w, inst, origin + 3000, ['late but earlier']);
    files.sync(w);
    files.sync(w);
    expect(readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => l.split(' F ')[1])).toEqual(['first', 'late but earlier', 'later']);
    delete w.s.rt.logs[inst];
    files.sync(w);
    expect(existsSync(file)).toBe(false);
  });

  it('writes wall-clock times when the model runs faster, in the CRI field and in EMQX\'s own timestamp', () => {
    const clock = new Clock(4, origin);
    const w = new RuntimeWorld(clock);
    w.now = origin + 40_000;
    const files = new LogFiles(mkdtempSync(join(tmpdir(), 'rt-logs-')), clock);
    appendLogs(w, 'uid-2/emqx/0', origin + 40_000, ['2026-01-01T00:00:40.000000+00:00 [error] Ekka(AutoCluster): Discovery error: {403,#Ref<0.1.2.3>}']);
    files.sync(w);
    expect(readFileSync(files.pathOf('uid-2/emqx/0'), 'utf8')).toBe('2026-01-01T00:00:10.000000000Z stdout F 2026-01-01T00:00:10.000000+00:00 [error] Ekka(AutoCluster): Discovery error: {403,#Ref<0.1.2.3>}\n');
  });
});

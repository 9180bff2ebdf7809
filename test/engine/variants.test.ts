/**
 * Mistakes made another way than the lessons' declared manifests (scripts/mistakes.mjs), on the simulated
 * cluster at the lab's own speed: `verify` (the built CLI) must exit 1 with the expected diagnosis, and do
 * so within 60 s, long before the failing check's timeout (minutes): the diagnosis is found while the check
 * waits and ends the wait once the wrong state has settled. The step before is solved faster (50x).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { VARIANTS } from '../../scripts/mistakes.mjs';

const root = join(import.meta.dirname, '..', '..');
const cli = join(root, 'dist', 'cli.js');
const sim = join(root, 'dist', 'sim', 'kubectl.js');
/** The bound for a mistake made another way: diagnosed by verify within a minute. */
const WITHIN_MS = 60_000;

let home: string;
beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'emqx-lab-variants-'));
});
afterEach(() => rmSync(home, { recursive: true, force: true }));

function env(speed?: string): NodeJS.ProcessEnv {
  const e: NodeJS.ProcessEnv = { ...process.env, EMQX_LAB_HOME: home };
  delete e.EMQX_LAB_SIM_SPEED;
  if (speed) e.EMQX_LAB_SIM_SPEED = speed;
  return e;
}

describe('mistakes made another way are diagnosed by verify within 60 s (simulated cluster, 10x)', () => {
  it.each(VARIANTS.map((v) => [v.id, v] as const))('%s', (_id, v) => {
    const solved = spawnSync(process.execPath, [cli, 'solve', String(v.after), '--sim'], { env: env('50'), encoding: 'utf8', timeout: 180_000 });
    expect(solved.status, solved.stdout + solved.stderr).toBe(0);
    v.make((argv, input) => execFileSync(process.execPath, [sim, '--namespace', 'emqx-lab', ...argv], { env: env('10'), input, encoding: 'utf8' }));

    // The lab's default speed (no EMQX_LAB_SIM_SPEED), killed after 60 s: a wait run out would not exit 1 in time.
    const r = spawnSync(process.execPath, [cli, 'verify', String(v.verify), '--sim', '--json'], { env: env(), encoding: 'utf8', timeout: WITHIN_MS });
    expect(r.signal, 'verify did not end within 60 s').toBeNull();
    expect(r.status, r.stderr).toBe(1);
    const out = JSON.parse(r.stdout) as { checks: { passed: boolean; reason: string; diagnosis: { id: string; title: string; hint: string }[] }[] };
    const failed = out.checks.find((c) => !c.passed);
    expect(failed?.diagnosis.map((d) => d.id)).toContain(v.expect);
    // --json carries the diagnosis' title and hint next to its id.
    expect(failed?.diagnosis.every((d) => d.title && d.hint)).toBe(true);
  }, 300_000);
});

/**
 * Issue 16 point 14: step 9's persistence check makes a throwaway dashboard user, and its password must not
 * be on any kubectl command line (every user of the learner's machine sees argvs in `ps` while they run).
 * `emqx-lab solve 9 --sim --json` on a fresh simulated cluster runs the whole check; the simulator logs every
 * argv it was given (EMQX_LAB_SIM_ARGV_LOG), which is exactly what `ps` would have shown.
 */
import { execa } from 'execa';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const cli = join(import.meta.dirname, '..', '..', 'dist', 'cli.js');

describe("step 9's dashboard password on the simulated cluster", () => {
  it('never appears in a kubectl argv, goes on the stdin of exec -i, and the user still logs in after the full stop', async () => {
    const home = mkdtempSync(join(tmpdir(), 'emqx-lab-secret-'));
    const argvLog = join(home, 'argv.log');
    const run = await execa(process.execPath, [cli, '--sim', '--json', 'solve', '9'], {
      reject: false,
      env: { ...process.env, EMQX_LAB_HOME: home, EMQX_LAB_SIM_ARGV_LOG: argvLog, CI: 'true' },
      timeout: 300_000,
    });
    const result = JSON.parse(run.stdout) as { passed: boolean; checks: { id: string; passed: boolean; reason: string }[] };
    if (!result.passed) console.error(run.stderr);
    // The check passed: its last sub-check logged in as the user made before the stop, with that password.
    expect(result.checks.find((c) => c.id === 'survives-full-stop')).toMatchObject({ passed: true });
    expect(run.exitCode).toBe(0);

    const argvs = readFileSync(argvLog, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as string[]);
    const lines = argvs.map((a) => a.join(' '));
    // The cleanup deletes the user by name, lab_<run id>; the password is Persist-<run id>.
    const runId = /admins del lab_([a-z0-9]{6})$/.exec(lines.find((l) => /admins del lab_/.test(l)) ?? '')?.[1];
    expect(runId).toBeDefined();
    expect(lines.filter((l) => l.includes(`Persist-${runId}`) || l.includes('Persist-'))).toEqual([]);
    // The user was made (its name is in the argv, the password is not) through an exec that reads its stdin.
    const adds = argvs.filter((a) => a.join(' ').includes('admins add'));
    expect(adds.length).toBeGreaterThan(0);
    for (const a of adds) {
      expect(a.join(' ')).toContain(`lab_${runId}`);
      expect(a.slice(a.indexOf('exec'), a.indexOf('exec') + 2)).toEqual(['exec', '-i']);
    }
  }, 320_000);
});

/**
 * Going back: a learner at step 6 or later solves an earlier step of the Deployment. Step 6 gave the pods
 * the emqx ServiceAccount; kubectl apply of a template that says nothing of it cannot take it away (the API
 * server keeps the deprecated serviceAccount alias), and solve removes that account, so the new pods could
 * never be created. Steps 2-5 name the default account, and the solve passes.
 */
import { execa } from 'execa';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const cli = join(import.meta.dirname, '..', '..', 'dist', 'cli.js');

describe('solving an earlier step after step 6 on the simulated cluster', () => {
  it.each(['2', '3', '4'])('solve %s after apply 6 passes, on pods of the default account', async (step) => {
    const home = mkdtempSync(join(tmpdir(), 'emqx-lab-back-'));
    const env = { ...process.env, EMQX_LAB_HOME: home, EMQX_LAB_SIM_SPEED: '20', CI: 'true' };
    expect((await execa(process.execPath, [cli, '--sim', 'apply', '6'], { reject: false, env })).exitCode).toBe(0);
    const solve = await execa(process.execPath, [cli, '--sim', '--json', 'solve', step], { reject: false, env, timeout: 120_000 });
    expect(solve.exitCode, solve.stderr).toBe(0);
    const sa = await execa(process.execPath, [cli, '--sim', 'kubectl', 'get', 'deployment', 'emqx', '-o', 'jsonpath={.spec.template.spec.serviceAccountName}'], { reject: false, env });
    expect(sa.stdout).toBe('default');
  }, 150_000);
});

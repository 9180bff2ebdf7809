/**
 * Two commands on one namespace at once, as a learner with `start` in one terminal and `solve` in another
 * makes them: `solve 9` and `verify 9` started together, as real processes on the simulated cluster. One
 * waits for the other's experiment (and says whose), both pass, and the StatefulSet ends at its 3 replicas
 * without the experiment's note. (The same race, twenty trials, in-process: test/progress/lock.test.ts.)
 */
import { execa } from 'execa';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const cli = join(root, 'dist', 'cli.js');
const sim = join(root, 'dist', 'sim', 'kubectl.js');

describe('solve 9 and verify 9 started together', () => {
  it('both pass, one waits for the other, the StatefulSet ends at 3 replicas (2 of 2 trials)', async () => {
    const env = { ...process.env, EMQX_LAB_HOME: mkdtempSync(join(tmpdir(), 'emqx-lab-conc-')), EMQX_LAB_SIM_SPEED: '50', CI: '1', NO_COLOR: '1' };
    const lab = (args: string[]) => execa('node', [cli, '--sim', ...args], { env, reject: false, stdin: 'ignore', timeout: 240_000 });
    expect((await lab(['solve', '9'])).exitCode).toBe(0);
    for (let trial = 0; trial < 2; trial++) {
      const [a, b] = await Promise.all([lab(['solve', '9']), lab(['verify', '9'])]);
      expect([a.exitCode, b.exitCode], `${a.stdout}\n${a.stderr}\n${b.stdout}\n${b.stderr}`).toEqual([0, 0]);
      expect(`${a.stderr}${b.stderr}`).toMatch(/Waiting: another emqx-lab command is changing namespace emqx-lab \(`emqx-lab --sim (solve|verify) 9`, process \d+/);
      const sts = await execa('node', [sim, '-n', 'emqx-lab', 'get', 'statefulset', 'emqx', '-o', 'json'], { env });
      const o = JSON.parse(sts.stdout) as { spec: { replicas: number }; metadata: { annotations?: Record<string, string> } };
      expect(o.spec.replicas).toBe(3);
      expect(o.metadata.annotations?.['emqx-lab.io/replicas-before-experiment']).toBeUndefined();
    }
  }, 600_000);
});

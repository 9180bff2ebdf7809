/**
 * The whole shipped course on the simulated cluster, as a learner or CI would run it: `emqx-lab test --sim
 * --json` in a fresh EMQX_LAB_HOME must pass every step (fail-first, solve, verify). The simulator logs every
 * argv it was given (EMQX_LAB_SIM_ARGV_LOG), and each distinct one is then run through the REAL kubectl
 * against an unreachable server: connection refused is expected, a usage error (a flag or command real
 * kubectl does not have) fails the test. So nothing the engine builds works only against the simulator.
 */
import { execa } from 'execa';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { realKubectl, requireRealKubectl, usageVerdict } from '../fixtures/real-kubectl.js';

const root = join(import.meta.dirname, '..', '..');
const cli = join(root, 'dist', 'cli.js');
const STEPS = ['bare-pod', 'deployment', 'service', 'scale', 'env-config', 'rbac', 'configmap', 'statefulset', 'pvc'];

describe('emqx-lab test --sim on the shipped course', () => {
  const home = mkdtempSync(join(tmpdir(), 'emqx-lab-selftest-'));
  const argvLog = join(home, 'argv.log');
  let report: { passed: boolean; steps: { step: string; failFirst: string; solve: string; verify: string }[] };

  it('passes every step: verify fails first, solve, verify passes', async () => {
    const run = await execa(process.execPath, [cli, 'test', '--sim', '--json'], {
      reject: false,
      env: { ...process.env, EMQX_LAB_HOME: home, EMQX_LAB_SIM_ARGV_LOG: argvLog, CI: 'true' },
      timeout: 600_000,
    });
    report = JSON.parse(run.stdout);
    if (!report.passed) console.error(run.stderr);
    expect(report.steps.map((s) => s.step)).toEqual(STEPS);
    for (const s of report.steps) expect({ step: s.step, failFirst: s.failFirst, solve: s.solve, verify: s.verify }).toEqual({ step: s.step, failFirst: 'pass', solve: 'pass', verify: 'pass' });
    expect(report.passed).toBe(true);
    expect(run.exitCode).toBe(0);
  }, 660_000);

  it('every argv the run gave the simulator is one the real kubectl accepts', async () => {
    const argvs = readFileSync(argvLog, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as string[]);
    // One of each shape: names, run ids and ports differ between otherwise equal calls.
    const shape = (a: string[]) => a.map((x) => x.replace(/[a-z0-9]{5,}/g, 'X').replace(/\d+/g, 'N')).join(' ');
    const distinct = [...new Map(argvs.map((a) => [shape(a), a])).values()];
    expect(argvs.length).toBeGreaterThan(100);
    expect(distinct.length).toBeGreaterThan(15);

    const kubeconfig = join(home, 'unreachable.yaml');
    writeFileSync(
      kubeconfig,
      'apiVersion: v1\nkind: Config\nclusters: [{ name: c, cluster: { server: "https://127.0.0.1:1" } }]\n' +
        'users: [{ name: u, user: { token: t } }]\ncontexts: [{ name: kind-x, context: { cluster: c, user: u } }]\ncurrent-context: kind-x\n',
    );
    const manifest = 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: x }\n';
    // The detector must be able to fire: a missing kubectl or a changed wording would otherwise pass.
    await requireRealKubectl();
    const control = await execa(realKubectl(), ['get', 'pods', '--no-such-flag'], { reject: false, env: { ...process.env, KUBECONFIG: kubeconfig }, timeout: 20_000 });
    expect(usageVerdict(control).verdict).toBe('usage');
    const refused: string[] = [];
    for (const args of distinct) {
      const r = await execa(realKubectl(), args, {
        reject: false,
        env: { ...process.env, KUBECONFIG: kubeconfig },
        input: args.includes('-f') ? manifest : '',
        timeout: 20_000,
      });
      const v = usageVerdict(r);
      if (v.verdict !== 'accepted') refused.push(`kubectl ${args.join(' ')}\n  ${v.verdict}: ${v.detail}`);
    }
    expect(refused).toEqual([]);
  }, 300_000);
});

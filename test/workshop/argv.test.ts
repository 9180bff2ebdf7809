/**
 * The trainer's kit's kubectl argv: as tables, and run through the REAL kubectl (on PATH) against an
 * unreachable server, where a usage error (unknown flag, wrong arguments) fails the test.
 */
import { execa } from 'execa';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { realKubectl, requireRealKubectl, usageVerdict } from '../fixtures/real-kubectl.js';
import { applyOwnNamespacesArgs, createTokenArgs, flatConfigArgs, getAllNamespacesArgs } from '../../src/workshop/argv.js';
import type { KubeTarget } from '../../src/kube/argv.js';

const dir = mkdtempSync(join(tmpdir(), 'emqx-lab-ws-argv-'));
const kubeconfig = join(dir, 'kubeconfig');
const config = (cluster: string) =>
  `apiVersion: v1\nkind: Config\nclusters: [{ name: c, cluster: ${cluster} }]\nusers: [{ name: u, user: { token: t } }]\ncontexts: [{ name: kind-test, context: { cluster: c, user: u } }]\ncurrent-context: kind-test\n`;
writeFileSync(kubeconfig, config('{ server: "https://127.0.0.1:1" }'));
/** With a CA (not a real certificate: only config view reads this one, and it does not parse it). */
const withCa = join(dir, 'kubeconfig-ca');
writeFileSync(withCa, config('{ server: "https://127.0.0.1:1", certificate-authority-data: "Q0E=" }'));
const t: KubeTarget = { namespace: 'lab', context: 'kind-test', kubeconfig, requestTimeout: '1s' };

const G = ['--kubeconfig', kubeconfig, '--context', 'kind-test'];

describe('argv builders', () => {
  it.each([
    [getAllNamespacesArgs(t, 'configmaps', 'emqx-lab.io/record=progress'), [...G, '--request-timeout=1s', 'get', 'configmaps', '--all-namespaces', '-l', 'emqx-lab.io/record=progress', '-o', 'json']],
    [getAllNamespacesArgs(t, 'pods'), [...G, '--request-timeout=1s', 'get', 'pods', '--all-namespaces', '-o', 'json']],
    [applyOwnNamespacesArgs(t), [...G, '--request-timeout=1s', 'apply', '-f', '-']],
    [createTokenArgs(t, 'learner-01', 'emqx-lab-learner', '72h'), [...G, '--namespace', 'learner-01', '--request-timeout=1s', 'create', 'token', 'emqx-lab-learner', '--duration=72h']],
    [flatConfigArgs(t), [...G, 'config', 'view', '--minify', '--flatten', '--raw', '-o', 'json']],
  ])('%j', (got, want) => expect(got).toEqual(want));
});

describe('the real kubectl accepts them', () => {
  it('the real kubectl runs, and refuses an unknown flag (so these tests can fail)', async () => {
    await requireRealKubectl();
    const r = await execa(realKubectl(), [...G, 'get', 'pods', '--no-such-flag'], { reject: false, timeout: 20_000 });
    expect(usageVerdict(r).verdict).toBe('usage');
  });

  it.each([
    ['get -A', getAllNamespacesArgs(t, 'configmaps', 'emqx-lab.io/record=progress')],
    ['get pods -A', getAllNamespacesArgs(t, 'pods')],
    ['apply', applyOwnNamespacesArgs(t)],
    ['create token', createTokenArgs(t, 'learner-01', 'emqx-lab-learner', '72h')],
  ])('%s: no usage error (the server is unreachable)', async (_name, args) => {
    const r = await execa(realKubectl(), args, { reject: false, input: 'apiVersion: v1\nkind: Namespace\nmetadata: { name: x }\n', timeout: 20_000 });
    expect(usageVerdict(r)).toEqual({ verdict: 'accepted', detail: '' });
    expect(r.exitCode).not.toBe(0);
    expect(r.stderr).toMatch(/refused|127\.0\.0\.1:1|connect/);
  });

  it('config view --minify --flatten --raw prints the cluster with its CA inline', async () => {
    const r = await execa(realKubectl(), flatConfigArgs({ ...t, kubeconfig: withCa }), { reject: false, timeout: 20_000 });
    expect(r.exitCode).toBe(0);
    const v = JSON.parse(r.stdout) as { clusters: { cluster: Record<string, string> }[] };
    expect(v.clusters[0].cluster).toMatchObject({ server: 'https://127.0.0.1:1', 'certificate-authority-data': 'Q0E=' });
  });
});

/**
 * The judge of the argv tests: a kubectl that is missing, not executable or hanging is `broken`, never
 * "accepted" (an empty stderr used to read as acceptance), and the real client's refusal is `usage`.
 */
import { execa } from 'execa';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { realKubectl, requireRealKubectl, usageVerdict } from '../fixtures/real-kubectl.js';

const saved = process.env.EMQX_LAB_TEST_KUBECTL;
afterEach(() => {
  if (saved === undefined) delete process.env.EMQX_LAB_TEST_KUBECTL;
  else process.env.EMQX_LAB_TEST_KUBECTL = saved;
});

describe('usageVerdict', () => {
  it('a missing binary is broken', async () => {
    const r = await execa('/nonexistent/kubectl', ['get', 'pods'], { reject: false });
    expect(usageVerdict(r).verdict).toBe('broken');
  });

  it('a directory in place of kubectl is broken', async () => {
    const r = await execa(mkdtempSync(join(tmpdir(), 'emqx-lab-notkubectl-')), ['get', 'pods'], { reject: false });
    expect(usageVerdict(r).verdict).toBe('broken');
  });

  it('a kubectl that hangs is broken', async () => {
    const r = await execa('sleep', ['5'], { reject: false, timeout: 200 });
    expect(usageVerdict(r).verdict).toBe('broken');
  });

  it('the real client: an unknown flag is usage, a good argv against an unreachable server is accepted', async () => {
    const kubeconfig = join(mkdtempSync(join(tmpdir(), 'emqx-lab-verdict-')), 'config');
    writeFileSync(
      kubeconfig,
      'apiVersion: v1\nkind: Config\nclusters: [{ name: c, cluster: { server: "https://127.0.0.1:1" } }]\n' +
        'users: [{ name: u, user: { token: t } }]\ncontexts: [{ name: kind-x, context: { cluster: c, user: u } }]\ncurrent-context: kind-x\n',
    );
    const run = (args: string[]) => execa(realKubectl(), args, { reject: false, env: { ...process.env, KUBECONFIG: kubeconfig }, timeout: 20_000 });
    expect(usageVerdict(await run(['get', 'pods', '--no-such-flag'])).verdict).toBe('usage');
    const good = await run(['get', 'pods', '--request-timeout=2s']);
    expect(String(good.stderr)).toMatch(/refused/);
    expect(usageVerdict(good).verdict).toBe('accepted');
  });

  it('requireRealKubectl refuses a client that is not there', async () => {
    process.env.EMQX_LAB_TEST_KUBECTL = '/nonexistent/kubectl';
    await expect(requireRealKubectl()).rejects.toThrow(/does not run/);
    delete process.env.EMQX_LAB_TEST_KUBECTL;
    if (saved) process.env.EMQX_LAB_TEST_KUBECTL = saved;
    await expect(requireRealKubectl()).resolves.toMatch(/^v1\.32\./);
  });
});

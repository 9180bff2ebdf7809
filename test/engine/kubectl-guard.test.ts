/**
 * `emqx-lab kubectl ...` refuses a cluster that does not look local, judged by where kubectl will really
 * go: the flags after the word kubectl (--context, --kubeconfig, --cluster, --server, -s) count, as kubectl
 * reads them. Run through the built CLI and the real kubectl client; the remote server is a TEST-NET
 * address, so a guard that let the call through would show a connection error (exit 1), not the refusal.
 */
import { execa } from 'execa';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { targetFlags } from '../../src/commands/kubectl.js';
import { realKubectl } from '../fixtures/real-kubectl.js';

const cli = join(import.meta.dirname, '..', '..', 'dist', 'cli.js');
const REMOTE = 'https://203.0.113.10:6443';
const LOCAL = 'https://127.0.0.1:1';
const dir = mkdtempSync(join(tmpdir(), 'emqx-lab-guard-'));
const config = (current: string) => `apiVersion: v1
kind: Config
clusters:
  - { name: lab, cluster: { server: "${LOCAL}" } }
  - { name: prod, cluster: { server: "${REMOTE}" } }
users: [{ name: u, user: { token: t } }]
contexts:
  - { name: kind-lab, context: { cluster: lab, user: u } }
  - { name: prod, context: { cluster: prod, user: u } }
current-context: ${current}
`;
const localFile = join(dir, 'local.yaml');
const remoteFile = join(dir, 'remote.yaml');
writeFileSync(localFile, config('kind-lab'));
writeFileSync(remoteFile, config('prod'));

function run(args: string[], kubeconfig = localFile) {
  return execa('node', [cli, ...args], {
    reject: false,
    timeout: 60_000,
    stdin: 'ignore',
    env: { ...process.env, KUBECONFIG: kubeconfig, EMQX_LAB_KUBECTL: realKubectl(), EMQX_LAB_HOME: join(dir, 'home'), NO_COLOR: '1', CI: '1' },
  });
}

describe('targetFlags reads the target flags as kubectl does', () => {
  it.each([
    [['get', 'pods', '--context', 'prod'], { context: 'prod' }],
    [['--context=prod', 'get', 'pods'], { context: 'prod' }],
    [['get', 'pods', '-s', REMOTE], { server: REMOTE }],
    [['get', 'pods', `-s=${REMOTE}`], { server: REMOTE }],
    [['get', 'pods', `-s${REMOTE}`], { server: REMOTE }],
    [['get', 'pods', `--server=${REMOTE}`, '--cluster', 'prod', '--kubeconfig', 'k.yaml'], { server: REMOTE, cluster: 'prod', kubeconfig: 'k.yaml' }],
    [['--context', 'a', 'get', 'pods', '--context', 'b'], { context: 'b' }],
    [['exec', 'emqx', '--', 'kubectl', '--context', 'prod', '-s', REMOTE], {}],
    [['get', 'pods', '-l', 'app=x', '-o', 'json'], {}],
  ])('%j → %j', (args, want) => {
    expect(targetFlags(args)).toEqual(want);
  });
});

describe.concurrent('the guard judges the context and server kubectl will use', { timeout: 120_000 }, () => {
  it.each([
    ['--context prod', ['kubectl', '--context', 'prod', 'get', 'pods'], localFile, /context "prod" \(server https:\/\/203\.0\.113\.10:6443\) does not look like a local/],
    ['--context=prod', ['kubectl', 'get', 'pods', '--context=prod'], localFile, /context "prod"/],
    ['--kubeconfig naming prod', ['kubectl', '--kubeconfig', remoteFile, 'get', 'pods'], localFile, /context "prod"/],
    ['--server', ['kubectl', 'get', 'pods', '--server', REMOTE], localFile, /server https:\/\/203\.0\.113\.10:6443 \(--server\)/],
    ['-s', ['kubectl', 'get', 'pods', '-s', REMOTE], localFile, /\(--server\)/],
    ['-s=', ['kubectl', 'delete', 'pods', '--all', `-s=${REMOTE}`], localFile, /\(--server\)/],
    ['--cluster prod', ['kubectl', 'get', 'pods', '--cluster', 'prod'], localFile, /server https:\/\/203\.0\.113\.10:6443 \(--cluster\)/],
  ])('%s: refused with exit 3 before kubectl runs', async (_name, args, kubeconfig, message) => {
    const r = await run(args, kubeconfig);
    expect(r.exitCode, String(r.stderr)).toBe(3);
    expect(String(r.stderr)).toMatch(message);
    expect(String(r.stdout)).toBe('');
  });

  it.each([
    ['the local context', ['kubectl', 'get', 'pods', '--request-timeout=2s'], localFile],
    ['--context naming the local one from a remote default', ['kubectl', '--context', 'kind-lab', 'get', 'pods', '--request-timeout=2s'], remoteFile],
    ['--server on this machine', ['kubectl', 'get', 'pods', '--server', LOCAL, '--insecure-skip-tls-verify', '--request-timeout=2s'], remoteFile],
    ['flags after -- belong to the command in the pod', ['kubectl', 'exec', 'emqx', '--request-timeout=2s', '--', 'kubectl', '--context', 'prod'], localFile],
    ['--yes before the word kubectl', ['--yes', 'kubectl', '--context', 'prod', 'get', 'pods', '--request-timeout=2s'], localFile],
  ])('%s: passes the guard (kubectl runs and finds nothing listening)', async (_name, args, kubeconfig) => {
    const r = await run(args, kubeconfig);
    expect(String(r.stderr)).not.toContain('does not look like a local');
    expect(String(r.stderr)).not.toContain('not on this machine');
    expect(r.exitCode, String(r.stderr)).toBe(1);
  });
});

/**
 * Every argv form the simulator is tested with, run through the REAL kubectl on PATH against a kubeconfig
 * whose server is an unreachable https://127.0.0.1:1. Connection refused is expected; a usage error (unknown
 * flag, wrong arguments) would mean the simulator accepts argv that kubectl refuses.
 */
import { execa } from 'execa';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { realKubectl, requireRealKubectl, usageVerdict } from '../fixtures/real-kubectl.js';
import { parseArgv } from '../../src/sim/cli/argv.js';

const dir = mkdtempSync(join(tmpdir(), 'emqx-lab-sim-argv-'));
const kubeconfig = join(dir, 'kubeconfig');
writeFileSync(kubeconfig, `apiVersion: v1
kind: Config
clusters: [{name: sim, cluster: {server: "https://127.0.0.1:1"}}]
users: [{name: u, user: {token: t}}]
contexts: [{name: emqx-lab-sim, context: {cluster: sim, user: u, namespace: lab}}]
current-context: emqx-lab-sim
`);
const manifest = join(dir, 'm.yaml');
writeFileSync(manifest, 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n');


/** argv the simulator accepts (from its tests and the engine's builders); `-` reads the manifest on stdin. */
export const CASES: string[][] = [
  ['config', 'current-context'],
  ['config', 'view', '--minify', '-o', 'json'],
  ['config', 'get-contexts'],
  ['version', '-o', 'json'],
  ['version', '--client', '-o', 'json'],
  ['cluster-info'],
  ['api-resources'],
  ['api-versions'],
  ['get', 'nodes'],
  ['get', 'nodes', '-o', 'wide'],
  ['get', 'sc', '-o', 'name'],
  ['get', 'pods', '-A'],
  ['get', 'pods', '-A', '-o', 'wide'],
  ['get', 'pods'],
  ['get', 'pods', 'nope', '-n', 'default'],
  ['get', 'deploy', 'nope', '-n', 'default', '--ignore-not-found'],
  ['get', 'pods', '-n', 'empty'],
  ['get', 'all', '-n', 'lab'],
  ['get', 'pods,services', '-n', 'lab', '-o', 'json'],
  ['--namespace', 'lab', '--request-timeout=10s', 'get', 'pods', 'box', '-o', 'json'],
  ['--context', 'emqx-lab-sim', '--namespace', 'lab', '--request-timeout=10s', 'get', 'deployments', 'emqx', '-o', 'json'],
  ['get', 'pods', '-n', 'lab', '-o', 'name'],
  ['get', 'pods', '-n', 'lab', '-o', 'jsonpath={.items[*].metadata.name}'],
  ['get', 'pods', '-n', 'lab', '-o', 'yaml'],
  ['get', 'pods', '-n', 'lab', '-l', 'app in (box,other)', '-o', 'name'],
  ['get', 'pods', '-n', 'lab', '-l', 'app!=box', '-o', 'name'],
  ['get', 'pods', '-n', 'lab', '--selector', 'app=box,!tier'],
  ['get', 'pods', '-n', 'lab', '--field-selector', 'status.phase=Running'],
  ['get', 'pods', '-n', 'lab', '-o', 'wide', '--show-labels'],
  ['get', 'pods', '-n', 'lab', '-L', 'app', '--no-headers'],
  ['get', 'pods', '-n', 'lab', '--sort-by=.metadata.creationTimestamp'],
  ['get', 'pods', '-n', 'lab', '-w'],
  ['get', 'events', '-n', 'lab'],
  ['get', 'ep', '-n', 'lab'],
  ['get', 'pvc,pv', '-n', 'lab'],
  ['get', 'cm', '-n', 'lab', '-o', 'name'],
  ['get', 'pod/box', 'svc/mq', '-n', 'lab'],
  ['get', '--raw', '/readyz'],
  ['get', '--raw', '/version'],
  ['get', '--raw', '/api/v1/namespaces/lab/services/mq:18083/proxy/status'],
  ['get', '--raw', '/api/v1/namespaces/lab/pods/mq-0:18083/proxy/api/v5/status?format=json'],
  ['get', '--raw', '/api/v1/namespaces/lab/status'],
  ['--token', 't', 'get', 'namespace', 'lab', '-o', 'name'],
  ['apply', '-f', '-'],
  ['apply', '-n', 'lab', '-f', '-'],
  ['--namespace', 'lab', 'apply', '-f', '-'],
  ['apply', '-f', manifest, '--dry-run=client', '-o', 'yaml'],
  ['apply', '-f', dir, '-R'],
  ['create', '-f', manifest],
  ['create', 'namespace', 'lab'],
  ['create', 'configmap', 'a', '-n', 'lab', '--from-literal=k=a'],
  ['create', 'secret', 'generic', 's', '-n', 'lab', '--from-literal=password=x'],
  ['create', 'serviceaccount', 'learner', '-n', 'lab'],
  ['create', 'token', 'learner', '-n', 'lab', '--duration', '24h'],
  ['delete', 'pod', 'box', '-n', 'lab'],
  ['-n', 'lab', 'delete', 'pods/box', '--ignore-not-found', '--wait=true'],
  ['delete', 'pod', 'box', '-n', 'lab', '--wait=false'],
  ['delete', 'pod', 'box', '-n', 'lab', '--grace-period=0', '--force'],
  ['delete', 'deployments,services', '-n', 'lab', '-l', 'app.kubernetes.io/part-of=emqx-lab', '--ignore-not-found', '--wait=true'],
  ['delete', '-f', manifest],
  ['delete', 'statefulset', 'mq', '-n', 'lab', '--cascade=orphan'],
  ['delete', 'namespace', 'lab'],
  ['describe', 'pod', 'box', '-n', 'lab'],
  ['describe', 'deploy/mq', '-n', 'lab'],
  ['describe', 'sts', 'mq', '-n', 'lab'],
  ['describe', 'svc', 'mq', '-n', 'lab'],
  ['logs', 'box', '-n', 'lab'],
  ['logs', 'deploy/mq', '-n', 'lab', '--tail=20'],
  ['logs', 'box', '-n', 'lab', '-c', 'main', '--previous'],
  ['logs', '-n', 'lab', '-l', 'app=mq', '--prefix', '--since=10m'],
  ['logs', 'box', '-n', 'lab', '-f', '--timestamps'],
  ['exec', '-n', 'lab', 'box', '--', 'echo', 'hi'],
  ['exec', '-n', 'lab', 'box', '-c', 'main', '--', 'sh', '-c', 'exit 3'],
  ['--namespace', 'lab', 'exec', 'mq-0', '--', 'emqx', 'ctl', 'cluster', 'status', '--json'],
  ['exec', 'mq-0', '-n', 'lab', '--', 'emqx_ctl', 'admins', 'add', 'learner', 'lab-Pass-1', 'desc'],
  ['exec', '-it', '-n', 'lab', 'box', '--', 'env'],
  ['scale', 'deploy/mq', '--replicas=3', '-n', 'lab'],
  ['scale', 'statefulset', 'mq', '--replicas', '0', '-n', 'lab'],
  ['rollout', 'status', 'deploy/mq', '-n', 'lab', '--timeout=60s'],
  ['rollout', 'status', 'statefulset/mq', '-n', 'lab', '--watch=false'],
  ['rollout', 'restart', 'deployment/mq', '-n', 'lab'],
  ['rollout', 'history', 'deploy/mq', '-n', 'lab'],
  ['patch', 'deploy/mq', '-n', 'lab', '--type', 'merge', '-p', '{"spec":{"replicas":2}}'],
  ['patch', 'deploy', 'mq', '-n', 'lab', '--type=json', '-p', '[{"op":"replace","path":"/spec/replicas","value":1}]'],
  ['patch', 'cm', 'settings', '-n', 'lab', '--type', 'merge', '-p', 'data: {updated-at: 2026-12-01T08:00:00Z, window: 22:00}'],
  ['label', 'pod', 'box', 'tier=web', '--overwrite', '-n', 'lab'],
  ['annotate', 'pod', 'box', 'note=x', '-n', 'lab'],
  ['auth', 'can-i', 'get', 'pods', '-n', 'lab'],
  ['auth', 'can-i', 'get', 'endpoints', '-n', 'lab', '--as=system:serviceaccount:lab:default'],
  ['auth', 'can-i', 'create', 'pods', '--subresource=exec', '-n', 'lab'],
  ['auth', 'can-i', 'get', 'namespace/lab', '-n', 'lab'],
  ['auth', 'can-i', 'get', 'namespace/lab', '-A'],
  ['auth', 'whoami'],
  ['port-forward', '--address', '127.0.0.1', 'pod/mq-0', '0:1883'],
  ['-n', 'lab', 'port-forward', 'svc/mq', '18083:18083', '0:1883'],
  ['run', 'box', '--image=busybox:1.36', '-n', 'lab', '--restart=Never', '--', 'sleep', '3600'],
  ['run', 'tmp', '--image=busybox:1.36', '--rm', '-i', '--restart=Never', '-n', 'lab', '--', 'nslookup', 'mq'],
  ['wait', '--for=condition=Ready', 'pod/box', '-n', 'lab', '--timeout=60s'],
  ['wait', '--for=delete', 'pod', '-l', 'app=mq', '-n', 'lab'],
  ['wait', '--for=jsonpath={.status.phase}=Running', 'pod/box', '-n', 'lab'],
  ['config', 'set-context', '--current', '--namespace=lab'],
];

describe('argv the simulator accepts are accepted by the real kubectl', () => {
  it('each case parses in the simulator too', () => {
    for (const a of CASES) expect(() => parseArgv(a), a.join(' ')).not.toThrow();
  });

  it('the usage detector catches a refused argv (so this test can fail)', async () => {
    const r = await execa(realKubectl(), ['--kubeconfig', kubeconfig, 'get', 'pods', '--no-such-flag'], { reject: false, timeout: 20_000 });
    await requireRealKubectl();
    expect(usageVerdict(r).verdict).toBe('usage');
  });

  it.each(CASES.map((a) => [a.join(' '), a] as const))('kubectl %s', async (_name, args) => {
    const r = await execa(realKubectl(), ['--kubeconfig', kubeconfig, '--request-timeout=1s', ...args], {
      reject: false,
      timeout: 20_000,
      input: args.includes('-') ? 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n' : '',
      env: { KUBECONFIG: kubeconfig },
    });
    expect(usageVerdict(r)).toEqual({ verdict: 'accepted', detail: '' });
  }, 30_000);
});

/**
 * The control plane itself, checked with the real kubectl (v1.32): what the lab relies on from a kind
 * cluster works here too. Runs under vitest.control-plane.config.ts (npm run test:control-plane), whose
 * globalSetup starts the plane; under the default config there is no plane and the suite is skipped.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, inject, it } from 'vitest';
import { realKubectl, startControlPlane } from './harness.js';
import { groupAlive, pidAlive } from './plane.js';

const plane = inject('controlPlane');

interface Result {
  stdout: string;
  stderr: string;
  code: number;
}

function kubectl(args: string[], opts: { kubeconfig?: string; input?: string } = {}): Result {
  const r = spawnSync(realKubectl, [`--kubeconfig=${opts.kubeconfig ?? plane?.kubeconfig}`, ...args], {
    encoding: 'utf8',
    input: opts.input,
    timeout: 90_000,
  });
  return { stdout: r.stdout ?? '', stderr: r.stderr ?? '', code: r.status ?? -1 };
}

function ok(args: string[], input?: string): string {
  const r = kubectl(args, { input });
  if (r.code !== 0) throw new Error(`kubectl ${args.join(' ')} failed (${r.code}): ${r.stderr}`);
  return r.stdout;
}

async function eventually<T>(what: string, probe: () => T | undefined, timeoutMs = 60_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = probe();
    if (v !== undefined) return v;
    if (Date.now() > until) throw new Error(`not within ${timeoutMs / 1000} s: ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

const json = <T>(args: string[]): T => JSON.parse(ok([...args, '-o', 'json'])) as T;

interface Meta {
  name: string;
  labels?: Record<string, string>;
}
interface NodeList {
  items: { metadata: Meta; spec: { taints?: { key: string; effect: string }[]; podCIDR?: string } }[];
}
interface PodList {
  items: { metadata: Meta; spec: { nodeName?: string }; status: { podIP?: string; phase?: string } }[];
}

describe.skipIf(!plane)('the real control plane', () => {
  it('has kind\'s three nodes, labelled and tainted as kind\'s', () => {
    const nodes = json<NodeList>(['get', 'nodes']).items;
    expect(nodes.map((n) => n.metadata.name).sort()).toEqual(['emqx-lab-control-plane', 'emqx-lab-worker', 'emqx-lab-worker2']);
    for (const n of nodes) {
      expect(n.metadata.labels).toMatchObject({
        'kubernetes.io/hostname': n.metadata.name,
        'kubernetes.io/os': 'linux',
        'kubernetes.io/arch': 'amd64',
      });
    }
    const cp = nodes.find((n) => n.metadata.name === 'emqx-lab-control-plane');
    expect(cp?.metadata.labels).toMatchObject({
      'node-role.kubernetes.io/control-plane': '',
      'node.kubernetes.io/exclude-from-external-load-balancers': '',
    });
    expect(cp?.spec.taints).toEqual([{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }]);
    const worker = nodes.find((n) => n.metadata.name === 'emqx-lab-worker');
    expect(worker?.spec.taints).toBeUndefined();
    expect(ok(['get', 'nodes'])).toMatch(/emqx-lab-worker2\s+Ready\s+<none>/);
    expect(ok(['config', 'current-context']).trim()).toBe('kind-emqx-lab');
    expect(ok(['version', '-o', 'json'])).toContain(`"gitVersion": "${plane?.kubernetes}"`);
  });

  it('runs a Deployment\'s pods Ready on the workers with pod IPs, listed by its Service\'s Endpoints', async () => {
    ok(['create', 'namespace', 'smoke-deploy']);
    ok(['-n', 'smoke-deploy', 'create', 'deployment', 'web', '--image=nginx', '--replicas=3', '--port=80']);
    ok(['-n', 'smoke-deploy', 'expose', 'deployment', 'web', '--port=80']);
    ok(['-n', 'smoke-deploy', 'rollout', 'status', 'deployment/web', '--timeout=90s']);
    const pods = json<PodList>(['-n', 'smoke-deploy', 'get', 'pods', '-l', 'app=web']).items;
    expect(pods).toHaveLength(3);
    for (const p of pods) {
      expect(['emqx-lab-worker', 'emqx-lab-worker2']).toContain(p.spec.nodeName);
      expect(p.status.phase).toBe('Running');
      expect(p.status.podIP).toMatch(/^10\.244\.\d+\.\d+$/);
    }
    const ips = pods.map((p) => p.status.podIP).sort();
    const endpoints = await eventually('Endpoints web list the three pods', () => {
      const r = kubectl(['-n', 'smoke-deploy', 'get', 'endpoints', 'web', '-o', 'jsonpath={.subsets[*].addresses[*].ip}']);
      const got = r.stdout.split(' ').filter(Boolean).sort();
      return got.length === 3 ? got : undefined;
    });
    expect(endpoints).toEqual(ips);
    // kwok's default Logs rule: an empty log, not a connection error.
    const logs = kubectl(['-n', 'smoke-deploy', 'logs', 'deployment/web']);
    expect(logs.stderr).not.toMatch(/error|refused|x509/i);
    expect(logs.code).toBe(0);
  });

  it('refuses a ServiceAccount token without a RoleBinding and accepts it with one', async () => {
    ok(['create', 'namespace', 'smoke-rbac']);
    ok(['-n', 'smoke-rbac', 'create', 'serviceaccount', 'reader']);
    const token = ok(['-n', 'smoke-rbac', 'create', 'token', 'reader']).trim();
    expect(token.split('.')).toHaveLength(3);
    // Only the token identifies the caller: no client certificate from the admin kubeconfig.
    const asReader = ['--kubeconfig=/dev/null', `--server=${plane?.server}`, `--certificate-authority=${join(plane?.dir ?? '', 'pki', 'ca.crt')}`, `--token=${token}`];
    const refused = spawnSync(realKubectl, [...asReader, '-n', 'smoke-rbac', 'get', 'endpoints'], { encoding: 'utf8' });
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('Error from server (Forbidden): endpoints is forbidden: User "system:serviceaccount:smoke-rbac:reader" cannot list resource "endpoints"');
    const cannot = kubectl(['auth', 'can-i', 'get', 'endpoints', '-n', 'smoke-rbac', '--as=system:serviceaccount:smoke-rbac:reader']);
    expect([cannot.stdout.trim(), cannot.code]).toEqual(['no', 1]);

    ok(['-n', 'smoke-rbac', 'create', 'role', 'ep-reader', '--verb=get,list', '--resource=endpoints']);
    ok(['-n', 'smoke-rbac', 'create', 'rolebinding', 'ep-reader', '--role=ep-reader', '--serviceaccount=smoke-rbac:reader']);
    const allowed = await eventually('the RoleBinding takes effect', () => {
      const r = spawnSync(realKubectl, [...asReader, '-n', 'smoke-rbac', 'get', 'endpoints'], { encoding: 'utf8' });
      return r.status === 0 ? r : undefined;
    }, 10_000);
    expect(allowed.stderr).toContain('No resources found in smoke-rbac namespace.');
    expect(ok(['auth', 'can-i', 'get', 'endpoints', '-n', 'smoke-rbac', '--as=system:serviceaccount:smoke-rbac:reader']).trim()).toBe('yes');
  });

  it('binds a StatefulSet\'s claims on class standard to volumes on the pods\' nodes, and deletes them after', async () => {
    ok(['create', 'namespace', 'smoke-sts']);
    const sts = [
      'apiVersion: apps/v1',
      'kind: StatefulSet',
      'metadata: {name: db}',
      'spec:',
      '  serviceName: db',
      '  replicas: 2',
      '  selector: {matchLabels: {app: db}}',
      '  template:',
      '    metadata: {labels: {app: db}}',
      // A container that keeps running: the plane's runtime plays busybox as it runs (no command: sh ends at
      // once); sleep as PID 1 ignores SIGTERM, so the grace period is short.
      "    spec: {terminationGracePeriodSeconds: 1, containers: [{name: db, image: busybox, command: [sleep, '3600']}]}",
      '  volumeClaimTemplates:',
      '  - metadata: {name: data}',
      '    spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}',
    ].join('\n');
    ok(['-n', 'smoke-sts', 'apply', '-f', '-'], sts);
    ok(['-n', 'smoke-sts', 'rollout', 'status', 'statefulset/db', '--timeout=90s']);
    const claims = json<{ items: { metadata: Meta; spec: { storageClassName?: string; volumeName?: string }; status: { phase?: string } }[] }>(['-n', 'smoke-sts', 'get', 'pvc']).items;
    expect(claims.map((c) => [c.metadata.name, c.spec.storageClassName, c.status.phase]).sort()).toEqual([
      ['data-db-0', 'standard', 'Bound'],
      ['data-db-1', 'standard', 'Bound'],
    ]);
    const node = ok(['-n', 'smoke-sts', 'get', 'pod', 'db-0', '-o', 'jsonpath={.spec.nodeName}']);
    const volume = claims.find((c) => c.metadata.name === 'data-db-0')?.spec.volumeName ?? '';
    expect(ok(['get', 'pv', volume, '-o', 'jsonpath={.spec.nodeAffinity.required.nodeSelectorTerms[0].matchExpressions[0].values[0]} {.metadata.annotations.pv\\.kubernetes\\.io/provisioned-by} {.spec.persistentVolumeReclaimPolicy}'])).toBe(
      `${node} rancher.io/local-path Delete`,
    );
    ok(['-n', 'smoke-sts', 'delete', 'statefulset', 'db', '--wait=true']);
    ok(['-n', 'smoke-sts', 'delete', 'pvc', '--all', '--wait=true']);
    await eventually('the released volume is deleted', () => (kubectl(['get', 'pv', volume]).code === 1 ? true : undefined));
  });

  it('enforces ResourceQuota and LimitRange', () => {
    ok(['create', 'namespace', 'smoke-quota']);
    ok(['-n', 'smoke-quota', 'create', 'quota', 'q', '--hard=pods=1']);
    const limits = [
      'apiVersion: v1',
      'kind: LimitRange',
      'metadata: {name: limits}',
      'spec:',
      '  limits:',
      '  - type: Container',
      '    max: {memory: 512Mi}',
      '    default: {memory: 128Mi}',
      '    defaultRequest: {memory: 64Mi}',
    ].join('\n');
    ok(['-n', 'smoke-quota', 'apply', '-f', '-'], limits);
    const big = kubectl(['-n', 'smoke-quota', 'run', 'big', '--image=nginx', '--overrides={"spec":{"containers":[{"name":"big","image":"nginx","resources":{"limits":{"memory":"1Gi"}}}]}}']);
    expect(big.code).toBe(1);
    expect(big.stderr).toContain('Error from server (Forbidden): pods "big" is forbidden: maximum memory usage per Container is 512Mi, but limit is 1Gi');
    ok(['-n', 'smoke-quota', 'run', 'one', '--image=nginx']);
    expect(ok(['-n', 'smoke-quota', 'get', 'pod', 'one', '-o', 'jsonpath={.spec.containers[0].resources.limits.memory}'])).toBe('128Mi');
    const two = kubectl(['-n', 'smoke-quota', 'run', 'two', '--image=nginx']);
    expect(two.code).toBe(1);
    expect(two.stderr).toContain('exceeded quota: q, requested: pods=1, used: pods=1, limited: pods=1');
  });

  it('answers kubectl explain', () => {
    const out = ok(['explain', 'pod.spec']);
    expect(out).toMatch(/^KIND:\s+Pod\nVERSION:\s+v1\n\nFIELD: spec <PodSpec>/);
  });

  it('stop() ends every process of a plane and removes its folder', async () => {
    const other = await startControlPlane({ log: () => {} });
    const pids = [other.pid, ...Object.values(other.processes)];
    expect(Object.keys(other.processes).sort()).toEqual(['egress', 'etcd', 'kube-apiserver', 'kube-controller-manager', 'kube-scheduler', 'kwok', 'provisioner']);
    expect(pids.every(pidAlive)).toBe(true);
    await other.stop();
    expect(pids.filter(pidAlive)).toEqual([]);
    expect(groupAlive(other.pid)).toBe(false);
    expect(existsSync(other.dir)).toBe(false);
  });

  it('a plane stops by itself when the process that started it dies', async () => {
    const harness = fileURLToPath(new URL('./harness.ts', import.meta.url));
    const code = `const { startControlPlane } = await import(${JSON.stringify(harness)});
      const p = await startControlPlane({ log() {} });
      console.log(JSON.stringify(p));
      setInterval(() => {}, 60_000);`;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], { stdio: ['ignore', 'pipe', 'inherit'] });
    const started = await new Promise<{ pid: number; dir: string; processes: Record<string, number> }>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.includes('\n')) resolve(JSON.parse(out.slice(0, out.indexOf('\n'))));
      });
      child.on('exit', (c) => reject(new Error(`the starting process exited (${c}) before the plane was ready`)));
    });
    const pids = [started.pid, ...Object.values(started.processes)];
    expect(pids.every(pidAlive)).toBe(true);
    child.kill('SIGKILL');
    await eventually('every process of the orphaned plane is gone', () => (pids.some(pidAlive) || groupAlive(started.pid) ? undefined : true), 30_000);
    await eventually('its folder is removed', () => (existsSync(started.dir) ? undefined : true), 10_000);
  });
});

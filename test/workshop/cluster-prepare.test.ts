/**
 * `cluster create` and `prepare` with fake kind / minikube / docker executables on PATH recording their argv
 * (and the fake kubectl of the engine's tests where a cluster must answer); `prepare --sim` for real against
 * the simulator's nodes.
 */
import { execa } from 'execa';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FAKE_BIN, fakeKubectl, verbs } from '../fixtures/engine/fake-kubectl.js';
import { routeFor } from '../../src/workshop/prepare.js';
import { CLI, simRoom } from './sim-room.js';

const RECORDER = join(import.meta.dirname, 'fixtures', 'fake-tool.mjs');

interface Rule {
  tool: string;
  when: string[];
  stdout?: string;
  exit?: number;
}

/** A PATH holding only node and the named fakes. */
function tools(names: string[], rules: Rule[] = []) {
  const dir = mkdtempSync(join(tmpdir(), 'emqx-lab-tools-'));
  const bin = join(dir, 'bin');
  const nodeBin = join(dir, 'node-bin');
  mkdirSync(bin);
  mkdirSync(nodeBin);
  symlinkSync(process.execPath, join(nodeBin, 'node'));
  // The engine's fake kubectl is a sh script that needs dirname.
  for (const dir of ['/usr/bin', '/bin']) {
    if (existsSync(join(dir, 'dirname'))) {
      symlinkSync(join(dir, 'dirname'), join(nodeBin, 'dirname'));
      break;
    }
  }
  for (const n of names) {
    const f = join(bin, n);
    writeFileSync(f, `#!/bin/sh\nexec "${process.execPath}" "${RECORDER}" ${n} "$@"\n`);
    chmodSync(f, 0o755);
  }
  const log = join(dir, 'calls.log');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PATH: [bin, nodeBin].join(delimiter),
    FAKE_TOOL_LOG: log,
    FAKE_TOOL_RULES: JSON.stringify(rules),
    EMQX_LAB_HOME: join(dir, 'home'),
    KUBECONFIG: join(dir, 'no-kubeconfig'),
    NO_COLOR: '1',
    CI: '1',
  };
  delete env.EMQX_LAB_KUBECTL;
  const calls = () =>
    existsSync(log)
      ? readFileSync(log, 'utf8')
          .split('\n')
          .filter(Boolean)
          .map((l) => JSON.parse(l) as { tool: string; argv: string[] })
      : [];
  return { dir, env, calls };
}

const run = (args: string[], env: NodeJS.ProcessEnv) => execa('node', [CLI, ...args], { env, reject: false, stdin: 'ignore', timeout: 60_000 });

describe('cluster create', { timeout: 60_000 }, () => {
  it('neither kind nor minikube: exit 3 with install instructions for Linux, macOS and Windows', async () => {
    const t = tools([]);
    const r = await run(['cluster', 'create'], t.env);
    expect(r.exitCode).toBe(3);
    expect(r.stdout).toBe('');
    for (const s of ['Neither kind nor minikube is installed', 'brew install kind', 'winget install Kubernetes.kind', 'kind-linux-amd64', 'brew install minikube', 'winget install Kubernetes.minikube', 'minikube-linux-amd64', 'Docker Desktop', 'Docker Engine']) {
      expect(r.stderr).toContain(s);
    }
    expect(r.stderr).not.toMatch(/\n\s+at /);
    const zh = await run(['--lang', 'zh', 'cluster', 'create'], t.env);
    expect(zh.exitCode).toBe(3);
    expect(zh.stderr).toContain('没有安装 kind，也没有安装 minikube');
  });

  it('--provider minikube when only kind is installed: exit 3 naming minikube', async () => {
    const t = tools(['kind']);
    const r = await run(['cluster', 'create', '--provider', 'minikube'], t.env);
    expect(r.exitCode).toBe(3);
    expect(r.stderr).toContain('minikube is not installed');
    expect(r.stderr).toContain('brew install minikube');
    expect(t.calls()).toEqual([]);
  });

  it('kind: three nodes from a config file, the command shown before its output', async () => {
    const t = tools(['kind', 'minikube']);
    const r = await run(['cluster', 'create'], t.env);
    expect(r.exitCode, String(r.stderr)).toBe(0);
    const config = join(t.env.EMQX_LAB_HOME!, 'cluster', 'kind-emqx-lab.yaml');
    expect(t.calls()).toEqual([
      { tool: 'kind', argv: ['get', 'clusters'] },
      { tool: 'kind', argv: ['create', 'cluster', '--name', 'emqx-lab', '--config', config] },
    ]);
    expect(readFileSync(config, 'utf8')).toMatch(/kind: Cluster\napiVersion: kind\.x-k8s\.io\/v1alpha4\nnodes:\n {2}- role: control-plane\n {2}- role: worker\n {2}- role: worker\n/);
    const out = String(r.stdout);
    expect(out).toContain('Using kind (');
    expect(out.indexOf(`$ kind create cluster --name emqx-lab --config ${config}`)).toBeGreaterThan(-1);
    expect(out.indexOf('fake kind: create cluster done')).toBeGreaterThan(out.indexOf('$ kind create cluster'));
    expect(out).toContain('context kind-emqx-lab');
    expect(out).toContain('emqx-lab prepare');
  });

  it('kind with --name; an existing cluster is left alone; a failing kind is exit 3', async () => {
    const named = tools(['kind']);
    expect((await run(['cluster', 'create', '--name', 'class'], named.env)).exitCode).toBe(0);
    expect(named.calls()[1].argv.slice(0, 4)).toEqual(['create', 'cluster', '--name', 'class']);

    const exists = tools(['kind'], [{ tool: 'kind', when: ['get', 'clusters'], stdout: 'other\nemqx-lab\n' }]);
    const r = await run(['cluster', 'create'], exists.env);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain('exists already');
    expect(exists.calls()).toHaveLength(1);

    const broken = tools(['kind'], [{ tool: 'kind', when: ['create'], stdout: 'ERROR: failed to create cluster: docker not running\n', exit: 1 }]);
    const f = await run(['cluster', 'create'], broken.env);
    expect(f.exitCode).toBe(3);
    expect(f.stdout).toContain('ERROR: failed to create cluster: docker not running');
    expect(f.stderr).toMatch(/`kind create cluster --name emqx-lab --config \S+` failed \(exit code 1\)/);
  });

  it('minikube: three nodes, the CSI hostpath driver made the default StorageClass', async () => {
    const t = tools(['minikube']);
    const k = fakeKubectl([{ when: ['patch'], stdout: 'storageclass.storage.k8s.io/csi-hostpath-sc patched\n' }], t.env);
    const env = { ...k.env, PATH: [FAKE_BIN, t.env.PATH].join(delimiter) };
    const r = await run(['cluster', 'create'], env);
    expect(r.exitCode, String(r.stderr)).toBe(0);
    expect(t.calls()).toEqual([
      { tool: 'minikube', argv: ['start', '--profile', 'minikube', '--nodes', '3', '--addons', 'volumesnapshots', '--addons', 'csi-hostpath-driver'] },
      { tool: 'minikube', argv: ['addons', 'disable', 'storage-provisioner', '--profile', 'minikube'] },
      { tool: 'minikube', argv: ['addons', 'disable', 'default-storageclass', '--profile', 'minikube'] },
    ]);
    const patch = k.calls().map((c) => c.argv);
    expect(patch).toHaveLength(1);
    expect(patch[0].slice(0, 2)).toEqual(['--context', 'minikube']);
    expect(verbs(patch[0])).toEqual(['patch', 'storageclasses/csi-hostpath-sc', '--type', 'merge', '-p', '{"metadata":{"annotations":{"storageclass.kubernetes.io/is-default-class":"true"}}}']);
    expect(r.stdout).toContain('$ minikube start --profile minikube --nodes 3');
    expect(r.stdout).toContain('$ kubectl --context minikube');
    expect(r.stdout).toContain('context minikube');
  });

  it('--sim: the simulator is the cluster; nothing runs', async () => {
    const t = tools(['kind']);
    const r = await run(['--sim', 'cluster', 'create'], t.env);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain('already a three-node cluster');
    expect(t.calls()).toEqual([]);
  });
});

describe('prepare', { timeout: 60_000 }, () => {
  const cluster = (context: string) => [
    { when: ['config', 'current-context'], stdout: `${context}\n` },
    { when: ['version'], stdout: { clientVersion: { gitVersion: 'v1.32.2' }, serverVersion: { gitVersion: 'v1.32.2' } } },
  ];
  const withKubectl = (t: ReturnType<typeof tools>, context: string) => {
    const k = fakeKubectl(cluster(context), t.env);
    return { ...k.env, PATH: [FAKE_BIN, t.env.PATH].join(delimiter) };
  };

  it.each([
    ['kind-emqx-lab', false, { kind: 'kind', cluster: 'emqx-lab' }],
    ['kind-class-2', false, { kind: 'kind', cluster: 'class-2' }],
    ['minikube', false, { kind: 'minikube', profile: 'minikube' }],
    ['docker-desktop', false, { kind: 'daemonset' }],
    ['gke_venue_room', false, { kind: 'daemonset' }],
    ['emqx-lab-sim', true, { kind: 'daemonset' }],
  ])('context %s (sim %s) → %j', (context, sim, want) => expect(routeFor(context, sim)).toEqual(want));

  it('kind: pulls what the local store lacks, then one kind load into the cluster the context names', async () => {
    const t = tools(['docker', 'kind'], [{ tool: 'docker', when: ['image', 'inspect'], exit: 1 }]);
    const r = await run(['prepare'], withKubectl(t, 'kind-emqx-lab'));
    expect(r.exitCode, String(r.stderr)).toBe(0);
    expect(t.calls()).toEqual([
      { tool: 'docker', argv: ['image', 'inspect', '--format', '{{.Id}}', 'emqx/emqx:5.8.9'] },
      { tool: 'docker', argv: ['pull', 'emqx/emqx:5.8.9'] },
      { tool: 'kind', argv: ['load', 'docker-image', 'emqx/emqx:5.8.9', '--name', 'emqx-lab'] },
    ]);
    expect(r.stdout).toContain('Images the course runs: emqx/emqx:5.8.9');
    expect(r.stdout).toContain('Context kind-emqx-lab: loading them into the kind cluster emqx-lab');
    expect(r.stdout).toContain('$ docker pull emqx/emqx:5.8.9');
    expect(r.stdout).toContain('$ kind load docker-image emqx/emqx:5.8.9 --name emqx-lab');
  });

  it('kind: an image already in the local store is not pulled again', async () => {
    const t = tools(['docker', 'kind']);
    expect((await run(['prepare'], withKubectl(t, 'kind-emqx-lab'))).exitCode).toBe(0);
    expect(t.calls().map((c) => `${c.tool} ${c.argv[0]}`)).toEqual(['docker image', 'kind load']);
  });

  it('minikube: minikube image load for each image', async () => {
    const t = tools(['minikube']);
    const r = await run(['prepare'], withKubectl(t, 'minikube'));
    expect(r.exitCode, String(r.stderr)).toBe(0);
    expect(t.calls()).toEqual([{ tool: 'minikube', argv: ['image', 'load', 'emqx/emqx:5.8.9', '--profile', 'minikube'] }]);
  });

  it('kind without docker: exit 3 saying so, nothing run', async () => {
    const t = tools(['kind']);
    const r = await run(['prepare'], withKubectl(t, 'kind-emqx-lab'));
    expect(r.exitCode).toBe(3);
    expect(r.stderr).toContain('docker is not installed');
    expect(t.calls()).toEqual([]);
  });

  it('--sim: a pre-pull DaemonSet reports every node, then is removed; the nodes list the image', async () => {
    const room = simRoom();
    const r = await room.cli(['--sim', 'prepare']);
    expect(r.exitCode, String(r.stderr)).toBe(0);
    const nodes = JSON.parse(String((await room.kubectl(['get', 'nodes', '-o', 'json'])).stdout)) as { items: { metadata: { name: string }; status: { images: { names: string[] }[] } }[] };
    expect(nodes.items).toHaveLength(3);
    for (const n of nodes.items) {
      expect(r.stdout).toContain(`✔ ${n.metadata.name}: 1 image(s) present`);
      expect(n.status.images.flatMap((i) => i.names)).toContain('docker.io/emqx/emqx:5.8.9');
    }
    expect(r.stdout).toContain('Removed namespace emqx-lab-prepare.');
    expect(r.stdout).toContain('All 3 node(s) have the course');
    const ns = await room.kubectl(['get', 'namespace', 'emqx-lab-prepare', '-o', 'json']);
    const gone = ns.exitCode !== 0 || (JSON.parse(String(ns.stdout)) as { status?: { phase?: string } }).status?.phase === 'Terminating';
    expect(gone).toBe(true);
  }, 120_000);
});

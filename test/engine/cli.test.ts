/**
 * The built CLI (dist/cli.js, built by `npm test`'s pretest) with the fake kubectl on PATH or the real one
 * against an unreachable server; the course is the fixture course (EMQX_LAB_COURSE).
 */
import { execa } from 'execa';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fakeKubectl, list, verbs, type Rule } from '../fixtures/engine/fake-kubectl.js';
import { pod } from '../fixtures/engine/fake-kube.js';

const root = join(import.meta.dirname, '..', '..');
const cli = join(root, 'dist', 'cli.js');
const course = join(root, 'test', 'fixtures', 'engine', 'course');

function run(args: string[], env: NodeJS.ProcessEnv) {
  return execa('node', [cli, ...args], { reject: false, env: { ...env, EMQX_LAB_COURSE: course, NO_COLOR: '1', CI: '1' }, timeout: 60_000, stdin: 'ignore' });
}

const MUTATING = new Set(['apply', 'delete', 'create', 'scale', 'patch', 'rollout', 'exec', 'port-forward', 'label', 'annotate', 'replace', 'edit']);

const unreachable = (() => {
  const dir = mkdtempSync(join(tmpdir(), 'emqx-lab-unreach-'));
  const file = join(dir, 'kubeconfig');
  writeFileSync(
    file,
    'apiVersion: v1\nkind: Config\nclusters: [{ name: c, cluster: { server: "https://127.0.0.1:1" } }]\nusers: [{ name: u, user: { token: t } }]\ncontexts: [{ name: kind-gone, context: { cluster: c, user: u } }]\ncurrent-context: kind-gone\n',
  );
  return { ...process.env, KUBECONFIG: file, EMQX_LAB_HOME: join(dir, 'home') };
})();

describe.concurrent('no cluster reachable', { timeout: 120_000 }, () => {
  it('verify exits 3 with one paragraph naming the context and server, no stack trace', async () => {
    const r = await run(['verify', '1'], unreachable);
    expect(r.exitCode).toBe(3);
    expect(r.stdout).toBe('');
    const text = r.stderr.trim();
    expect(text.split('\n')).toHaveLength(1);
    expect(text).toContain('context "kind-gone"');
    expect(text).toContain('https://127.0.0.1:1');
    expect(text).toContain('emqx-lab cluster create');
    expect(text).toContain('--sim');
    expect(text).not.toMatch(/\n\s+at /);
  });

  it('doctor --json still reports every item (and exits 3)', async () => {
    const r = await run(['doctor', '--json'], unreachable);
    expect(r.exitCode).toBe(3);
    const report = JSON.parse(r.stdout) as { ok: boolean; items: { id: string; status: string; message: string; fix?: string }[] };
    expect(report.ok).toBe(false);
    expect(report.items.map((i) => i.id)).toEqual(['kubectl', 'context', 'cluster', 'namespace', 'permissions', 'storage', 'images']);
    expect(report.items.find((i) => i.id === 'cluster')).toMatchObject({ status: 'fail', fix: expect.stringContaining('cluster create') });
    for (const i of report.items) expect(['ok', 'warn', 'fail']).toContain(i.status);
  });

  it('kubectl missing: exit 3 with install instructions', async () => {
    const r = await run(['verify', '1'], { ...unreachable, EMQX_LAB_KUBECTL: '/nonexistent/kubectl' });
    expect(r.exitCode).toBe(3);
    expect(r.stderr).toContain('brew install kubectl');
    expect(r.stderr).toContain('winget install');
  });
});

describe.concurrent('a context that does not look local', { timeout: 120_000 }, () => {
  const remote: Rule[] = [
    { when: ['config', 'current-context'], stdout: 'gke_company_europe-west1_prod\n' },
    { when: ['config', 'view'], stdout: { 'current-context': 'gke_company_europe-west1_prod', contexts: [{ name: 'gke_company_europe-west1_prod', context: { cluster: 'prod' } }], clusters: [{ name: 'prod', cluster: { server: 'https://35.195.1.2' } }] } },
    { when: ['*'], stdout: 'should not be called\n' },
  ];

  it.each([[['apply', '1']], [['solve', '2']], [['verify', '1']], [['hint', '1']], [['test']], [['kubectl', 'delete', 'pods', '--all']]])('%j is refused with exit 3 before anything is touched', async (args) => {
    const fake = fakeKubectl(remote);
    const r = await run(args, fake.env);
    expect(r.exitCode).toBe(3);
    expect(r.stderr).toContain('does not look like a local learning cluster');
    expect(r.stderr).toContain('https://35.195.1.2');
    const used = fake.calls().map((c) => verbs(c.argv));
    expect(used.every((v) => v[0] === 'config')).toBe(true);
    expect(used.some((v) => MUTATING.has(v[0]))).toBe(false);
  });

  it('--yes lets it through', async () => {
    const fake = fakeKubectl([...remote.slice(0, 2), { when: ['get', 'pods'], stdout: 'No resources found\n', exit: 0 }]);
    const r = await run(['--yes', 'kubectl', 'get', 'pods'], fake.env);
    expect(r.exitCode).toBe(0);
    expect(verbs(fake.calls().at(-1)!.argv)).toEqual(['get', 'pods']);
  });
});

describe.concurrent('commands over the fake kubectl', { timeout: 120_000 }, () => {
  const local: Rule[] = [
    { when: ['config', 'current-context'], stdout: 'kind-emqx-lab\n' },
    { when: ['version'], stdout: { clientVersion: { gitVersion: 'v1.32.4' }, serverVersion: { gitVersion: 'v1.31.2' } } },
  ];

  it('verify 1 --json: polls, runs the disruption, records progress, prints the contract', async () => {
    const fake = fakeKubectl([
      ...local,
      { when: ['get', 'pods', '-l'], stdout: list([pod('emqx')]) },
      { when: ['get', 'pods', 'emqx'], sequence: [{ stdout: pod('emqx') }, { stdout: pod('emqx') }, { stderr: 'Error from server (NotFound): pods "emqx" not found\n', exit: 1 }] },
      { when: ['exec', 'emqx', '--', 'emqx', 'ctl', 'status'], stdout: "Node 'emqx@10.244.0.5' 5.8.9 is started\n" },
      { when: ['delete', 'pods/emqx'], stdout: 'pod "emqx" deleted\n' },
      { when: ['get', 'configmaps', 'emqx-lab-progress'], stderr: 'Error from server (NotFound): configmaps "emqx-lab-progress" not found\n', exit: 1 },
      { when: ['apply', '-f', '-'], stdout: 'configmap/emqx-lab-progress created\n' },
    ]);
    // The kubeconfig names the same context the (fake) kubectl reports: progress is filed under it.
    const kubeconfig = join(fake.dir, 'kubeconfig');
    writeFileSync(kubeconfig, 'apiVersion: v1\nkind: Config\ncurrent-context: kind-emqx-lab\n');
    const r = await run(['verify', '1', '--json', '-n', 'lab'], { ...fake.env, KUBECONFIG: kubeconfig });
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out).toEqual({
      step: 'first',
      passed: true,
      checks: [
        { id: 'pod-ready', title: 'The pod is Ready', passed: true, reason: '1 of 1 pods Ready', diagnosis: [], hint: null },
        { id: 'started', title: 'The node is started', passed: true, reason: 'emqx: node emqx@10.244.0.5 is started', diagnosis: [], hint: null },
        { id: 'gone-for-good', title: 'A deleted pod stays gone', passed: true, reason: 'survived the disruption: 1 follow-up check passed', diagnosis: [], hint: null },
      ],
      durationMs: expect.any(Number),
    });
    const calls = fake.calls().map((c) => c.argv);
    expect(calls.every((a) => a.includes('--namespace') ? a[a.indexOf('--namespace') + 1] === 'lab' : true)).toBe(true);
    const record = fake.calls().find((c) => c.stdin?.includes('emqx-lab-progress'));
    expect(JSON.parse(record!.stdin!).metadata.labels).toEqual({ 'app.kubernetes.io/part-of': 'emqx-lab', 'emqx-lab.io/record': 'progress' });
    const progress = JSON.parse(readFileSync(join(fake.env.EMQX_LAB_HOME!, 'progress', 'kind-emqx-lab', 'lab.json'), 'utf8'));
    expect(progress.steps.first.passedAt).toEqual(expect.any(String));
  });

  it('apply with an error: kubectl\'s words, the matching diagnosis, exit 1', async () => {
    const fake = fakeKubectl([
      ...local,
      { when: ['get', 'namespaces', 'emqx-lab'], stdout: { kind: 'Namespace', metadata: { name: 'emqx-lab' }, status: { phase: 'Active' } } },
      {
        when: ['apply', '-f', '-'],
        stdout: 'deployment.apps/emqx created\nserviceaccount/emqx created\n',
        stderr: 'error: resource mapping not found for name: "emqx" namespace: "emqx-lab" from "STDIN": no matches for kind "Role" in version "rbac.authorization.kubernetes.io/v1"\nensure CRDs are installed first\n',
        exit: 1,
      },
      { when: ['get'], stdout: list([]) },
      { when: ['logs'], stdout: '' },
    ]);
    const r = await run(['apply', '2'], fake.env);
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toContain('deployment.apps/emqx created');
    expect(r.stdout).toContain('no matches for kind "Role"');
    expect(r.stdout).toContain('Known mistake: Unknown apiVersion');
    expect(r.stdout).toContain('Use rbac.authorization.k8s.io/v1.');
  });

  it('kubectl passthrough: the lab namespace unless chosen, --kubectl picked out, kubectl\'s exit code', async () => {
    const fake = fakeKubectl([...local, { when: ['get', 'pods'], stdout: 'NAME READY\n', exit: 0 }, { when: ['logs'], stderr: 'Error from server (NotFound): pods "x" not found\n', exit: 1 }]);
    const bin = join(root, 'test', 'fixtures', 'engine', 'bin', 'kubectl');
    const env = { ...fake.env, PATH: process.env.PATH };
    const a = await run(['-n', 'lab', 'kubectl', 'get', 'pods', '--kubectl', bin], env);
    expect(a.exitCode).toBe(0);
    expect(a.stdout).toBe('NAME READY');
    expect(fake.calls().at(-1)!.argv).toEqual(['--namespace', 'lab', 'get', 'pods']);
    const b = await run(['kubectl', 'logs', 'x', '-n', 'other', `--kubectl=${bin}`], env);
    expect(b.exitCode).toBe(1);
    expect(b.stderr).toContain('pods "x" not found');
    expect(fake.calls().at(-1)!.argv).toEqual(['logs', 'x', '-n', 'other']);
  });

  it('reset without a terminal needs --yes (exit 2, nothing touched)', async () => {
    const fake = fakeKubectl(local);
    const r = await run(['reset', '--all'], fake.env);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('--yes');
    expect(fake.calls()).toEqual([]);
    expect((await run(['reset'], fake.env)).exitCode).toBe(2);
    expect((await run(['reset', '1', '--all', '--yes'], fake.env)).exitCode).toBe(2);
  });

  it('a step that does not exist is a usage error before any kubectl runs', async () => {
    const fake = fakeKubectl(local);
    const r = await run(['verify', '7'], fake.env);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('from 1 to 2');
    expect(fake.calls()).toEqual([]);
  });

  it('doctor --json on a healthy cluster', async () => {
    const fake = fakeKubectl([
      ...local,
      { when: ['config', 'view'], stdout: { 'current-context': 'kind-emqx-lab', clusters: [{ name: 'kind-emqx-lab', cluster: { server: 'https://127.0.0.1:36443' } }] } },
      { when: ['get', 'namespaces'], stderr: 'Error from server (NotFound): namespaces "emqx-lab" not found\n', exit: 1 },
      // An admin: every permission the course needs is in the one list doctor reads.
      { when: ['auth', 'can-i', '--list'], stdout: 'Resources   Non-Resource URLs   Resource Names   Verbs\n*.*         []                  []               [*]\n            [*]                 []               [*]\n' },
      { when: ['auth', 'can-i'], stdout: 'yes\n' },
      { when: ['get', 'storageclasses'], stdout: list([{ kind: 'StorageClass', metadata: { name: 'standard', annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } } }]) },
      {
        when: ['get', 'nodes'],
        stdout: list([
          { kind: 'Node', metadata: { name: 'n' }, status: { images: [{ names: ['docker.io/emqx/emqx:5.8.9', 'docker.io/emqx/emqx@sha256:abc'] }] } },
          // A tainted control plane runs none of the course's pods: it needs no image.
          { kind: 'Node', metadata: { name: 'cp' }, spec: { taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }] }, status: { images: [] } },
        ]),
      },
    ]);
    const r = await run(['doctor', '--json'], fake.env);
    expect(r.exitCode).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report).toEqual({
      ok: true,
      context: 'kind-emqx-lab',
      namespace: 'emqx-lab',
      items: [
        { id: 'kubectl', status: 'ok', message: 'kubectl v1.32.4' },
        { id: 'context', status: 'ok', message: 'context kind-emqx-lab (https://127.0.0.1:36443) looks local' },
        { id: 'cluster', status: 'ok', message: 'cluster reachable, Kubernetes v1.31.2' },
        { id: 'namespace', status: 'ok', message: 'namespace emqx-lab does not exist yet; apply and solve create it' },
        { id: 'permissions', status: 'ok', message: expect.stringMatching(/^all \d+ permissions the course needs are granted in emqx-lab$/) },
        { id: 'storage', status: 'ok', message: 'default StorageClass: standard' },
        { id: 'images', status: 'ok', message: 'emqx/emqx:5.8.9 present on all 1 node(s)' },
      ],
    });
    // The permission item is one kubectl process, whatever the course needs.
    expect(fake.calls().filter((c) => c.argv.includes('can-i')).map((c) => c.argv.slice(c.argv.indexOf('auth')))).toEqual([['auth', 'can-i', '--list']]);
  });
});

const simThere = existsSync(join(root, 'dist', 'sim', 'kubectl.js'));

describe.skipIf(!simThere)('the self-test on the simulated cluster', { timeout: 180_000 }, () => {
  it('test 1 --json --mistakes --junit FILE (relative to the working directory): passes, honest report', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'emqx-lab-simtest-'));
    const r = await execa('node', [cli, '--sim', 'test', '1', '--json', '--mistakes', '--junit', 'report.xml', '-n', 'lab'], {
      reject: false,
      cwd: dir,
      env: { ...process.env, EMQX_LAB_HOME: join(dir, 'home'), EMQX_LAB_COURSE: course, EMQX_LAB_SIM_SPEED: '50', NO_COLOR: '1' },
      timeout: 170_000,
      stdin: 'ignore',
    });
    expect(r.exitCode).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report).toMatchObject({
      passed: true,
      steps: [{ step: 'first', failFirst: 'pass', solve: 'pass', verify: 'pass', mistakes: [{ id: 'bad-tag', passed: true, diagnoses: ['image-pull-failed'] }], restore: 'pass' }],
    });
    expect(r.stderr).toContain('mistake:bad-tag');
    const xml = readFileSync(join(dir, 'report.xml'), 'utf8');
    expect(xml).toContain('<testsuite name="first" tests="5" failures="0" skipped="0"');
  });
});

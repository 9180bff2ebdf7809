/**
 * Every argv the engine builds, run through the REAL kubectl (on PATH) against a kubeconfig whose server is
 * an unreachable https://127.0.0.1:1: connection refused is expected; a usage error (unknown flag, unknown
 * command, wrong argument count, ...) fails the test. The argvs come from the builders over representative
 * inputs AND from running the engine (every check kind of the fixture course, solve, reset, doctor,
 * diagnosis, snapshot) with a recording runner that answers like a healthy cluster.
 */
import { execa } from 'execa';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { realKubectl, requireRealKubectl, USAGE, usageVerdict } from '../fixtures/real-kubectl.js';
import { loadCourse } from '../../src/course/load.js';
import { runCheck } from '../../src/checks/registry.js';
import { createKube } from '../../src/kube/adapter.js';
import * as a from '../../src/kube/argv.js';
import type { PortForwarder } from '../../src/kube/port-forward.js';
import type { RunResult } from '../../src/kube/result.js';
import type { Runner } from '../../src/kube/run.js';
import { collectEvidence } from '../../src/diagnosis/evidence.js';
import { runDoctor } from '../../src/engine/doctor.js';
import { resetAll, resetStep } from '../../src/engine/reset.js';
import { solveStep } from '../../src/engine/solve.js';
import { createSnapshotter } from '../../src/engine/snapshot.js';
import { guardContext, guardReachable } from '../../src/engine/session.js';
import { selfTest } from '../../src/engine/selftest.js';
import { fakeClock, forwardTo, pod, workload } from '../fixtures/engine/fake-kube.js';
import { verbs } from '../fixtures/engine/fake-kubectl.js';

const dir = mkdtempSync(join(tmpdir(), 'emqx-lab-argv-'));
const kubeconfig = join(dir, 'kubeconfig');
writeFileSync(
  kubeconfig,
  `apiVersion: v1
kind: Config
clusters: [{ name: c, cluster: { server: "https://127.0.0.1:1" } }]
users: [{ name: u, user: { token: t } }]
contexts: [{ name: kind-test, context: { cluster: c, user: u } }]
current-context: kind-test
`,
);
const target: a.KubeTarget = { namespace: 'lab', context: 'kind-test', kubeconfig, requestTimeout: '1s' };

/** What a healthy cluster would answer, so the engine walks down every path it has. */
function answer(args: string[]): Partial<RunResult> {
  const v = verbs(args);
  const items = (kinds: string) =>
    kinds.split(',').flatMap((k): unknown[] => {
      if (k === 'pods') return ['a', 'b', 'c'].map((n, i) => pod(`emqx-${n}`, { ip: `10.0.0.${i + 1}`, restarts: i === 0 ? 1 : 0 }));
      if (k === 'deployments') return [workload('Deployment', 'emqx', { replicas: 3, updatedReplicas: 3, readyReplicas: 3, availableReplicas: 3 })];
      if (k === 'storageclasses') return [{ kind: 'StorageClass', metadata: { name: 'standard', annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } } }];
      if (k === 'nodes') return [{ kind: 'Node', metadata: { name: 'n1' }, status: { images: [{ names: ['docker.io/emqx/emqx:5.8.9'] }] } }];
      if (k === 'services') return [{ kind: 'Service', metadata: { name: 'emqx', labels: { 'app.kubernetes.io/part-of': 'emqx-lab' } }, spec: { ports: [{ port: 1883 }] } }];
      return [];
    });
  const json = (o: unknown) => ({ stdout: JSON.stringify(o), exitCode: 0 });
  switch (v[0]) {
    case 'get':
      if (v[1] === '--raw') return { stdout: 'Node emqx@10.0.0.1 is started\nemqx is running', exitCode: 0 };
      if (v[1] === 'namespaces' && v[2] && !v[2].startsWith('-')) return { stderr: `Error from server (NotFound): namespaces "${v[2]}" not found\n`, exitCode: 1 };
      if (v[2] && !v[2].startsWith('-')) {
        if (v[1] === 'deployments') return json(workload('Deployment', v[2], { replicas: 3, updatedReplicas: 3, readyReplicas: 3, availableReplicas: 3 }));
        if (v[1] === 'pods') return json(pod(v[2]));
        return json({ kind: 'Thing', metadata: { name: v[2] } });
      }
      return json({ kind: 'List', items: items(v[1]) });
    case 'exec':
      if (v.includes('cluster')) return { stdout: '{\n  "stopped_nodes" : [\n    \n  ],\n  "running_nodes" : [\n    "emqx@10.0.0.1",\n    "emqx@10.0.0.2",\n    "emqx@10.0.0.3"\n  ]\n}\n', exitCode: 0 };
      if (v.includes('admins')) return { stdout: 'ok\n', exitCode: 0 };
      return { stdout: "Node 'emqx@10.0.0.1' 5.8.9 is started\n", exitCode: 0 };
    case 'logs':
      return { stdout: 'EMQX 5.8.9 is running now!\n', exitCode: 0 };
    case 'auth':
      return { stdout: 'yes\n', exitCode: 0 };
    case 'version':
      return json({ clientVersion: { gitVersion: 'v1.32.4' }, serverVersion: { gitVersion: 'v1.31.0' } });
    case 'config':
      return v[1] === 'current-context' ? { stdout: 'kind-test\n', exitCode: 0 } : json({ 'current-context': 'kind-test', clusters: [{ name: 'c', cluster: { server: 'https://127.0.0.1:1' } }] });
    default:
      return { stdout: 'done\n', exitCode: 0 };
  }
}

async function engineArgvs(): Promise<{ args: string[]; input?: string }[]> {
  const seen: { args: string[]; input?: string }[] = [];
  const runner: Runner = async (args, opts) => {
    seen.push({ args, input: opts?.input });
    return { args, exitCode: 0, stdout: '', stderr: '', timedOut: false, canceled: false, missing: false, ...answer(args) };
  };
  const forwarder: PortForwarder = {
    async open(args, t) {
      seen.push({ args });
      return forwardTo(1, t);
    },
    async closeAll() {},
  };
  const kube = createKube({ binary: { file: 'kubectl', prefix: [], sim: false }, env: process.env, target, runner, forwarder });
  const { course } = loadCourse(join(import.meta.dirname, '..', 'fixtures', 'engine', 'course'));
  // A clock that moves only when slept: polling loops end at once instead of spinning for their timeout.
  const clock = fakeClock();
  const env = { kube, namespace: 'lab', lang: 'en' as const, runId: 'abc123', now: clock.now, sleep: clock.sleep, signal: new AbortController().signal };
  for (const s of course.steps) for (const c of s.lesson.checks) await runCheck(c, env, 'once');
  const deps = { ...env, course, progressKey: 'kind-test', home: join(dir, 'home') };
  for (const s of course.steps) {
    await solveStep(deps, s);
    await resetStep(deps, s);
  }
  await resetAll(deps);
  await selfTest(deps, course.steps.slice(0, 1), { mistakes: true });
  await runDoctor(kube, course, 'en', { kubectlName: 'kubectl' });
  await collectEvidence(kube, { applyError: 'x' });
  await createSnapshotter(kube, course, 'en')();
  const opts = { context: 'kind-test' };
  await guardContext(kube, { env: process.env, lang: 'en', signal: env.signal }, opts);
  await guardReachable(kube, { env: process.env, lang: 'en', signal: env.signal }, opts, 'kind-test', '');
  await kube.clientVersion();
  return seen;
}

function builderArgvs(): string[][] {
  return [
    a.getArgs(target, 'Pod', { name: 'emqx' }),
    a.getArgs(target, ['Pod', 'Deployment', 'StatefulSet'], { selector: 'app.kubernetes.io/part-of=emqx-lab' }),
    a.getArgs(target, 'Namespace', { name: 'lab' }),
    a.deleteArgs(target, [{ kind: 'Pod', name: 'a' }, { kind: 'Role', name: 'emqx' }], { wait: false }),
    a.deleteSelectorArgs(target, ['Pod', 'PersistentVolumeClaim', 'ConfigMap'], 'app.kubernetes.io/part-of=emqx-lab'),
    a.scaleArgs(target, 'StatefulSet', 'emqx', 3),
    a.patchMergeArgs(target, 'Deployment', 'emqx', { spec: { replicas: 1 } }),
    a.rolloutRestartArgs(target, 'StatefulSet', 'emqx'),
    a.execArgs(target, 'emqx-0', ['emqx', 'ctl', 'status'], 'emqx'),
    a.execArgs(target, 'emqx-0', ['sh', '-c', 'read -r p && exec emqx ctl admins add "lab_abc123" "$p" emqx-lab'], 'emqx', true),
    a.logsArgs(target, 'emqx-0', { container: 'emqx', tail: 200, previous: true }),
    a.canIArgs(target, 'get', 'endpoints', { name: 'emqx', as: a.serviceAccountUser('lab', 'emqx') }),
    a.canIArgs(target, 'create', 'pods', { subresource: 'portforward' }),
    a.canIArgs(target, 'patch', 'statefulsets.apps', { subresource: 'scale' }),
    a.canIListArgs(target),
    a.getRawArgs(target, a.proxyPath('lab', { pod: 'emqx-0' }, 18083, '/status')),
    a.portForwardArgs(target, 'pod/emqx-0', 18083),
    a.versionArgs(target, { clientOnly: true }),
    a.createNamespaceArgs(target),
    a.passthroughArgs(target, ['get', 'pods', '-o', 'wide']),
  ];
}

async function runReal(args: string[], input?: string) {
  return execa(realKubectl(), args, { reject: false, input: input ?? '', timeout: 20_000, env: { ...process.env, KUBECONFIG: kubeconfig } });
}

describe('exec with stdin (issue 16 point 14: a secret never in the argv)', () => {
  it('the adapter writes the input to kubectl exec -i, the argv holds no trace of it, and the real kubectl accepts it', async () => {
    const seen: { args: string[]; input?: string }[] = [];
    const runner: Runner = async (args, opts) => {
      seen.push({ args, input: opts?.input });
      return { args, exitCode: 0, stdout: 'ok\n', stderr: '', timedOut: false, canceled: false, missing: false };
    };
    const kube = createKube({ binary: { file: 'kubectl', prefix: [], sim: false }, env: process.env, target, runner });
    const script = 'read -r p && exec emqx ctl admins add "lab_abc123" "$p" emqx-lab';
    expect(await kube.exec('emqx-0', ['sh', '-c', script], { container: 'emqx', stdin: 'Persist-abc123\n' })).toEqual({ exitCode: 0, stdout: 'ok\n', stderr: '' });
    expect(seen).toEqual([{ args: [...a.globalFlags(target), 'exec', '-i', 'emqx-0', '-c', 'emqx', '--', 'sh', '-c', script], input: 'Persist-abc123\n' }]);
    expect(seen[0].args.join(' ')).not.toContain('Persist-');
    const r = await runReal(seen[0].args, seen[0].input);
    expect(usageVerdict(r)).toEqual({ verdict: 'accepted', detail: '' });
    // It got as far as the server, which refuses the connection: kubectl read the argv as an exec.
    expect(String(r.stderr)).toMatch(/connection refused|dial tcp/);
    await kube.close();
  });
});

describe('every argv through the real kubectl (unreachable server)', () => {
  it('the real kubectl runs (a missing one fails here instead of passing every argv)', async () => {
    expect(await requireRealKubectl()).toMatch(/^v1\./);
  });

  it('the usage detector catches a bad argv (so this test can fail)', async () => {
    const r = await runReal([...a.globalFlags(target), 'get', 'pods', '--no-such-flag']);
    expect(r.stderr).toMatch(USAGE);
  });

  it('kubectl accepts every argv the engine builds', async () => {
    const engine = await engineArgvs();
    const all = [...engine, ...builderArgvs().map((args) => ({ args, input: undefined as string | undefined }))];
    // The same call into another of the three fixture pods is the same shape: run it once.
    const unique = new Map(all.map((x) => [JSON.stringify(x.args).replace(/emqx-[abc]\b/g, 'emqx-a'), x]));
    // Each kind of call is there: the engine exercised every path.
    const used = new Set([...unique.values()].map((x) => verbs(x.args).slice(0, 2).join(' ')));
    for (const v of ['get pods', 'apply -f', 'delete pods/emqx', 'exec emqx', 'logs emqx-a', 'auth can-i', 'get --raw', 'port-forward --address', 'version -o', 'config current-context', 'config view', 'create namespace', 'scale deployments/emqx', 'patch deployments/emqx', 'rollout restart']) {
      expect([...used].some((u) => u.startsWith(v)), v).toBe(true);
    }
    const bad: string[] = [];
    const queue = [...unique.values()];
    // A few at a time: each kubectl takes a fraction of a CPU second even when the server refuses.
    await Promise.all(
      Array.from({ length: 6 }, async () => {
        for (let x = queue.shift(); x; x = queue.shift()) {
          const r = await runReal(x.args, x.input);
          const v = usageVerdict(r);
          if (v.verdict !== 'accepted') bad.push(`${x.args.join(' ')}\n  ${v.verdict}: ${v.detail}`);
        }
      }),
    );
    expect(bad).toEqual([]);
    expect(unique.size).toBeGreaterThan(25);
  }, 120_000);
});

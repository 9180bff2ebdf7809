/** The real adapter (execa) against the executable fake kubectl on PATH. */
import { connect } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { failureWatch, PersistentKubeFailure } from '../../src/kube/persistent.js';
import { createKube } from '../../src/kube/adapter.js';
import { resolveBinary } from '../../src/kube/binary.js';
import type { Kube } from '../../src/kube/kube.js';
import { KubeError } from '../../src/kube/result.js';
import { fakeKubectl, list, verbs, type Rule } from '../fixtures/engine/fake-kubectl.js';
import { forwardTo, pod } from '../fixtures/engine/fake-kube.js';
import type { PortForwarder } from '../../src/kube/port-forward.js';
import type { Runner } from '../../src/kube/run.js';

const open: Kube[] = [];
function kubeWith(rules: Rule[], signal?: AbortSignal) {
  const fake = fakeKubectl(rules);
  const kube = createKube({ binary: resolveBinary({}, fake.env), env: fake.env, signal, target: { namespace: 'lab', context: 'kind-x', requestTimeout: '5s' } });
  open.push(kube);
  return { fake, kube };
}
afterEach(async () => {
  await Promise.all(open.splice(0).map((k) => k.close()));
});

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function until(cond: () => boolean, ms = 5_000) {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('kube adapter with the fake kubectl', () => {
  it('gets, lists, and reads NotFound as "not there"', async () => {
    const { kube, fake } = kubeWith([
      { when: ['get', 'pods', 'emqx'], stdout: pod('emqx') },
      { when: ['get', 'pods', 'gone'], stderr: 'Error from server (NotFound): pods "gone" not found\n', exit: 1 },
      { when: ['get', 'pods'], stdout: list([pod('a'), pod('b')]) },
    ]);
    expect((await kube.get('Pod', 'emqx'))?.metadata.name).toBe('emqx');
    expect(await kube.get('Pod', 'gone')).toBeUndefined();
    expect((await kube.list('Pod', { selector: 'app=x' })).map((p) => p.metadata.name)).toEqual(['a', 'b']);
    expect(fake.calls()[0].argv).toEqual(['--context', 'kind-x', '--namespace', 'lab', '--request-timeout=5s', 'get', 'pods', 'emqx', '-o', 'json']);
  });

  it('applies manifests through stdin and returns kubectl\'s lines', async () => {
    const { kube, fake } = kubeWith([{ when: ['apply', '-f', '-'], stdout: 'pod/emqx created\nservice/emqx unchanged\n' }]);
    expect(await kube.apply('kind: Pod\n')).toEqual(['pod/emqx created', 'service/emqx unchanged']);
    expect(fake.calls()[0].stdin).toBe('kind: Pod\n');
  });

  it('keeps the lines of a partly failed apply on the error', async () => {
    const { kube } = kubeWith([
      {
        when: ['apply'],
        stdout: 'serviceaccount/emqx created\n',
        stderr: 'error: resource mapping not found for name: "emqx" namespace: "" from "STDIN": no matches for kind "Role" in version "rbac.authorization.kubernetes.io/v1"\nensure CRDs are installed first\n',
        exit: 1,
      },
    ]);
    const e = (await kube.apply('x').catch((x: unknown) => x)) as KubeError;
    expect(e.kind).toBe('invalid');
    expect(e.stdout).toContain('serviceaccount/emqx created');
    expect(e.stderr).toContain('no matches for kind "Role"');
  });

  it('passes a command\'s exit code through exec; a container that is not there is a failure', async () => {
    const { kube } = kubeWith([
      { when: ['exec', 'down'], stderr: "Node 'emqx@10.0.0.1' not responding to pings.\ncommand terminated with exit code 1\n", exit: 1 },
      { when: ['exec', 'creating'], stderr: 'error: Internal error occurred: unable to upgrade connection: container not found ("emqx")\n', exit: 1 },
      { when: ['exec', 'emqx'], stdout: "Node 'emqx@10.0.0.1' 5.8.9 is started\n" },
    ]);
    expect(await kube.exec('emqx', ['emqx', 'ctl', 'status'])).toMatchObject({ exitCode: 0, stdout: "Node 'emqx@10.0.0.1' 5.8.9 is started\n" });
    expect(await kube.exec('down', ['emqx', 'ctl', 'status'])).toMatchObject({ exitCode: 1, stderr: expect.stringContaining('not responding') });
    await expect(kube.exec('creating', ['x'])).rejects.toMatchObject({ kind: 'other' });
  });

  it('reads auth can-i: yes exit 0, no exit 1, anything else is an error', async () => {
    const { kube } = kubeWith([
      { when: ['auth', 'can-i', 'get', 'endpoints'], stdout: 'yes\n' },
      { when: ['auth', 'can-i', 'list', 'endpoints'], stdout: 'no - RBAC: role.rbac.authorization.k8s.io "x" not found\n', exit: 1 },
      { when: ['auth', 'can-i', 'delete'], stderr: 'Error from server (Forbidden): selfsubjectaccessreviews is forbidden\n', exit: 1 },
    ]);
    expect(await kube.canI('get', 'endpoints', { as: 'system:serviceaccount:lab:emqx' })).toBe(true);
    expect(await kube.canI('list', 'endpoints')).toBe(false);
    await expect(kube.canI('delete', 'pods')).rejects.toMatchObject({ kind: 'forbidden' });
  });

  it('reports the server of the context and an unreachable cluster', async () => {
    const { kube } = kubeWith([
      { when: ['config', 'view'], stdout: { 'current-context': 'kind-x', contexts: [{ name: 'kind-x', context: { cluster: 'c' } }], clusters: [{ name: 'c', cluster: { server: 'https://127.0.0.1:6443' } }] } },
      { when: ['version'], stdout: { clientVersion: { gitVersion: 'v1.32.4' } }, stderr: 'The connection to the server 127.0.0.1:6443 was refused - did you specify the right host or port?\n', exit: 1 },
    ]);
    expect(await kube.clusterInfo()).toEqual({ context: 'kind-x', cluster: 'c', server: 'https://127.0.0.1:6443', namespace: undefined });
    await expect(kube.version()).rejects.toMatchObject({ kind: 'unreachable' });
  });

  it('says kubectl is not installed when the binary does not exist', async () => {
    const fake = fakeKubectl([]);
    const kube = createKube({ binary: resolveBinary({ kubectl: '/nonexistent/kubectl' }, fake.env), env: fake.env, target: { namespace: 'lab' } });
    await expect(kube.list('Pod')).rejects.toMatchObject({ kind: 'notInstalled' });
  });

  it('opens port-forwards on 127.0.0.1, and close() kills every one', async () => {
    const { kube, fake } = kubeWith([{ when: ['port-forward'], forward: true }]);
    const pf = await kube.portForward('svc/emqx', 1883);
    const echoed = await new Promise<string>((resolve, reject) => {
      const s = connect(pf.localPort, '127.0.0.1', () => s.write('ping'));
      s.on('data', (d) => {
        resolve(d.toString());
        s.end();
      });
      s.on('error', reject);
    });
    expect(echoed).toBe('ping');
    const pf2 = await kube.portForward('pod/emqx-0', 18083);
    const call = fake.calls().find((c) => c.argv.includes('svc/emqx'))!;
    expect(verbs(call.argv)).toEqual(['port-forward', '--address', '127.0.0.1', 'svc/emqx', '0:1883']);
    const pids = fake.calls().map((c) => c.pid);
    expect(pids.every(alive)).toBe(true);
    await kube.close();
    await until(() => !pids.some(alive));
    expect(pf.alive).toBe(false);
    expect(pf2.alive).toBe(false);
  });

  it('Ctrl-C (the abort signal) kills port-forwards too', async () => {
    const ac = new AbortController();
    const { kube, fake } = kubeWith([{ when: ['port-forward'], forward: true }], ac.signal);
    const pf = await kube.portForward('svc/emqx', 1883);
    ac.abort();
    await until(() => !pf.alive);
    await until(() => !fake.calls().map((c) => c.pid).some(alive));
  });

  it('a port-forward that fails says why', async () => {
    const { kube } = kubeWith([{ when: ['port-forward'], stderr: 'Error from server (NotFound): services "nope" not found\n', exit: 1 }]);
    await expect(kube.portForward('svc/nope', 1883)).rejects.toMatchObject({ kind: 'notFound' });
  });
});

describe('withSignal: one adapter, calls canceled by the signal of the view they go through', () => {
  function recorded(signal?: AbortSignal) {
    const seen: { verb: string; signal?: AbortSignal }[] = [];
    const forwards: { signal?: AbortSignal }[] = [];
    let closedAll = 0;
    const runner: Runner = async (args, opts) => {
      seen.push({ verb: verbs(args)[0], signal: opts?.signal });
      return { args, exitCode: 0, stdout: '{"items":[]}', stderr: '', timedOut: false, canceled: false, missing: false };
    };
    const forwarder: PortForwarder = {
      async open(_args, target, o) {
        forwards.push({ signal: o?.signal });
        return forwardTo(1, target);
      },
      async closeAll() {
        closedAll += 1;
      },
    };
    const kube = createKube({ binary: { file: 'kubectl', prefix: [], sim: false }, env: {}, signal, target: { namespace: 'lab' }, runner, forwarder });
    return { kube, seen, forwards, closed: () => closedAll };
  }

  it('the view\'s signal goes to its kubectl calls and port-forwards; the adapter\'s own calls keep theirs', async () => {
    const lab = new AbortController();
    const mine = new AbortController();
    const { kube, seen, forwards } = recorded(lab.signal);
    const view = kube.withSignal(mine.signal);
    await view.list('Pod');
    await view.scale('StatefulSet', 'emqx', 3);
    await view.portForward('svc/emqx', 1883);
    await kube.list('Pod');
    expect(seen.map((s) => [s.verb, s.signal === mine.signal ? 'view' : s.signal === lab.signal ? 'lab' : '?'])).toEqual([
      ['get', 'view'],
      ['scale', 'view'],
      ['get', 'lab'],
    ]);
    expect(forwards[0].signal).toBe(mine.signal);
    expect(view.target).toBe(kube.target);
  });

  it('a view works after the adapter\'s signal aborted; only that signal closes every port-forward', async () => {
    const lab = new AbortController();
    const { kube, seen, closed } = recorded(lab.signal);
    const later = new AbortController();
    const view = kube.withSignal(later.signal);
    later.abort();
    expect(closed()).toBe(0);
    lab.abort();
    expect(closed()).toBe(1);
    const fresh = new AbortController();
    await kube.withSignal(fresh.signal).scale('StatefulSet', 'emqx', 3);
    expect(seen.at(-1)).toEqual({ verb: 'scale', signal: fresh.signal });
    await view.close();
    expect(closed()).toBe(2);
  });
});

describe('a slow exec: the adapter asks about the pod meanwhile', () => {
  /** A runner whose exec answers after `execMs` and whose get answers after `getMs` (or times out). */
  function slowRunner(execMs: number, get: 'answers' | 'hangs') {
    const seen: string[][] = [];
    const runner: Runner = (args, opts = {}) =>
      new Promise((resolve) => {
        seen.push(args);
        const isExec = args.includes('exec');
        const base = { args, stderr: '', missing: false };
        const finish = (r: typeof base & { exitCode: number | undefined; stdout: string; timedOut: boolean; canceled: boolean }) => resolve(r);
        const ms = isExec ? execMs : get === 'answers' ? 10 : (opts.timeoutMs ?? 60_000);
        const timer = setTimeout(() => finish({ ...base, exitCode: isExec || get === 'answers' ? 0 : undefined, stdout: isExec ? 'ok\n' : get === 'answers' ? JSON.stringify(pod('emqx-0')) : '', timedOut: !isExec && get === 'hangs', canceled: false }), ms);
        opts.signal?.addEventListener('abort', () => {
          clearTimeout(timer);
          finish({ ...base, exitCode: undefined, stdout: '', timedOut: false, canceled: true });
        });
      });
    return { runner, seen };
  }
  const target = { namespace: 'lab', context: 'kind-x', requestTimeout: '5s' };
  const binary = { file: 'kubectl', prefix: [], sim: false } as unknown as Parameters<typeof createKube>[0]['binary'];

  it('a hung kubectl ends the exec with the failure watch (exit 3) soon after the read outlives its limit', async () => {
    vi.useFakeTimers();
    try {
      const { runner, seen } = slowRunner(45_000, 'hangs');
      const kube = createKube({ binary, env: {}, target, runner, watch: failureWatch({ lang: 'en', namespace: 'lab', sim: false, bin: 'kubectl' }) });
      const out = kube.exec('emqx-0', ['emqx', 'ctl', 'status']).then(
        () => 'answered',
        (e: unknown) => e,
      );
      await vi.advanceTimersByTimeAsync(3_900);
      expect(seen.filter((a) => a.includes('get'))).toEqual([]);
      await vi.advanceTimersByTimeAsync(21_000);
      const e = await out;
      expect(e).toBeInstanceOf(PersistentKubeFailure);
      expect((e as PersistentKubeFailure).exitCode).toBe(3);
      expect(seen.find((a) => a.includes('get'))).toEqual(['--context', 'kind-x', '--namespace', 'lab', '--request-timeout=5s', 'get', 'pods', 'emqx-0', '-o', 'json']);
    } finally {
      vi.useRealTimers();
    }
  });

  it('an exec that is only slow answers as usual, the question is dropped, nothing ends', async () => {
    vi.useFakeTimers();
    try {
      const { runner, seen } = slowRunner(8_000, 'answers');
      const kube = createKube({ binary, env: {}, target, runner, watch: failureWatch({ lang: 'en', namespace: 'lab', sim: false, bin: 'kubectl' }) });
      const out = kube.exec('emqx-0', ['emqx', 'ctl', 'status']);
      await vi.advanceTimersByTimeAsync(8_100);
      expect(await out).toEqual({ exitCode: 0, stdout: 'ok\n', stderr: '' });
      expect(seen.filter((a) => a.includes('get'))).toHaveLength(1);
    } finally {
      vi.useRealTimers();
    }
  });

  it('a quick exec asks nothing more', async () => {
    const { runner, seen } = slowRunner(5, 'hangs');
    const kube = createKube({ binary, env: {}, target, runner });
    expect((await kube.exec('emqx-0', ['emqx', 'ctl', 'status'])).stdout).toBe('ok\n');
    await new Promise((r) => setTimeout(r, 50));
    expect(seen).toHaveLength(1);
  });
});

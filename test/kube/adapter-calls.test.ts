/**
 * The adapter's calls through a scripted runner (no process): the argv each method builds, the time limit it
 * gives kubectl, what it returns from kubectl's output, what it throws, and what the failure watch is told.
 * `interactive` runs real processes (node itself stands in for kubectl).
 */
import { chmodSync, createReadStream, createWriteStream, mkdtempSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createKube } from '../../src/kube/adapter.js';
import type { Io } from '../../src/context.js';
import type { FailureWatch } from '../../src/kube/persistent.js';
import type { PortForwarder } from '../../src/kube/port-forward.js';
import { KubeError, type RunResult } from '../../src/kube/result.js';
import type { RunOptions, Runner } from '../../src/kube/run.js';
import { verbs } from '../fixtures/engine/fake-kubectl.js';

const target = { namespace: 'lab', context: 'kind-x', requestTimeout: '5s' };
const G = ['--context', 'kind-x', '--namespace', 'lab', '--request-timeout=5s'];

type Answer = Partial<Omit<RunResult, 'args'>>;
interface Seen {
  args: string[];
  opts: RunOptions | undefined;
}

/** A runner answering every call with `answer(args)` (exit 0, empty output unless said otherwise). */
function scripted(answer: (args: string[]) => Answer = () => ({})) {
  const seen: Seen[] = [];
  const runner: Runner = async (args, opts) => {
    seen.push({ args, opts });
    return { args, exitCode: 0, stdout: '', stderr: '', timedOut: false, canceled: false, missing: false, ...answer(args) };
  };
  return { runner, seen };
}

/** A failure watch that records what it is told. */
function recordingWatch() {
  const told: string[] = [];
  const watch: FailureWatch = {
    seen(r) {
      told.push(`seen ${r.exitCode}`);
    },
    ok(args) {
      told.push(`ok ${verbs(args).slice(0, 2).join(' ')}`);
    },
    garbage(_r, _start, e) {
      told.push(`garbage ${e.detail}`);
    },
  };
  return { watch, told };
}

const noForwards: PortForwarder = {
  open: async () => {
    throw new Error('no port-forward expected');
  },
  closeAll: async () => {},
};

function kubeOf(answer?: (args: string[]) => Answer, signal?: AbortSignal) {
  const { runner, seen } = scripted(answer);
  const { watch, told } = recordingWatch();
  const kube = createKube({ binary: { file: 'kubectl', prefix: [], sim: false }, env: {}, target, runner, forwarder: noForwards, watch, signal });
  return { kube, seen, told };
}

async function thrown(p: Promise<unknown>): Promise<KubeError> {
  const e = await p.then(
    () => undefined,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(KubeError);
  return e as KubeError;
}

describe('delete and deleteAll: the objects kubectl deleted, with the long delete time limit', () => {
  it('deletes the named objects and returns kubectl\'s non-empty lines without trailing blanks', async () => {
    const { kube, seen } = kubeOf(() => ({ stdout: 'pod "a" deleted  \n\nservice "b" deleted\n' }));
    expect(await kube.delete([{ kind: 'Pod', name: 'a' }, { kind: 'Service', name: 'b' }], { wait: false })).toEqual(['pod "a" deleted', 'service "b" deleted']);
    expect(seen).toEqual([{ args: [...G, 'delete', 'pods/a', 'services/b', '--ignore-not-found', '--wait=false'], opts: { timeoutMs: 300_000, signal: undefined } }]);
  });

  it('nothing to delete runs no kubectl', async () => {
    const { kube, seen } = kubeOf();
    expect(await kube.delete([])).toEqual([]);
    expect(await kube.deleteAll([], 'app=x')).toEqual([]);
    expect(seen).toEqual([]);
  });

  it('deletes every object of the kinds by selector', async () => {
    const { kube, seen, told } = kubeOf(() => ({ stdout: 'pod "a" deleted\n' }));
    expect(await kube.deleteAll(['Pod', 'ConfigMap'], 'app=x')).toEqual(['pod "a" deleted']);
    expect(seen).toEqual([{ args: [...G, 'delete', 'pods,configmaps', '-l', 'app=x', '--ignore-not-found', '--wait=true'], opts: { timeoutMs: 300_000, signal: undefined } }]);
    expect(told).toEqual(['seen 0', 'ok delete pods,configmaps']);
  });

  it('a failed delete throws kubectl\'s reason and is not reported as ok', async () => {
    const { kube, told } = kubeOf(() => ({ exitCode: 1, stderr: 'Error from server (Forbidden): pods "a" is forbidden\n' }));
    const e = await thrown(kube.delete([{ kind: 'Pod', name: 'a' }]));
    expect([e.kind, e.detail]).toEqual(['forbidden', 'Error from server (Forbidden): pods "a" is forbidden']);
    expect(told).toEqual(['seen 1']);
  });
});

describe('patchMerge, rolloutRestart, createNamespace: one kubectl call each', () => {
  it('builds the argv of each and reports success to the watch', async () => {
    const { kube, seen, told } = kubeOf();
    await kube.patchMerge('StatefulSet', 'emqx', { spec: { replicas: 2 } });
    await kube.rolloutRestart('Deployment', 'web');
    await kube.createNamespace();
    expect(seen.map((s) => s.args)).toEqual([
      [...G, 'patch', 'statefulsets/emqx', '--type', 'merge', '-p', '{"spec":{"replicas":2}}'],
      [...G, 'rollout', 'restart', 'deployments/web'],
      ['--context', 'kind-x', '--request-timeout=5s', 'create', 'namespace', 'lab'],
    ]);
    expect(seen.map((s) => s.opts?.timeoutMs)).toEqual([60_000, 60_000, 60_000]);
    expect(told).toEqual(['seen 0', 'ok patch statefulsets/emqx', 'seen 0', 'ok rollout restart', 'seen 0', 'ok create namespace']);
  });

  it('each throws when kubectl fails', async () => {
    const { kube } = kubeOf(() => ({ exitCode: 1, stderr: 'Error from server (NotFound): statefulsets.apps "emqx" not found\n' }));
    expect((await thrown(kube.patchMerge('StatefulSet', 'emqx', {}))).kind).toBe('notFound');
    expect((await thrown(kube.rolloutRestart('StatefulSet', 'emqx'))).kind).toBe('notFound');
    expect((await thrown(kube.createNamespace())).kind).toBe('notFound');
  });
});

describe('JSON answers: output that is not what kubectl prints is an error, and the watch hears of it', () => {
  const garbage = (stdout: string) => kubeOf(() => ({ stdout }));

  it.each([
    ['not JSON at all', 'hello'],
    ['a JSON array', '[]'],
    ['JSON null', 'null'],
    ['metadata that is not an object', '{"kind":"Pod","metadata":"x"}'],
    ['items that are not a list', '{"items":{}}'],
    ['an item that is not an object', '{"items":[1]}'],
    ['an item without metadata object', '{"items":[{"metadata":[]}]}'],
  ])('%s', async (_n, stdout) => {
    const { kube, told } = garbage(stdout);
    const e = await thrown(kube.list('Pod'));
    expect([e.kind, e.detail, e.stdout]).toEqual(['other', `kubectl printed something that is not JSON: ${stdout}`, stdout]);
    expect(told).toEqual(['seen 0', `garbage kubectl printed something that is not JSON: ${stdout}`]);
  });

  it('the message quotes only the first 120 characters of what was printed', async () => {
    const long = `x${'y'.repeat(200)}`;
    const { kube } = garbage(long);
    expect((await thrown(kube.get('Pod', 'a'))).detail).toBe(`kubectl printed something that is not JSON: ${long.slice(0, 120)}`);
  });

  it('objects and lists in kubectl\'s shapes are accepted and reported ok', async () => {
    const { kube, told } = kubeOf((args) => ({ stdout: args.includes('emqx') ? '{"kind":"Pod","metadata":{"name":"emqx"}}' : '{"items":[{"metadata":{"name":"a"}}]}' }));
    expect(await kube.get('Pod', 'emqx')).toEqual({ kind: 'Pod', metadata: { name: 'emqx' } });
    expect(await kube.list('Pod')).toEqual([{ metadata: { name: 'a' } }]);
    expect(told).toEqual(['seen 0', 'ok get pods', 'seen 0', 'ok get pods']);
  });

  it('a list without items is empty', async () => {
    const { kube } = kubeOf(() => ({ stdout: '{"kind":"List"}' }));
    expect(await kube.list(['Pod', 'Service'], { selector: 'a=b' })).toEqual([]);
  });

  it('a failing get other than NotFound is thrown', async () => {
    const { kube } = kubeOf(() => ({ exitCode: 1, stderr: 'Error from server (Forbidden): pods "a" is forbidden\n' }));
    expect((await thrown(kube.get('Pod', 'a'))).kind).toBe('forbidden');
  });
});

describe('auth can-i: only a clear yes or no is an answer', () => {
  it('reads the last line of the output', async () => {
    const { kube, seen } = kubeOf(() => ({ stdout: 'Warning: resource not known\nyes\n' }));
    expect(await kube.canI('get', 'pods', { name: 'x', subresource: 'log', as: 'u' })).toBe(true);
    expect(seen[0]).toEqual({ args: [...G, 'auth', 'can-i', 'get', 'pods/x', '--subresource=log', '--as=u'], opts: { timeoutMs: 60_000, signal: undefined } });
  });

  it('an unexpected word is an error quoting it', async () => {
    const { kube } = kubeOf(() => ({ stdout: 'maybe\n' }));
    const e = await thrown(kube.canI('get', 'pods'));
    expect([e.kind, e.detail]).toEqual(['other', 'unexpected answer from auth can-i: maybe']);
  });

  it('"no" with exit 0 or "yes" with exit 1 is not an answer', async () => {
    const no0 = kubeOf(() => ({ stdout: 'no\n' }));
    expect((await thrown(no0.kube.canI('get', 'pods'))).detail).toBe('unexpected answer from auth can-i: no');
    const yes1 = kubeOf(() => ({ stdout: 'yes\n', exitCode: 1 }));
    const e = await thrown(yes1.kube.canI('get', 'pods'));
    expect([e.kind, e.detail]).toEqual(['other', 'exit code 1']);
  });

  it('nothing on stdout: the error quotes stderr instead', async () => {
    const { kube } = kubeOf(() => ({ stderr: 'something odd\n' }));
    expect((await thrown(kube.canI('get', 'pods'))).detail).toBe('unexpected answer from auth can-i: something odd');
  });

  it('words that only start like yes/no do not count', async () => {
    const a = kubeOf(() => ({ stdout: 'yesterday\n' }));
    expect((await thrown(a.kube.canI('get', 'pods'))).detail).toBe('unexpected answer from auth can-i: yesterday');
    const b = kubeOf(() => ({ stdout: 'nothing\n', exitCode: 1 }));
    expect((await thrown(b.kube.canI('get', 'pods'))).kind).toBe('other');
  });
});

describe('logs: a container\'s log as printed', () => {
  it('returns stdout untouched, with the container, tail and previous flags', async () => {
    const { kube, seen } = kubeOf(() => ({ stdout: 'line 1\n\nline 2\n' }));
    expect(await kube.logs('emqx-0', { container: 'emqx', tail: 0, previous: true })).toBe('line 1\n\nline 2\n');
    expect(seen).toEqual([{ args: [...G, 'logs', 'emqx-0', '-c', 'emqx', '--tail=0', '--previous'], opts: { timeoutMs: 60_000, signal: undefined } }]);
  });
});

describe('getRaw and raw', () => {
  it('getRaw returns the body as printed, with the default or the given time limit', async () => {
    const { kube, seen } = kubeOf(() => ({ stdout: ' {"status":"ok"}\n' }));
    expect(await kube.getRaw('/api/v1/x')).toBe(' {"status":"ok"}\n');
    await kube.getRaw('/api/v1/y', { timeoutMs: 1_234 });
    expect(seen).toEqual([
      { args: ['--context', 'kind-x', '--request-timeout=5s', 'get', '--raw', '/api/v1/x'], opts: { timeoutMs: 60_000, signal: undefined } },
      { args: ['--context', 'kind-x', '--request-timeout=5s', 'get', '--raw', '/api/v1/y'], opts: { timeoutMs: 1_234, signal: undefined } },
    ]);
  });

  it('getRaw throws the server\'s reason', async () => {
    const { kube } = kubeOf(() => ({ exitCode: 1, stderr: 'Error from server (ServiceUnavailable): no endpoints available for service "emqx"\n' }));
    const e = await thrown(kube.getRaw('/x'));
    expect([e.kind, e.detail]).toEqual(['other', 'Error from server (ServiceUnavailable): no endpoints available for service "emqx"']);
  });

  it('raw passes the argv untouched and returns a failure as data, with the signal and input given', async () => {
    const ac = new AbortController();
    const { kube, seen, told } = kubeOf(() => ({ exitCode: 2, stderr: 'bad\n' }), ac.signal);
    const r = await kube.raw(['get', 'nodes'], { input: 'in', timeoutMs: 5 });
    expect(r).toEqual({ args: ['get', 'nodes'], exitCode: 2, stdout: '', stderr: 'bad\n', timedOut: false, canceled: false, missing: false });
    await kube.raw(['version']);
    expect(seen).toEqual([
      { args: ['get', 'nodes'], opts: { timeoutMs: 5, signal: ac.signal, input: 'in' } },
      { args: ['version'], opts: { timeoutMs: 60_000, signal: ac.signal, input: undefined } },
    ]);
    // raw is not one of the adapter's own calls: the failure watch is not told.
    expect(told).toEqual([]);
  });
});

describe('versions, context and clusters from the kubeconfig', () => {
  it('version: client and server; clientVersion asks the client only', async () => {
    const { kube, seen } = kubeOf((args) => ({
      stdout: args.includes('--client') ? '{"clientVersion":{"gitVersion":"v1.31.0"}}' : '{"clientVersion":{"gitVersion":"v1.32.4"},"serverVersion":{"gitVersion":"v1.30.2"}}',
    }));
    expect(await kube.version()).toEqual({ client: 'v1.32.4', server: 'v1.30.2' });
    expect(await kube.clientVersion()).toBe('v1.31.0');
    expect(seen).toEqual([
      { args: ['--context', 'kind-x', '--request-timeout=5s', 'version', '-o', 'json'], opts: { timeoutMs: 20_000, signal: undefined } },
      { args: ['--context', 'kind-x', 'version', '--client', '-o', 'json'], opts: { timeoutMs: 60_000, signal: undefined } },
    ]);
  });

  it('versions missing from the answer are undefined', async () => {
    const { kube } = kubeOf(() => ({ stdout: '{}' }));
    expect(await kube.version()).toEqual({ client: undefined, server: undefined });
    expect(await kube.clientVersion()).toBeUndefined();
  });

  it('currentContext is the trimmed answer of `config current-context`, asked without --context', async () => {
    const { kube, seen } = kubeOf(() => ({ stdout: '  kind-lab \n' }));
    expect(await kube.currentContext()).toBe('kind-lab');
    expect(seen).toEqual([{ args: ['config', 'current-context'], opts: { timeoutMs: 10_000, signal: undefined } }]);
  });

  it('clusterInfo: the context\'s cluster, else the first one; the context\'s name when current-context is missing', async () => {
    const view = { contexts: [{ name: 'ctx', context: { cluster: 'gone', namespace: 'ns1' } }], clusters: [{ name: 'first', cluster: { server: 'https://a' } }, { name: 'second', cluster: { server: 'https://b' } }] };
    const { kube, seen } = kubeOf(() => ({ stdout: JSON.stringify(view) }));
    expect(await kube.clusterInfo()).toEqual({ context: 'ctx', cluster: 'first', server: 'https://a', namespace: 'ns1' });
    expect(seen).toEqual([{ args: ['--context', 'kind-x', 'config', 'view', '--minify', '-o', 'json'], opts: { timeoutMs: 10_000, signal: undefined } }]);
  });

  it('clusterInfo picks the cluster the context names', async () => {
    const view = { 'current-context': 'cur', contexts: [{ name: 'ctx', context: { cluster: 'second' } }], clusters: [{ name: 'first', cluster: { server: 'https://a' } }, { name: 'second', cluster: { server: 'https://b' } }] };
    const { kube } = kubeOf(() => ({ stdout: JSON.stringify(view) }));
    expect(await kube.clusterInfo()).toEqual({ context: 'cur', cluster: 'second', server: 'https://b', namespace: undefined });
  });

  it('clusterInfo of an empty kubeconfig is all unknown', async () => {
    const { kube } = kubeOf(() => ({ stdout: '{}' }));
    expect(await kube.clusterInfo()).toEqual({ context: undefined, cluster: undefined, server: undefined, namespace: undefined });
  });

  it('clusters: every cluster with its server, a missing name as empty', async () => {
    const view = { clusters: [{ name: 'a', cluster: { server: 'https://a' } }, { cluster: {} }] };
    const { kube, seen } = kubeOf(() => ({ stdout: JSON.stringify(view) }));
    expect(await kube.clusters()).toEqual([
      { name: 'a', server: 'https://a' },
      { name: '', server: undefined },
    ]);
    expect(seen).toEqual([{ args: ['config', 'view', '-o', 'json'], opts: { timeoutMs: 10_000, signal: undefined } }]);
  });

  it('clusters of a kubeconfig without clusters: none', async () => {
    const { kube } = kubeOf(() => ({ stdout: '{}' }));
    expect(await kube.clusters()).toEqual([]);
  });
});

describe('interactive: kubectl with the learner\'s terminal, its exit code returned', () => {
  // The terminal's streams must be backed by file descriptors (as process.stdin/stdout are): files here.
  const streams: { close(): void }[] = [];
  afterEach(() => {
    for (const s of streams.splice(0)) s.close();
  });
  function io(): Io & { out: () => string } {
    const file = join(mkdtempSync(join(tmpdir(), 'emqx-lab-tty-')), 'out');
    const stdout = createWriteStream('', { fd: openSync(file, 'w') });
    const stdin = createReadStream('', { fd: openSync('/dev/null', 'r') });
    streams.push(stdout, stdin);
    return { stdin: stdin as unknown as Io['stdin'], stdout: stdout as unknown as Io['stdout'], stderr: stdout as unknown as Io['stderr'], out: () => readFileSync(file, 'utf8') };
  }
  const nodeKube = (script: string, env: NodeJS.ProcessEnv = {}) =>
    createKube({ binary: { file: process.execPath, prefix: ['-e', script], sim: false }, env, target, forwarder: noForwards });

  it('runs the binary with its prefix, the given argv and only the given environment', async () => {
    const t = io();
    const kube = nodeKube('process.stdout.write(process.argv.slice(1).join(" ") + "|" + process.env.ONLY + "|" + process.env.HOME); process.exit(7)', { ONLY: 'me' });
    expect(await kube.interactive(['get', 'pods'], t)).toBe(7);
    expect(t.out()).toBe('get pods|me|undefined');
  });

  it('a kubectl killed by a signal returns 130', async () => {
    const kube = nodeKube('process.kill(process.pid, "SIGKILL")');
    expect(await kube.interactive([], io())).toBe(130);
  });

  it('a missing binary is "not installed"', async () => {
    const kube = createKube({ binary: { file: '/nonexistent/kubectl', prefix: [], sim: false }, env: {}, target, forwarder: noForwards });
    const e = await thrown(kube.interactive(['get', 'pods'], io()));
    expect([e.kind, e.detail, e.args]).toEqual(['notInstalled', '/nonexistent/kubectl', ['get', 'pods']]);
  });

  it('a file that may not be executed is "not installed" too', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'emqx-lab-noexec-')), 'kubectl');
    writeFileSync(file, '#!/bin/sh\nexit 0\n');
    chmodSync(file, 0o644);
    const kube = createKube({ binary: { file, prefix: [], sim: false }, env: {}, target, forwarder: noForwards });
    expect((await thrown(kube.interactive([], io()))).kind).toBe('notInstalled');
  });
});

// The adapter through a scripted runner: exec's argv, input, time limit and signal, its reading of the
// command's exit code; list's selector; can-i's whole-word answers; close() and the adapter's signal.
import { describe, expect, it, vi } from 'vitest';
import { createKube } from '../../src/kube/adapter.js';
import type { PortForwarder } from '../../src/kube/port-forward.js';
import { KubeError, type RunResult } from '../../src/kube/result.js';
import type { RunOptions, Runner } from '../../src/kube/run.js';

const target = { namespace: 'lab', context: 'kind-x', requestTimeout: '5s' };
const G = ['--context', 'kind-x', '--namespace', 'lab', '--request-timeout=5s'];

type Answer = Partial<Omit<RunResult, 'args'>>;
interface Seen {
  args: string[];
  opts: RunOptions | undefined;
  /** Whether the signal given to this call was already aborted when the call started. */
  abortedAtStart: boolean;
}

function scripted(answer: (args: string[], opts: RunOptions | undefined) => Answer = () => ({})) {
  const seen: Seen[] = [];
  const runner: Runner = async (args, opts) => {
    seen.push({ args, opts, abortedAtStart: opts?.signal?.aborted ?? false });
    return { args, exitCode: 0, stdout: '', stderr: '', timedOut: false, canceled: false, missing: false, ...answer(args, opts) };
  };
  return { runner, seen };
}

function counting(): { forwarder: PortForwarder; closed: () => number } {
  let n = 0;
  return {
    forwarder: {
      open: async () => {
        throw new Error('no port-forward expected');
      },
      closeAll: async () => {
        n++;
      },
    },
    closed: () => n,
  };
}

function kubeOf(answer?: (args: string[], opts: RunOptions | undefined) => Answer, signal?: AbortSignal) {
  const { runner, seen } = scripted(answer);
  const { forwarder, closed } = counting();
  const kube = createKube({ binary: { file: 'kubectl', prefix: [], sim: false }, env: {}, target, runner, forwarder, signal });
  return { kube, seen, closed };
}

async function thrown(p: Promise<unknown>): Promise<KubeError> {
  const e = await p.then(
    () => undefined,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(KubeError);
  return e as KubeError;
}

describe('exec', () => {
  it('a successful exec returns exit code 0 with stdout and cleaned stderr, within the exec time limit', async () => {
    const { kube, seen } = kubeOf(() => ({ stdout: 'ok\n', stderr: 'W1127 19:52:04.176629    1 x.go:1] noise\nnote\n' }));
    expect(await kube.exec('emqx-0', ['emqx', 'ctl', 'status'])).toEqual({ exitCode: 0, stdout: 'ok\n', stderr: 'note' });
    expect(seen).toHaveLength(1);
    expect(seen[0].args).toEqual([...G, 'exec', 'emqx-0', '--', 'emqx', 'ctl', 'status']);
    expect(seen[0].opts?.timeoutMs).toBe(45_000);
    expect(seen[0].opts?.input).toBeUndefined();
  });

  it('stdin: -i is passed and the input goes to kubectl', async () => {
    const { kube, seen } = kubeOf();
    await kube.exec('emqx-0', ['sh', '-c', 'read -r p'], { container: 'emqx', stdin: 'secret\n' });
    expect(seen[0].args).toEqual([...G, 'exec', '-i', 'emqx-0', '-c', 'emqx', '--', 'sh', '-c', 'read -r p']);
    expect(seen[0].opts?.input).toBe('secret\n');
    expect(seen[0].opts?.timeoutMs).toBe(45_000);
  });

  it('empty stdin is still stdin', async () => {
    const { kube, seen } = kubeOf();
    await kube.exec('emqx-0', ['cat'], { stdin: '' });
    expect(seen[0].args).toEqual([...G, 'exec', '-i', 'emqx-0', '--', 'cat']);
    expect(seen[0].opts?.input).toBe('');
  });

  it("the command's exit code of several digits is passed through", async () => {
    const { kube } = kubeOf(() => ({ exitCode: 137, stdout: 'partial\n', stderr: 'command terminated with exit code 137\n' }));
    expect(await kube.exec('emqx-0', ['sleep', '100'])).toEqual({ exitCode: 137, stdout: 'partial\n', stderr: 'command terminated with exit code 137' });
  });

  it("a command that succeeds is exit 0 even when its own stderr reads like kubectl's exit-code line", async () => {
    const { kube } = kubeOf(() => ({ exitCode: 0, stdout: '', stderr: 'command terminated with exit code 5\n' }));
    expect(await kube.exec('emqx-0', ['sh', '-c', 'echo "command terminated with exit code 5" >&2'])).toEqual({
      exitCode: 0,
      stdout: '',
      stderr: 'command terminated with exit code 5',
    });
  });

  it('a timed-out exec is a time-out even when stderr names an exit code', async () => {
    const { kube } = kubeOf(() => ({ exitCode: undefined, timedOut: true, stderr: 'command terminated with exit code 1\n' }));
    expect((await thrown(kube.exec('emqx-0', ['sleep', '100']))).kind).toBe('timeout');
  });

  it("the adapter's signal reaches the exec's kubectl: aborted before, the call is canceled", async () => {
    const ac = new AbortController();
    ac.abort();
    const { kube, seen } = kubeOf((_args, opts) => (opts?.signal?.aborted ? { exitCode: undefined, canceled: true } : {}), ac.signal);
    expect((await thrown(kube.exec('emqx-0', ['true']))).kind).toBe('canceled');
    expect(seen[0].abortedAtStart).toBe(true);
  });

  it('a quick exec stops the pending question about its pod', async () => {
    vi.useFakeTimers();
    try {
      const { kube, seen } = kubeOf(() => ({ stdout: 'ok\n' }));
      expect((await kube.exec('emqx-0', ['true'])).stdout).toBe('ok\n');
      await vi.advanceTimersByTimeAsync(10_000);
      expect(seen.map((s) => s.args)).toEqual([[...G, 'exec', 'emqx-0', '--', 'true']]);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('list', () => {
  it('passes the selector', async () => {
    const { kube, seen } = kubeOf(() => ({ stdout: '{"items":[]}' }));
    expect(await kube.list('Pod', { selector: 'app=emqx' })).toEqual([]);
    expect(seen[0].args).toEqual([...G, 'get', 'pods', '-l', 'app=emqx', '-o', 'json']);
  });

  it('JSON that is not in kubectl\'s shapes is quoted up to 120 characters', async () => {
    const long = `[${'1,'.repeat(100)}1]`;
    const { kube } = kubeOf(() => ({ stdout: long }));
    const e = await thrown(kube.list('Pod'));
    expect(e.detail).toBe(`kubectl printed something that is not JSON: ${long.slice(0, 120)}`);
    expect(e.stdout).toBe(long);
  });
});

describe('auth can-i', () => {
  it('yes or no must start the answer', async () => {
    const a = kubeOf(() => ({ stdout: 'maybe yes\n' }));
    expect((await thrown(a.kube.canI('get', 'pods'))).detail).toBe('unexpected answer from auth can-i: maybe yes');
    const b = kubeOf(() => ({ stdout: 'maybe no\n', exitCode: 1 }));
    const e = await thrown(b.kube.canI('get', 'pods'));
    expect([e.kind, e.detail]).toEqual(['other', 'exit code 1']);
  });
});

describe("close() and the adapter's signal", () => {
  it('close() closes the port-forwards once; a later abort closes nothing more', async () => {
    const ac = new AbortController();
    const { kube, closed } = kubeOf(undefined, ac.signal);
    await kube.close();
    expect(closed()).toBe(1);
    ac.abort();
    await new Promise((r) => setTimeout(r, 10));
    expect(closed()).toBe(1);
  });

  it('an abort before close() closes the port-forwards', async () => {
    const ac = new AbortController();
    const { closed } = kubeOf(undefined, ac.signal);
    ac.abort();
    await new Promise((r) => setTimeout(r, 10));
    expect(closed()).toBe(1);
  });
});

/**
 * The port-forward registry (kube/port-forward.ts) with execa replaced by scripted processes: the guard's argv
 * and options, the port read from kubectl's "Forwarding from" line, the error a forward that never gets ready
 * throws, and which processes close / closeAll / process exit kill.
 */
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { KubeError } from '../../src/kube/result.js';

interface Ending {
  exitCode?: number;
  isCanceled?: boolean;
  code?: string;
}

/** A subprocess the test drives: write to its stdout/stderr, end it, see the signals it got. */
class Sub {
  stdout = new PassThrough();
  stderr = new PassThrough();
  kills: (string | undefined)[] = [];
  private resolve!: (r: Ending) => void;
  readonly promise = new Promise<Ending>((r) => (this.resolve = r));
  constructor(
    readonly file: string,
    readonly args: string[],
    readonly opts: Record<string, unknown>,
  ) {}
  end(r: Ending) {
    this.resolve(r);
  }
  out(s: string) {
    this.stdout.write(s);
  }
  err(s: string) {
    this.stderr.write(s);
  }
}

const subs = vi.hoisted(() => ({ all: [] as unknown[], onKill: undefined as undefined | ((s: unknown, sig?: string) => void) }));
vi.mock('execa', () => ({
  execa: (file: string, args: string[], opts: Record<string, unknown>) => {
    const sub = new Sub(file, args, opts);
    subs.all.push(sub);
    return Object.assign(sub.promise, {
      stdout: sub.stdout,
      stderr: sub.stderr,
      kill(sig?: string) {
        sub.kills.push(sig);
        // A killed process ends (unless the test says otherwise).
        if (subs.onKill) subs.onKill(sub, sig);
        else sub.end({ exitCode: undefined });
        return true;
      },
    });
  },
}));

const { childGuardPath, createPortForwarder } = await import('../../src/kube/port-forward.js');

const bin = { file: '/usr/bin/kubectl', prefix: ['--pre'], sim: false };
const env = { PATH: '/bin' };
const ARGS = ['--context', 'kind-x', '--namespace', 'lab', 'port-forward', '--address', '127.0.0.1', 'svc/emqx', '0:1883'];

const last = () => subs.all.at(-1) as Sub;
const tick = () => new Promise((r) => setTimeout(r, 0));

afterEach(() => {
  subs.all = [];
  subs.onKill = undefined;
  vi.useRealTimers();
});

async function opened(pf: ReturnType<typeof createPortForwarder>, target = 'svc/emqx', port = 4321) {
  const p = pf.open(ARGS, target);
  await tick();
  last().out(`Forwarding from 127.0.0.1:${port} -> 1883\nForwarding from [::1]:${port} -> 1883\n`);
  return p;
}

describe('port-forward: a forward that gets ready', () => {
  it('runs kubectl under the child guard, with only the given environment and a stdin pipe', async () => {
    const ac = new AbortController();
    const pf = createPortForwarder(bin, env);
    const p = pf.open(ARGS, 'svc/emqx', { signal: ac.signal });
    await tick();
    expect(last().file).toBe(process.execPath);
    expect(last().args).toEqual([childGuardPath(), '/usr/bin/kubectl', '--pre', ...ARGS]);
    expect(last().opts).toEqual({ reject: false, env, extendEnv: false, stdin: 'pipe', buffer: false, cancelSignal: ac.signal, forceKillAfterDelay: 2_000 });
    last().out('Forwarding from 127.0.0.1:5555 -> 1883\n');
    const fwd = await p;
    expect([fwd.target, fwd.localPort, fwd.alive, fwd.lastError]).toEqual(['svc/emqx', 5555, true, '']);
    await pf.closeAll();
  });

  it('reads the port from a line that arrives in pieces', async () => {
    const pf = createPortForwarder(bin, env);
    const p = pf.open(ARGS, 'pod/emqx-0');
    await tick();
    last().out('Forwarding from 127.0.');
    await tick();
    last().out('0.1:40123 -> 18083\n');
    const fwd = await p;
    expect([fwd.target, fwd.localPort]).toEqual(['pod/emqx-0', 40123]);
    await pf.closeAll();
  });

  it('keeps kubectl\'s last complaint, without log noise, and says when it has exited', async () => {
    const pf = createPortForwarder(bin, env);
    const fwd = await opened(pf);
    last().err('E0101 00:00:00.000000 1 portforward.go:1] noise\nerror forwarding port 1883 to pod abc: connection refused\n');
    await tick();
    expect(fwd.lastError).toBe('error forwarding port 1883 to pod abc: connection refused');
    last().err('E0101 00:00:00.000000 1 portforward.go:1] noise only\n');
    await tick();
    expect(fwd.lastError).toBe('error forwarding port 1883 to pod abc: connection refused');
    expect(fwd.alive).toBe(true);
    last().end({ exitCode: 1 });
    await tick();
    expect(fwd.alive).toBe(false);
  });

  it('close() kills a live forward once and waits for it; a forward that already ended is not killed', async () => {
    const pf = createPortForwarder(bin, env);
    const fwd = await opened(pf);
    const sub = last();
    await fwd.close();
    expect(sub.kills).toEqual([undefined]);
    expect(fwd.alive).toBe(false);
    await fwd.close();
    expect(sub.kills).toEqual([undefined]);
  });
});

describe('port-forward: the registry ends every forward', () => {
  it('closeAll kills every live forward and waits until they have ended', async () => {
    subs.onKill = () => {};
    const pf = createPortForwarder(bin, env);
    const a = await opened(pf, 'svc/a', 1);
    const b = await opened(pf, 'svc/b', 2);
    const [sa, sb] = subs.all as Sub[];
    let closed = false;
    const all = pf.closeAll().then(() => (closed = true));
    await tick();
    expect([sa.kills, sb.kills]).toEqual([[undefined], [undefined]]);
    expect(closed).toBe(false);
    sa.end({ exitCode: undefined });
    await tick();
    expect(closed).toBe(false);
    sb.end({ exitCode: undefined });
    await all;
    expect([a.alive, b.alive]).toEqual([false, false]);
  });

  it('while forwards live, this process\'s exit tells each to stop (SIGTERM); once none is left, no exit hook remains', async () => {
    subs.onKill = () => {};
    const before = process.listeners('exit');
    const pf = createPortForwarder(bin, env);
    await opened(pf, 'svc/a', 1);
    await opened(pf, 'svc/b', 2);
    const added = process.listeners('exit').filter((l) => !before.includes(l));
    expect(added).toHaveLength(1);
    (added[0] as () => void)();
    expect((subs.all as Sub[]).map((s) => s.kills)).toEqual([['SIGTERM'], ['SIGTERM']]);
    (subs.all[0] as Sub).end({ exitCode: undefined });
    await tick();
    expect(process.listeners('exit').filter((l) => !before.includes(l))).toHaveLength(1);
    (subs.all[1] as Sub).end({ exitCode: undefined });
    await tick();
    expect(process.listeners('exit').filter((l) => !before.includes(l))).toEqual([]);
  });
});

describe('port-forward: a forward that never gets ready throws why', () => {
  async function failure(end: Ending, stderr = ''): Promise<KubeError> {
    const pf = createPortForwarder(bin, env);
    const p = pf.open(ARGS, 'svc/emqx').catch((e: unknown) => e);
    await tick();
    if (stderr) last().err(stderr);
    await tick();
    last().end(end);
    const e = await p;
    expect(e).toBeInstanceOf(KubeError);
    return e as KubeError;
  }

  it('kubectl\'s reason', async () => {
    const e = await failure({ exitCode: 1 }, 'Error from server (NotFound): services "emqx" not found\n');
    expect([e.kind, e.detail, e.args]).toEqual(['notFound', 'Error from server (NotFound): services "emqx" not found', ARGS]);
  });

  it('kubectl that said nothing: its exit code', async () => {
    const e = await failure({ exitCode: 1 });
    expect([e.kind, e.detail]).toEqual(['other', 'exit code 1']);
  });

  it('a kubectl the guard could not start (exit 127), or a guard that could not start: not installed', async () => {
    expect((await failure({ exitCode: 127 }, '/usr/bin/kubectl: command not found\n')).kind).toBe('notInstalled');
    expect((await failure({ exitCode: undefined, code: 'ENOENT' })).kind).toBe('notInstalled');
  });

  it('Ctrl-C while waiting: canceled', async () => {
    expect((await failure({ exitCode: undefined, isCanceled: true })).kind).toBe('canceled');
  });

  it('no "Forwarding from" within 20 s: the forward is killed and it timed out', async () => {
    vi.useFakeTimers();
    const pf = createPortForwarder(bin, env);
    let err: unknown;
    const p = pf.open(ARGS, 'svc/emqx').catch((e: unknown) => (err = e));
    await vi.advanceTimersByTimeAsync(19_999);
    expect(err).toBeUndefined();
    expect(last().kills).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    await p;
    expect(last().kills).toEqual([undefined]);
    expect(err).toBeInstanceOf(KubeError);
    expect([(err as KubeError).kind, (err as KubeError).detail]).toEqual(['timeout', 'exit code ?']);
  });

  it('the time limit given replaces 20 s; a forward canceled as it times out is canceled, not timed out', async () => {
    vi.useFakeTimers();
    subs.onKill = (s) => (s as Sub).end({ exitCode: undefined, isCanceled: true });
    const pf = createPortForwarder(bin, env);
    let err: unknown;
    const p = pf.open(ARGS, 'svc/emqx', { timeoutMs: 500 }).catch((e: unknown) => (err = e));
    await vi.advanceTimersByTimeAsync(500);
    await p;
    expect((err as KubeError).kind).toBe('canceled');
  });

  it('an error line on stderr before the time-out is the reason given', async () => {
    vi.useFakeTimers();
    const pf = createPortForwarder(bin, env);
    let err: unknown;
    const p = pf.open(ARGS, 'svc/emqx', { timeoutMs: 500 }).catch((e: unknown) => (err = e));
    last().err('error: unable to forward port because pod is not running\n');
    await vi.advanceTimersByTimeAsync(500);
    await p;
    expect([(err as KubeError).kind, (err as KubeError).detail]).toEqual(['timeout', 'error: unable to forward port because pod is not running']);
  });
});

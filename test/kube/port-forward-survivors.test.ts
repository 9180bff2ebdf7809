/**
 * The port-forward registry with execa replaced by scripted processes (as in port-forward-registry.test.ts):
 * the exit hook of a single forward, and what a forward that never gets ready keeps of kubectl's output.
 */
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { KubeError } from '../../src/kube/result.js';

interface Ending {
  exitCode?: number;
  isCanceled?: boolean;
  code?: string;
}

class Sub {
  stdout = new PassThrough();
  stderr = new PassThrough();
  kills: (string | undefined)[] = [];
  private resolve!: (r: Ending) => void;
  readonly promise = new Promise<Ending>((r) => (this.resolve = r));
  end(r: Ending) {
    this.resolve(r);
  }
}

const subs = vi.hoisted(() => ({ all: [] as unknown[] }));
vi.mock('execa', () => ({
  execa: () => {
    const sub = new Sub();
    subs.all.push(sub);
    return Object.assign(sub.promise, {
      stdout: sub.stdout,
      stderr: sub.stderr,
      kill(sig?: string) {
        sub.kills.push(sig);
        sub.end({ exitCode: undefined });
        return true;
      },
    });
  },
}));

const { createPortForwarder } = await import('../../src/kube/port-forward.js');

const bin = { file: '/usr/bin/kubectl', prefix: [], sim: false };
const ARGS = ['--namespace', 'lab', 'port-forward', '--address', '127.0.0.1', 'svc/emqx', '0:1883'];
const last = () => subs.all.at(-1) as Sub;
const tick = () => new Promise((r) => setTimeout(r, 0));

afterEach(() => {
  subs.all = [];
});

describe('port-forward: exit hook', () => {
  it('a single live forward is told to stop at exit; when it ends the hook goes', async () => {
    const before = process.listeners('exit');
    const pf = createPortForwarder(bin, {});
    const p = pf.open(ARGS, 'svc/emqx');
    await tick();
    last().stdout.write('Forwarding from 127.0.0.1:4000 -> 1883\n');
    const fwd = await p;
    const added = process.listeners('exit').filter((l) => !before.includes(l));
    expect(added).toHaveLength(1);
    (added[0] as () => void)();
    expect(last().kills).toEqual(['SIGTERM']);
    await fwd.close();
    expect(process.listeners('exit').filter((l) => !before.includes(l))).toEqual([]);
  });
});

describe('port-forward: a forward that never gets ready', () => {
  async function failure(write: (s: Sub) => void, end: Ending): Promise<KubeError> {
    const pf = createPortForwarder(bin, {});
    const p = pf.open(ARGS, 'svc/emqx').catch((e: unknown) => e);
    await tick();
    write(last());
    await tick();
    last().end(end);
    const e = await p;
    expect(e).toBeInstanceOf(KubeError);
    return e as KubeError;
  }

  it('gives the line a person needs as the detail, all of stderr as stderr, and stdout as printed', async () => {
    const e = await failure(
      (s) => {
        s.stdout.write('Forwarding nowhere\n');
        s.stderr.write('Error from server (NotFound): services "emqx" not found\nsecond line\n');
      },
      { exitCode: 1 },
    );
    expect([e.kind, e.detail, e.stderr, e.stdout]).toEqual([
      'notFound',
      'Error from server (NotFound): services "emqx" not found',
      'Error from server (NotFound): services "emqx" not found\nsecond line',
      'Forwarding nowhere\n',
    ]);
  });

  it('nothing printed: stdout and stderr are empty', async () => {
    const e = await failure(() => {}, { exitCode: 1 });
    expect([e.stdout, e.stderr]).toEqual(['', '']);
  });

  it('keeps only the last 8000 characters of stdout and of stderr', async () => {
    const e = await failure(
      (s) => {
        s.stdout.write(`${'o'.repeat(9_000)}\nend of stdout\n`);
        s.stderr.write(`${'a'.repeat(9_000)}\nerror: boom\n`);
      },
      { exitCode: 1 },
    );
    expect(e.stdout).toBe(`${'o'.repeat(8_000 - 'end of stdout\n'.length - 1)}\nend of stdout\n`);
    expect(e.stderr).toBe(`${'a'.repeat(8_000 - 'error: boom\n'.length - 1)}\nerror: boom`);
    expect(e.detail).toBe('error: boom');
  });
});

/**
 * The failure watch (kube/persistent.ts) on its own: which kubectl results stop the command (PersistentKubeFailure,
 * exit 3) with which paragraph, after how many calls and how long, and what starts the count over.
 */
import { mkdtempSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { failureWatch, PersistentKubeFailure, verbOf, type WatchOptions } from '../../src/kube/persistent.js';
import { KubeError, type RunResult } from '../../src/kube/result.js';

const G = ['--context', 'kind-x', '--namespace', 'lab', '--request-timeout=5s'];
const FORBIDDEN = 'Error from server (Forbidden): pods is forbidden: User "u" cannot list resource "pods"';
const REFUSED = 'The connection to the server 127.0.0.1:6443 was refused - did you specify the right host or port?';

function res(args: string[], more: Partial<RunResult> = {}): RunResult {
  return { args: [...G, ...args], exitCode: 1, stdout: '', stderr: '', timedOut: false, canceled: false, missing: false, ...more };
}
const failing = (stderr: string, args = ['get', 'pods', '-o', 'json']) => res(args, { stderr: `${stderr}\n` });

/** A watch on a clock the test moves. */
function watchAt(o: Partial<WatchOptions> = {}) {
  let t = 100_000;
  const watch = failureWatch({ lang: 'en', namespace: 'lab', sim: false, bin: 'kubectl', now: () => t, ...o });
  return {
    watch,
    /** One call that started now and ended `ms` later. */
    call(r: RunResult, ms = 0) {
      const start = t;
      t += ms;
      watch.seen(r, start);
    },
    wait(ms: number) {
      t += ms;
    },
  };
}

function stopped(fn: () => void): PersistentKubeFailure {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(PersistentKubeFailure);
    return e as PersistentKubeFailure;
  }
  throw new Error('the watch did not stop the command');
}

describe('verbOf: the kubectl verb after the adapter\'s global flags', () => {
  it.each([
    [['--context', 'get', '--namespace', 'lab', 'apply', '-f', '-'], 'apply'],
    [['--kubeconfig', '/k', '-n', 'x', 'delete', 'pods/a'], 'delete'],
    [['--request-timeout=5s', 'scale', 'sts/emqx'], 'scale'],
    [['--context', 'c', '--namespace', 'n'], ''],
    [[], ''],
  ])('%j → %s', (args, verb) => expect(verbOf(args)).toBe(verb));
});

describe('failure watch: one failure repeated long enough stops the command', () => {
  it('three forbidden reads over three seconds: exit 3 with the reason and how long it lasted', () => {
    const w = watchAt();
    w.call(failing(FORBIDDEN));
    w.wait(1_000);
    w.call(failing(FORBIDDEN));
    w.wait(1_500);
    const e = stopped(() => w.call(failing(FORBIDDEN), 500));
    expect(e.message).toBe(
      `Every kubectl call has failed the same way for 3 s, so emqx-lab stops instead of waiting for a check's timeout: not allowed: ${FORBIDDEN}. Fix that, then run the command again.`,
    );
    expect(e.exitCode).toBe(3);
    expect(e.name).toBe('PersistentKubeFailure');
    expect(e.cause).toBeInstanceOf(KubeError);
    expect([e.cause?.kind, e.cause?.detail]).toEqual(['forbidden', FORBIDDEN]);
  });

  it('three calls within the window are not enough; the next one after it is', () => {
    const w = watchAt();
    w.call(failing(FORBIDDEN));
    w.call(failing(FORBIDDEN), 1_000);
    w.call(failing(FORBIDDEN), 1_999);
    expect(stopped(() => w.call(failing(FORBIDDEN), 1)).message).toContain('for 3 s,');
  });

  it('a long failure of only two calls is not enough', () => {
    const w = watchAt();
    w.call(failing(FORBIDDEN));
    w.wait(60_000);
    w.call(failing(FORBIDDEN));
    expect(stopped(() => w.call(failing(FORBIDDEN))).message).toContain('for 60 s,');
  });

  it('an unreachable cluster is given ten seconds, not three', () => {
    const w = watchAt();
    w.call(failing(REFUSED));
    w.call(failing(REFUSED), 5_000);
    w.call(failing(REFUSED), 4_999);
    w.call(failing(REFUSED));
    const e = stopped(() => w.call(failing(REFUSED), 1));
    expect(e.message).toBe(
      `Every kubectl call has failed the same way for 10 s, so emqx-lab stops instead of waiting for a check's timeout: the cluster does not answer (${REFUSED}). Fix that, then run the command again.`,
    );
  });

  it('a server timeout is given ten seconds too', () => {
    const w = watchAt();
    const timeout = 'Error from server (Timeout): the server was unable to return a response in the time allotted';
    w.call(failing(timeout));
    w.call(failing(timeout), 4_000);
    w.call(failing(timeout), 4_000);
    expect(stopped(() => w.call(failing(timeout), 2_000)).message).toContain(': kubectl took too long and was stopped.');
  });

  it('a different failure starts a new count', () => {
    const w = watchAt();
    w.call(failing(FORBIDDEN));
    w.call(failing(FORBIDDEN), 2_000);
    w.call(failing('error: You must be logged in to the server (Unauthorized)'), 2_000);
    w.call(failing(FORBIDDEN), 2_000);
    w.call(failing(FORBIDDEN), 2_000);
    expect(stopped(() => w.call(failing(FORBIDDEN), 2_000)).message).toContain('for 6 s,');
  });

  it('a success of one of the lab\'s own calls starts the count over; an exec\'s success does not', () => {
    const w = watchAt();
    w.call(failing(FORBIDDEN));
    w.call(failing(FORBIDDEN), 2_000);
    w.watch.ok([...G, 'exec', 'emqx-0', '--', 'true']);
    w.watch.ok([...G, 'get', '--raw', '/healthz']);
    expect(stopped(() => w.call(failing(FORBIDDEN), 2_000)).message).toContain('for 4 s,');

    const v = watchAt();
    v.call(failing(FORBIDDEN));
    v.call(failing(FORBIDDEN), 2_000);
    v.watch.ok([...G, 'get', 'pods', '-o', 'json']);
    v.call(failing(FORBIDDEN), 2_000);
    v.call(failing(FORBIDDEN), 2_000);
    expect(stopped(() => v.call(failing(FORBIDDEN), 2_000)).message).toContain('for 6 s,');
  });

  it('failures of calls that reach the learner\'s pods do not count', () => {
    const w = watchAt();
    for (const args of [['exec', 'emqx-0', '--', 'x'], ['logs', 'emqx-0'], ['port-forward', 'svc/emqx', '0:1883'], ['auth', 'can-i', 'get', 'pods'], ['get', '--raw', '/api']]) {
      for (let i = 0; i < 4; i++) w.call(failing(FORBIDDEN, args), 5_000);
    }
  });

  it('a NotFound of an object is an answer, not a failure that repeats', () => {
    const w = watchAt();
    for (let i = 0; i < 5; i++) w.call(failing('Error from server (NotFound): pods "x" not found'), 5_000);
  });

  it('a canceled call (Ctrl-C) is nothing to count', () => {
    const w = watchAt();
    for (let i = 0; i < 5; i++) w.call(res(['get', 'pods'], { exitCode: undefined, canceled: true, timedOut: true }), 5_000);
  });

  it('kubectl\'s words are cut to one paragraph: 400 characters and an ellipsis', () => {
    const long = `error: ${'x'.repeat(500)}`;
    const w = watchAt();
    w.call(failing(long));
    w.call(failing(long), 2_000);
    const e = stopped(() => w.call(failing(long), 2_000));
    expect(e.cause?.detail).toBe(`${long.slice(0, 400)}…`);
    const exact = `error: ${'y'.repeat(393)}`;
    const v = watchAt();
    v.call(failing(exact));
    v.call(failing(exact), 2_000);
    expect(stopped(() => v.call(failing(exact), 2_000)).cause?.detail).toBe(exact);
  });
});

describe('failure watch: the namespace deleted under the lab', () => {
  it('NotFound of the lab\'s namespace repeated: says the namespace is gone', () => {
    const gone = 'Error from server (NotFound): namespaces "lab" not found';
    const w = watchAt();
    w.call(failing(gone, ['apply', '-f', '-']));
    w.call(failing(gone, ['apply', '-f', '-']), 2_000);
    const e = stopped(() => w.call(failing(gone, ['apply', '-f', '-']), 2_000));
    expect(e.message).toBe('The namespace lab no longer exists (it was deleted while the lab was working in it). Run `emqx-lab apply <step>` or `emqx-lab solve <step>` to create it again.');
    expect(e.cause?.kind).toBe('notFound');
  });

  it('another namespace not found is not the lab\'s', () => {
    const w = watchAt();
    for (let i = 0; i < 5; i++) w.call(failing('Error from server (NotFound): namespaces "other" not found'), 5_000);
  });
});

describe('failure watch: what stops the command at once', () => {
  it('a kubectl that cannot run at all', () => {
    const w = watchAt({ bin: 'kubectl' });
    const e = stopped(() => w.call(res(['exec', 'emqx-0'], { exitCode: undefined, missing: true })));
    expect(e.message).toMatch(/^kubectl is needed and "kubectl" was not found\. Install it/);
    expect(e.cause?.kind).toBe('notInstalled');
  });

  it('a --kubectl that is a folder or not executable is said so', () => {
    const dir = mkdtempSync(join(tmpdir(), 'emqx-lab-bin-'));
    const w = watchAt({ bin: dir });
    expect(stopped(() => w.call(res(['get', 'pods'], { exitCode: undefined, missing: true }))).message).toBe(
      `"${dir}" cannot be run as kubectl: it is a folder or a file without permission to execute. Point --kubectl (or EMQX_LAB_KUBECTL) at the kubectl program itself.`,
    );
    const file = join(dir, 'kubectl');
    writeFileSync(file, '#!/bin/sh\n');
    chmodSync(file, 0o755);
    const x = watchAt({ bin: file });
    expect(stopped(() => x.call(res(['get', 'pods'], { exitCode: undefined, missing: true }))).message).toMatch(/^kubectl is needed and ".*kubectl" was not found/);
  });

  it('one of the lab\'s calls that outlived its hard limit: kubectl hangs', () => {
    const w = watchAt({ bin: '/opt/kubectl' });
    const e = stopped(() => w.call(res(['get', 'pods'], { exitCode: undefined, timedOut: true }), 20_400));
    expect(e.message).toBe(
      '"/opt/kubectl" did not answer for 20 s although each request it makes has a 15 s timeout: kubectl or its connection to the cluster hangs. Check that `kubectl get namespaces` answers, then run the command again.',
    );
    expect(e.cause).toBeUndefined();
  });

  it('an exec that timed out is not a hung kubectl', () => {
    const w = watchAt();
    for (let i = 0; i < 4; i++) w.call(res(['exec', 'emqx-0', '--', 'x'], { exitCode: undefined, timedOut: true }), 50_000);
  });
});

describe('failure watch: the simulator says its state cannot be used', () => {
  it('damaged state: stops at once with the simulator\'s words, "error: " removed', () => {
    const w = watchAt({ sim: true });
    const e = stopped(() => w.call(res(['get', 'pods'], { exitCode: 3, stderr: 'W0101 00:00:00.000000 1 x.go:1] noise\nerror: state.json: Unexpected token\nmore\n' })));
    expect(e.message).toBe("The simulated cluster's state is damaged (state.json: Unexpected token). Reset it with `emqx-lab kubectl --sim sim reset` and apply your step again; your progress is kept.");
  });

  it('a lock held by another process: busy', () => {
    const w = watchAt({ sim: true });
    const e = stopped(() => w.call(res(['exec', 'x'], { exitCode: 3, stderr: 'error: state.lock: held by pid 42\n' })));
    expect(e.message).toBe(
      'The simulated cluster is locked by another process (state.lock: held by pid 42). Wait for it to finish, or stop it; if no emqx-lab is running, reset with `emqx-lab kubectl --sim sim reset`.',
    );
  });

  it('exit 3 of a command run in a simulated pod, or of a real kubectl, is not the simulator\'s state', () => {
    const sim = watchAt({ sim: true });
    sim.call(res(['exec', 'emqx-0', '--', 'x'], { exitCode: 3, stderr: 'boom\ncommand terminated with exit code 3\n' }));
    const real = watchAt({ sim: false });
    real.call(res(['exec', 'emqx-0'], { exitCode: 3, stderr: 'error: state.json: bad\n' }));
    const other = watchAt({ sim: true });
    other.call(res(['exec', 'emqx-0'], { exitCode: 4, stderr: 'error: state.json: bad\n' }));
  });
});

describe('failure watch: output that is not kubectl\'s', () => {
  it('garbage three times over three seconds: the kubectl is not a kubectl', () => {
    const w = watchAt({ bin: './kubectl' });
    const e = new KubeError('other', 'not json', ['get']);
    w.watch.garbage(res(['get', 'pods'], { exitCode: 0 }), 100_000, e);
    w.watch.garbage(res(['get', 'pods'], { exitCode: 0 }), 100_000, e);
    w.wait(2_999);
    w.watch.garbage(res(['get', 'pods'], { exitCode: 0 }), 100_000, e);
    w.wait(1);
    const stop = stopped(() => w.watch.garbage(res(['get', 'pods'], { exitCode: 0 }), 100_000, e));
    expect(stop.message).toBe('"./kubectl" does not answer like kubectl (its output is not what kubectl prints). Point --kubectl (or EMQX_LAB_KUBECTL) at a real kubectl, or use the simulated cluster with --sim.');
    expect(stop.cause).toBe(e);
  });
});

// The failure watch on inputs persistent.test.ts leaves out: a counted verb with --raw, the simulator's
// damaged-state detail, and a namespace "not found" inside a failure that is not NotFound.
import { describe, expect, it } from 'vitest';
import { failureWatch, PersistentKubeFailure, type WatchOptions } from '../../src/kube/persistent.js';
import type { RunResult } from '../../src/kube/result.js';

const G = ['--context', 'kind-x', '--namespace', 'lab', '--request-timeout=5s'];

function res(args: string[], more: Partial<RunResult> = {}): RunResult {
  return { args: [...G, ...args], exitCode: 1, stdout: '', stderr: '', timedOut: false, canceled: false, missing: false, ...more };
}

function watchAt(o: Partial<WatchOptions> = {}) {
  let t = 100_000;
  const watch = failureWatch({ lang: 'en', namespace: 'lab', sim: false, bin: 'kubectl', now: () => t, ...o });
  return {
    watch,
    call(r: RunResult, ms = 0) {
      const start = t;
      t += ms;
      watch.seen(r, start);
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

describe('--raw: only `get --raw` is left uncounted', () => {
  it('a `create --raw` that outlived its hard timeout is a hanging kubectl', () => {
    const w = watchAt();
    const e = stopped(() => w.call(res(['create', '--raw', '/api/v1/namespaces/lab/pods', '-f', '-'], { exitCode: undefined, timedOut: true }), 60_000));
    expect(e.message).toBe(
      '"kubectl" did not answer for 60 s although each request it makes has a 15 s timeout: kubectl or its connection to the cluster hangs. Check that `kubectl get namespaces` answers, then run the command again.',
    );
  });

  it('a `get --raw` that timed out is the learner\'s pod, not a hanging kubectl', () => {
    const w = watchAt();
    expect(() => w.call(res(['get', '--raw', '/api/v1/namespaces/lab/services/emqx:18083/proxy/status'], { exitCode: undefined, timedOut: true }), 60_000)).not.toThrow();
  });
});

describe('the simulator\'s damaged state', () => {
  it('only a leading "error: " is taken off the detail', () => {
    const w = watchAt({ sim: true });
    const e = stopped(() => w.call(res(['get', 'pods', '-o', 'json'], { exitCode: 3, stderr: 'cannot read state.json: parse error: unexpected end\n' })));
    expect(e.message).toBe(
      "The simulated cluster's state is damaged (cannot read state.json: parse error: unexpected end). Reset it with `emqx-lab kubectl --sim sim reset` and apply your step again; your progress is kept.",
    );
  });
});

describe('namespace gone', () => {
  it('a failure other than NotFound that mentions the namespace is an ordinary persistent failure', () => {
    const w = watchAt();
    const stderr = 'Error from server (InternalError): Internal error occurred: namespaces "lab" not found';
    const failing = () => res(['apply', '-f', '-'], { stderr: `${stderr}\n` });
    w.call(failing());
    w.call(failing(), 1_500);
    const e = stopped(() => w.call(failing(), 1_500));
    expect(e.message).toBe(`Every kubectl call has failed the same way for 3 s, so emqx-lab stops instead of waiting for a check's timeout: ${stderr}. Fix that, then run the command again.`);
    expect(e.cause?.kind).toBe('other');
  });

  it('NotFound of the namespace itself is "namespace gone"', () => {
    const w = watchAt();
    const failing = () => res(['apply', '-f', '-'], { stderr: 'Error from server (NotFound): error when creating "STDIN": namespaces "lab" not found\n' });
    w.call(failing());
    w.call(failing(), 1_500);
    const e = stopped(() => w.call(failing(), 1_500));
    expect(e.message).toBe('The namespace lab no longer exists (it was deleted while the lab was working in it). Run `emqx-lab apply <step>` or `emqx-lab solve <step>` to create it again.');
  });
});

/**
 * Progress recovered from the namespace's progress record (restore.ts, and `list`'s brief attempt in
 * list-restore.ts), making sure of the namespace (namespace.ts) and applying a step (apply.ts), in-process
 * over a fake Kube or the fake kubectl.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { Context } from '../../src/context.js';
import { loadCourse } from '../../src/course/load.js';
import { renderStep, toYamlStream } from '../../src/course/render.js';
import { applyStep, applyYaml } from '../../src/engine/apply.js';
import { restoreForList } from '../../src/engine/list-restore.js';
import { ensureNamespace } from '../../src/engine/namespace.js';
import { localRecordMissing, recordedPasses, restoreFromRecord, type RestoreTarget } from '../../src/engine/restore.js';
import { KubeError } from '../../src/kube/result.js';
import { emptyProgress, progressPath, writeProgress, type Progress } from '../../src/progress/store.js';
import { fakeKube } from '../fixtures/engine/fake-kube.js';
import { fakeKubectl } from '../fixtures/engine/fake-kubectl.js';

const { course } = loadCourse(join(import.meta.dirname, '..', 'fixtures', 'engine', 'course'));
const [first] = course.steps;
const IDS = ['first', 'second', 'third'];
const NOW = Date.parse('2026-03-01T10:00:00Z');
const KEY = 'kind-lab';
const NS = 'lab';

const home = () => mkdtempSync(join(tmpdir(), 'emqx-lab-home-'));

/** The namespace's progress ConfigMap as `kubectl get -o json` returns it. */
function record(steps: Record<string, { state?: string; passedAt?: string }>, updatedAt = '2026-02-28T08:00:00.000Z') {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'emqx-lab-progress', namespace: NS },
    data: { steps: JSON.stringify(steps), 'updated-at': updatedAt },
  };
}

const RECORD = record({
  first: { state: 'passed', passedAt: '2026-02-27T09:00:00.000Z' },
  second: { state: 'passed' },
  third: { state: 'current' },
});

function target(h: string, get: (kind: string, name: string) => Promise<unknown>): RestoreTarget & { kube: ReturnType<typeof fakeKube> } {
  return { kube: fakeKube({ get }, NS), home: h, progressKey: KEY, namespace: NS, stepIds: IDS, now: () => NOW };
}

const stored = (h: string): Progress => JSON.parse(readFileSync(progressPath(h, KEY, NS), 'utf8')) as Progress;

describe('localRecordMissing', () => {
  it('is true until the progress file exists', () => {
    const h = home();
    expect(localRecordMissing(h, KEY, NS)).toBe(true);
    writeProgress(h, emptyProgress(KEY, NS));
    expect(localRecordMissing(h, KEY, NS)).toBe(false);
    expect(localRecordMissing(h, KEY, 'other')).toBe(true);
  });
});

describe('recordedPasses', () => {
  it("lists the record's passes the local progress lacks, reads the ConfigMap once, writes nothing", async () => {
    const h = home();
    const t = target(h, async () => RECORD);
    expect(await recordedPasses(t)).toEqual({ ids: ['first', 'second'], record: RECORD });
    expect(t.kube.log.map((c) => [c.method, c.args])).toEqual([['get', ['ConfigMap', 'emqx-lab-progress']]]);
    expect(existsSync(progressPath(h, KEY, NS))).toBe(false);
  });

  it('a step already passed locally is not listed', async () => {
    const h = home();
    writeProgress(h, { ...emptyProgress(KEY, NS), steps: { first: { passedAt: '2026-01-01T00:00:00.000Z' } } });
    expect((await recordedPasses(target(h, async () => RECORD))).ids).toEqual(['second']);
    // Nothing written: the local pass keeps its own time.
    expect(stored(h).steps.first).toEqual({ passedAt: '2026-01-01T00:00:00.000Z' });
  });

  it('no record: nothing', async () => {
    expect(await recordedPasses(target(home(), async () => undefined))).toEqual({ ids: [] });
  });

  it('a record that cannot be read (forbidden, the namespace gone): nothing, no error', async () => {
    expect(await recordedPasses(target(home(), async () => Promise.reject(new KubeError('forbidden', 'configmaps is forbidden', []))))).toEqual({ ids: [] });
  });

  it('a bug while reading propagates', async () => {
    await expect(recordedPasses(target(home(), async () => Promise.reject(new TypeError('bug'))))).rejects.toThrow(TypeError);
  });
});

describe('restoreFromRecord', () => {
  it('writes the recorded passes into the local progress and returns their ids', async () => {
    const h = home();
    expect(await restoreFromRecord(target(h, async () => RECORD))).toEqual(['first', 'second']);
    expect(stored(h)).toEqual({
      format: 1,
      context: KEY,
      namespace: NS,
      steps: {
        first: { passedAt: '2026-02-27T09:00:00.000Z', startedAt: '2026-02-27T09:00:00.000Z' },
        second: { passedAt: '2026-02-28T08:00:00.000Z', startedAt: '2026-02-28T08:00:00.000Z' },
      },
    });
  });

  it('keeps what the local progress already had', async () => {
    const h = home();
    writeProgress(h, { ...emptyProgress(KEY, NS), steps: { first: { passedAt: '2026-01-01T00:00:00.000Z', hintsShown: 2 }, third: { startedAt: '2026-02-01T00:00:00.000Z' } } });
    expect(await restoreFromRecord(target(h, async () => RECORD))).toEqual(['second']);
    expect(stored(h).steps).toEqual({
      first: { passedAt: '2026-01-01T00:00:00.000Z', hintsShown: 2 },
      third: { startedAt: '2026-02-01T00:00:00.000Z' },
      second: { passedAt: '2026-02-28T08:00:00.000Z', startedAt: '2026-02-28T08:00:00.000Z' },
    });
  });

  it('asks with the count first; a no writes nothing', async () => {
    const h = home();
    const asked: number[] = [];
    expect(await restoreFromRecord(target(h, async () => RECORD), async (n) => (asked.push(n), false))).toEqual([]);
    expect(asked).toEqual([2]);
    expect(existsSync(progressPath(h, KEY, NS))).toBe(false);
    expect(await restoreFromRecord(target(h, async () => RECORD), async (n) => (asked.push(n), true))).toEqual(['first', 'second']);
    expect(asked).toEqual([2, 2]);
    expect(Object.keys(stored(h).steps)).toEqual(['first', 'second']);
  });

  it('nothing to restore: nobody is asked, nothing is written', async () => {
    const h = home();
    writeProgress(h, { ...emptyProgress(KEY, NS), steps: { first: { passedAt: 'a' }, second: { passedAt: 'b' } } });
    const before = readFileSync(progressPath(h, KEY, NS), 'utf8');
    let asked = false;
    expect(await restoreFromRecord(target(h, async () => RECORD), async () => (asked = true))).toEqual([]);
    expect(asked).toBe(false);
    expect(readFileSync(progressPath(h, KEY, NS), 'utf8')).toBe(before);
    expect(await restoreFromRecord(target(home(), async () => record({})))).toEqual([]);
  });
});

/** A Context for `list`: stderr captured, the fake kubectl's env. */
function listCtx(env: NodeJS.ProcessEnv, h: string, lang: 'en' | 'zh' = 'en') {
  const stderr = new PassThrough();
  let text = '';
  stderr.on('data', (c: Buffer) => (text += c.toString()));
  const ctx = {
    io: { stdout: new PassThrough(), stderr, stdin: new PassThrough() },
    env,
    cwd: h,
    lang,
    color: false,
    home: h,
    now: () => NOW,
    sleep: async () => {},
    signal: new AbortController().signal,
  } as Context;
  return { ctx, err: () => text };
}

describe('restoreForList', () => {
  it('a local-looking context: one `kubectl get` of the record in the --namespace, passes restored and said on stderr', async () => {
    const fake = fakeKubectl([{ when: ['get', 'configmaps', 'emqx-lab-progress'], stdout: RECORD }]);
    const h = home();
    const { ctx, err } = listCtx(fake.env, h);
    expect(await restoreForList(ctx, { namespace: 'ns-x' }, KEY, NS, IDS)).toBe(true);
    expect(fake.calls().map((c) => c.argv)).toEqual([['--context', KEY, '--namespace', 'ns-x', '--request-timeout=15s', 'get', 'configmaps', 'emqx-lab-progress', '-o', 'json']]);
    expect(err()).toBe('emqx-lab: Your local progress record was missing or unreadable; restored 2 passed step(s) from the progress ConfigMap in namespace lab.\n');
    expect(Object.keys(stored(h).steps)).toEqual(['first', 'second']);
  });

  it('without --namespace the kube targets emqx-lab', async () => {
    const fake = fakeKubectl([{ when: ['get', 'configmaps', 'emqx-lab-progress'], stdout: RECORD }]);
    const { ctx } = listCtx(fake.env, home());
    expect(await restoreForList(ctx, {}, 'minikube', NS, IDS)).toBe(true);
    expect(fake.calls()[0].argv.slice(0, 4)).toEqual(['--context', 'minikube', '--namespace', 'emqx-lab']);
  });

  it('after Ctrl-C nothing is restored', async () => {
    const fake = fakeKubectl([{ when: ['get', 'configmaps', 'emqx-lab-progress'], stdout: RECORD }]);
    const h = home();
    const { ctx, err } = listCtx(fake.env, h);
    const ac = new AbortController();
    ac.abort();
    expect(await restoreForList({ ...ctx, signal: ac.signal }, {}, KEY, NS, IDS)).toBe(false);
    expect(existsSync(progressPath(h, KEY, NS))).toBe(false);
    expect(err()).toBe('');
  });

  it('a context that does not look local is not asked at all', async () => {
    const fake = fakeKubectl([{ when: ['get'], stdout: RECORD }]);
    const { ctx, err } = listCtx(fake.env, home());
    expect(await restoreForList(ctx, {}, 'prod', NS, IDS)).toBe(false);
    expect(fake.calls()).toEqual([]);
    expect(err()).toBe('');
  });

  it('nothing to restore or no record: false and silent', async () => {
    const fake = fakeKubectl([{ when: ['get'], stderr: 'Error from server (NotFound): configmaps "emqx-lab-progress" not found\n', exit: 1 }]);
    const { ctx, err } = listCtx(fake.env, home());
    expect(await restoreForList(ctx, {}, KEY, NS, IDS)).toBe(false);
    expect(fake.calls()).toHaveLength(1);
    expect(err()).toBe('');
  });

  it('whatever fails (here the progress cannot be written) stays silent: false', async () => {
    const fake = fakeKubectl([{ when: ['get'], stdout: RECORD }]);
    const dir = home();
    const notADir = join(dir, 'file');
    writeFileSync(notADir, 'x');
    const { ctx, err } = listCtx(fake.env, notADir);
    expect(await restoreForList(ctx, {}, KEY, NS, IDS)).toBe(false);
    expect(fake.calls()).toHaveLength(1);
    expect(err()).toBe('');
  });
});

describe('ensureNamespace', () => {
  const ns = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } };

  it('an existing namespace is left alone', async () => {
    const kube = fakeKube({ get: async () => ns }, NS);
    expect(await ensureNamespace(kube)).toBe('exists');
    expect(kube.log.map((c) => [c.method, c.args])).toEqual([['get', ['Namespace', NS]]]);
  });

  it('a missing one is created', async () => {
    const kube = fakeKube({ get: async () => undefined, createNamespace: async () => {} }, NS);
    expect(await ensureNamespace(kube)).toBe('created');
    expect(kube.calls.createNamespace).toBe(1);
  });

  it('a learner who may not read namespaces carries on without creating one', async () => {
    const kube = fakeKube({ get: async () => Promise.reject(new KubeError('forbidden', 'namespaces "lab" is forbidden', [])) }, NS);
    expect(await ensureNamespace(kube)).toBe('unknown');
    expect(kube.calls.createNamespace).toBe(0);
  });

  it('another failure while reading it propagates', async () => {
    const e = new KubeError('unauthorized', 'Unauthorized', []);
    await expect(ensureNamespace(fakeKube({ get: async () => Promise.reject(e) }, NS))).rejects.toBe(e);
  });

  it('created by someone else meanwhile (conflict) is what was wanted', async () => {
    const kube = fakeKube({ get: async () => undefined, createNamespace: async () => Promise.reject(new KubeError('conflict', 'AlreadyExists', [])) }, NS);
    expect(await ensureNamespace(kube)).toBe('exists');
  });

  it('another failure while creating it propagates', async () => {
    const e = new KubeError('forbidden', 'cannot create namespaces', []);
    await expect(ensureNamespace(fakeKube({ get: async () => undefined, createNamespace: async () => Promise.reject(e) }, NS))).rejects.toBe(e);
  });
});

describe('applying', () => {
  it("applyStep makes sure of the namespace, then applies the step rendered for it", async () => {
    const applied: string[] = [];
    const kube = fakeKube({ get: async () => undefined, createNamespace: async () => {}, apply: async (y) => (applied.push(y), ['pod/emqx created']) }, NS);
    expect(await applyStep(kube, first, 'en')).toEqual({ lines: ['pod/emqx created'] });
    expect(kube.log.map((c) => c.method)).toEqual(['get', 'createNamespace', 'apply']);
    expect(applied).toEqual([toYamlStream(renderStep(first, NS, 'en'))]);
    expect(applied[0]).toContain('value: lab-cookie');
    expect(applied[0]).toContain('image: emqx/emqx:5.8.9');
  });

  it('with a mistake, its changes are applied', async () => {
    const applied: string[] = [];
    const kube = fakeKube({ get: async () => ({ kind: 'Namespace', metadata: { name: NS } }), apply: async (y) => (applied.push(y), []) }, NS);
    await applyStep(kube, first, 'en', first.lesson.mistakes![0]);
    expect(applied[0]).toContain('image: emqx/emqx:5.8.99');
    expect(kube.calls.createNamespace).toBe(0);
  });

  it("an apply error is returned with kubectl's lines; a bug is thrown", async () => {
    const err = new KubeError('invalid', 'The Pod "emqx" is invalid', [], 'service/emqx unchanged\n\nconfigmap/x created\n');
    expect(await applyYaml(fakeKube({ apply: async () => Promise.reject(err) }), 'x')).toEqual({ lines: ['service/emqx unchanged', 'configmap/x created'], error: err });
    const bug = new TypeError('bug');
    await expect(applyYaml(fakeKube({ apply: async () => Promise.reject(bug) }), 'x')).rejects.toBe(bug);
    const gone = new KubeError('unreachable', 'refused', []);
    await expect(applyYaml(fakeKube({ apply: async () => Promise.reject(gone) }), 'x')).rejects.toBe(gone);
  });
});

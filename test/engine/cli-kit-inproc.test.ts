/**
 * What the engine's commands share (cli-kit.ts, deps.ts), in-process: the session around a command's work
 * (restoring progress from the namespace's record, the lock-wait notice, Ctrl-C and kubectl failures turned
 * into exit codes), the dependencies handed to the work, and the prompts' guards.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { GlobalOptions } from '../../src/context.js';
import { loadCourse } from '../../src/course/load.js';
import { canPrompt, confirmed, courseAndStep, withSession, type CommandContext } from '../../src/engine/cli-kit.js';
import { changing, commandLine, engineDeps, type EngineDeps } from '../../src/engine/deps.js';
import type { Session } from '../../src/engine/session.js';
import { EXIT, LabError, envError, usageError } from '../../src/errors.js';
import { engineMessages } from '../../src/i18n/engine.js';
import { KubeError } from '../../src/kube/result.js';
import { lockPath, LockWaitAborted, type NamespaceLock } from '../../src/progress/lock.js';
import { emptyProgress, progressPath, writeProgress } from '../../src/progress/store.js';
import { fakeKube } from '../fixtures/engine/fake-kube.js';
import { fakeKubectl, verbs, type Rule } from '../fixtures/engine/fake-kubectl.js';

const FIXTURE = join(import.meta.dirname, '..', 'fixtures', 'engine', 'course');
const { course } = loadCourse(FIXTURE);
const NOW = Date.parse('2026-03-01T10:00:00Z');
const KEY = 'kind-lab';
const NS = 'lab';
const OPTS: GlobalOptions = { context: KEY, namespace: NS };
const en = engineMessages.en;

const VERSION: Rule = { when: ['version'], stdout: { clientVersion: { gitVersion: 'v1.32.0' }, serverVersion: { gitVersion: 'v1.31.0' } } };
const NO_RECORD: Rule = { when: ['get', 'configmaps', 'emqx-lab-progress'], stderr: 'Error from server (NotFound): configmaps "emqx-lab-progress" not found\n', exit: 1 };
const recordRule = (steps: Record<string, unknown>): Rule => ({
  when: ['get', 'configmaps', 'emqx-lab-progress'],
  stdout: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'emqx-lab-progress' }, data: { steps: JSON.stringify(steps), 'updated-at': '2026-02-28T08:00:00.000Z' } },
});

function commandCtx(env: NodeJS.ProcessEnv, o: { signal?: AbortSignal; sleep?: (ms: number) => Promise<void>; lang?: 'en' | 'zh' } = {}) {
  const h = mkdtempSync(join(tmpdir(), 'emqx-lab-home-'));
  const stderr = new PassThrough();
  let text = '';
  stderr.on('data', (c: Buffer) => (text += c.toString()));
  const ctx: CommandContext = {
    io: { stdout: new PassThrough(), stderr, stdin: new PassThrough() },
    env,
    cwd: h,
    lang: o.lang ?? 'en',
    color: false,
    home: h,
    now: () => NOW,
    sleep: o.sleep ?? (async () => {}),
    signal: o.signal ?? new AbortController().signal,
  };
  return { ctx, err: () => text };
}

/** Run withSession on the fake kubectl; the work also records that the session's kube was closed. */
async function session<T>(rules: Rule[], work: (s: Session, d: EngineDeps) => Promise<T>, o: Parameters<typeof commandCtx>[1] & { localRecord?: boolean | string } = {}) {
  const fake = fakeKubectl(rules);
  const { ctx, err } = commandCtx(fake.env, o);
  if (o.localRecord === true) writeProgress(ctx.home, emptyProgress(KEY, NS));
  if (typeof o.localRecord === 'string') {
    mkdirSync(join(ctx.home, 'progress', KEY), { recursive: true });
    writeFileSync(progressPath(ctx.home, KEY, NS), o.localRecord);
  }
  let closed = 0;
  const run = withSession(ctx, OPTS, course, async (s, d) => {
    const close = s.kube.close.bind(s.kube);
    (s.kube as { close: () => Promise<void> }).close = async () => {
      closed += 1;
      await close();
    };
    return work(s, d);
  });
  const result = await run.then(
    (value) => ({ value, error: undefined as unknown }),
    (error: unknown) => ({ value: undefined, error }),
  );
  return { ...result, fake, ctx, err, closed: () => closed, argv: () => fake.calls().map((c) => verbs(c.argv)) };
}

describe('withSession: the work gets the session and its dependencies', () => {
  it('with a local record: no restore, the work\'s value returned, the session closed', async () => {
    let seen: [Session, EngineDeps] | undefined;
    const r = await session([VERSION], async (s, d) => ((seen = [s, d]), 'done'), { localRecord: true });
    expect(r.error).toBeUndefined();
    expect(r.value).toBe('done');
    expect(r.err()).toBe('');
    expect(r.argv()).toEqual([['version', '-o', 'json']]);
    expect(r.closed()).toBe(1);
    const [s, d] = seen!;
    expect([s.context, s.namespace, s.progressKey, s.course]).toEqual([KEY, NS, KEY, course]);
    expect({ ...d, lock: undefined }).toEqual({
      lock: undefined,
      kube: s.kube,
      course,
      namespace: NS,
      progressKey: KEY,
      clusterSpeed: 1,
      lang: 'en',
      home: r.ctx.home,
      now: r.ctx.now,
      sleep: r.ctx.sleep,
      signal: r.ctx.signal,
    });
    expect(typeof d.lock?.hold).toBe('function');
  });
});

describe('withSession: progress restored from the namespace', () => {
  it('no local record: the passes of the course\'s steps come back from the record, said on stderr', async () => {
    const r = await session([VERSION, recordRule({ first: { state: 'passed' }, second: { state: 'passed' }, gone: { state: 'passed' } })], async () => 1);
    expect(r.value).toBe(1);
    expect(r.argv()).toEqual([['version', '-o', 'json'], ['get', 'configmaps', 'emqx-lab-progress', '-o', 'json']]);
    expect(r.err()).toBe('Your local progress record was missing or unreadable; restored 2 passed step(s) from the progress ConfigMap in namespace lab.\n');
    const p = JSON.parse(readFileSync(progressPath(r.ctx.home, KEY, NS), 'utf8')) as { steps: object };
    expect(Object.keys(p.steps)).toEqual(['first', 'second']);
  });

  it('no local record and nothing recorded: silent', async () => {
    const r = await session([VERSION, NO_RECORD], async () => 1);
    expect(r.value).toBe(1);
    expect(r.fake.calls()).toHaveLength(2);
    expect(r.err()).toBe('');
  });

  it('an unreadable local record is set aside (said where) and the record is asked', async () => {
    const r = await session([VERSION, recordRule({ second: { state: 'passed' } })], async () => 1, { localRecord: '{not json' });
    const aside = `${progressPath(r.ctx.home, KEY, NS)}.corrupt-${NOW}`;
    expect(readFileSync(aside, 'utf8')).toBe('{not json');
    expect(r.err()).toBe(
      `${en.progressSetAside(aside)}\nYour local progress record was missing or unreadable; restored 1 passed step(s) from the progress ConfigMap in namespace lab.\n`,
    );
    expect(r.err().startsWith(`Your progress file was unreadable and has been moved aside to ${aside};`)).toBe(true);
  });
});

describe('withSession: failures of the work', () => {
  it('waiting for the lock interrupted: exit 130', async () => {
    const r = await session([VERSION], async () => Promise.reject(new LockWaitAborted('x')), { localRecord: true });
    expect(r.error).toBeInstanceOf(LabError);
    expect([(r.error as LabError).exitCode, (r.error as LabError).message]).toEqual([EXIT.interrupted, en.interruptedRun]);
    expect(r.closed()).toBe(1);
  });

  it('a kubectl failure after Ctrl-C is an interruption; without Ctrl-C it is the environment\'s (exit 3)', async () => {
    const ac = new AbortController();
    const aborted = await session(
      [VERSION],
      async () => {
        ac.abort();
        throw new KubeError('canceled', 'canceled', []);
      },
      { localRecord: true, signal: ac.signal },
    );
    expect([(aborted.error as LabError).exitCode, (aborted.error as LabError).message]).toEqual([EXIT.interrupted, en.interruptedRun]);
    expect(aborted.closed()).toBe(1);

    const failed = await session([VERSION], async () => Promise.reject(new KubeError('forbidden', 'pods is forbidden', [])), { localRecord: true });
    expect(failed.error).toBeInstanceOf(LabError);
    expect([(failed.error as LabError).exitCode, (failed.error as LabError).message]).toEqual([EXIT.environment, 'not allowed: pods is forbidden']);
    expect(failed.closed()).toBe(1);
  });

  it('an environment error after Ctrl-C is an interruption; a usage error stays one', async () => {
    const ac = new AbortController();
    const env = await session([VERSION], async () => (ac.abort(), Promise.reject(envError('cluster gone'))), { localRecord: true, signal: ac.signal });
    expect((env.error as LabError).exitCode).toBe(EXIT.interrupted);
    const ac2 = new AbortController();
    const usage = usageError('bad input');
    const u = await session([VERSION], async () => (ac2.abort(), Promise.reject(usage)), { localRecord: true, signal: ac2.signal });
    expect(u.error).toBe(usage);
  });

  it('an environment error without Ctrl-C, and any other error, propagate unchanged', async () => {
    const e = envError('cluster gone');
    expect((await session([VERSION], async () => Promise.reject(e), { localRecord: true })).error).toBe(e);
    const bug = new TypeError('bug');
    const r = await session([VERSION], async () => Promise.reject(bug), { localRecord: true });
    expect(r.error).toBe(bug);
    expect(r.closed()).toBe(1);
  });

  it('Ctrl-C as the session opens: the work never runs, exit 130', async () => {
    const fake = fakeKubectl([VERSION]);
    const ac = new AbortController();
    const { ctx } = commandCtx(fake.env);
    let reads = 0;
    // The signal is read once to make the kube; Ctrl-C arrives before it is read again.
    Object.defineProperty(ctx, 'signal', {
      get: () => {
        reads += 1;
        if (reads === 2) ac.abort();
        return ac.signal;
      },
    });
    let ran = false;
    const e = await withSession(ctx, OPTS, course, async () => {
      ran = true;
    }).catch((x: unknown) => x);
    expect(ran).toBe(false);
    expect([(e as LabError).exitCode, (e as LabError).message]).toEqual([EXIT.interrupted, en.interruptedRun]);
    expect(fake.calls().map((c) => verbs(c.argv))).toEqual([['version', '-o', 'json']]);
  });

  it('a failing preflight never reaches the work', async () => {
    let ran = false;
    const fake = fakeKubectl([{ when: ['version'], stderr: 'The connection to the server 127.0.0.1:1 was refused - did you specify the right host or port?\n', exit: 1 }, { when: ['config'], stdout: '' }]);
    const { ctx } = commandCtx(fake.env);
    const e = await withSession(ctx, OPTS, course, async () => {
      ran = true;
    }).catch((x: unknown) => x);
    expect(ran).toBe(false);
    expect((e as LabError).exitCode).toBe(EXIT.environment);
  });
});

describe('withSession: waiting for the namespace lock', () => {
  /** Another live command holds the lock from `since`; the first sleep of the waiter releases it. */
  async function waitNotice(since: string) {
    const holder = { command: 'emqx-lab solve 2', pid: process.pid, host: hostname(), since, token: 'other' };
    let file = '';
    const r = await session(
      [VERSION],
      async (_s, d) => {
        file = lockPath(d.home, KEY, NS);
        mkdirSync(join(d.home, 'locks'), { recursive: true });
        writeFileSync(file, JSON.stringify(holder));
        return d.lock!.hold(async () => 'held');
      },
      { localRecord: true, sleep: async () => rmSync(file, { force: true }) },
    );
    expect(r.value).toBe('held');
    return r.err();
  }

  it('says who holds it and for how long', async () => {
    expect(await waitNotice('2026-03-01T09:59:00.000Z')).toBe(`${en.waitingForLock('emqx-lab solve 2', process.pid, NS, 60)}\n`);
    expect(await waitNotice('2026-03-01T09:58:59.600Z')).toBe(`${en.waitingForLock('emqx-lab solve 2', process.pid, NS, 60)}\n`);
  });

  it('an unreadable or future start time counts as 0 s', async () => {
    expect(await waitNotice('not a time')).toBe(`${en.waitingForLock('emqx-lab solve 2', process.pid, NS, 0)}\n`);
    expect(await waitNotice('2026-03-01T10:05:00.000Z')).toBe(`${en.waitingForLock('emqx-lab solve 2', process.pid, NS, 0)}\n`);
  });
});

describe('courseAndStep', () => {
  it('loads the course and finds the step before any kubectl runs', () => {
    const { ctx } = commandCtx({ EMQX_LAB_COURSE: FIXTURE });
    const { course: c, step } = courseAndStep(ctx, '2');
    expect(c.steps.map((s) => s.id)).toEqual(['first', 'second']);
    expect(step).toBe(c.steps[1]);
  });

  it('an unknown step is a usage error in the learner\'s language', () => {
    const { ctx } = commandCtx({ EMQX_LAB_COURSE: FIXTURE }, { lang: 'zh' });
    expect(() => courseAndStep(ctx, 'nope')).toThrow(new LabError(engineMessages.zh.unknownStep('nope', 2), EXIT.usage));
  });
});

describe('canPrompt', () => {
  const io = (stdin: boolean, stdout: boolean) => ({ stdin: Object.assign(new PassThrough(), { isTTY: stdin }), stdout: Object.assign(new PassThrough(), { isTTY: stdout }), stderr: new PassThrough() });
  it('only with a terminal on both sides and outside CI', () => {
    expect(canPrompt({ io: io(true, true), env: {} })).toBe(true);
    expect(canPrompt({ io: io(false, true), env: {} })).toBe(false);
    expect(canPrompt({ io: io(true, false), env: {} })).toBe(false);
    expect(canPrompt({ io: io(true, true), env: { CI: 'true' } })).toBe(false);
    expect(canPrompt({ io: io(true, true), env: { CI: '' } })).toBe(true);
  });
});

describe('confirmed', () => {
  /** Answer the prompt with keys once it is shown on stdout. */
  async function answer(keys: string[], signal?: AbortSignal): Promise<{ ok: boolean; shown: string }> {
    const stdin = new PassThrough();
    const stdout = Object.assign(new PassThrough(), { columns: 80 });
    let shown = '';
    stdout.on('data', (c: Buffer) => (shown += c.toString()));
    const { ctx } = commandCtx({}, { signal });
    const c: CommandContext = { ...ctx, io: { ...ctx.io, stdin, stdout } };
    const pending = confirmed(c, 'Restore 2 steps?');
    for (const k of keys) {
      await new Promise((r) => setImmediate(r));
      stdin.write(k);
    }
    return { ok: await pending, shown };
  }

  it('yes is true, and the question is shown', async () => {
    const r = await answer(['y', '\r']);
    expect(r.ok).toBe(true);
    expect(r.shown).toContain('Restore 2 steps?');
  });

  it('no, or Enter alone (the default is no), is false', async () => {
    expect((await answer(['n', '\r'])).ok).toBe(false);
    expect((await answer(['\r'])).ok).toBe(false);
  });

  it('Ctrl-C (the signal) cancels: false', async () => {
    const ac = new AbortController();
    const pending = answer([], ac.signal);
    ac.abort();
    expect((await pending).ok).toBe(false);
  });
});

describe('commandLine', () => {
  it('names the command as typed', () => {
    expect(commandLine(['/usr/bin/node', '/x/cli.js', 'solve', '2', '--sim'])).toBe('emqx-lab solve 2 --sim');
    expect(commandLine(['/usr/bin/node', '/x/cli.js'])).toBe('emqx-lab');
    expect(commandLine()).toBe(['emqx-lab', ...process.argv.slice(2)].join(' '));
  });
});

describe('changing', () => {
  it('without a lock, the change just runs', async () => {
    expect(await changing({ signal: new AbortController().signal }, async () => 7)).toBe(7);
  });

  it('with a lock, the change runs inside hold, with the signal', async () => {
    const signal = new AbortController().signal;
    const held: unknown[] = [];
    const lock: NamespaceLock = {
      hold: async (fn, s) => {
        held.push(s);
        return fn();
      },
    };
    expect(await changing({ lock, signal }, async () => 'x')).toBe('x');
    expect(held).toEqual([signal]);
  });
});

describe('engineDeps', () => {
  const kube = fakeKube({}, NS);
  const s: Session = { kube, course, namespace: NS, context: 'ctx-shown', progressKey: KEY, clusterSpeed: 3, close: async () => {} };

  it('hands the session and context on; a given lock is used as it is', () => {
    const { ctx } = commandCtx({}, { lang: 'zh' });
    const lock: NamespaceLock = { hold: async (fn) => fn() };
    expect(engineDeps(ctx, s, { lock })).toEqual({
      lock,
      kube,
      course,
      namespace: NS,
      progressKey: KEY,
      clusterSpeed: 3,
      lang: 'zh',
      home: ctx.home,
      now: ctx.now,
      sleep: ctx.sleep,
      signal: ctx.signal,
    });
  });

  it("by default, the namespace lock of (progress key, namespace), naming this command and process", async () => {
    const { ctx } = commandCtx({});
    const d = engineDeps(ctx, s);
    const holder = await d.lock!.hold(async () => JSON.parse(readFileSync(lockPath(ctx.home, KEY, NS), 'utf8')) as { command: string; pid: number });
    expect([holder.command, holder.pid]).toEqual([commandLine(), process.pid]);
  });
});

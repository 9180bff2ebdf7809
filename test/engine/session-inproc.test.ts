/**
 * Opening a session in-process: the course it loads, the kubectl it makes, and the safety guards (system
 * namespace, non-local context or server, unreachable cluster) with the exact paragraph each failure gives.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { writeCompiledCourse } from '../../src/course/compiled.js';
import { loadCourse } from '../../src/course/load.js';
import {
  DEFAULT_SIM_SPEED,
  guardContext,
  guardNamespace,
  guardReachable,
  guardServer,
  isSystemNamespace,
  loadCourseOrFail,
  makeKube,
  openSession,
  REQUEST_TIMEOUT,
  resolveStep,
  simEnv,
  simSpeed,
  type SessionContext,
} from '../../src/engine/session.js';
import { EXIT, LabError } from '../../src/errors.js';
import { engineMessages } from '../../src/i18n/engine.js';
import { safetyMessages } from '../../src/i18n/safety.js';
import type { Kube } from '../../src/kube/kube.js';
import { PersistentKubeFailure } from '../../src/kube/persistent.js';
import { KubeError, labKubeError } from '../../src/kube/result.js';
import { packageRoot } from '../../src/util/paths.js';
import { fakeKube } from '../fixtures/engine/fake-kube.js';
import { fakeKubectl, list } from '../fixtures/engine/fake-kubectl.js';

const FIXTURE = join(import.meta.dirname, '..', 'fixtures', 'engine', 'course');
const { course } = loadCourse(FIXTURE);
const en = engineMessages.en;

const ctxOf = (env: NodeJS.ProcessEnv = {}, lang: 'en' | 'zh' = 'en', signal = new AbortController().signal): SessionContext => ({ env, lang, signal });

/** The LabError a promise or call rejects with. */
async function labError(p: Promise<unknown> | (() => unknown)): Promise<LabError> {
  try {
    await (typeof p === 'function' ? p() : p);
  } catch (e) {
    if (e instanceof LabError) return e;
    throw e;
  }
  throw new Error('expected a LabError');
}

const open: Kube[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((k) => k.close()));
});

describe('loadCourseOrFail', () => {
  it('EMQX_LAB_COURSE names the course folder', () => {
    const c = loadCourseOrFail({ env: { EMQX_LAB_COURSE: FIXTURE }, lang: 'en' });
    expect(c.root).toBe(FIXTURE);
    expect(c.steps.map((s) => s.id)).toEqual(['first', 'second']);
  });

  it('without EMQX_LAB_COURSE (or with it empty) the shipped course is loaded', () => {
    const shipped = loadCourseOrFail({ env: {}, lang: 'en' });
    expect(shipped.root).toBe(packageRoot());
    expect(shipped.steps.length).toBeGreaterThan(2);
    expect(loadCourseOrFail({ env: { EMQX_LAB_COURSE: '' }, lang: 'en' }).root).toBe(packageRoot());
  });

  it('the compiled copy is used when it matches the files', () => {
    const root = mkdtempSync(join(tmpdir(), 'emqx-lab-compiled-'));
    cpSync(FIXTURE, root, { recursive: true });
    const loaded = loadCourse(root).course;
    // A marker only the compiled copy carries: seeing it proves the copy, not the YAML, was read.
    const marked = { ...loaded, steps: loaded.steps.map((s, i) => (i === 0 ? { ...s, id: 'from-compiled' } : s)) };
    writeCompiledCourse(marked);
    expect(loadCourseOrFail({ env: { EMQX_LAB_COURSE: root }, lang: 'en' }).steps.map((s) => s.id)).toEqual(['from-compiled', 'second']);
  });

  it('a broken course is a usage error naming the count and the first five problems, in the learner\'s language', () => {
    const root = mkdtempSync(join(tmpdir(), 'emqx-lab-broken-'));
    cpSync(FIXTURE, root, { recursive: true });
    const file = join(root, 'lessons', '01-first', 'lesson.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('title: { en: One pod, zh: 一个 Pod }\n', '').replace('summary: { en: A pod that runs EMQX., zh: 运行 EMQX 的 Pod。 }\n', '').replace(/timeout: \d+/g, 'timeout: -1'));
    const problems = loadCourse(root, 'zh').problems;
    expect(problems.length).toBeGreaterThan(5);
    let thrown: unknown;
    try {
      loadCourseOrFail({ env: { EMQX_LAB_COURSE: root }, lang: 'zh' });
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(LabError);
    const e = thrown as LabError;
    expect(e.exitCode).toBe(EXIT.usage);
    expect(e.message).toBe(`课程有 ${problems.length} 个问题；运行 \`emqx-lab lint\` 查看`);
    expect(e.details).toEqual(problems.slice(0, 5).map((p) => `${p.file}:${p.line}:${p.col} ${p.message}`));
    expect(e.details[0]).toBe(`${file}:1:1 title: 无效输入：期望 object，实际接收 undefined`);
  });
});

describe('resolveStep', () => {
  it('finds a step by number or by id', () => {
    expect(resolveStep(course, '2', 'en').id).toBe('second');
    expect(resolveStep(course, 1, 'en').id).toBe('first');
    expect(resolveStep(course, 'second', 'en').number).toBe(2);
  });

  it('an unknown or missing step is a usage error saying what to give', async () => {
    const e = await labError(() => resolveStep(course, '7', 'en'));
    expect([e.exitCode, e.message]).toEqual([EXIT.usage, 'there is no step "7": give a number from 1 to 2 or a step id (see `emqx-lab list`)']);
    const none = await labError(() => resolveStep(course, undefined, 'zh'));
    expect([none.exitCode, none.message]).toEqual([EXIT.usage, '没有步骤“”：请给出 1 到 2 的数字或步骤 id（见 `emqx-lab list`）']);
  });
});

describe("the simulator's environment and speed", () => {
  it('sets the default speed, keeps a given one, and leaves NODE_EXTRA_CA_CERTS out', () => {
    expect(DEFAULT_SIM_SPEED).toBe(10);
    expect(simEnv({ PATH: '/bin', NODE_EXTRA_CA_CERTS: '/ca.pem' })).toEqual({ PATH: '/bin', EMQX_LAB_SIM_SPEED: '10' });
    expect(simEnv({ EMQX_LAB_SIM_SPEED: '3' })).toEqual({ EMQX_LAB_SIM_SPEED: '3' });
    expect(simEnv({ EMQX_LAB_SIM_SPEED: '' }, 25)).toEqual({ EMQX_LAB_SIM_SPEED: '25' });
    expect(simEnv({}, 1)).toEqual({ EMQX_LAB_SIM_SPEED: '1' });
  });

  it("reads the speed the way the simulator does: a positive number, else 1", () => {
    expect(simSpeed({})).toBe(10);
    expect(simSpeed({ EMQX_LAB_SIM_SPEED: '2.5' })).toBe(2.5);
    expect(simSpeed({ EMQX_LAB_SIM_SPEED: 'fast' })).toBe(1);
    expect(simSpeed({ EMQX_LAB_SIM_SPEED: '0' })).toBe(1);
    expect(simSpeed({ EMQX_LAB_SIM_SPEED: '-4' })).toBe(1);
    expect(simSpeed({ EMQX_LAB_SIM_SPEED: 'Infinity' })).toBe(1);
  });
});

describe('makeKube', () => {
  it('targets the context, kubeconfig and namespace given, each request timed out after 15 s', async () => {
    const fake = fakeKubectl([{ when: ['get', 'pods'], stdout: list([]) }]);
    const kube = makeKube(ctxOf(fake.env), { context: 'kind-x', kubeconfig: join(fake.dir, 'kc'), namespace: 'ns1' });
    open.push(kube);
    expect(REQUEST_TIMEOUT).toBe('15s');
    expect(kube.sim).toBe(false);
    expect(kube.target).toEqual({ namespace: 'ns1', context: 'kind-x', kubeconfig: join(fake.dir, 'kc'), requestTimeout: '15s' });
    expect(await kube.list('Pod')).toEqual([]);
    expect(fake.calls().map((c) => c.argv)).toEqual([['--kubeconfig', join(fake.dir, 'kc'), '--context', 'kind-x', '--namespace', 'ns1', '--request-timeout=15s', 'get', 'pods', '-o', 'json']]);
  });

  it("a real kubectl runs in the learner's environment as it is (no simulator settings added or removed)", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'emqx-lab-envkubectl-'));
    const bin = join(dir, 'kubectl');
    // Answers `version` with what it was given: the simulator's speed and the extra CA file.
    writeFileSync(bin, '#!/bin/sh\nprintf \'{"clientVersion":{"gitVersion":"%s|%s"}}\' "${EMQX_LAB_SIM_SPEED-unset}" "${NODE_EXTRA_CA_CERTS-unset}"\n', { mode: 0o755 });
    const kube = makeKube(ctxOf({ PATH: process.env.PATH, NODE_EXTRA_CA_CERTS: '/etc/ca.pem' }), { kubectl: bin });
    open.push(kube);
    expect(await kube.clientVersion()).toBe('unset|/etc/ca.pem');
  });

  it('the namespace defaults to emqx-lab', () => {
    const kube = makeKube(ctxOf(), {});
    open.push(kube);
    expect(kube.target).toEqual({ namespace: 'emqx-lab', context: undefined, kubeconfig: undefined, requestTimeout: '15s' });
  });

  it('the simulator gets no context or kubeconfig flags', () => {
    const kube = makeKube(ctxOf(), { sim: true, context: 'kind-x', kubeconfig: '/kc', namespace: 'n2' });
    open.push(kube);
    expect(kube.sim).toBe(true);
    expect(kube.target).toEqual({ namespace: 'n2', requestTimeout: '15s' });
  });

  it('with watch, a kubectl that cannot run stops the command at once (exit 3, the --kubectl named)', async () => {
    const bin = join(mkdtempSync(join(tmpdir(), 'emqx-lab-nokubectl-')), 'kubectl');
    const watched = makeKube(ctxOf({ PATH: process.env.PATH }), { kubectl: bin }, { watch: true });
    const plain = makeKube(ctxOf({ PATH: process.env.PATH }), { kubectl: bin });
    open.push(watched, plain);
    const e = await watched.get('Pod', 'x').then(() => undefined, (x: unknown) => x);
    expect(e).toBeInstanceOf(PersistentKubeFailure);
    expect((e as LabError).message).toBe(en.notInstalled(bin));
    await expect(plain.get('Pod', 'x')).rejects.toMatchObject({ name: 'KubeError', kind: 'notInstalled' });
  });
});

describe('system namespaces', () => {
  it('default, kube and kube-* are the cluster\'s own; others are not', () => {
    expect(['default', 'kube', 'kube-system', 'kube-public', 'kube-'].map(isSystemNamespace)).toEqual([true, true, true, true, true]);
    expect(['emqx-lab', 'defaults', 'kubex', 'my-kube-system', 'kube_x', ''].map(isSystemNamespace)).toEqual([false, false, false, false, false, false]);
  });

  it('are refused (exit 3) unless --yes', async () => {
    const e = await labError(() => guardNamespace('kube-system', 'en'));
    expect([e.exitCode, e.message]).toEqual([EXIT.environment, safetyMessages.en.systemNamespace('kube-system')]);
    expect(e.message.startsWith('"kube-system" is one of the cluster\'s own namespaces')).toBe(true);
    expect(() => guardNamespace('kube-system', 'en', true)).not.toThrow();
    expect(() => guardNamespace('emqx-lab', 'en')).not.toThrow();
    expect(() => guardNamespace('emqx-lab', 'en', false)).not.toThrow();
  });
});

describe('guardContext', () => {
  it('the simulator is its own context: nothing is asked', async () => {
    const kube = fakeKube({}, 'lab', true);
    expect(await guardContext(kube, ctxOf(), { context: 'prod' })).toEqual({ context: 'emqx-lab-sim', server: '' });
    expect(kube.log).toEqual([]);
  });

  it('a local-looking --context is used as it is, without asking kubectl anything', async () => {
    const kube = fakeKube();
    expect(await guardContext(kube, ctxOf(), { context: 'kind-lab' })).toEqual({ context: 'kind-lab', server: '' });
    expect(kube.log).toEqual([]);
  });

  it("another name is judged by its server: one on this machine passes", async () => {
    const kube = fakeKube({ currentContext: async () => 'lab-cluster', clusterInfo: async () => ({ server: 'https://127.0.0.1:6443' }) });
    expect(await guardContext(kube, ctxOf(), {})).toEqual({ context: 'lab-cluster', server: 'https://127.0.0.1:6443' });
    expect(kube.log.map((c) => c.method)).toEqual(['currentContext', 'clusterInfo']);
  });

  it('a remote context is refused with the paragraph naming it and its server', async () => {
    const kube = fakeKube({ currentContext: async () => 'prod', clusterInfo: async () => ({ server: 'https://10.0.0.9:6443' }) });
    const e = await labError(guardContext(kube, ctxOf(), {}));
    expect(e.exitCode).toBe(EXIT.environment);
    expect(e.message).toBe(en.refused('prod', 'https://10.0.0.9:6443'));
    expect(e.message.startsWith('The kubectl context "prod" (server https://10.0.0.9:6443) does not look like a local learning cluster')).toBe(true);
  });

  it('a remote context without a known server is refused too', async () => {
    const kube = fakeKube({ clusterInfo: async () => ({}) });
    const e = await labError(guardContext(kube, ctxOf({}, 'zh'), { context: 'corp' }));
    expect(e.message).toBe(engineMessages.zh.refused('corp', ''));
    expect(kube.calls.currentContext).toBe(0);
  });

  it('--yes accepts a remote context', async () => {
    const kube = fakeKube({ currentContext: async () => 'prod', clusterInfo: async () => ({ server: 'https://10.0.0.9:6443' }) });
    expect(await guardContext(kube, ctxOf(), { yes: true })).toEqual({ context: 'prod', server: 'https://10.0.0.9:6443' });
  });
});

describe('the paragraph for each preflight failure', () => {
  const failingContext = (e: unknown) => fakeKube({ currentContext: async () => Promise.reject(e) });
  const failingServer = (e: unknown) => fakeKube({ currentContext: async () => 'corp', clusterInfo: async () => Promise.reject(e) });

  it('kubectl not installed: how to install it, naming the kubectl looked for', async () => {
    const e = new KubeError('notInstalled', 'spawn kubectl ENOENT', []);
    expect((await labError(guardContext(failingContext(e), ctxOf(), {}))).message).toBe(en.notInstalled('kubectl'));
    expect((await labError(guardContext(failingContext(e), ctxOf({ EMQX_LAB_KUBECTL: 'kc' }), {}))).message).toBe(en.notInstalled('kc'));
    const viaFlag = await labError(guardContext(failingContext(e), ctxOf({ EMQX_LAB_KUBECTL: 'kc' }), { kubectl: 'k2' }));
    expect([viaFlag.exitCode, viaFlag.message]).toEqual([EXIT.environment, en.notInstalled('k2')]);
  });

  it('--kubectl naming a folder: it cannot be run', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'emqx-lab-kdir-'));
    mkdirSync(join(dir, 'kubectl'));
    const e = await labError(guardContext(failingContext(new KubeError('notInstalled', 'EACCES', [])), ctxOf(), { kubectl: join(dir, 'kubectl') }));
    expect(e.message).toBe(safetyMessages.en.kubectlNotExecutable(join(dir, 'kubectl')));
  });

  it('no context configured: kubectl has no cluster to talk to', async () => {
    const e = await labError(guardContext(failingContext(new KubeError('config', 'error: current-context is not set', [])), ctxOf(), {}));
    expect([e.exitCode, e.message]).toEqual([EXIT.environment, en.noContext('error: current-context is not set')]);
    const words = labKubeError('config', (l) => (l === 'zh' ? '未配置' : 'not configured'), []);
    expect((await labError(guardContext(failingContext(words), ctxOf({}, 'zh'), {}))).message).toBe(engineMessages.zh.noContext('未配置'));
  });

  it('credentials rejected: names the context', async () => {
    const e = await labError(guardContext(failingServer(new KubeError('unauthorized', 'You must be logged in to the server', [])), ctxOf(), {}));
    expect(e.message).toBe(en.unauthorized('corp', 'You must be logged in to the server'));
  });

  it("unreachable: names the context and kubectl's words; a timeout is said in the lab's words", async () => {
    const unreachable = await labError(guardContext(failingServer(new KubeError('unreachable', 'dial tcp: connection refused', [])), ctxOf(), {}));
    expect(unreachable.message).toBe(en.unreachable('corp', '', 'dial tcp: connection refused'));
    const timeout = await labError(guardContext(failingServer(new KubeError('timeout', 'context deadline exceeded', [])), ctxOf(), {}));
    expect(timeout.message).toBe(en.unreachable('corp', '', 'kubectl took too long and was stopped'));
  });

  it('any other kubectl failure: described as such', async () => {
    const e = await labError(guardContext(failingServer(new KubeError('forbidden', 'configmaps is forbidden', [])), ctxOf(), {}));
    expect([e.exitCode, e.message]).toEqual([EXIT.environment, 'not allowed: configmaps is forbidden']);
  });

  it('a failure that is not kubectl\'s propagates unchanged', async () => {
    const bug = new TypeError('bug');
    await expect(guardContext(failingContext(bug), ctxOf(), {})).rejects.toBe(bug);
  });
});

describe('guardServer', () => {
  it('--yes: nothing is asked or refused', async () => {
    const kube = fakeKube();
    await guardServer(kube, ctxOf(), { yes: true }, { server: 'https://10.0.0.1' });
    await guardServer(kube, ctxOf(), { yes: true }, { cluster: 'prod' });
    expect(kube.log).toEqual([]);
  });

  it('--server on this machine passes; elsewhere is refused naming the flag', async () => {
    const kube = fakeKube();
    await expect(guardServer(kube, ctxOf(), {}, { server: 'https://127.0.0.1:6443' })).resolves.toBeUndefined();
    const e = await labError(guardServer(kube, ctxOf(), {}, { server: 'https://10.0.0.1:6443' }));
    expect([e.exitCode, e.message]).toEqual([EXIT.environment, en.refusedServer('https://10.0.0.1:6443', '--server')]);
    const empty = await labError(guardServer(kube, ctxOf(), {}, { server: '' }));
    expect(empty.message).toBe(en.refusedServer('', '--server'));
    expect(empty.message).toContain('the server (none) (--server)');
    expect(kube.log).toEqual([]);
  });

  it('--cluster is judged by the server the kubeconfig gives it', async () => {
    const kube = fakeKube({ clusters: async () => [{ name: 'local', server: 'https://localhost:6443' }, { name: 'prod', server: 'https://10.0.0.1:6443' }, { name: 'bare' }] });
    await expect(guardServer(kube, ctxOf(), {}, { cluster: 'local' })).resolves.toBeUndefined();
    expect((await labError(guardServer(kube, ctxOf(), {}, { cluster: 'prod' }))).message).toBe(en.refusedServer('https://10.0.0.1:6443', '--cluster'));
    expect((await labError(guardServer(kube, ctxOf(), {}, { cluster: 'bare' }))).message).toBe(en.refusedServer('', '--cluster'));
    // A cluster kubectl cannot find reaches nothing: kubectl says so itself.
    await expect(guardServer(kube, ctxOf(), {}, { cluster: 'nowhere' })).resolves.toBeUndefined();
    expect(kube.calls.clusters).toBe(4);
  });

  it('a kubeconfig that cannot be read: the preflight paragraph', async () => {
    const kube = fakeKube({ clusters: async () => Promise.reject(new KubeError('config', 'error loading config file', [])) });
    const e = await labError(guardServer(kube, ctxOf(), { context: 'kind-x' }, { cluster: 'x' }));
    expect(e.message).toBe(en.noContext('error loading config file'));
    const u = fakeKube({ clusters: async () => Promise.reject(new KubeError('unauthorized', 'denied', [])) });
    expect((await labError(guardServer(u, ctxOf(), { context: 'kind-x' }, { cluster: 'x' }))).message).toBe(en.unauthorized('kind-x', 'denied'));
    expect((await labError(guardServer(u, ctxOf(), {}, { cluster: 'x' }))).message).toBe(en.unauthorized('', 'denied'));
  });
});

describe('guardReachable', () => {
  it('an answering server: one `version` call', async () => {
    const kube = fakeKube({ version: async () => ({ server: 'v1.31' }) });
    await expect(guardReachable(kube, ctxOf(), {}, 'kind-x', '')).resolves.toBeUndefined();
    expect(kube.log.map((c) => c.method)).toEqual(['version']);
  });

  it('unreachable with no server known yet: the server is looked up for the paragraph', async () => {
    const kube = fakeKube({ version: async () => Promise.reject(new KubeError('unreachable', 'connection refused', [])), clusterInfo: async () => ({ server: 'https://127.0.0.1:1' }) });
    const e = await labError(guardReachable(kube, ctxOf(), {}, 'kind-x', ''));
    expect([e.exitCode, e.message]).toEqual([EXIT.environment, en.unreachable('kind-x', 'https://127.0.0.1:1', 'connection refused')]);
    expect(kube.calls.clusterInfo).toBe(1);
  });

  it('a timeout looks the server up too; a server that cannot be found is left out', async () => {
    const kube = fakeKube({ version: async () => Promise.reject(new KubeError('timeout', 'x', [])), clusterInfo: async () => Promise.reject(new KubeError('timeout', 'x', [])) });
    const e = await labError(guardReachable(kube, ctxOf(), {}, 'kind-x', ''));
    expect(e.message).toBe(en.unreachable('kind-x', '', 'kubectl took too long and was stopped'));
    expect(kube.calls.clusterInfo).toBe(1);
    const noServer = fakeKube({ version: async () => Promise.reject(new KubeError('unreachable', 'refused', [])), clusterInfo: async () => ({}) });
    expect((await labError(guardReachable(noServer, ctxOf(), {}, 'kind-x', ''))).message).toBe(en.unreachable('kind-x', '', 'refused'));
  });

  it('a known server is used as it is', async () => {
    const kube = fakeKube({ version: async () => Promise.reject(new KubeError('unreachable', 'refused', [])) });
    const e = await labError(guardReachable(kube, ctxOf(), {}, 'corp', 'https://10.0.0.1'));
    expect(e.message).toBe(en.unreachable('corp', 'https://10.0.0.1', 'refused'));
    expect(kube.calls.clusterInfo).toBe(0);
  });

  it('other failures do not look the server up', async () => {
    const kube = fakeKube({ version: async () => Promise.reject(new KubeError('unauthorized', 'Unauthorized', [])) });
    const e = await labError(guardReachable(kube, ctxOf(), { kubectl: 'k' }, 'kind-x', ''));
    expect(e.message).toBe(en.unauthorized('kind-x', 'Unauthorized'));
    expect(kube.calls.clusterInfo).toBe(0);
    const notInstalled = fakeKube({ version: async () => Promise.reject(new KubeError('notInstalled', 'ENOENT', [])) });
    expect((await labError(guardReachable(notInstalled, ctxOf(), { kubectl: 'k' }, 'kind-x', ''))).message).toBe(en.notInstalled('k'));
  });
});

describe('openSession', () => {
  const healthy = (sim = false) =>
    fakeKube({ currentContext: async () => 'kind-lab', version: async () => ({ server: 'v1.31' }) }, 'lab', sim);

  it('returns the kube, course, namespace, context and progress key after the guards passed', async () => {
    const kube = healthy();
    const s = await openSession(ctxOf({ KUBECONFIG: '/nonexistent' }), {}, { kube, course });
    expect({ ...s, close: undefined }).toEqual({ kube, course, namespace: 'lab', context: 'kind-lab', progressKey: '(none)', clusterSpeed: 1, close: undefined });
    expect(kube.log.map((c) => c.method)).toEqual(['currentContext', 'version']);
    expect(kube.calls.close).toBe(0);
    await s.close();
    expect(kube.calls.close).toBe(1);
  });

  it('the progress key is the --context; reachable: false skips the version call', async () => {
    const kube = healthy();
    const s = await openSession(ctxOf(), { context: 'kind-other' }, { kube, course, reachable: false });
    expect([s.context, s.progressKey]).toEqual(['kind-other', 'kind-other']);
    expect(kube.log).toEqual([]);
  });

  it('on the simulator the clock speed is the simulator\'s and progress files under its context', async () => {
    const kube = healthy(true);
    const s = await openSession(ctxOf({ EMQX_LAB_SIM_SPEED: '4' }), { sim: true }, { kube, course });
    expect([s.context, s.progressKey, s.clusterSpeed]).toEqual(['emqx-lab-sim', 'emqx-lab-sim', 4]);
  });

  it('loads the course when none is given', async () => {
    const s = await openSession(ctxOf({ EMQX_LAB_COURSE: FIXTURE }), { context: 'kind-x' }, { kube: healthy(), reachable: false });
    expect(s.course.steps.map((x) => x.id)).toEqual(['first', 'second']);
  });

  it('a system namespace is refused before any kubectl call', async () => {
    const kube = healthy();
    const e = await labError(openSession(ctxOf(), { namespace: 'kube-system' }, { kube, course }));
    expect(e.message).toBe(safetyMessages.en.systemNamespace('kube-system'));
    expect(kube.log).toEqual([]);
    const s = await openSession(ctxOf(), { namespace: 'kube-system', yes: true, context: 'kind-x' }, { kube, course, reachable: false });
    expect(s.context).toBe('kind-x');
  });

  it('the default namespace (emqx-lab) is not a system one', async () => {
    const s = await openSession(ctxOf(), { context: 'kind-x' }, { kube: healthy(), course, reachable: false });
    expect(s.namespace).toBe('lab');
  });

  it('a failed guard closes the kube and says why', async () => {
    const kube = fakeKube({ currentContext: async () => 'kind-lab', version: async () => Promise.reject(new KubeError('unreachable', 'refused', [])), clusterInfo: async () => ({}) });
    const e = await labError(openSession(ctxOf(), {}, { kube, course }));
    expect([e.exitCode, e.message]).toEqual([EXIT.environment, en.unreachable('kind-lab', '', 'refused')]);
    expect(kube.calls.close).toBe(1);
  });

  it('Ctrl-C during the guards is an interruption (130), whatever the canceled call said', async () => {
    const ac = new AbortController();
    const kube = fakeKube({
      currentContext: async () => {
        ac.abort();
        throw new KubeError('canceled', 'canceled', []);
      },
    });
    const e = await labError(openSession(ctxOf({}, 'en', ac.signal), {}, { kube, course }));
    expect([e.exitCode, e.message]).toEqual([EXIT.interrupted, en.interruptedRun]);
    expect(kube.calls.close).toBe(1);
  });

  it('without a kube, it makes one for the options (here the fake kubectl) and runs the guards through it', async () => {
    const fake = fakeKubectl([{ when: ['version'], stdout: { clientVersion: { gitVersion: 'v1.32.0' }, serverVersion: { gitVersion: 'v1.31.0' } } }]);
    const s = await openSession(ctxOf(fake.env), { context: 'kind-x', namespace: 'ns3' }, { course });
    open.push(s.kube);
    expect([s.namespace, s.context, s.kube.target.context]).toEqual(['ns3', 'kind-x', 'kind-x']);
    // Only the reachability check runs: the --context looks local, so no context or server is asked.
    expect(fake.calls().map((c) => c.argv)).toEqual([['--context', 'kind-x', '--request-timeout=15s', 'version', '-o', 'json']]);
  });
});

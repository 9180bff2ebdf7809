/** The real Kube: kubectl processes built from argv.ts, run by run.ts, failures classified by result.ts. */
import { execa } from 'execa';
import { setMaxListeners } from 'node:events';
import type { Io } from '../context.js';
import * as argv from './argv.js';
import type { KubeTarget } from './argv.js';
import type { KubectlBinary } from './binary.js';
import type { ClusterInfo, Kube, ObjectRef } from './kube.js';
import type { LiveObject } from './objects.js';
import { createPortForwarder, type PortForwarder } from './port-forward.js';
import { KubeError, check, cleanStderr, detailOf, labKubeError } from './result.js';
import { kubeMessages } from '../i18n/kube.js';
import { execaRunner, type RunOptions, type Runner } from './run.js';
import type { FailureWatch } from './persistent.js';
import type { RunResult } from './result.js';

export interface KubeOptions {
  binary: KubectlBinary;
  target: KubeTarget;
  env: NodeJS.ProcessEnv;
  /** Ctrl-C: running calls are canceled and port-forwards killed. */
  signal?: AbortSignal;
  /** Replace process spawning (tests that record or replay kubectl calls). */
  runner?: Runner;
  forwarder?: PortForwarder;
  /**
   * Stop with an environment error once kubectl keeps failing the same way (kube/persistent.ts): the
   * sessions of the lab's commands set it; doctor, which reports each failure, does not.
   */
  watch?: FailureWatch;
}

/** How long one kubectl process may take, whatever it does (an API call has --request-timeout too). */
const CALL_TIMEOUT_MS = 60_000;
const EXEC_TIMEOUT_MS = 45_000;
/** When a pending exec has the API server asked about its pod (see exec). */
const EXEC_PROBE_AFTER_MS = 4_000;
/** A read is one request with kubectl's --request-timeout (15 s): a kubectl still busy 5 s later hangs. */
const READ_TIMEOUT_MS = 20_000;
/**
 * The preflight's calls: kubectl reading its kubeconfig answers in milliseconds, `version` within its
 * --request-timeout (15 s). A kubectl that hangs is an environment error within half a minute, not a minute.
 */
const CONFIG_TIMEOUT_MS = 10_000;
const PREFLIGHT_TIMEOUT_MS = 20_000;
/** A waiting delete lasts as long as the pods' graceful shutdown and the PVC protection finalizer. */
const DELETE_TIMEOUT_MS = 300_000;

const isObj = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

/** What kubectl prints with -o json: an object; a Kubernetes object's metadata and a list's items in their shapes. */
function kubeShaped(v: unknown): boolean {
  if (!isObj(v)) return false;
  if ('metadata' in v && !isObj(v.metadata)) return false;
  if ('items' in v && !(Array.isArray(v.items) && v.items.every((i) => isObj(i) && isObj(i.metadata)))) return false;
  return true;
}

function lines(s: string): string[] {
  return s.split('\n').map((l) => l.trimEnd()).filter(Boolean);
}


export function createKube(o: KubeOptions): Kube {
  const run = o.runner ?? execaRunner(o.binary, o.env);
  const forwards = o.forwarder ?? createPortForwarder(o.binary, o.env);
  const onAbort = () => void forwards.closeAll();
  o.signal?.addEventListener('abort', onAbort, { once: true });
  const shared: Shared = {
    run,
    forwards,
    async close() {
      o.signal?.removeEventListener('abort', onAbort);
      await forwards.closeAll();
    },
  };
  return kubeWith(o, shared, o.signal);
}

/** What every view of one adapter shares: the process runner and the port-forward registry. */
interface Shared {
  run: Runner;
  forwards: PortForwarder;
  close(): Promise<void>;
}

/**
 * One view of the adapter: its calls are canceled by `signal`. withSignal() makes another view over the
 * same registry, so a caller can stop its own calls (the UI's `l` key) or make calls after Ctrl-C (a
 * disruption putting the namespace back) without a second adapter. Only the adapter's own signal kills
 * every port-forward; a view's signal cancels what was started through that view.
 */
function kubeWith(o: KubeOptions, shared: Shared, signal: AbortSignal | undefined): Kube {
  const t = o.target;
  const { run, forwards } = shared;
  // Every running kubectl listens to its signal; diagnosis and doctor run a dozen at once.
  if (signal) setMaxListeners(100, signal);
  const watch = o.watch;
  // Every process the adapter runs is shown to the failure watch (it may throw PersistentKubeFailure).
  const watched = async (args: string[], opts: RunOptions): Promise<{ r: RunResult; start: number }> => {
    const start = Date.now();
    const r = await run(args, opts);
    watch?.seen(r, start);
    return { r, start };
  };
  const call = async (args: string[], opts: { input?: string; timeoutMs?: number } = {}) => {
    const r = check((await watched(args, { timeoutMs: CALL_TIMEOUT_MS, signal, ...opts })).r);
    watch?.ok(args);
    return r;
  };
  const callJson = async <T>(args: string[], timeoutMs = CALL_TIMEOUT_MS): Promise<T> => {
    const { r, start } = await watched(args, { timeoutMs, signal });
    check(r);
    let v: T;
    try {
      v = JSON.parse(r.stdout) as T;
    } catch {
      const e = labKubeError('other', (lang) => kubeMessages[lang].notJson(r.stdout.slice(0, 120)), r.args, r.stdout);
      watch?.garbage(r, start, e);
      throw e;
    }
    // JSON, but not in kubectl's shapes (an object with a kind; a list's items an array of objects).
    if (!kubeShaped(v)) {
      const e = labKubeError('other', (lang) => kubeMessages[lang].notJson(r.stdout.slice(0, 120)), r.args, r.stdout);
      watch?.garbage(r, start, e);
      throw e;
    }
    watch?.ok(args);
    return v;
  };

  const kube: Kube = {
    target: t,
    sim: o.binary.sim,

    withSignal(s) {
      return kubeWith(o, shared, s);
    },

    async get<T extends LiveObject>(kind: string, name: string): Promise<T | undefined> {
      try {
        return await callJson<T>(argv.getArgs(t, kind, { name }), READ_TIMEOUT_MS);
      } catch (e) {
        if (e instanceof KubeError && e.kind === 'notFound') return undefined;
        throw e;
      }
    },

    async list<T extends LiveObject>(kinds: string | string[], opts: { selector?: string } = {}): Promise<T[]> {
      const r = await callJson<{ items?: T[] }>(argv.getArgs(t, kinds, { selector: opts.selector }), READ_TIMEOUT_MS);
      return r.items ?? [];
    },

    async apply(yaml) {
      return lines((await call(argv.applyArgs(t), { input: yaml })).stdout);
    },

    async delete(refs: ObjectRef[], opts = {}) {
      if (!refs.length) return [];
      return lines((await call(argv.deleteArgs(t, refs, opts), { timeoutMs: DELETE_TIMEOUT_MS })).stdout);
    },

    async deleteAll(kinds, selector, opts = {}) {
      if (!kinds.length) return [];
      return lines((await call(argv.deleteSelectorArgs(t, kinds, selector, opts), { timeoutMs: DELETE_TIMEOUT_MS })).stdout);
    },

    async scale(kind, name, replicas) {
      await call(argv.scaleArgs(t, kind, name, replicas));
    },

    async patchMerge(kind, name, patch) {
      await call(argv.patchMergeArgs(t, kind, name, patch));
    },

    async rolloutRestart(kind, name) {
      await call(argv.rolloutRestartArgs(t, kind, name));
    },

    async exec(pod, command, opts = {}) {
      const stdin = opts.stdin !== undefined;
      // A slow exec may be a wedged pod or a kubectl that hangs. After a few seconds the adapter asks the
      // API server about the pod meanwhile: a read that outlives its own hard limit too is a hung kubectl
      // (the failure watch ends the command, exit 3), so that is said within half a minute, not after the
      // exec's 45 s and one more read. The question is dropped as soon as the exec answers.
      const done = new AbortController();
      const own = signal ? AbortSignal.any([signal, done.signal]) : done.signal;
      let timer: NodeJS.Timeout | undefined;
      const hung = new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          watched(argv.getArgs(t, 'Pod', { name: pod }), { timeoutMs: READ_TIMEOUT_MS, signal: done.signal }).catch((e: unknown) => {
            done.abort();
            reject(e);
          });
        }, EXEC_PROBE_AFTER_MS);
      });
      let r: RunResult;
      try {
        ({ r } = await Promise.race([watched(argv.execArgs(t, pod, command, opts.container, stdin), { timeoutMs: EXEC_TIMEOUT_MS, signal: own, input: opts.stdin }), hung]));
      } finally {
        clearTimeout(timer);
        done.abort();
      }
      // kubectl passes the command's own exit code through and says so on stderr: an answer, not a failure.
      const m = /command terminated with exit code (\d+)/.exec(r.stderr);
      if (r.exitCode !== 0 && m && !r.timedOut && !r.canceled) return { exitCode: Number(m[1]), stdout: r.stdout, stderr: cleanStderr(r.stderr) };
      check(r);
      return { exitCode: 0, stdout: r.stdout, stderr: cleanStderr(r.stderr) };
    },

    async logs(pod, opts = {}) {
      return (await call(argv.logsArgs(t, pod, opts))).stdout;
    },

    async canI(verb, resource, opts = {}) {
      const { r } = await watched(argv.canIArgs(t, verb, resource, opts), { timeoutMs: CALL_TIMEOUT_MS, signal });
      // `yes` exit 0; `no` (sometimes `no - <reason>`) exit 1; anything else is a failure of its own.
      const answer = r.stdout.trim().split('\n').pop() ?? '';
      if (r.exitCode === 0 && /^yes\b/.test(answer)) return true;
      if (r.exitCode === 1 && /^no\b/.test(answer)) return false;
      check(r);
      throw labKubeError('other', (lang) => kubeMessages[lang].canIAnswer(answer || detailOf(r)), r.args, r.stdout);
    },

    async getRaw(path, opts = {}) {
      return (await call(argv.getRawArgs(t, path), { timeoutMs: opts.timeoutMs ?? CALL_TIMEOUT_MS })).stdout;
    },

    portForward(target, remotePort) {
      return forwards.open(argv.portForwardArgs(t, target, remotePort), target, { signal });
    },

    async version() {
      // On an unreachable server kubectl prints the client version and fails: the failure is what counts.
      const v = await callJson<{ clientVersion?: { gitVersion?: string }; serverVersion?: { gitVersion?: string } }>(argv.versionArgs(t), PREFLIGHT_TIMEOUT_MS);
      return { client: v.clientVersion?.gitVersion, server: v.serverVersion?.gitVersion };
    },

    async clientVersion() {
      const r = await callJson<{ clientVersion?: { gitVersion?: string } }>(argv.versionArgs(t, { clientOnly: true }));
      return r.clientVersion?.gitVersion;
    },

    async currentContext() {
      return (await call(argv.currentContextArgs(t), { timeoutMs: CONFIG_TIMEOUT_MS })).stdout.trim();
    },

    async clusterInfo(): Promise<ClusterInfo> {
      const v = await callJson<{
        'current-context'?: string;
        contexts?: { name?: string; context?: { cluster?: string; namespace?: string } }[];
        clusters?: { name?: string; cluster?: { server?: string } }[];
      }>(argv.configViewArgs(t), CONFIG_TIMEOUT_MS);
      const ctx = v.contexts?.[0];
      const cluster = v.clusters?.find((c) => c.name === ctx?.context?.cluster) ?? v.clusters?.[0];
      return {
        context: v['current-context'] ?? ctx?.name,
        cluster: cluster?.name,
        server: cluster?.cluster?.server,
        namespace: ctx?.context?.namespace,
      };
    },

    async clusters() {
      const v = await callJson<{ clusters?: { name?: string; cluster?: { server?: string } }[] }>(argv.configViewAllArgs(t), CONFIG_TIMEOUT_MS);
      return (v.clusters ?? []).map((c) => ({ name: c.name ?? '', server: c.cluster?.server }));
    },

    async createNamespace() {
      await call(argv.createNamespaceArgs(t));
    },

    raw(args, opts = {}) {
      return run(args, { timeoutMs: opts.timeoutMs ?? CALL_TIMEOUT_MS, signal, input: opts.input });
    },

    async interactive(args: string[], io: Io) {
      const r = await execa(o.binary.file, [...o.binary.prefix, ...args], {
        reject: false,
        env: o.env,
        extendEnv: false,
        stdin: io.stdin as never,
        stdout: io.stdout as never,
        stderr: io.stderr as never,
        cancelSignal: signal,
      });
      if (['ENOENT', 'EACCES', 'EISDIR', 'ENOEXEC'].includes((r as { code?: string }).code ?? '')) throw new KubeError('notInstalled', o.binary.file, args);
      return r.exitCode ?? 130;
    },

    close() {
      return shared.close();
    },
  };
  return kube;
}

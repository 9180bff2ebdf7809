/** What the engine needs from the outside: a Kube, the course, where progress lives, the clock, Ctrl-C. */
import { randomBytes } from 'node:crypto';
import type { Context } from '../context.js';
import type { Course } from '../course/load.js';
import type { Lang } from '../i18n/lang.js';
import type { Kube } from '../kube/kube.js';
import type { CheckEnv } from '../checks/types.js';
import { namespaceLock, type LockHolder, type NamespaceLock } from '../progress/lock.js';
import type { Session } from './session.js';

export interface EngineDeps extends Pick<Context, 'now' | 'sleep' | 'signal' | 'home'> {
  kube: Kube;
  course: Course;
  namespace: string;
  /** Progress is filed under (progressKey, namespace). */
  progressKey: string;
  lang: Lang;
  /** The cluster's clock against the wall clock (see CheckEnv.clusterSpeed); 1 unless simulated. */
  clusterSpeed?: number;
  /** Held while the namespace is changed (apply, solve, reset, a disruption, the progress record). */
  lock?: NamespaceLock;
}

/** How the lock's holder is named to a waiting command: the command line as typed. */
export function commandLine(argv = process.argv): string {
  return ['emqx-lab', ...argv.slice(2)].join(' ');
}

/** Run `fn` holding the namespace lock when there is one. */
export function changing<T>(d: Pick<EngineDeps, 'lock' | 'signal'>, fn: () => Promise<T>): Promise<T> {
  return d.lock ? d.lock.hold(fn, d.signal) : fn();
}

export function engineDeps(
  ctx: Pick<Context, 'now' | 'sleep' | 'signal' | 'home' | 'lang'>,
  s: Session,
  o: { lock?: NamespaceLock; onLockWait?(holder: LockHolder): void } = {},
): EngineDeps {
  return {
    lock: o.lock ?? namespaceLock({ home: ctx.home, context: s.progressKey, namespace: s.namespace, command: commandLine(), sleep: ctx.sleep, onWait: o.onLockWait }),
    kube: s.kube,
    course: s.course,
    namespace: s.namespace,
    progressKey: s.progressKey,
    clusterSpeed: s.clusterSpeed,
    lang: ctx.lang,
    home: ctx.home,
    now: ctx.now,
    sleep: ctx.sleep,
    signal: ctx.signal,
  };
}

/** `${RUN_ID}`: six characters of [a-z0-9], fresh per verify run. */
export function newRunId(): string {
  return [...randomBytes(6)].map((b) => '0123456789abcdefghijklmnopqrstuvwxyz'[b % 36]).join('');
}

export function checkEnv(d: EngineDeps, runId = newRunId()): CheckEnv {
  return {
    kube: d.kube,
    namespace: d.namespace,
    lang: d.lang,
    runId,
    clusterSpeed: d.clusterSpeed ?? 1,
    lock: d.lock,
    now: d.now,
    sleep: d.sleep,
    signal: d.signal,
  };
}

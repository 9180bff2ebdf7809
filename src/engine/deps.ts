/** What the engine needs from the outside: a Kube, the course, where progress lives, the clock, Ctrl-C. */
import { randomBytes } from 'node:crypto';
import type { Context } from '../context.js';
import type { Course } from '../course/load.js';
import type { Lang } from '../i18n/lang.js';
import type { Kube } from '../kube/kube.js';
import type { CheckEnv } from '../checks/types.js';
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
}

export function engineDeps(ctx: Pick<Context, 'now' | 'sleep' | 'signal' | 'home' | 'lang'>, s: Session): EngineDeps {
  return {
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
    now: d.now,
    sleep: d.sleep,
    signal: d.signal,
  };
}

/** Small pieces the engine's commands share: a session around the work, notes on stderr, confirmations. */
import { confirm, isCancel } from '@clack/prompts';
import type { Context, GlobalOptions } from '../context.js';
import type { Course, Step } from '../course/load.js';
import { engineMessages } from '../i18n/engine.js';
import { EXIT, LabError, envError } from '../errors.js';
import { describeKubeError } from '../kube/describe.js';
import { KubeError } from '../kube/result.js';
import { LockWaitAborted, type LockHolder } from '../progress/lock.js';
import { readProgress } from '../progress/store.js';
import { engineDeps, type EngineDeps } from './deps.js';
import { localRecordMissing, restoreFromRecord } from './restore.js';
import { safetyMessages } from '../i18n/safety.js';
import { loadCourseOrFail, openSession, resolveStep, type Session } from './session.js';

export type CommandContext = Pick<Context, 'io' | 'env' | 'cwd' | 'lang' | 'color' | 'home' | 'now' | 'sleep' | 'signal'>;

/** Load the course and find the step BEFORE any kubectl runs: a typo is a usage error, not a cluster call. */
export function courseAndStep(ctx: CommandContext, ref: unknown): { course: Course; step: Step } {
  const course = loadCourseOrFail(ctx);
  return { course, step: resolveStep(course, ref, ctx.lang) };
}

export async function withSession<T>(
  ctx: CommandContext,
  opts: GlobalOptions,
  course: Course,
  work: (s: Session, d: EngineDeps) => Promise<T>,
): Promise<T> {
  const session = await openSession(ctx, opts, { course });
  try {
    if (ctx.signal.aborted) throw new LabError(engineMessages[ctx.lang].interruptedRun, EXIT.interrupted);
    const missing = localRecordMissing(ctx.home, session.progressKey, session.namespace);
    const { setAside } = readProgress(ctx.home, session.progressKey, session.namespace, ctx.now);
    if (setAside) ctx.io.stderr.write(`${engineMessages[ctx.lang].progressSetAside(setAside)}\n`);
    // The local record is gone or was unreadable: the namespace's progress record may still hold the passes.
    if (missing || setAside) {
      const ids = course.steps.map((st) => st.id);
      const restored = await restoreFromRecord({ kube: session.kube, home: ctx.home, progressKey: session.progressKey, namespace: session.namespace, stepIds: ids, now: ctx.now });
      if (restored.length) ctx.io.stderr.write(`${safetyMessages[ctx.lang].restoredFromCluster(restored.length, session.namespace)}\n`);
    }
    const onLockWait = (h: LockHolder) => ctx.io.stderr.write(`${engineMessages[ctx.lang].waitingForLock(h.command, h.pid, session.namespace, ageSeconds(h.since, ctx.now()))}\n`);
    return await work(session, engineDeps(ctx, session, { onLockWait }));
  } catch (e) {
    if (e instanceof LockWaitAborted) throw new LabError(engineMessages[ctx.lang].interruptedRun, EXIT.interrupted);
    // Ctrl-C cancels the kubectl calls in flight; the cluster going away mid-command is the environment's.
    if ((e instanceof KubeError || (e instanceof LabError && e.exitCode === EXIT.environment)) && ctx.signal.aborted) {
      throw new LabError(engineMessages[ctx.lang].interruptedRun, EXIT.interrupted);
    }
    if (e instanceof KubeError) throw envError(describeKubeError(e, ctx.lang));
    throw e;
  } finally {
    await session.close();
  }
}

function ageSeconds(since: string, now: number): number {
  const t = Date.parse(since);
  return Number.isFinite(t) ? Math.max(0, Math.round((now - t) / 1000)) : 0;
}

/** A prompt may only be shown to a person at a terminal (with stdin from /dev/null it never resolves). */
export function canPrompt(ctx: Pick<Context, 'io' | 'env'>): boolean {
  return Boolean(ctx.io.stdin.isTTY && ctx.io.stdout.isTTY && !ctx.env.CI);
}

export async function confirmed(ctx: CommandContext, message: string): Promise<boolean> {
  const answer = await confirm({ message, initialValue: false, input: ctx.io.stdin, output: ctx.io.stdout, signal: ctx.signal });
  return !isCancel(answer) && answer === true;
}

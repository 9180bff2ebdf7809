/**
 * `disruption`: an experiment. setup → action → follow-up checks (polled like any check) → the identity of
 * the pods the action removed is compared with what came back (`replacement: sameName | newName`) →
 * cleanup, always, whatever happened, Ctrl-C included: a workload the actions scaled goes back to the
 * replicas it had, then the cleanup actions run. In `once` mode (fail-first) it stops at its first failing
 * part.
 */
import type { Action, PlainCheck } from '../course/schema.js';
import { checkMessages } from '../i18n/checks.js';
import type { Lang } from '../i18n/lang.js';
import { callNeeds, type ApiNames } from '../kube/needs.js';
import { isTerminating, type Pod } from '../kube/objects.js';
import type { Permission } from '../kube/permissions.js';
import { describeKubeError } from '../kube/describe.js';
import { KubeError } from '../kube/result.js';
import { LockWaitAborted } from '../progress/lock.js';
import { actionNeeds, RESTORE_REPLICAS, runAction, type ActionOptions, type PodIdentity } from './actions.js';
import { pollProbe } from './poll.js';
import { putBackReplicas } from './put-back.js';
import { safetyMessages } from '../i18n/safety.js';
import { resourceOf } from '../kube/argv.js';
import type { CheckEnv, CheckHooks, CheckMode, CheckOf, CheckOutcome, Observation } from './types.js';

/** After the experiment: did each removed pod come back under the same name (new uid), or under a new name? */
export function judgeReplacement(
  removed: PodIdentity[],
  before: Set<string>,
  pods: Pod[],
  replacement: 'sameName' | 'newName',
  lang: Lang,
): Observation {
  const m = checkMessages[lang];
  if (!removed.length) return { passed: false, reason: m.nothingRemoved };
  const live = pods.filter((p) => !isTerminating(p));
  const byName = new Map(live.map((p) => [p.metadata.name, p]));
  const removedNames = new Set(removed.map((r) => r.name));
  if (replacement === 'sameName') {
    for (const r of removed) {
      const now = byName.get(r.name);
      if (!now) return { passed: false, reason: m.notBack(r.name) };
      if (now.metadata.uid === r.uid || before.has(now.metadata.uid ?? '')) return { passed: false, reason: m.samePod(r.name) };
    }
    return { passed: true, reason: m.sameNameBack(removed.map((r) => r.name).join(', ')) };
  }
  const reused = removed.find((r) => byName.has(r.name));
  if (reused) return { passed: false, reason: m.nameReused(reused.name) };
  const fresh = live.filter((p) => !before.has(p.metadata.uid ?? '') && !removedNames.has(p.metadata.name));
  if (fresh.length < removed.length) return { passed: false, reason: m.noNewPods(removed.length, fresh.length) };
  return { passed: true, reason: m.newNames(fresh.map((p) => p.metadata.name).join(', ')) };
}

export type RunFollowUp = (check: PlainCheck, mode: CheckMode, hooks: CheckHooks) => Promise<CheckOutcome>;

/**
 * The disruption kind beside the plain ones (registry.ts): its default timeout, and what it asks of the API
 * server: every action of setup, action and cleanup (putting scaled workloads back is the patch a scale
 * action already declares), the pod list that compares identities, and each follow-up check's own needs
 * (`followUp`: the registry's, so a follow-up of any kind is covered).
 */
export const disruption = {
  kind: 'disruption' as const,
  defaultTimeout: 300,
  needs(check: CheckOf<'disruption'>, api: ApiNames, followUp: (c: PlainCheck) => Permission[]): Permission[] {
    const actions = [...(check.setup ?? []), ...check.action, ...(check.cleanup ?? [])];
    return [...actions.flatMap((a) => actionNeeds(a, api)), ...(check.replacement ? callNeeds.list(api, ['Pod']) : []), ...check.then.flatMap(followUp)];
  },
};

const ACTION_TIMEOUT_S = 300;
const REPLACEMENT_TIMEOUT_MS = 60_000;
/** After Ctrl-C, putting the namespace back may take this long in all: the learner asked to stop. */
export const RESTORE_DEADLINE_MS = 5_000;

/**
 * Where the calls that put things back go after Ctrl-C: a signal of their own (the check's is aborted, and
 * an aborted signal cancels every kubectl before it starts) that ends after a short deadline.
 */
function afterInterrupt(env: CheckEnv): CheckEnv {
  const signal = AbortSignal.timeout(RESTORE_DEADLINE_MS);
  return { ...env, signal, kube: env.kube.withSignal(signal) };
}

/**
 * The experiment holds the namespace lock from setup to cleanup: another emqx-lab run on this machine
 * (`solve` in a second terminal) waits instead of scaling the same workload at the same time.
 */
export async function runDisruption(
  check: CheckOf<'disruption'>,
  env: CheckEnv,
  mode: CheckMode,
  hooks: CheckHooks,
  runFollowUp: RunFollowUp,
): Promise<CheckOutcome> {
  if (!env.lock) return experimentAndCleanup(check, env, mode, hooks, runFollowUp);
  try {
    return await env.lock.hold(() => experimentAndCleanup(check, env, mode, hooks, runFollowUp), env.signal);
  } catch (e) {
    if (e instanceof LockWaitAborted) return { passed: false, reason: checkMessages[env.lang].interrupted, interrupted: true };
    throw e;
  }
}

async function experimentAndCleanup(
  check: CheckOf<'disruption'>,
  env: CheckEnv,
  mode: CheckMode,
  hooks: CheckHooks,
  runFollowUp: RunFollowUp,
): Promise<CheckOutcome> {
  const m = checkMessages[env.lang];
  // Every workload the experiment scaled, with the replicas it had before the first scale.
  const scaled = new Map<string, { kind: string; name: string; from: number; to: number }>();
  const opts: ActionOptions = {
    mode,
    timeoutMs: (check.timeout ?? ACTION_TIMEOUT_S) * 1000,
    onReason: (r: string) => hooks.onReason?.(r, false),
    onScale(kind, name, from, to) {
      const known = scaled.get(`${kind}/${name}`);
      if (known) known.to = to;
      else scaled.set(`${kind}/${name}`, { kind, name, from, to });
    },
  };
  const runAll = async (actions: Action[] | undefined): Promise<{ ok: boolean; reason: string; removed: PodIdentity[] }> => {
    const removed: PodIdentity[] = [];
    for (const a of actions ?? []) {
      if (env.signal.aborted) return { ok: false, reason: m.interrupted, removed };
      const r = await runAction(a, env, opts);
      removed.push(...r.removed);
      if (!r.ok) return { ok: false, reason: r.reason, removed };
      hooks.onReason?.(r.reason, false);
    }
    return { ok: true, reason: '', removed };
  };

  let outcome: CheckOutcome | undefined;
  let notRestored: string | undefined;
  try {
    outcome = await experiment();
  } finally {
    const c = await putBack();
    // A failed cleanup must not hide the experiment's own result, but a pass with a broken cleanup is no pass.
    if (!c.ok && outcome?.passed) outcome = { passed: false, reason: m.cleanupFailed(c.reason) };
    // A workload left scaled down is said whatever else happened: the learner must know to put it back.
    if (notRestored) outcome = { ...(outcome ?? { interrupted: env.signal.aborted }), passed: false, reason: notRestored };
    // Ctrl-C during the cleanup: its waiting was cut short, so whatever came before is no verdict.
    if (outcome && env.signal.aborted && !outcome.interrupted) outcome = { ...outcome, passed: false, interrupted: true };
  }
  return outcome;

  async function experiment(): Promise<CheckOutcome> {
    const setup = await runAll(check.setup);
    if (!setup.ok) return { passed: false, reason: m.setupFailed(setup.reason), interrupted: env.signal.aborted };
    const before = check.replacement ? new Set((await env.kube.list<Pod>('Pod')).map((p) => p.metadata.uid ?? '')) : new Set<string>();
    const action = await runAll(check.action);
    if (!action.ok) return { passed: false, reason: m.actionFailed(action.reason), interrupted: env.signal.aborted };
    for (const f of check.then) {
      const r = await runFollowUp(f, mode, hooks);
      if (!r.passed) return { passed: false, reason: m.afterwards(f.title[env.lang], r.reason), failedPart: f, interrupted: r.interrupted };
    }
    if (check.replacement) {
      const replacement = check.replacement;
      return pollProbe(
        { poll: async () => judgeReplacement(action.removed, before, await env.kube.list<Pod>('Pod'), replacement, env.lang) },
        env,
        { mode, timeoutMs: REPLACEMENT_TIMEOUT_MS, onReason: hooks.onReason, onPoll: hooks.onPoll },
      );
    }
    return { passed: true, reason: m.disruptionOk(check.then.length) };
  }

  /**
   * Whatever happened: every workload the experiment scaled goes back to the replicas noted before its first
   * scale, and the note goes (one merge patch; the call only: pods come back in their own time), then the
   * cleanup actions run. Normally the cleanup waits
   * like any action and stops at its first failure; after Ctrl-C every call is only issued, on a fresh
   * signal with a short deadline, and a failing action does not stop the ones after it.
   */
  async function putBack(): Promise<{ ok: boolean; reason: string }> {
    let calm: CheckEnv | undefined;
    const envNow = () => (env.signal.aborted ? (calm ??= afterInterrupt(env)) : env);
    let failure: string | undefined;
    for (const w of scaled.values()) {
      // Tried again on fresh signals until it reads back (put-back.ts); else said plainly, with the fix.
      const why = await putBackReplicas(env, w);
      if (why !== undefined) notRestored ??= safetyMessages[env.lang].notRestoredScale(`${resourceOf(w.kind)}/${w.name}`, w.from, env.namespace, why);
    }
    const quiet: ActionOptions = { mode, timeoutMs: opts.timeoutMs, wait: false };
    for (const a of check.cleanup ?? []) {
      const e = envNow();
      let r = await runAction(a, e, e === env ? { ...opts, onScale: undefined } : quiet);
      // Ctrl-C while it ran: a call that is safe to repeat is issued again (the first may have been cut off).
      if (!r.ok && e === env && env.signal.aborted && ('scale' in a || 'mergePatch' in a)) r = await runAction(a, envNow(), quiet);
      if (r.ok) {
        if (e === env && !env.signal.aborted) hooks.onReason?.(r.reason, false);
        continue;
      }
      failure ??= r.reason;
      if (!env.signal.aborted) break;
    }
    return failure === undefined ? { ok: true, reason: '' } : { ok: false, reason: failure };
  }
}

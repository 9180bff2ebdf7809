/**
 * The polling loop every plain check runs in. It polls until the check passes (and, with holdFor, keeps
 * passing for that long) or its time is up, and it reports the LAST reason seen, never just "timeout".
 * A kubectl failure other than the probe's own business (forbidden, unreachable, a flaky API) becomes the
 * reason and polling goes on (Chainsaw #2758); a missing field is "not ready yet" inside each probe
 * (Chainsaw #1823). The interval starts at 250 ms and backs off gently to 500 ms: a condition that comes true
 * is seen within about half a second (the bench measures it), at two kubectl processes a round at most.
 */
import { checkMessages } from '../i18n/checks.js';
import { describeKubeError } from '../kube/describe.js';
import { KubeError } from '../kube/result.js';
import type { CheckEnv, CheckHooks, CheckMode, CheckOutcome, Observation, Probe } from './types.js';

export const FIRST_INTERVAL_MS = 250;
export const MAX_INTERVAL_MS = 500;
/** Partial rounds allowed for one verdict in `once` mode (exec over many pods, two port-forwards). */
const MAX_PARTIAL_ROUNDS = 60;

export interface PollOptions extends CheckHooks {
  mode: CheckMode;
  timeoutMs: number;
  holdForMs?: number;
}

async function observe(probe: Probe, env: CheckEnv): Promise<Observation> {
  try {
    return await probe.poll();
  } catch (e) {
    if (e instanceof KubeError) return { passed: false, reason: describeKubeError(e, env.lang) };
    throw e;
  }
}

export async function pollProbe(probe: Probe, env: CheckEnv, o: PollOptions): Promise<CheckOutcome> {
  const m = checkMessages[env.lang];
  const start = env.now();
  const holdFor = o.mode === 'once' ? 0 : (o.holdForMs ?? 0) / Math.max(1, env.clusterSpeed ?? 1);
  let interval = FIRST_INTERVAL_MS;
  let holdingSince: number | undefined;
  let last: Observation = { passed: false, reason: m.notObservedYet };
  let partialRounds = 0;
  // The first question may come sooner than the rest (a failing check is diagnosed at once).
  let askedAt = start - (o.giveUp ? o.giveUp.everyMs - (o.giveUp.firstAfterMs ?? o.giveUp.everyMs) : 0);
  try {
    for (;;) {
      if (env.signal.aborted) return { passed: false, reason: last.reason, interrupted: true };
      o.onPoll?.('start');
      const obs = await observe(probe, env);
      o.onPoll?.('end');
      if (env.signal.aborted) return { passed: false, reason: last.reason, interrupted: true };
      if (obs.reason !== last.reason || obs.passed !== last.passed) o.onReason?.(obs.reason, obs.passed && !obs.partial);
      last = obs;
      const now = env.now();
      if (obs.partial) {
        partialRounds += 1;
        const stop = o.mode === 'once' ? partialRounds > MAX_PARTIAL_ROUNDS : now - start >= o.timeoutMs;
        if (stop) return { passed: false, reason: obs.reason, observed: obs.observed };
        continue;
      }
      if (o.mode === 'once') return { passed: obs.passed, reason: obs.reason, observed: obs.observed };
      if (obs.passed) {
        holdingSince ??= now;
        if (now - holdingSince >= holdFor) return { passed: true, reason: obs.reason, observed: obs.observed };
      } else {
        holdingSince = undefined;
        if (o.giveUp && now - askedAt >= o.giveUp.everyMs) {
          askedAt = now;
          if (await o.giveUp.when()) return { passed: false, reason: obs.reason, observed: obs.observed };
        }
      }
      // A condition that started holding before the deadline gets the time to prove it keeps holding.
      const deadline = start + o.timeoutMs + (holdingSince !== undefined && holdingSince < start + o.timeoutMs ? holdFor : 0);
      if (now >= deadline) {
        const reason = obs.passed ? m.didNotHold(obs.reason, Math.round(holdFor / 1000)) : obs.reason;
        return { passed: false, reason, observed: obs.observed };
      }
      await env.sleep(Math.min(interval, Math.max(0, deadline - now)), env.signal);
      interval = Math.min(MAX_INTERVAL_MS, Math.round(interval * 1.25));
    }
  } finally {
    await probe.close?.();
  }
}

/**
 * Every check kind, one line each, and the one function that runs any check. `${NAMESPACE}` and `${RUN_ID}`
 * are filled into the check's fields here, before a probe sees them. The table's type asks for every kind of
 * the schema, each with its probe AND its needs: a kind added to the schema without both does not compile.
 */
import type { Check, PlainCheck } from '../course/schema.js';
import { fillTemplate } from '../course/render.js';
import { canI } from './can-i.js';
import type { ApiNames } from '../kube/needs.js';
import type { Permission } from '../kube/permissions.js';
import { disruption, runDisruption } from './disruption.js';
import { exec } from './exec.js';
import { http } from './http.js';
import { logs } from './logs.js';
import { mqttCheck } from './mqtt.js';
import { podsReady } from './pods-ready.js';
import { pollProbe } from './poll.js';
import { resource } from './resource.js';
import { rollout } from './rollout.js';
import type { CheckEnv, CheckHooks, CheckMode, CheckOutcome, PlainKind, PlainOf } from './types.js';

export const PLAIN_KINDS: { [K in PlainCheck['kind']]: PlainKind<PlainOf<K>> } = {
  resource,
  podsReady,
  rollout,
  exec,
  logs,
  canI,
  http,
  mqtt: mqttCheck,
};

/** Seconds a check polls before failing: its own timeout, else its kind's default. */
export function timeoutOf(check: Check | PlainCheck): number {
  if (check.timeout !== undefined) return check.timeout;
  return check.kind === 'disruption' ? disruption.defaultTimeout : PLAIN_KINDS[check.kind].defaultTimeout;
}

/** What a check asks of the API server (a disruption's follow-ups included), its `${NAMESPACE}` filled. */
export function checkNeeds(check: Check | PlainCheck, api: ApiNames): Permission[] {
  if (check.kind === 'disruption') return disruption.needs(check, api, (f) => checkNeeds(f, api));
  return (PLAIN_KINDS[check.kind] as PlainKind<PlainCheck>).needs(check, api);
}

function runPlain(check: PlainCheck, env: CheckEnv, mode: CheckMode, hooks: CheckHooks): Promise<CheckOutcome> {
  const kind = PLAIN_KINDS[check.kind] as PlainKind<PlainCheck>;
  return pollProbe(kind.probe(check, env), env, {
    mode,
    timeoutMs: timeoutOf(check) * 1000,
    holdForMs: (check.holdFor ?? 0) * 1000,
    onReason: hooks.onReason,
    onPoll: hooks.onPoll,
    giveUp: hooks.giveUp,
  });
}

export function runCheck(check: Check | PlainCheck, env: CheckEnv, mode: CheckMode, hooks: CheckHooks = {}): Promise<CheckOutcome> {
  const filled = fillTemplate(check, { NAMESPACE: env.namespace, RUN_ID: env.runId });
  if (filled.kind === 'disruption') {
    // The follow-ups were filled with the rest of the experiment.
    return runDisruption(filled, env, mode, hooks, (f, m, h) => runPlain(f, env, m, h));
  }
  return runPlain(filled, env, mode, hooks);
}

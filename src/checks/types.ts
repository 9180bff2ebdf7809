/**
 * One interface for every check kind. A kind turns a (template-filled) check into a Probe; the polling loop
 * (poll.ts) calls `poll()` until it passes, holds, or runs out of time, and keeps the last reason. A probe
 * that holds resources (port-forwards, MQTT clients) frees them in `close()`.
 *
 * Budget: one `poll()` starts AT MOST 2 kubectl processes (a long-lived port-forward counts once, when it
 * is opened). A probe that needs more work for one verdict (exec into every pod) spreads it over rounds and
 * returns `partial` until it has seen enough.
 */
import type { Check, PlainCheck } from '../course/schema.js';
import type { Lang } from '../i18n/lang.js';
import type { Kube } from '../kube/kube.js';
import type { ApiNames } from '../kube/needs.js';
import type { Permission } from '../kube/permissions.js';
import type { Context } from '../context.js';
import type { NamespaceLock } from '../progress/lock.js';

export interface CheckEnv extends Pick<Context, 'now' | 'sleep' | 'signal'> {
  kube: Kube;
  namespace: string;
  lang: Lang;
  /** A fresh [a-z0-9]{6} token per verify run (`${RUN_ID}`). */
  runId: string;
  /**
   * How fast the cluster's clock runs against the wall clock: 1 for a real cluster, EMQX_LAB_SIM_SPEED for
   * the simulated one. `holdFor` is a promise about the cluster ("nothing comes back for 5 s"), so it is
   * measured in cluster time; timeouts are the learner's patience and stay in wall time.
   */
  clusterSpeed?: number;
  /** Held for the whole of a disruption experiment: one run at a time changes the namespace. */
  lock?: NamespaceLock;
}

export interface Observation {
  passed: boolean;
  /** In the learner's language and specific: "2 of 3 pods Ready: emqx-1 is ContainerCreating". */
  reason: string;
  /** What was seen, for JSON consumers and the UI (small). */
  observed?: unknown;
  /** Not a verdict yet: this round gathered only part of what is needed; poll again soon. */
  partial?: boolean;
}

export interface Probe {
  poll(): Promise<Observation>;
  close?(): Promise<void>;
}

/** `poll`: until the timeout (real verify). `once`: one verdict, no waiting (the fail-first self-test). */
export type CheckMode = 'poll' | 'once';

export interface PlainKind<C extends PlainCheck = PlainCheck> {
  kind: C['kind'];
  /** Seconds to keep polling when the check gives no timeout. */
  defaultTimeout: number;
  probe(check: C, env: CheckEnv): Probe;
  /**
   * What the probe asks of the API server for this check (its `${NAMESPACE}` filled), in RBAC's terms:
   * the kubectl calls it makes (kube/needs.ts). Doctor's permission check and the learner's Role are
   * derived from these (engine/permissions.ts), so a kind cannot be forgotten in either.
   */
  needs(check: C, api: ApiNames): Permission[];
}

export type CheckOf<K extends Check['kind']> = Extract<Check, { kind: K }>;
export type PlainOf<K extends PlainCheck['kind']> = Extract<PlainCheck, { kind: K }>;

export interface CheckOutcome {
  passed: boolean;
  reason: string;
  observed?: unknown;
  /** Ctrl-C stopped it. */
  interrupted?: boolean;
  /** Inside a disruption: the follow-up check that failed (its hints are the ones to show). */
  failedPart?: PlainCheck;
}

/** What the engine hears while a check runs (a UI shows it live), and how it may stop one early. */
export interface CheckHooks {
  onReason?(reason: string, passed: boolean): void;
  /** Called as each poll round starts and ends (the bench counts kubectl processes per round with it). */
  onPoll?(phase: 'start' | 'end'): void;
  /**
   * Asked now and then (every `everyMs`) while a check keeps failing: true ends the check as failed at
   * once, with its last reason. The self-test uses it to stop waiting once a mistake's diagnosis shows.
   */
  giveUp?: { everyMs: number; /** When first to ask, after the check started (default everyMs). */ firstAfterMs?: number; when(): Promise<boolean> };
}

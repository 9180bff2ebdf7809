/**
 * A kubectl that keeps failing the same way is an environment that is gone, not a check still waiting: the
 * cluster vanished, the lab's token was revoked, RBAC forbids the lab's own reads, the namespace was deleted,
 * kubectl prints garbage, the simulator's state is damaged. The adapter tells this watch about every kubectl
 * process it ran; once one failure has repeated long enough (or at once, for the simulator's damaged state
 * and a kubectl that cannot run at all), the failing call throws PersistentKubeFailure: a LabError (exit 3,
 * one paragraph), which no check's polling loop takes for a reason to wait on (they catch KubeError only).
 *
 * Only the lab's own API calls count (get, apply, delete, scale, patch, version, config, create, rollout):
 * exec, logs, port-forward, can-i and `get --raw` reach the learner's pods through the API server, and
 * their failures are the learner's state while pods start. Any success of a counted call starts over.
 */
import { EXIT, LabError } from '../errors.js';
import { engineMessages } from '../i18n/engine.js';
import type { Lang } from '../i18n/lang.js';
import { safetyMessages } from '../i18n/safety.js';
import { notExecutable } from './binary.js';
import { describeKubeError } from './describe.js';
import { classify, cleanStderr, detailOf, failedRun, KubeError, type KubeErrorKind, type RunResult } from './result.js';

export class PersistentKubeFailure extends LabError {
  constructor(
    message: string,
    override readonly cause?: KubeError,
  ) {
    super(message, EXIT.environment);
    this.name = 'PersistentKubeFailure';
  }
}

/** Exit code of the simulator when its state or folder cannot be used (src/sim/failure.ts). */
const SIM_ENV_EXIT = 3;

/** How long (wall time) and how many calls one failure must repeat before the command stops. */
export const PERSISTENT_AFTER = {
  calls: 3,
  /** A cluster that does not answer may be restarting: give it longer. */
  unreachableMs: 10_000,
  otherMs: 3_000,
};

/** Global flags the adapter puts before the verb, with a value after them. */
const VALUED_GLOBALS = new Set(['--kubeconfig', '--context', '--namespace', '-n']);
const COUNTED = new Set(['get', 'apply', 'delete', 'scale', 'patch', 'version', 'config', 'create', 'rollout', 'label', 'annotate']);
const STREAK_KINDS = new Set<KubeErrorKind | 'garbage' | 'namespaceGone'>(['unreachable', 'timeout', 'unauthorized', 'forbidden', 'config', 'other', 'garbage', 'namespaceGone']);

/** The kubectl verb of an argv the adapter built (after its global flags). */
export function verbOf(args: string[]): string {
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (VALUED_GLOBALS.has(a)) i++;
    else if (!a.startsWith('-')) return a;
  }
  return '';
}

function counted(args: string[]): boolean {
  const verb = verbOf(args);
  return COUNTED.has(verb) && !(verb === 'get' && args.includes('--raw'));
}

export interface FailureWatch {
  /** After every kubectl process (start: when it was started): its failure, if any. Throws PersistentKubeFailure. */
  seen(r: RunResult, start: number): void;
  /** A call that fully succeeded (output understood): the environment works. */
  ok(args: string[]): void;
  /** A call that succeeded but printed something that is not what kubectl prints (not JSON). */
  garbage(r: RunResult, start: number, e: KubeError): void;
}

export interface WatchOptions {
  lang: Lang;
  namespace: string;
  sim: boolean;
  /** What people are told the kubectl is (--kubectl PATH). */
  bin: string;
  now?: () => number;
}

/** kubectl's own words, as much as one paragraph holds (a kubectl may print megabytes on stderr). */
function firstWords(text: string, max = 400): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

export function failureWatch(o: WatchOptions): FailureWatch {
  const now = o.now ?? Date.now;
  const s = safetyMessages[o.lang];
  let streak: { key: string; since: number; calls: number } | undefined;

  const trip = (message: string, cause?: KubeError): never => {
    throw new PersistentKubeFailure(message, cause);
  };

  function failed(key: string, start: number, message: () => string, cause?: KubeError): void {
    if (streak?.key === key) streak.calls += 1;
    else streak = { key, since: start, calls: 1 };
    const window = key === 'unreachable' || key === 'timeout' ? PERSISTENT_AFTER.unreachableMs : PERSISTENT_AFTER.otherMs;
    const lasted = now() - streak.since;
    if (streak.calls >= PERSISTENT_AFTER.calls && lasted >= window) trip(message(), cause);
  }

  return {
    seen(r, start) {
      if (r.canceled) return;
      // The simulator says its own state cannot be used: nothing will change until it is reset.
      if (o.sim && r.exitCode === SIM_ENV_EXIT && !/command terminated with exit code/.test(r.stderr)) {
        const detail = cleanStderr(r.stderr).split('\n')[0]?.replace(/^error: /, '') ?? '';
        trip(/state\.lock: /.test(detail) ? s.simBusy(detail) : s.simDamaged(detail));
      }
      // A call of the lab's own that outlived its hard timeout ignored its --request-timeout: kubectl hangs,
      // and every later call would wait as long.
      if (r.timedOut && counted(r.args)) trip(s.kubectlHangs(o.bin, Math.round((now() - start) / 1000)));
      const kind = classify(r);
      if (kind === undefined) return;
      const e = failedRun(kind, r, firstWords(detailOf(r)));
      // kubectl cannot run at all: said at once (the preflight says it first; this is kubectl gone mid-run).
      if (kind === 'notInstalled') trip(notExecutable(o.bin) ? s.kubectlNotExecutable(o.bin) : engineMessages[o.lang].notInstalled(o.bin), e);
      if (!counted(r.args)) return;
      const nsGone = kind === 'notFound' && new RegExp(`namespaces "${o.namespace}" not found`).test(r.stderr);
      const key = nsGone ? 'namespaceGone' : kind;
      if (!STREAK_KINDS.has(key as KubeErrorKind)) return;
      failed(key, start, () => (nsGone ? s.namespaceGone(o.namespace) : s.persistentFailure(describeKubeError(e, o.lang), Math.round((now() - (streak?.since ?? now())) / 1000))), e);
    },
    ok(args) {
      if (counted(args)) streak = undefined;
    },
    garbage(r, start, e) {
      failed('garbage', start, () => s.kubectlGarbage(o.bin), e);
    },
  };
}

/**
 * Putting a workload an experiment scaled back to the replicas it had, and making sure it is back. Ctrl-C
 * can land between the lab's own signal and the kubectl it runs (the terminal sends SIGINT to both), so a
 * put-back that started on the check's signal may be cut off: it is tried again, each time on a fresh signal
 * of its own, until the workload reads back with its replicas or the deadline passes. Then the caller says
 * plainly that it was not restored, and how to do it by hand: a StatefulSet is never left at 0 silently.
 */
import { describeKubeError } from '../kube/describe.js';
import type { Workload } from '../kube/objects.js';
import { KubeError } from '../kube/result.js';
import { RESTORE_REPLICAS } from './actions.js';
import type { CheckEnv } from './types.js';

/** Each attempt after Ctrl-C gets this long; all of them together PUT_BACK_DEADLINE_MS. */
const ATTEMPT_MS = 4_000;
export const PUT_BACK_DEADLINE_MS = 12_000;
const RETRY_PAUSE_MS = 300;

export interface ScaledWorkload {
  kind: string;
  name: string;
  /** The replicas to put back. */
  from: number;
}

/** undefined when the workload has its replicas back (or is gone); else why not, in the learner's words. */
export async function putBackReplicas(env: CheckEnv, w: ScaledWorkload, deadlineMs = PUT_BACK_DEADLINE_MS): Promise<string | undefined> {
  const start = env.now();
  let why = '';
  for (;;) {
    // Before Ctrl-C the check's own calls; after it, a fresh signal per attempt (the check's cancels everything).
    const e = env.signal.aborted ? calm(env) : env;
    try {
      await e.kube.patchMerge(w.kind, w.name, { metadata: { annotations: { [RESTORE_REPLICAS]: null } }, spec: { replicas: w.from } });
      const now = await e.kube.get<Workload>(w.kind, w.name);
      if (!now || now.spec?.replicas === w.from) return undefined;
      why = `spec.replicas=${now.spec?.replicas ?? '?'}`;
    } catch (err) {
      if (!(err instanceof KubeError)) throw err;
      why = describeKubeError(err, env.lang);
    }
    if (env.now() - start >= deadlineMs) return why;
    // Not on the check's signal: after Ctrl-C it is aborted, and the pause must still be one.
    await env.sleep(RETRY_PAUSE_MS);
  }
}

function calm(env: CheckEnv): CheckEnv {
  const signal = AbortSignal.timeout(ATTEMPT_MS);
  return { ...env, signal, kube: env.kube.withSignal(signal) };
}

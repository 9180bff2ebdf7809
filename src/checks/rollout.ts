/**
 * `rollout`: a Deployment or StatefulSet has finished rolling out, read from its status (never by blocking
 * in `kubectl rollout status`): observedGeneration caught up, and updated = ready = available = replicas.
 */
import { checkMessages } from '../i18n/checks.js';
import type { Lang } from '../i18n/lang.js';
import { callNeeds } from '../kube/needs.js';
import type { Workload } from '../kube/objects.js';
import { safetyMessages } from '../i18n/safety.js';
import { RESTORE_REPLICAS } from './actions.js';
import type { Observation, PlainKind, PlainOf } from './types.js';

/** Judge one workload's status (exported for actions that wait for a rollout). */
export function rolloutState(w: Workload | undefined, what: string, lang: Lang): Observation {
  const m = checkMessages[lang];
  if (!w) return { passed: false, reason: m.doesNotExist(what) };
  const want = w.spec?.replicas ?? 1;
  const s = w.status ?? {};
  const generation = w.metadata.generation ?? 0;
  const observedGeneration = s.observedGeneration ?? 0;
  const updated = s.updatedReplicas ?? 0;
  const ready = s.readyReplicas ?? 0;
  // StatefulSets before Kubernetes 1.22 have no availableReplicas: ready stands in for it there.
  const available = s.availableReplicas ?? (w.kind === 'StatefulSet' ? ready : 0);
  const total = s.replicas ?? 0;
  const observed = { replicas: want, updated, ready, available, total };
  if (observedGeneration < generation) return { passed: false, reason: m.rolloutNotObserved(what), observed };
  // Nothing rolled out is not a rollout: a workload at 0 replicas has no pods to check (an experiment cut off
  // before it put the replicas back leaves its note on the workload: say how to put them back).
  if (want === 0) {
    const noted = w.metadata.annotations?.[RESTORE_REPLICAS];
    return { passed: false, reason: /^\d+$/.test(noted ?? '') ? safetyMessages[lang].leftAtZero(what, Number(noted)) : safetyMessages[lang].atZero(what), observed };
  }
  const revisionsDiffer = Boolean(s.updateRevision && s.currentRevision && s.updateRevision !== s.currentRevision);
  if (updated === want && ready === want && available === want && total === want && !revisionsDiffer) {
    return { passed: true, reason: m.rolloutDone(what, want), observed };
  }
  if (total > want) return { passed: false, reason: m.rolloutOldPods(what, total - want, want), observed };
  return { passed: false, reason: m.rolloutProgress(what, want, updated, ready, available), observed };
}

export const rollout: PlainKind<PlainOf<'rollout'>> = {
  kind: 'rollout',
  defaultTimeout: 180,
  needs: (check, api) => callNeeds.get(api, [check.resource.kind]),
  probe(check, env) {
    const what = `${check.resource.kind}/${check.resource.name}`;
    return {
      async poll() {
        return rolloutState(await env.kube.get<Workload>(check.resource.kind, check.resource.name), what, env.lang);
      },
    };
  },
};

/** `logs`: a line of the pods' recent logs matches (or, with absent, no line does). One list + one logs per round. */
import { checkMessages } from '../i18n/checks.js';
import { callNeeds } from '../kube/needs.js';
import { selectPodsNeeds } from './pods.js';
import { podRotation } from './rotation.js';
import type { PlainKind, PlainOf } from './types.js';

export const logs: PlainKind<PlainOf<'logs'>> = {
  kind: 'logs',
  defaultTimeout: 120,
  needs: (check) => [...selectPodsNeeds(check.pods), ...callNeeds.logs()],
  probe(check, env) {
    const m = checkMessages[env.lang];
    const re = new RegExp(check.matches);
    const poll = podRotation(env, { pods: check.pods, on: check.on ?? 'any', minPods: 1 }, async (pod) => {
      const text = await env.kube.logs(pod.metadata.name, { container: check.container, tail: check.tail ?? 500 });
      const line = text.split('\n').find((l) => re.test(l));
      if (check.absent) return line === undefined ? { passed: true, reason: m.logAbsent(check.matches) } : { passed: false, reason: m.logFound(line.trim()) };
      return line !== undefined ? { passed: true, reason: m.logFound(line.trim()) } : { passed: false, reason: m.logNotFound(check.matches, check.tail ?? 500) };
    });
    return { poll };
  },
};

/** `canI`: `kubectl auth can-i VERB RESOURCE --as=system:serviceaccount:NS:SA`. One call per round. */
import { checkMessages } from '../i18n/checks.js';
import { serviceAccountUser } from '../kube/argv.js';
import { callNeeds } from '../kube/needs.js';
import type { PlainKind, PlainOf } from './types.js';

export const canI: PlainKind<PlainOf<'canI'>> = {
  kind: 'canI',
  defaultTimeout: 30,
  // Only the impersonation: what the account itself may do is the question, not a need of the lab.
  needs: (check) => callNeeds.canIAs(check.as.serviceAccount),
  probe(check, env) {
    const m = checkMessages[env.lang];
    const user = serviceAccountUser(env.namespace, check.as.serviceAccount);
    const what = check.name ? `${check.resource}/${check.name}` : check.resource;
    return {
      async poll() {
        const allowed = await env.kube.canI(check.verb, check.resource, { name: check.name, as: user });
        const reason = allowed ? m.canDo(user, check.verb, what) : m.cannotDo(user, check.verb, what);
        return { passed: allowed === (check.allowed ?? true), reason, observed: { allowed } };
      },
    };
  },
};

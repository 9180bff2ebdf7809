/** `podsReady`: exactly `count` pods match the selector, every one Ready, none terminating. One list per round. */
import { checkMessages } from '../i18n/checks.js';
import { callNeeds } from '../kube/needs.js';
import { byName, isReady, isTerminating, type Pod } from '../kube/objects.js';
import { joinList, podState } from './pods.js';
import type { PlainKind, PlainOf } from './types.js';

export const podsReady: PlainKind<PlainOf<'podsReady'>> = {
  kind: 'podsReady',
  defaultTimeout: 180,
  needs: (_check, api) => callNeeds.list(api, ['Pod']),
  probe(check, env) {
    const m = checkMessages[env.lang];
    return {
      async poll() {
        const pods = (await env.kube.list<Pod>('Pod', { selector: check.selector })).sort(byName);
        const ready = pods.filter((p) => isReady(p) && !isTerminating(p));
        const others = pods.filter((p) => !ready.includes(p));
        const observed = pods.map((p) => ({ name: p.metadata.name, state: podState(p, 'en') }));
        const notes = joinList(others.map((p) => `${p.metadata.name} ${podState(p, env.lang)}`), env.lang);
        if (pods.length === 0 && check.count > 0) return { passed: false, reason: m.noPods(check.selector), observed };
        if (ready.length === check.count && others.length === 0) return { passed: true, reason: m.podsAllReady(ready.length, check.count), observed };
        if (pods.length > check.count) return { passed: false, reason: m.tooManyPods(pods.length, check.count, notes), observed };
        return { passed: false, reason: m.podsSomeReady(ready.length, check.count, notes), observed };
      },
    };
  },
};

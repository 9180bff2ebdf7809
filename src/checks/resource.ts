/** `resource`: an object exists and partially matches `match`, or (absent) does not exist. One get per round. */
import { checkMessages } from '../i18n/checks.js';
import { callNeeds } from '../kube/needs.js';
import { brief, partialMatch } from './match.js';
import type { PlainKind, PlainOf } from './types.js';

export const resource: PlainKind<PlainOf<'resource'>> = {
  kind: 'resource',
  defaultTimeout: 60,
  needs: (check, api) => callNeeds.get(api, [check.resource.kind]),
  probe(check, env) {
    const m = checkMessages[env.lang];
    const what = `${check.resource.kind}/${check.resource.name}`;
    return {
      async poll() {
        const obj = await env.kube.get(check.resource.kind, check.resource.name);
        if (check.absent) {
          return obj ? { passed: false, reason: m.stillExists(what) } : { passed: true, reason: m.isAbsent(what) };
        }
        if (!obj) return { passed: false, reason: m.doesNotExist(what) };
        const miss = check.match ? partialMatch(obj, check.match) : undefined;
        if (!miss) return { passed: true, reason: m.matches(what) };
        if (miss.missingItem) return { passed: false, reason: m.noItemLike(what, miss.path, brief(miss.expected)) };
        if (miss.actual === undefined) return { passed: false, reason: m.fieldMissing(what, miss.path, brief(miss.expected)) };
        return { passed: false, reason: m.fieldDiffers(what, miss.path, brief(miss.actual), brief(miss.expected)) };
      },
    };
  },
};

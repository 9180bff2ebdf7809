/**
 * Doctor's permission item: is everything in `labPermissions` granted in the namespace? Asked cheaply: one
 * `kubectl auth can-i --list` (the rules the user holds there, matched as RBAC matches them), then a single
 * `auth can-i` only for each question the list does not grant — a list is incomplete when another
 * authorizer than RBAC decides (a cloud's webhook), and such a cluster may still say yes. On a local
 * cluster where the user is admin, or a learner's namespace under the workshop Role, that is one process.
 */
import type { Course } from '../course/load.js';
import { doctorMessages } from '../i18n/doctor.js';
import type { Lang } from '../i18n/lang.js';
import { canIListArgs } from '../kube/argv.js';
import { describeKubeError } from '../kube/describe.js';
import type { Kube } from '../kube/kube.js';
import { granted, parseAccessList, qualifiedResource, questionsOf, questionText, type PolicyRule, type Question } from '../kube/permissions.js';
import { check, KubeError } from '../kube/result.js';
import type { DoctorItem } from './doctor.js';
import { labPermissions } from './permissions.js';

/** At most this many single `auth can-i` processes at once (only when the list leaves questions open). */
const PARALLEL_QUESTIONS = 6;

/** The questions doctor asks: each verb (and name) of every permission the lab needs in `namespace`. */
export function neededPermissions(course: Course, namespace: string, lang: Lang): Question[] {
  return questionsOf(labPermissions(course, namespace, lang));
}

/** The environment failed (nothing else will answer either) rather than this one request. */
const FATAL = new Set(['notInstalled', 'config', 'unreachable', 'unauthorized', 'timeout', 'canceled']);

/** The user's rules from `auth can-i --list`; none when the server would not list them (then ask singly). */
async function listedRules(kube: Kube): Promise<PolicyRule[]> {
  try {
    return parseAccessList(check(await kube.raw(canIListArgs(kube.target))).stdout);
  } catch (e) {
    if (e instanceof KubeError && !FATAL.has(e.kind)) return [];
    throw e;
  }
}

async function askEach(kube: Kube, questions: Question[]): Promise<boolean[]> {
  const out: boolean[] = [];
  for (let i = 0; i < questions.length; i += PARALLEL_QUESTIONS) {
    const batch = questions.slice(i, i + PARALLEL_QUESTIONS);
    out.push(...(await Promise.all(batch.map((q) => kube.canI(q.verb, qualifiedResource(q), { name: q.name, subresource: q.subresource })))));
  }
  return out;
}

export async function permissionsItem(kube: Kube, course: Course, lang: Lang): Promise<DoctorItem> {
  const m = doctorMessages[lang];
  const needed = neededPermissions(course, kube.target.namespace, lang);
  try {
    const rules = await listedRules(kube);
    const open = needed.filter((q) => !granted(rules, q));
    const answers = await askEach(kube, open);
    const denied = open.filter((_, i) => !answers[i]).map(questionText);
    if (!denied.length) return { id: 'permissions', status: 'ok', message: m.permsOk(needed.length, kube.target.namespace) };
    return { id: 'permissions', status: 'fail', message: m.permsDenied(denied.join(', ')), fix: m.permsFix };
  } catch (e) {
    if (!(e instanceof KubeError)) throw e;
    return { id: 'permissions', status: 'warn', message: m.permsUnknown(describeKubeError(e, lang)) };
  }
}

/**
 * One source for what the lab may do in a namespace: `labPermissions(course, namespace)` is the engine's own
 * needs (each declared beside the code that makes the calls) plus the needs of every check of every step,
 * follow-ups of disruptions included (each kind declares its own, checks/registry.ts). Doctor's permission
 * item asks exactly these, and the learner's Role (workshop/role.ts) grants at least these, so a new check
 * kind or a new engine call cannot be forgotten in either.
 *
 * Only namespaced permissions (and the namespace object itself, by name): what the lab reads outside the
 * namespace — StorageClasses for diagnosis and doctor, nodes for doctor — is best effort and no Role's to
 * grant; creating the namespace is the trainer's (doctor's namespace item says when it is still to be made).
 */
import type { Course } from '../course/load.js';
import { fillTemplate } from '../course/render.js';
import { checkNeeds } from '../checks/registry.js';
import { diagnosisNeeds } from '../diagnosis/needs.js';
import type { Lang } from '../i18n/lang.js';
import { apiNames, callNeeds, type ApiNames } from '../kube/needs.js';
import { mergePermissions, type Permission } from '../kube/permissions.js';
import { recordNeeds } from '../progress/record.js';
import { declaredObjects } from './objects.js';
import { removalNeeds } from './removal.js';
import { resetNeeds } from './reset.js';
import { snapshotNeeds } from './snapshot.js';
import { solveNeeds } from './solve.js';

/** Kind → API group and resource, from the course's own manifests first (a custom kind's apiVersion). */
export function courseApi(course: Course, namespace: string, lang: Lang): ApiNames {
  return courseShape(course, namespace, lang).api;
}

/** The course's objects rendered once: the kinds its manifests use (first-seen order) and their API names. */
function courseShape(course: Course, namespace: string, lang: Lang): { kinds: string[]; api: ApiNames } {
  const objects = course.steps.flatMap((s) => declaredObjects(s, namespace, lang));
  return { kinds: [...new Set(objects.map((o) => o.kind))], api: apiNames(objects) };
}

/**
 * The engine's calls: solve (and the apply command, and the self-test's mistakes, which clear the way and
 * apply as solve does), reset, the clean slate, the progress record verify reads and writes, diagnosis, the
 * UI's snapshot, and the self-test's removal of claims a step would not have made (prune.ts strayClaims).
 */
export function engineNeeds(course: Course, namespace: string, shape: { kinds: string[]; api: ApiNames }): Permission[] {
  const { kinds, api } = shape;
  return [
    ...solveNeeds(course, kinds, namespace, api),
    ...resetNeeds(kinds, api),
    ...removalNeeds(kinds, api),
    ...recordNeeds(),
    ...diagnosisNeeds(api, namespace),
    ...snapshotNeeds(course, api),
    ...callNeeds.list(api, ['PersistentVolumeClaim']),
    ...callNeeds.delete(api, ['PersistentVolumeClaim'], { wait: true }),
  ];
}

/** Every check of every step, `${NAMESPACE}` filled (a check may name an object after its namespace). */
export function checksNeeds(course: Course, namespace: string, api: ApiNames): Permission[] {
  return course.steps.flatMap((s) => s.lesson.checks.flatMap((c) => checkNeeds(fillTemplate(c, { NAMESPACE: namespace }), api)));
}

/**
 * Everything the lab and its checks ask of the API server in `namespace`, merged and sorted. `lang`: the
 * language a content error of the course's manifests is said in.
 */
export function labPermissions(course: Course, namespace: string, lang: Lang): Permission[] {
  const shape = courseShape(course, namespace, lang);
  return mergePermissions([...engineNeeds(course, namespace, shape), ...checksNeeds(course, namespace, shape.api)]);
}

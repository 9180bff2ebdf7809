/**
 * One source for the lab's permissions: labPermissions = the engine's needs + every check's (follow-ups
 * too); doctor asks exactly its questions, and the learner's Role grants every one of them. A course with a
 * check of every kind proves no kind's needs fall out on the way; the shipped course's Role grants at least
 * what it granted before the needs were derived.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCourse, type Course } from '../../src/course/load.js';
import type { Check } from '../../src/course/schema.js';
import { checkNeeds } from '../../src/checks/registry.js';
import { neededPermissions } from '../../src/engine/doctor-permissions.js';
import { courseApi, labPermissions } from '../../src/engine/permissions.js';
import { granted, questionsOf, questionText, type PolicyRule, type Question } from '../../src/kube/permissions.js';
import { learnerRules } from '../../src/workshop/role.js';
import { base, SAMPLES } from '../fixtures/checks/samples.js';

const root = join(import.meta.dirname, '..', '..');
const shipped = loadCourse(root).course;
const fixture = loadCourse(join(root, 'test', 'fixtures', 'engine', 'course')).course;
const NS = 'learner-07';

/** The shipped course with one more check of every kind, each also as a follow-up of a disruption. */
function withEveryKind(course: Course): Course {
  const samples = Object.values(SAMPLES).map((c) => ({ ...c, id: `sample-${c.id}` })) as Check[];
  const disruption: Check = {
    ...base,
    id: 'sample-d',
    kind: 'disruption',
    action: [{ deletePod: { name: 'x' } }],
    then: Object.values(SAMPLES).map((c) => ({ ...c, service: c.kind === 'http' ? { name: 'other', port: 8080 } : (c as { service?: unknown }).service, id: `then-${c.id}` })) as never,
  };
  const [first, ...rest] = course.steps;
  return { ...course, steps: [{ ...first, lesson: { ...first.lesson, checks: [...first.lesson.checks, ...samples, disruption] } }, ...rest] };
}

const key = (q: Question) => questionText(q);

describe('labPermissions: the engine and every check, merged', () => {
  const perms = labPermissions(shipped, NS, 'en');
  const asked = new Set(questionsOf(perms).map(key));

  it('holds the engine’s own needs: apply and prune the course kinds, the progress record, diagnosis, the namespace', () => {
    for (const q of [
      'create statefulsets.apps', 'patch statefulsets.apps', 'delete statefulsets.apps', 'watch statefulsets.apps',
      'create rolebindings.rbac.authorization.k8s.io', 'delete persistentvolumeclaims', 'delete pods', 'list replicasets.apps',
      'create configmaps', 'patch configmaps', 'list events', 'list secrets', 'get pods/log', `get namespaces "${NS}"`,
    ]) expect(asked, q).toContain(q);
  });

  it('is merged and sorted: one entry per (group, resource, subresource, names)', () => {
    const keys = perms.map((p) => [p.apiGroup, p.resource, p.subresource ?? '', (p.resourceNames ?? []).join()].join('|'));
    expect(new Set(keys).size).toBe(keys.length);
    expect([...keys].sort((a, b) => a.localeCompare(b))).toEqual(keys);
  });

  it.each([
    ['the shipped course', shipped],
    ['the fixture course', fixture],
    ['a course with a check of every kind, and every kind as a follow-up', withEveryKind(shipped)],
  ])('%s: every check’s needs are in doctor’s list and granted by the learner’s Role', (_name, course) => {
    const doctor = new Set(neededPermissions(course, NS, 'en').map(key));
    const rules = learnerRules(course, NS, 'en');
    const api = courseApi(course, NS, 'en');
    let checks = 0;
    for (const s of course.steps) {
      for (const c of s.lesson.checks) {
        checks += 1;
        for (const q of questionsOf(checkNeeds(c, api))) {
          expect(doctor, `${s.id}/${c.id}: ${key(q)}`).toContain(key(q));
          expect(granted(rules, q), `${s.id}/${c.id}: ${key(q)}`).toBe(true);
        }
      }
    }
    expect(checks).toBeGreaterThan(0);
    // And the whole list, the engine's part included.
    for (const q of neededPermissions(course, NS, 'en')) expect(granted(rules, q), key(q)).toBe(true);
  });

  it('every kind’s needs reach doctor’s list, follow-ups included (the service of a follow-up http check)', () => {
    const doctor = neededPermissions(withEveryKind(shipped), NS, 'en').map(key);
    expect(doctor).toContain('get services/proxy');
    expect(doctor).toContain('impersonate serviceaccounts "emqx"');
    // The sample http check inside the disruption goes through the proxy too; a follow-up mqtt across pods forwards to pods.
    expect(doctor).toContain('create pods/portforward');
  });

  it('the Role is no blank cheque: without the impersonation rule the canI checks are not granted', () => {
    const rules = learnerRules(shipped, NS, 'en').filter((r) => !r.verbs.includes('impersonate'));
    expect(granted(rules, { verb: 'impersonate', apiGroup: '', resource: 'serviceaccounts', name: 'emqx' })).toBe(false);
    expect(granted(learnerRules(shipped, NS, 'en'), { verb: 'impersonate', apiGroup: '', resource: 'serviceaccounts', name: 'default' })).toBe(false);
  });
});

/** The learner Role as `workshop up` made it for the shipped course before it was derived (rules of that commit). */
const BEFORE: PolicyRule[] = [
  { apiGroups: [''], resources: ['configmaps', 'persistentvolumeclaims', 'pods', 'secrets', 'serviceaccounts', 'services'], verbs: ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete', 'deletecollection'] },
  { apiGroups: ['apps'], resources: ['deployments', 'replicasets', 'statefulsets'], verbs: ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete', 'deletecollection'] },
  { apiGroups: ['rbac.authorization.k8s.io'], resources: ['rolebindings', 'roles'], verbs: ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete', 'deletecollection'] },
  { apiGroups: [''], resources: ['pods/log'], verbs: ['get', 'list', 'watch'] },
  { apiGroups: [''], resources: ['pods/exec', 'pods/portforward'], verbs: ['get', 'create'] },
  { apiGroups: [''], resources: ['services/proxy', 'pods/proxy'], verbs: ['get', 'create'] },
  { apiGroups: ['apps'], resources: ['deployments/scale', 'statefulsets/scale', 'replicasets/scale'], verbs: ['get', 'update', 'patch'] },
  { apiGroups: ['apps'], resources: ['controllerrevisions', 'daemonsets'], verbs: ['get', 'list', 'watch'] },
  { apiGroups: [''], resources: ['events', 'endpoints', 'replicationcontrollers', 'resourcequotas', 'limitranges'], verbs: ['get', 'list', 'watch'] },
  { apiGroups: ['events.k8s.io'], resources: ['events'], verbs: ['get', 'list', 'watch'] },
  { apiGroups: ['discovery.k8s.io'], resources: ['endpointslices'], verbs: ['get', 'list', 'watch'] },
  { apiGroups: ['batch'], resources: ['jobs', 'cronjobs'], verbs: ['get', 'list', 'watch'] },
  { apiGroups: ['autoscaling'], resources: ['horizontalpodautoscalers'], verbs: ['get', 'list', 'watch'] },
  { apiGroups: [''], resources: ['namespaces'], verbs: ['get'], resourceNames: [NS] },
  { apiGroups: [''], resources: ['serviceaccounts'], verbs: ['impersonate'], resourceNames: ['emqx'] },
];

function questionsOfRules(rules: PolicyRule[]): Question[] {
  return rules.flatMap((r) =>
    r.apiGroups.flatMap((apiGroup) =>
      r.resources.flatMap((res) => {
        const [resource, subresource] = res.split('/');
        return r.verbs.flatMap((verb) => (r.resourceNames ?? [undefined]).map((name) => ({ verb, apiGroup, resource, ...(subresource ? { subresource } : {}), ...(name ? { name } : {}) })));
      }),
    ),
  );
}

describe('the shipped course’s learner Role, derived', () => {
  const now = learnerRules(shipped, NS, 'en');
  it('grants everything it granted before', () => {
    for (const q of questionsOfRules(BEFORE)) expect(granted(now, q), key(q)).toBe(true);
  });
  it('and nothing more', () => {
    for (const q of questionsOfRules(now)) expect(granted(BEFORE, q), key(q)).toBe(true);
  });
});

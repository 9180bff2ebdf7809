/** A check that names something after its namespace needs that name granted, filled in. */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCourse, type Course } from '../../src/course/load.js';
import { checksNeeds, courseApi, labPermissions } from '../../src/engine/permissions.js';

const { course } = loadCourse(join(import.meta.dirname, '..', 'fixtures', 'engine', 'course'));
const [first, second] = course.steps;

describe('checksNeeds', () => {
  it('fills ${NAMESPACE} into what a check names (here the ServiceAccount a can-i check impersonates)', () => {
    const canI = { ...second.lesson.checks.find((c) => c.kind === 'canI')!, as: { serviceAccount: '${NAMESPACE}-reader' } };
    const c: Course = { ...course, steps: [first, { ...second, lesson: { ...second.lesson, checks: [canI] } }] as Course['steps'] };
    const needs = checksNeeds(c, 'team-1', courseApi(c, 'team-1', 'en'));
    expect(needs.filter((p) => p.resource === 'serviceaccounts')).toEqual([{ apiGroup: '', resource: 'serviceaccounts', verbs: ['impersonate'], resourceNames: ['team-1-reader'] }]);
    expect(labPermissions(c, 'team-1', 'en').find((p) => p.resource === 'serviceaccounts' && p.verbs.includes('impersonate'))?.resourceNames).toEqual(['team-1-reader']);
  });
});

/** The kinds a course uses, as prune, reset and removal see them. */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCourse } from '../../src/course/load.js';
import { courseKinds } from '../../src/engine/objects.js';

const { course } = loadCourse(join(import.meta.dirname, '..', 'fixtures', 'engine', 'course'));

describe('courseKinds', () => {
  it('every kind of every step, first-seen order, the same on every call (a copy each time)', () => {
    const kinds = ['Pod', 'Deployment', 'Service', 'ServiceAccount', 'Role', 'RoleBinding'];
    const once = courseKinds(course, 'lab', 'en');
    expect(once).toEqual(kinds);
    once.push('Changed');
    expect(courseKinds(course, 'lab', 'en')).toEqual(kinds);
    expect(courseKinds(course, 'other', 'zh')).toEqual(kinds);
  });
});

/**
 * The build's compiled course (dist/course-compiled.json): the same course the full loader gives, used only
 * while every lesson and manifest file is byte for byte what was compiled.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync, appendFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { courseSourcesFingerprint, readCompiledCourse, writeCompiledCourse } from '../../src/course/compiled.js';
import { loadCourse, type Course } from '../../src/course/load.js';
import { loadCourseOrFail } from '../../src/engine/session.js';
import { packageRoot } from '../../src/util/paths.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A copy of the shipped course (lessons/, manifests/) in a new folder, compiled there. */
function compiledCopy(): { root: string; course: Course } {
  const root = mkdtempSync(join(tmpdir(), 'emqx-lab-compiled-'));
  dirs.push(root);
  cpSync(join(packageRoot(), 'lessons'), join(root, 'lessons'), { recursive: true });
  cpSync(join(packageRoot(), 'manifests'), join(root, 'manifests'), { recursive: true });
  const { course, problems } = loadCourse(root);
  expect(problems).toEqual([]);
  writeCompiledCourse(course);
  return { root, course };
}

const plain = (c: Course) => JSON.parse(JSON.stringify({ ...c, steps: c.steps.map(({ source: _s, ...s }) => s) }));

describe('the compiled course', () => {
  it('is the course the full loader reads, paths included, with each lesson source parsed on demand', () => {
    const { root, course } = compiledCopy();
    const compiled = readCompiledCourse(root);
    expect(compiled).toBeDefined();
    expect(plain(compiled!)).toEqual(plain(course));
    expect(compiled!.steps[5].manifests[0].path.startsWith(root)).toBe(true);
    // The source is not in the file, and parses from the lesson file when asked for.
    expect(readFileSync(join(root, 'dist', 'course-compiled.json'), 'utf8')).not.toContain('lineCounter');
    const src = compiled!.steps[0].source;
    expect(src.docs).toHaveLength(1);
    expect(src.docs[0].get('id')).toBe(course.steps[0].id);
  });

  it('is stale after any edit, addition or removal under lessons/ or manifests/', () => {
    const { root } = compiledCopy();
    const edits: Array<(r: string) => void> = [
      (r) => appendFileSync(join(r, 'manifests', '01-bare-pod', 'pod.yaml'), '# a comment\n'),
      (r) => appendFileSync(join(r, 'lessons', '03-service', 'zh.md'), '\n'),
      (r) => writeFileSync(join(r, 'lessons', 'notes.txt'), 'x'),
      (r) => rmSync(join(r, 'lessons', '02-deployment', 'en.md')),
      (r) => mkdirSync(join(r, 'manifests', '10-extra')),
      (r) => mkdirSync(join(r, 'lessons', '10-extra')),
    ];
    const before = courseSourcesFingerprint(root);
    for (const edit of edits) {
      const copy = mkdtempSync(join(tmpdir(), 'emqx-lab-compiled-'));
      dirs.push(copy);
      cpSync(root, copy, { recursive: true });
      // Moved as it is, the copy still matches (paths are stored relative to the course folder).
      expect(readCompiledCourse(copy)).toBeDefined();
      edit(copy);
      expect(courseSourcesFingerprint(copy)).not.toBe(before);
      expect(readCompiledCourse(copy)).toBeUndefined();
    }
  });

  it('is not used when missing, damaged or of another version', () => {
    const { root } = compiledCopy();
    const file = join(root, 'dist', 'course-compiled.json');
    const good = readFileSync(file, 'utf8');
    for (const bad of ['', '{', 'null', '[]', good.replace('"version":1', '"version":2'), JSON.stringify({ ...JSON.parse(good), steps: 3 }), JSON.stringify({ ...JSON.parse(good), steps: [null] })]) {
      writeFileSync(file, bad);
      expect(readCompiledCourse(root), bad.slice(0, 20)).toBeUndefined();
    }
    rmSync(file);
    expect(readCompiledCourse(root)).toBeUndefined();
  });

  it('is what the commands run, and a stale copy falls back to the loader with its problems', () => {
    const { root } = compiledCopy();
    const env = { EMQX_LAB_COURSE: root };
    const course = loadCourseOrFail({ env, lang: 'en' });
    // Only a compiled course leaves the source out of its own enumerable keys.
    expect(Object.keys(course.steps[0])).not.toContain('source');
    // A broken lesson the compiled copy knows nothing about: the loader runs and says so.
    appendFileSync(join(root, 'lessons', '04-scale', 'lesson.yaml'), '\nnot-a-key: 1\n');
    expect(() => loadCourseOrFail({ env, lang: 'en' })).toThrow(/problem/);
  });

  it('is built for the shipped course and matches it', () => {
    const compiled = readCompiledCourse(packageRoot());
    expect(compiled, 'npm run build writes dist/course-compiled.json').toBeDefined();
    expect(plain(compiled!)).toEqual(plain(loadCourse(packageRoot()).course));
  });
});

describe('rendering the same manifests again', () => {
  it('gives each caller its own objects, and a content error in the caller’s language each time', async () => {
    const { renderStep } = await import('../../src/course/render.js');
    const course = loadCourse(packageRoot()).course;
    const step = course.steps[1];
    const first = renderStep(step, 'team-a', 'en');
    (first[0].objects[0].metadata as Record<string, unknown>).name = 'changed';
    (first[0].objects[0].spec as Record<string, unknown>).replicas = 99;
    const again = renderStep(step, 'team-b', 'en');
    expect(again[0].objects[0].metadata.name).not.toBe('changed');
    expect((again[0].objects[0].spec as Record<string, unknown>).replicas).not.toBe(99);
    expect(again[0].objects[0].metadata.namespace).toBe('team-b');
    // A mistake's change leaves the plain rendering as it was.
    const plainYaml = JSON.stringify(renderStep(step, 'a', 'en'));
    for (const s of course.steps) for (const m of s.lesson.mistakes ?? []) renderStep(s, 'a', 'en', m);
    expect(JSON.stringify(renderStep(step, 'a', 'en'))).toBe(plainYaml);
    for (const s of course.steps) expect(JSON.stringify(renderStep(s, 'a', 'en'))).toBe(JSON.stringify(renderStep(loadCourse(packageRoot()).course.steps[s.number - 1], 'a', 'en')));
    const broken = { ...step, manifests: [{ ...step.manifests[0], text: 'a: [1' }] };
    expect(() => renderStep(broken, 'x', 'en')).toThrow(/YAML/i);
    expect(() => renderStep(broken, 'x', 'zh')).toThrow(/[\u4e00-\u9fff]/);
  });

  it('the kinds of the course are the same whichever call asks first', async () => {
    const { courseKinds } = await import('../../src/engine/objects.js');
    const course = loadCourse(packageRoot()).course;
    const kinds = courseKinds(course, 'a', 'en');
    kinds.push('Mangled');
    expect(courseKinds(course, 'a', 'en')).not.toContain('Mangled');
    expect(courseKinds(course, 'a', 'en')).toEqual(courseKinds(loadCourse(packageRoot()).course, 'b', 'zh'));
    expect(courseKinds(course, 'a', 'en')).toEqual(expect.arrayContaining(['Pod', 'Deployment', 'Service', 'StatefulSet']));
  });
});

describe('the course index key', () => {
  it('is FNV-1a 64 (the published test vectors) and changes with any byte of a lesson', async () => {
    const { fnv1a64, courseFingerprint } = await import('../../src/course/course-index.js');
    expect(fnv1a64('')).toBe('cbf29ce484222325');
    expect(fnv1a64('a')).toBe('af63dc4c8601ec8c');
    expect(fnv1a64('foobar')).toBe('85944171f73967e8');
    expect(fnv1a64(Buffer.from([0xff, 0x00, 0x80]))).toBe(fnv1a64(new Uint8Array([0xff, 0x00, 0x80])));
    const { root } = compiledCopy();
    const before = courseFingerprint(root);
    const file = join(root, 'lessons', '05-env-config', 'lesson.yaml');
    const text = readFileSync(file, 'utf8');
    writeFileSync(file, text.replace('id: env-config', 'id: env-confih'));
    expect(courseFingerprint(root)).not.toBe(before);
    writeFileSync(file, text);
    expect(courseFingerprint(root)).toBe(before);
  });
});

/**
 * classify: which paths lint treats as missing, manifests (sorted YAML files of a folder), lessons (a
 * course's manifests/NN-id folder only when under `manifests`) or unknown.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { classify } from '../../src/lint/run.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'emqx-lab-lint-classify-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const file = (rel: string, text = 'a: 1\n') => {
  const p = join(dir, rel);
  mkdirSync(join(p, '..'), { recursive: true });
  writeFileSync(p, text);
  return p;
};

it('a missing YAML path is missing; .yaml and .yml files are manifests, other endings are not', () => {
  expect(classify(join(dir, 'nope.yaml'))).toEqual({ type: 'missing', path: join(dir, 'nope.yaml') });
  expect(classify(file('x.yml'))).toEqual({ type: 'manifests', paths: [join(dir, 'x.yml')] });
  expect(classify(file('x.YAML'))).toEqual({ type: 'manifests', paths: [join(dir, 'x.YAML')] });
  expect(classify(file('x.yaml.bak'))).toEqual({ type: 'unknown', path: join(dir, 'x.yaml.bak') });
});

it('a folder yields its YAML files, sorted, and nothing else', () => {
  file('set/b.yaml');
  file('set/a.yml');
  file('set/c.txt');
  file('set/d.yaml.orig');
  expect(classify(join(dir, 'set'))).toEqual({ type: 'manifests', paths: [join(dir, 'set', 'a.yml'), join(dir, 'set', 'b.yaml')] });
});

it('a step folder is its lesson only under manifests/', () => {
  file('lessons/01-x/lesson.yaml');
  file('manifests/01-x/a.yaml');
  file('other/01-x/a.yaml');
  file('manifests/02-y/a.yaml');
  expect(classify(join(dir, 'manifests', '01-x'))).toEqual({ type: 'lesson', dir: join(dir, 'lessons', '01-x') });
  expect(classify(join(dir, 'other', '01-x'))).toEqual({ type: 'manifests', paths: [join(dir, 'other', '01-x', 'a.yaml')] });
  expect(classify(join(dir, 'manifests', '02-y'))).toEqual({ type: 'manifests', paths: [join(dir, 'manifests', '02-y', 'a.yaml')] });
});

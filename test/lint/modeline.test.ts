import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { lessonJsonSchema } from '../../src/course/schema.js';
import { checkModeline } from '../../src/lint/modeline.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'emqx-lab-modeline-'));
  mkdirSync(join(dir, 'schema'));
  mkdirSync(join(dir, 'lessons', '01-x'), { recursive: true });
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const lesson = (head: string) => {
  const p = join(dir, 'lessons', '01-x', 'lesson.yaml');
  writeFileSync(p, `${head}format: 1\n`);
  return p;
};
const messages = (p: string) => checkModeline(p, 'lesson', 'en').map((x) => `${x.line}:${x.col} ${x.severity} ${x.message}`);
const MODELINE = '# yaml-language-server: $schema=../../schema/lesson.schema.json\n';

describe('the yaml-language-server modeline of a lesson file', () => {
  it('is quiet when it names the current schema', () => {
    writeFileSync(join(dir, 'schema', 'lesson.schema.json'), JSON.stringify(lessonJsonSchema(), null, 2));
    expect(messages(lesson(MODELINE))).toEqual([]);
  });

  it('warns when the line is missing', () => {
    expect(messages(lesson(''))).toEqual([
      '1:1 warning no "# yaml-language-server: $schema=..." line naming lesson.schema.json: editors cannot complete or check this file',
    ]);
  });

  it('warns when the schema file is missing, empty or out of date', () => {
    const p = lesson(`# a comment\n${MODELINE}`);
    expect(messages(p)).toEqual(['2:1 warning the schema ../../schema/lesson.schema.json named here does not exist: run npm run schema']);
    writeFileSync(join(dir, 'schema', 'lesson.schema.json'), '');
    expect(messages(p)[0]).toMatch(/^2:1 warning .*lesson\.schema\.json is not the current schema \(empty or out of date\): run npm run schema$/);
    writeFileSync(join(dir, 'schema', 'lesson.schema.json'), JSON.stringify({ type: 'object' }));
    expect(messages(p)).toHaveLength(1);
  });
});

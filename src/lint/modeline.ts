/**
 * Lesson files name their JSON Schema in a `yaml-language-server` modeline, so editors complete and check
 * them. Lint makes sure the modeline is there and that the file it names exists and is the schema this
 * program would write (`npm run schema` regenerates it).
 */
import { existsSync, readFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import { dirname, resolve } from 'node:path';
import { displayPath } from '../course/load.js';
import { readTextFile } from '../course/yaml-guard.js';
import { diagnosesJsonSchema, lessonJsonSchema } from '../course/schema.js';
import type { Lang } from '../i18n/lang.js';
import { lintMessages } from '../i18n/lint.js';
import type { LintProblem } from './types.js';

const MODELINE = /^#\s*yaml-language-server:\s*\$schema=(\S+)/m;

export function checkModeline(path: string, which: 'lesson' | 'diagnoses', lang: Lang): LintProblem[] {
  const m = lintMessages[lang];
  if (!existsSync(path)) return [];
  // A folder or an unreadable or huge file is reported by the reader of its content, not here.
  const read = readTextFile(path);
  if (!('text' in read)) return [];
  const text = read.text;
  const found = MODELINE.exec(text);
  const file = displayPath(path);
  const expected = which === 'lesson' ? 'lesson.schema.json' : 'diagnoses.schema.json';
  if (!found) return [{ file, line: 1, col: 1, severity: 'warning', rule: 'modeline', message: m.noModeline(expected) }];
  const line = text.slice(0, found.index).split('\n').length;
  const target = found[1];
  if (/^[a-z]+:\/\//i.test(target)) return [];
  const schemaPath = resolve(dirname(path), target);
  const at = (message: string): LintProblem[] => [{ file, line, col: 1, severity: 'warning', rule: 'modeline', message }];
  if (!existsSync(schemaPath)) return at(m.modelineMissing(target));
  let current: unknown;
  try {
    current = JSON.parse(readFileSync(schemaPath, 'utf8'));
  } catch {
    return at(m.modelineStale(displayPath(schemaPath)));
  }
  const wanted = which === 'lesson' ? lessonJsonSchema() : diagnosesJsonSchema();
  return isDeepStrictEqual(current, JSON.parse(JSON.stringify(wanted))) ? [] : at(m.modelineStale(displayPath(schemaPath)));
}

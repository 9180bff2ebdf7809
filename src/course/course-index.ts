/**
 * A build-time index of the course (number, id, title per language), so `list` and start-up do not parse
 * YAML and run the schema on every invocation. It is keyed by a hash of the lesson files' bytes: any edit
 * to a lesson makes the index stale and the caller falls back to the full loader (which also reports
 * problems). Kept free of yaml/zod imports on purpose.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Localized } from '../i18n/lang.js';
import { writeFileAtomic } from '../util/atomic.js';

export interface IndexedStep {
  number: number;
  id: string;
  title: Localized;
}

interface CourseIndex {
  fingerprint: string;
  steps: IndexedStep[];
}

const STEP_DIR = /^\d{2}-[a-z][a-z0-9-]*$/;

/** A hash over every lesson folder's lesson.yaml and the folder names, in order. */
export function courseFingerprint(root: string): string {
  const lessons = join(root, 'lessons');
  const hash = createHash('sha256');
  if (!existsSync(lessons)) return 'none';
  for (const dir of readdirSync(lessons).filter((n) => STEP_DIR.test(n)).sort()) {
    hash.update(dir);
    const file = join(lessons, dir, 'lesson.yaml');
    hash.update(existsSync(file) ? readFileSync(file) : 'missing');
  }
  return hash.digest('hex');
}

export function indexPath(root: string): string {
  return join(root, 'dist', 'course-index.json');
}

/** The indexed steps when the index matches the course on disk; undefined when missing or stale. */
export function readCourseIndex(root: string, file = indexPath(root)): IndexedStep[] | undefined {
  try {
    const index = JSON.parse(readFileSync(file, 'utf8')) as CourseIndex;
    if (index.fingerprint !== courseFingerprint(root) || !Array.isArray(index.steps)) return undefined;
    return index.steps;
  } catch {
    return undefined;
  }
}

export function writeCourseIndex(root: string, steps: IndexedStep[], file = indexPath(root)): void {
  const index: CourseIndex = { fingerprint: courseFingerprint(root), steps };
  writeFileAtomic(file, `${JSON.stringify(index)}\n`);
}

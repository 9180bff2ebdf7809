/**
 * A build-time index of the course (number, id, title per language), so `list` and start-up do not parse
 * YAML and run the schema on every invocation. It is keyed by a hash of the lesson files' bytes: any edit
 * to a lesson makes the index stale and the caller falls back to the full loader (which also reports
 * problems). Kept free of yaml/zod imports on purpose, and of node:crypto (loading it costs `list` more than
 * hashing the lessons does): the key is a 64-bit FNV-1a, which tells an edited lesson from the indexed one
 * (it is a cache key, not a defence against anyone).
 */
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

/** 64-bit FNV-1a, as two 32-bit halves carried together. */
class Fnv64 {
  private hi = 0xcbf29ce4;
  private lo = 0x84222325;

  update(data: Uint8Array | string): this {
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    let { hi, lo } = this;
    for (const b of bytes) {
      lo ^= b;
      // Multiply by the 64-bit FNV prime 0x100000001b3: lo*0x1b3, and the carries into hi (hi*0x1b3 + lo<<8).
      const loLo = (lo & 0xffff) * 0x1b3;
      const loHi = (lo >>> 16) * 0x1b3 + (loLo >>> 16);
      hi = (Math.imul(hi, 0x1b3) + (lo << 8) + (loHi >>> 16)) >>> 0;
      lo = ((loHi << 16) | (loLo & 0xffff)) >>> 0;
    }
    this.hi = hi;
    this.lo = lo;
    return this;
  }

  hex(): string {
    return this.hi.toString(16).padStart(8, '0') + this.lo.toString(16).padStart(8, '0');
  }
}

/** FNV-1a 64 of `data` in hex (exported for its test vectors). */
export function fnv1a64(data: Uint8Array | string): string {
  return new Fnv64().update(data).hex();
}

/** A hash over every lesson folder's lesson.yaml and the folder names, in order. */
export function courseFingerprint(root: string): string {
  const lessons = join(root, 'lessons');
  const hash = new Fnv64();
  if (!existsSync(lessons)) return 'none';
  for (const dir of readdirSync(lessons).filter((n) => STEP_DIR.test(n)).sort()) {
    hash.update(`\0${dir}\0`);
    const file = join(lessons, dir, 'lesson.yaml');
    hash.update(existsSync(file) ? readFileSync(file) : '\0missing');
  }
  return hash.hex();
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

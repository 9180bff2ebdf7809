/**
 * A build-time copy of the whole loaded course as JSON (dist/course-compiled.json), so the commands that
 * run the course (verify, start, solve, test…) do not parse every lesson's YAML and run the schema at each
 * start: that costs about 150 ms and 30 MiB of short-lived allocations. It is keyed by a hash of every
 * file under lessons/ and manifests/, so any edit makes it stale and the full loader runs (and reports
 * problems). It is written only for a course without problems. Paths are stored relative to the course
 * folder: the package may be built in one place and installed in another.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { writeFileAtomic } from '../util/atomic.js';
import type { Course, Step } from './load.js';
import { parseYaml, type YamlSource } from './yaml-source.js';

const VERSION = 1;

export function compiledPath(root: string): string {
  return join(root, 'dist', 'course-compiled.json');
}

/** A hash over the relative path of every folder and file under lessons/ and manifests/ and each file's bytes, in sorted order. */
export function courseSourcesFingerprint(root: string): string {
  const hash = createHash('sha256');
  const walk = (dir: string) => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      hash.update(`\0missing:${relative(root, dir)}`);
      return;
    }
    for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const p = join(dir, e.name);
      // A folder counts even when empty: an empty lessons/NN-id is a step the loader reports as broken.
      if (e.isDirectory()) {
        hash.update(`\0dir:${relative(root, p)}`);
        walk(p);
      } else {
        hash.update(`\0${relative(root, p)}\0`);
        hash.update(e.isFile() ? readFileSync(p) : `\0${e.isSymbolicLink() ? 'link' : 'other'}`);
      }
    }
  };
  walk(join(root, 'lessons'));
  walk(join(root, 'manifests'));
  return hash.digest('hex');
}

type StoredStep = Omit<Step, 'source'>;

interface Compiled {
  version: number;
  fingerprint: string;
  steps: StoredStep[];
  diagnoses: Course['diagnoses'];
}

export function writeCompiledCourse(course: Course, file = compiledPath(course.root)): void {
  const rel = (p: string) => relative(course.root, p);
  const steps: StoredStep[] = course.steps.map(({ source: _source, ...s }) => ({
    ...s,
    dir: rel(s.dir),
    lessonFile: rel(s.lessonFile),
    manifestDir: rel(s.manifestDir),
    manifests: s.manifests.map((m) => ({ ...m, path: rel(m.path) })),
  }));
  const compiled: Compiled = { version: VERSION, fingerprint: courseSourcesFingerprint(course.root), steps, diagnoses: course.diagnoses };
  writeFileAtomic(file, `${JSON.stringify(compiled)}\n`);
}

/**
 * The course as it was compiled, when the copy matches the files on disk; undefined when it is missing,
 * stale, damaged or of another version (the caller loads the course fully). A step's YAML source (only
 * positions in problems need it) is parsed when first asked for.
 */
export function readCompiledCourse(root: string, file = compiledPath(root)): Course | undefined {
  let compiled: Compiled;
  try {
    compiled = JSON.parse(readFileSync(file, 'utf8')) as Compiled;
  } catch {
    return undefined;
  }
  if (compiled?.version !== VERSION || !Array.isArray(compiled.steps) || !Array.isArray(compiled.diagnoses)) return undefined;
  if (compiled.fingerprint !== courseSourcesFingerprint(root)) return undefined;
  // A copy damaged in a way JSON.parse accepts (a step that is not an object) is as good as missing.
  try {
    const abs = (p: string) => join(root, p);
    const steps = compiled.steps.map((s) => {
      const step = {
        ...s,
        dir: abs(s.dir),
        lessonFile: abs(s.lessonFile),
        manifestDir: abs(s.manifestDir),
        manifests: s.manifests.map((m) => ({ ...m, path: abs(m.path) })),
      } as Step;
      let source: YamlSource | undefined;
      Object.defineProperty(step, 'source', {
        enumerable: false,
        get: () => (source ??= parseYaml(readFileSync(step.lessonFile, 'utf8'), step.lessonFile).source),
      });
      return step;
    });
    return { root, steps, diagnoses: compiled.diagnoses };
  } catch {
    return undefined;
  }
}

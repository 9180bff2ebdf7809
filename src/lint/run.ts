/**
 * `lint` over paths: each PATH is a course folder (holds lessons/), a lesson folder (holds lesson.yaml),
 * a lesson file, the diagnosis catalogue, a plain manifest file, or a folder of manifest files. Plain
 * manifests given in one run are linted as one set (a learner's workspace).
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import {
  DIAGNOSES_FILE,
  displayPath,
  LESSON_FILE,
  loadCourse,
  loadStep,
  readDiagnoses,
  stepDirs,
  type Step,
} from '../course/load.js';
import type { Problem } from '../course/yaml-source.js';
import { LANGS, type Lang } from '../i18n/lang.js';
import { lintMessages } from '../i18n/lint.js';
import { lintLesson } from './lesson-rules.js';
import { lintManifests } from './manifests.js';
import { checkModeline } from './modeline.js';
import { sortProblems, type LintProblem, type Rule } from './types.js';
import { readYamlFile } from './yaml-file.js';

export interface LintResult {
  problems: LintProblem[];
  /** How many files were read. */
  files: number;
}

type Target =
  | { type: 'course'; root: string }
  | { type: 'lesson'; dir: string }
  | { type: 'diagnoses'; path: string }
  | { type: 'manifests'; paths: string[] }
  | { type: 'missing'; path: string }
  | { type: 'unknown'; path: string };

const isDir = (p: string) => {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
};
const isYaml = (p: string) => /\.ya?ml$/i.test(p);

export function classify(path: string): Target {
  if (!existsSync(path)) return { type: 'missing', path };
  if (isDir(path)) {
    if (isDir(join(path, 'lessons'))) return { type: 'course', root: path };
    if (existsSync(join(path, LESSON_FILE))) return { type: 'lesson', dir: path };
    // A course's manifests/NN-id folder is linted as its step (course rules, the whole set).
    const lessonDir = join(dirname(dirname(path)), 'lessons', basename(path));
    if (basename(dirname(path)) === 'manifests' && existsSync(join(lessonDir, LESSON_FILE))) return { type: 'lesson', dir: lessonDir };
    let names: string[] = [];
    try {
      names = readdirSync(path);
    } catch {
      // An unreadable folder: nothing lintable in it (reported as such below).
    }
    const yamls = names.filter(isYaml).sort().map((f) => join(path, f));
    return yamls.length ? { type: 'manifests', paths: yamls } : { type: 'unknown', path };
  }
  if (basename(path) === LESSON_FILE) return { type: 'lesson', dir: dirname(path) };
  if (basename(path) === DIAGNOSES_FILE) return { type: 'diagnoses', path };
  if (isYaml(path)) return { type: 'manifests', paths: [path] };
  return { type: 'unknown', path };
}

function ruleFor(file: string): Rule {
  if (file.endsWith('.md')) return 'text';
  if (basename(file) === DIAGNOSES_FILE) return 'diagnoses';
  if (basename(file) === LESSON_FILE) return 'lesson';
  return 'course';
}

/**
 * The loader's problems as lint problems; for a YAML file that does not even parse, lint's own (localized,
 * worded) syntax problems replace the loader's.
 */
function fromLoader(problems: Problem[], yamlFiles: string[], lang: Lang): LintProblem[] {
  const out: LintProblem[] = [];
  const broken = new Set<string>();
  for (const path of yamlFiles) {
    if (!existsSync(path)) continue;
    const { problems: yp } = readYamlFile(path, lang);
    if (yp.length) {
      broken.add(displayPath(path));
      out.push(...yp);
    }
  }
  for (const p of problems) if (!broken.has(p.file)) out.push({ ...p, severity: 'error', rule: ruleFor(p.file) });
  return out;
}

async function lintStep(step: Step, lang: Lang, touched: Set<string>): Promise<LintProblem[]> {
  const paths = step.lesson.manifests.map((n) => join(step.manifestDir, n)).filter((p) => existsSync(p));
  for (const p of [step.lessonFile, ...paths, ...LANGS.map((l) => join(step.dir, `${l}.md`))]) touched.add(p);
  const { problems, objects } = await lintManifests(paths, { lang, course: true });
  return [...problems, ...lintLesson(step, objects, lang), ...checkModeline(step.lessonFile, 'lesson', lang)];
}

export async function lintPaths(inputs: string[], opts: { lang: Lang; cwd: string; signal?: AbortSignal }): Promise<LintResult> {
  const { lang } = opts;
  const m = lintMessages[lang];
  const problems: LintProblem[] = [];
  const touched = new Set<string>();
  const loose: string[] = [];

  for (const input of inputs) {
    await new Promise((r) => setImmediate(r));
    if (opts.signal?.aborted) break;
    const target = classify(resolve(opts.cwd, input));
    switch (target.type) {
      case 'missing':
      case 'unknown': {
        const file = displayPath(target.path);
        const message = target.type === 'missing' ? m.noSuchFile(file) : m.notLintable(file);
        problems.push({ file, line: 1, col: 1, severity: 'error', rule: 'path', message });
        break;
      }
      case 'manifests':
        loose.push(...target.paths);
        break;
      case 'diagnoses': {
        touched.add(target.path);
        problems.push(...fromLoader(readDiagnoses(target.path, lang).problems, [target.path], lang));
        problems.push(...checkModeline(target.path, 'diagnoses', lang));
        break;
      }
      case 'course': {
        const lessonsRoot = join(target.root, 'lessons');
        const { course, problems: lp } = loadCourse(target.root, lang);
        const lessonFiles = stepDirs(lessonsRoot).map((d) => join(d, LESSON_FILE));
        touched.add(join(lessonsRoot, DIAGNOSES_FILE));
        for (const f of lessonFiles) touched.add(f);
        problems.push(...fromLoader(lp, [join(lessonsRoot, DIAGNOSES_FILE), ...lessonFiles], lang));
        problems.push(...checkModeline(join(lessonsRoot, DIAGNOSES_FILE), 'diagnoses', lang));
        for (const step of course.steps) problems.push(...(await lintStep(step, lang, touched)));
        break;
      }
      case 'lesson': {
        const lessonsRoot = dirname(target.dir);
        const diagnosesFile = join(lessonsRoot, DIAGNOSES_FILE);
        const d = existsSync(diagnosesFile) ? readDiagnoses(diagnosesFile, lang) : undefined;
        // As the course loader does: the ids count whenever the catalogue parsed, even with problems of its own.
        const ids = d && d.diagnoses.length ? new Set(d.diagnoses.map((x) => x.id)) : undefined;
        const { step, problems: lp } = loadStep(target.dir, join(dirname(lessonsRoot), 'manifests'), ids, lang);
        touched.add(join(target.dir, LESSON_FILE));
        problems.push(...fromLoader(lp, [join(target.dir, LESSON_FILE)], lang));
        if (step) problems.push(...(await lintStep(step, lang, touched)));
        break;
      }
    }
  }
  if (loose.length) {
    const unique = [...new Set(loose)];
    for (const p of unique) touched.add(p);
    problems.push(...(await lintManifests(unique, { lang, course: false, signal: opts.signal })).problems);
  }
  return { problems: sortProblems(problems), files: touched.size };
}

/**
 * Reads the course from disk: lessons/NN-id/{lesson.yaml,en.md,zh.md}, manifests/NN-id/*.yaml and
 * lessons/diagnoses.yaml. Every content problem is collected with its file:line:col; nothing here throws
 * for bad content (the caller decides whether problems are fatal).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { packageRoot } from '../util/paths.js';
import { z } from 'zod';
import { LANGS, type Lang } from '../i18n/lang.js';
import { DiagnosisCatalogue, FORMAT_VERSION, Lesson, type Diagnosis } from './schema.js';
import { parseYaml, problemAt, type Problem, type YamlSource } from './yaml-source.js';
import { courseMessages } from '../i18n/course.js';
import { schemaMessage, schemaMessages } from '../i18n/schema.js';
import { safetyMessages } from '../i18n/safety.js';
import { MAX_YAML_BYTES, MAX_YAML_DEPTH, readTextFile, toJSGuarded } from './yaml-guard.js';

export interface ManifestFile {
  /** The file name as the lesson lists it. */
  name: string;
  path: string;
  text: string;
}

export interface Step {
  /** 1-based position in the course (from the NN prefix). */
  number: number;
  id: string;
  dir: string;
  lessonFile: string;
  lesson: Lesson;
  source: YamlSource;
  text: Record<Lang, string>;
  manifestDir: string;
  manifests: ManifestFile[];
}

export interface Course {
  root: string;
  steps: Step[];
  diagnoses: Diagnosis[];
}

export const LESSON_FILE = 'lesson.yaml';
export const DIAGNOSES_FILE = 'diagnoses.yaml';
const STEP_DIR = /^(\d{2})-([a-z][a-z0-9-]*)$/;



/** Shown relative to the working directory when that is shorter: the form editors and terminals link. */
export function displayPath(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel && !rel.startsWith('..') && rel.length < path.length ? rel : path;
}

function zodProblems(source: YamlSource, error: z.ZodError, file: string, lang: Lang): Problem[] {
  const msg = courseMessages[lang];
  const doc = source.docs[0];
  return error.issues.flatMap((i) => unionIssues(i, [], doc)).map((issue) => {
    if (issue.code === 'unrecognized_keys') {
      const key = issue.keys[0];
      const options = 'options' in issue && issue.options ? ` (${String(issue.options)})` : '';
      return problemAt(source, doc, issue.path, msg.unknownKey(key, issue.keys.length) + options, key);
    }
    return problemAt(source, doc, issue.path, `${issue.path.join('.') || schemaMessages[lang].root}: ${schemaMessage(issue.message, lang)}`);
  }).map((p) => ({ ...p, file }));
}

type Issue = z.core.$ZodIssue;

/**
 * A plain union (an action, an exec expectation) fails as one "Invalid input" at the union. Report instead
 * the issues of the branch the author meant: the one whose keys are all present and known. When no branch
 * fits, report the unknown key with the keys that would have fitted.
 */
function unionIssues(issue: Issue, base: PropertyKey[], doc: YamlSource['docs'][number]): Issue[] {
  const path = [...base, ...issue.path];
  if (issue.code !== 'invalid_union' || !issue.errors.length) return [{ ...issue, path } as Issue];
  const misfit = (branch: Issue[]) =>
    branch.filter(
      (i) =>
        (i.code === 'unrecognized_keys' && i.path.length === 0) ||
        (i.code === 'invalid_type' && i.path.length === 1 && !doc.hasIn([...path, i.path[0]])),
    ).length;
  const ranked = [...issue.errors].sort((a, b) => misfit(a) - misfit(b) || a.length - b.length);
  if (misfit(ranked[0]) === 0) return ranked[0].flatMap((i) => unionIssues(i, path, doc));
  const unknown = ranked[0].find((i) => i.code === 'unrecognized_keys' && i.path.length === 0);
  if (!unknown) return [{ ...issue, path } as Issue];
  const options = issue.errors
    .flatMap((b) => b.filter((i) => i.code === 'invalid_type' && i.path.length === 1).map((i) => String(i.path[0])))
    .join(' | ');
  return [{ ...unknown, path, options } as unknown as Issue];
}

/** A file's text, or the problem that it is not a readable, reasonably sized file (a folder, 50 MB, EACCES). */
function readGuarded(path: string, file: string, lang: Lang): { text: string } | { problem: Problem } {
  const r = readTextFile(path);
  if ('text' in r) return r;
  const s = safetyMessages[lang];
  const message = r.why === 'notFile' ? s.notAFile(file) : r.why === 'tooBig' ? s.tooBig(file, MAX_YAML_BYTES / 1024) : r.why === 'notUtf8' ? s.notUtf8(file) : s.unreadable(file, r.code);
  return { problem: { file, line: 1, col: 1, message } };
}

/** The first document as data; an alias bomb or a nesting too deep is a problem. */
function dataOf(source: YamlSource, file: string, lang: Lang): { value: unknown } | { problem: Problem } {
  const r = toJSGuarded(source.docs[0]);
  if ('value' in r) return r;
  const s = safetyMessages[lang];
  const message = r.error === 'aliases' ? s.aliasBomb : r.error === 'tooDeep' ? s.tooDeep(MAX_YAML_DEPTH) : r.message;
  return { problem: { file, line: 1, col: 1, message } };
}

/** Parse and validate one lesson file (schema, format version); returns the lesson when it is usable. */
export function readLessonFile(
  path: string,
  lang: Lang = 'en',
): { lesson?: Lesson; source?: YamlSource; problems: Problem[] } {
  const msg = courseMessages[lang];
  const file = displayPath(path);
  if (!existsSync(path)) return { problems: [{ file, line: 1, col: 1, message: msg.missingFile(file) }] };
  const read = readGuarded(path, file, lang);
  if ('problem' in read) return { problems: [read.problem] };
  const { source, problems } = parseYaml(read.text, file, lang);
  if (problems.length) return { problems };
  if (source.docs.length !== 1) return { problems: [{ file, line: 1, col: 1, message: msg.oneDocument }] };
  const data = dataOf(source, file, lang);
  if ('problem' in data) return { problems: [data.problem] };
  const raw = data.value;
  const format = (raw as { format?: unknown } | null)?.format;
  if (typeof format === 'number' && format > FORMAT_VERSION) {
    return { problems: [problemAt(source, source.docs[0], ['format'], msg.formatTooNew(format, FORMAT_VERSION))] };
  }
  const parsed = Lesson.safeParse(raw, { error: zodLocale(lang) });
  if (!parsed.success) return { source, problems: zodProblems(source, parsed.error, file, lang) };
  return { lesson: parsed.data, source, problems: [] };
}

/** Reference checks inside one lesson: hints named by checks exist, ids are unique, mistakes name files. */
function lessonReferences(step: Step, diagnosisIds: Set<string> | undefined, lang: Lang): Problem[] {
  const msg = courseMessages[lang];
  const { lesson, source } = step;
  const doc = source.docs[0];
  const out: Problem[] = [];
  const at = (path: PropertyKey[], message: string) => out.push(problemAt(source, doc, path, message));
  const hintIds = new Set<string>();
  lesson.hints.forEach((h, i) => {
    if (hintIds.has(h.id)) at(['hints', i, 'id'], msg.duplicateId('hint', h.id));
    hintIds.add(h.id);
    h.when?.forEach((d, j) => {
      if (diagnosisIds && !diagnosisIds.has(d)) at(['hints', i, 'when', j], msg.unknownDiagnosis(d));
    });
  });
  const checkIds = new Set<string>();
  lesson.checks.forEach((c, i) => {
    if (checkIds.has(c.id)) at(['checks', i, 'id'], msg.duplicateId('check', c.id));
    checkIds.add(c.id);
    c.hints.forEach((h, j) => {
      if (!hintIds.has(h)) at(['checks', i, 'hints', j], msg.unknownHint(h));
    });
  });
  const files = new Set(lesson.manifests);
  lesson.manifests.forEach((m, i) => {
    if (!step.manifests.some((f) => f.name === m)) at(['manifests', i], msg.missingFile(join(displayPath(step.manifestDir), m)));
  });
  const mistakeIds = new Set<string>();
  lesson.mistakes?.forEach((m, i) => {
    if (mistakeIds.has(m.id)) at(['mistakes', i, 'id'], msg.duplicateId('mistake', m.id));
    mistakeIds.add(m.id);
    m.changes.forEach((c, j) => {
      if (!files.has(c.file)) at(['mistakes', i, 'changes', j, 'file'], msg.unlistedManifest(c.file));
    });
    if (diagnosisIds && !diagnosisIds.has(m.expect.diagnosis)) {
      at(['mistakes', i, 'expect', 'diagnosis'], msg.unknownDiagnosis(m.expect.diagnosis));
    }
  });
  return out;
}

export function readDiagnoses(path: string, lang: Lang = 'en'): { diagnoses: Diagnosis[]; problems: Problem[] } {
  const msg = courseMessages[lang];
  const file = displayPath(path);
  if (!existsSync(path)) return { diagnoses: [], problems: [{ file, line: 1, col: 1, message: msg.missingFile(file) }] };
  const read = readGuarded(path, file, lang);
  if ('problem' in read) return { diagnoses: [], problems: [read.problem] };
  const { source, problems } = parseYaml(read.text, file, lang);
  if (problems.length) return { diagnoses: [], problems };
  const data = source.docs.length ? dataOf(source, file, lang) : { value: undefined };
  if ('problem' in data) return { diagnoses: [], problems: [data.problem] };
  const raw = data.value as { format?: unknown } | undefined;
  if (typeof raw?.format === 'number' && raw.format > FORMAT_VERSION) {
    return { diagnoses: [], problems: [problemAt(source, source.docs[0], ['format'], msg.formatTooNew(raw.format, FORMAT_VERSION))] };
  }
  const parsed = DiagnosisCatalogue.safeParse(raw, { error: zodLocale(lang) });
  if (!parsed.success) return { diagnoses: [], problems: zodProblems(source, parsed.error, file, lang) };
  const out: Problem[] = [];
  const seen = new Set<string>();
  parsed.data.diagnoses.forEach((d, i) => {
    if (seen.has(d.id)) out.push(problemAt(source, source.docs[0], ['diagnoses', i, 'id'], msg.duplicateId('diagnosis', d.id)));
    seen.add(d.id);
    for (const [j, m] of d.match.entries()) {
      for (const [k, v] of Object.entries(m)) {
        if (typeof v === 'string' && !validRegex(v)) {
          out.push(problemAt(source, source.docs[0], ['diagnoses', i, 'match', j, k], msg.badRegex(v)));
        }
      }
    }
  });
  return { diagnoses: parsed.data.diagnoses, problems: out };
}

/** zod's own messages in the learner's language. */
export function zodLocale(lang: Lang) {
  return (lang === 'zh' ? z.locales.zhCN() : z.locales.en()).localeError;
}

function validRegex(s: string): boolean {
  try {
    new RegExp(s);
    return true;
  } catch {
    return false;
  }
}

/** Load one lesson folder (lessons/NN-id) with its text and manifests (manifestsRoot/NN-id). */
export function loadStep(
  lessonDir: string,
  manifestsRoot: string,
  diagnosisIds?: Set<string>,
  lang: Lang = 'en',
): { step?: Step; problems: Problem[] } {
  const msg = courseMessages[lang];
  const name = basename(lessonDir);
  const m = STEP_DIR.exec(name);
  const lessonFile = join(lessonDir, LESSON_FILE);
  if (!m) {
    return { problems: [{ file: displayPath(lessonDir), line: 1, col: 1, message: msg.badStepDir(name) }] };
  }
  const { lesson, source, problems } = readLessonFile(lessonFile, lang);
  if (!lesson || !source) return { problems };
  const out = [...problems];
  if (lesson.id !== m[2]) out.push(problemAt(source, source.docs[0], ['id'], msg.idMismatch(lesson.id, name)));
  const text = {} as Record<Lang, string>;
  for (const lang of LANGS) {
    const p = join(lessonDir, `${lang}.md`);
    const read = existsSync(p) ? readGuarded(p, displayPath(p), lang) : undefined;
    if (read && 'text' in read) text[lang] = read.text;
    else out.push(read?.problem ?? { file: displayPath(p), line: 1, col: 1, message: msg.missingText(lang) });
  }
  const manifestDir = join(manifestsRoot, name);
  const manifests: ManifestFile[] = [];
  for (const file of lesson.manifests) {
    const p = join(manifestDir, file);
    if (!existsSync(p)) continue;
    const read = readGuarded(p, displayPath(p), lang);
    if ('text' in read) manifests.push({ name: file, path: p, text: read.text });
    else out.push(read.problem);
  }
  const step: Step = {
    number: Number(m[1]),
    id: lesson.id,
    dir: lessonDir,
    lessonFile,
    lesson,
    source,
    text,
    manifestDir,
    manifests,
  };
  out.push(...lessonReferences(step, diagnosisIds, lang));
  return { step, problems: out };
}

/** The lesson folders of a course, in order. */
export function stepDirs(lessonsRoot: string): string[] {
  if (!existsSync(lessonsRoot)) return [];
  let names: string[];
  try {
    names = readdirSync(lessonsRoot);
  } catch {
    // lessons/ is a file, unreadable, a symlink loop: no lessons (the loader says so).
    return [];
  }
  const isDir = (p: string) => {
    try {
      return statSync(p).isDirectory();
    } catch {
      return false;
    }
  };
  return names
    .filter((n) => STEP_DIR.test(n) && isDir(join(lessonsRoot, n)))
    .sort()
    .map((n) => join(lessonsRoot, n));
}

/** Load a whole course folder (one that holds lessons/ and manifests/). */
export function loadCourse(root: string = packageRoot(), lang: Lang = 'en'): { course: Course; problems: Problem[] } {
  const msg = courseMessages[lang];
  const lessonsRoot = join(root, 'lessons');
  const manifestsRoot = join(root, 'manifests');
  const problems: Problem[] = [];
  const { diagnoses, problems: dp } = readDiagnoses(join(lessonsRoot, DIAGNOSES_FILE), lang);
  problems.push(...dp);
  const diagnosisIds = dp.length && !diagnoses.length ? undefined : new Set(diagnoses.map((d) => d.id));
  const steps: Step[] = [];
  const dirs = stepDirs(lessonsRoot);
  if (!dirs.length) problems.push({ file: displayPath(lessonsRoot), line: 1, col: 1, message: msg.noLessons });
  for (const dir of dirs) {
    const { step, problems: sp } = loadStep(dir, manifestsRoot, diagnosisIds, lang);
    problems.push(...sp);
    if (step) steps.push(step);
  }
  const seen = new Map<string, Step>();
  steps.forEach((s) => {
    const dup = seen.get(s.id);
    if (dup) problems.push(problemAt(s.source, s.source.docs[0], ['id'], msg.duplicateId('step', s.id)));
    seen.set(s.id, s);
  });
  // Numbering is a property of the folders, whether or not each lesson in them loaded.
  dirs.forEach((dir, i) => {
    const n = Number(STEP_DIR.exec(basename(dir))![1]);
    if (n !== i + 1) problems.push({ file: displayPath(dir), line: 1, col: 1, message: msg.stepNumbering(n, i + 1) });
  });
  return { course: { root, steps, diagnoses }, problems };
}

/** Find a step by its number (1-based) or id. */
export function findStep(course: Course, ref: string): Step | undefined {
  if (/^\d+$/.test(ref)) return course.steps.find((s) => s.number === Number(ref));
  return course.steps.find((s) => s.id === ref);
}

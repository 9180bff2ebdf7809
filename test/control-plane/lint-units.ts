/**
 * What lint-server.test.ts sends to the API server, one unit per Kubernetes document: the text kubectl gets,
 * the namespace it goes to, and the lint problems found in that document (by line range in the file lint
 * read). Four sources: the lint fixtures (test/fixtures/lint/**: loose manifests, the workspace, the fixture
 * courses), the shipped course's steps rendered as the lab renders them (renderStep), and every mistake a
 * lesson declares (renderStep with the mistake; lint reads a patched copy of the step's files, as
 * test/lint/course.test.ts does).
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LineCounter, parseAllDocuments, stringify } from 'yaml';
import { displayPath, loadCourse, type Step } from '../../src/course/load.js';
import { applyPatchOp, renderStep, type KubeObject } from '../../src/course/render.js';
import type { Mistake } from '../../src/course/schema.js';
import { lintManifests } from '../../src/lint/manifests.js';
import { lintPaths } from '../../src/lint/run.js';
import type { LintProblem } from '../../src/lint/types.js';

export interface Unit {
  /** Where it comes from, for a person: `test/fixtures/lint/manifests/names.yaml#2`, `shipped 06-rbac/rbac.yaml#1`. */
  label: string;
  /** The YAML kubectl reads. */
  text: string;
  namespace: string;
  /** Lint's problems inside this document. */
  problems: LintProblem[];
  /** The first line of the document in the file lint read (what a problem's file:line points into). */
  file: string;
  line: number;
}

const FIX = 'test/fixtures/lint';

/**
 * First line of each non-empty document of a YAML text, and its text for kubectl: `${NAMESPACE}` filled in
 * (as lint fills it) and a namespace the document names replaced by ours (which namespace it is does not
 * change the server's verdict, and the tier keeps to namespaces of its own).
 */
function documents(text: string, namespace: string): { line: number; text: string }[] {
  const lc = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter: lc });
  const list = Array.isArray(docs) ? docs : [];
  const out: { line: number; text: string }[] = [];
  for (const d of list) {
    if (d.contents === null && !d.errors.length) continue;
    let source = text.slice(d.range[0], d.range[2]);
    if (!d.errors.length && typeof d.getIn(['metadata', 'namespace']) === 'string') {
      d.setIn(['metadata', 'namespace'], namespace);
      source = d.toString();
    }
    out.push({ line: lc.linePos(d.range[0]).line, text: source.replaceAll('${NAMESPACE}', namespace) });
  }
  return out;
}

/** Split a file's problems over its documents (a document owns the lines up to the next one). */
function assign(file: string, starts: number[], problems: LintProblem[]): LintProblem[][] {
  const out = starts.map(() => [] as LintProblem[]);
  for (const p of problems.filter((x) => x.file === file)) {
    let i = 0;
    while (i + 1 < starts.length && starts[i + 1] <= p.line) i++;
    if (out.length) out[i].push(p);
  }
  return out;
}

/** One file as lint read it, and its documents as kubectl gets them. */
function fileUnits(path: string, problems: LintProblem[], namespace: string): Unit[] {
  const file = displayPath(path);
  const text = readFileSync(path, 'utf8');
  const docs = documents(text, namespace);
  // A file without a document: kubectl gets it whole ("no objects passed to apply").
  if (!docs.length) return [{ label: file, text, namespace, problems: problems.filter((p) => p.file === file), file, line: 1 }];
  const per = assign(file, docs.map((d) => d.line), problems);
  return docs.map((d, i) => ({
    label: docs.length > 1 ? `${file}#${i + 1}` : file,
    text: d.text,
    namespace,
    problems: per[i],
    file,
    line: d.line,
  }));
}

const yamlsIn = (dir: string): string[] =>
  readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()
    .map((f) => join(dir, f));

/** The lint fixtures: loose files one by one, the workspace as one set, the fixture courses as courses. */
export async function fixtureUnits(namespace: string): Promise<Unit[]> {
  const out: Unit[] = [];
  const cwd = process.cwd();
  for (const path of yamlsIn(`${FIX}/manifests`)) {
    out.push(...fileUnits(path, (await lintPaths([path], { lang: 'en', cwd })).problems, namespace));
  }
  const workspace = (await lintPaths([`${FIX}/workspace`], { lang: 'en', cwd })).problems;
  for (const path of yamlsIn(`${FIX}/workspace`)) out.push(...fileUnits(path, workspace, namespace));
  for (const course of ['course', 'broken-course']) {
    const root = `${FIX}/${course}`;
    const problems = (await lintPaths([root], { lang: 'en', cwd })).problems;
    const steps = new Set(loadCourse(root, 'en').course.steps.flatMap((s) => s.manifests.map((m) => m.path)));
    const manifests = join(root, 'manifests');
    for (const dir of readdirSync(manifests).sort()) {
      if (!statSync(join(manifests, dir)).isDirectory()) continue;
      for (const path of yamlsIn(join(manifests, dir))) {
        // A file of a step that does not load is not linted with the course: lint it on its own.
        const own = steps.has(path) ? problems : (await lintPaths([path], { lang: 'en', cwd })).problems;
        out.push(...fileUnits(path, own, namespace));
      }
    }
  }
  return out;
}

/** The shipped (or any) course's steps as the lab applies them, lint's problems from linting the course. */
export async function courseUnits(root: string, namespace: string, label: string): Promise<Unit[]> {
  const { course } = loadCourse(root, 'en');
  const problems = (await lintPaths([root], { lang: 'en', cwd: process.cwd() })).problems;
  const out: Unit[] = [];
  for (const step of course.steps) {
    const rendered = renderStep(step, namespace, 'en');
    for (const m of step.manifests) {
      const file = displayPath(m.path);
      const docs = documents(m.text, namespace);
      const per = assign(file, docs.map((d) => d.line), problems);
      const objects = rendered.find((r) => r.file === m.name)?.objects ?? [];
      objects.forEach((o, i) => {
        out.push({ label: `${label} ${step.dir.split('/').pop()}/${m.name}#${i + 1}`, text: stringify(o, { lineWidth: 0 }), namespace, problems: per[i] ?? [], file, line: docs[i]?.line ?? 1 });
      });
    }
  }
  return out;
}

/** The raw objects of a step's files with a mistake's patches made (lint's view), file by file. */
function patchedFiles(step: Step, mistake: Mistake): { name: string; objects: Record<string, unknown>[] }[] {
  const out = [];
  for (const m of step.manifests) {
    const changes = mistake.changes.filter((c) => c.file === m.name);
    if (changes.some((c) => c.omit)) continue;
    const objects = parseAllDocuments(m.text).map((d) => d.toJS() as Record<string, any>).filter(Boolean);
    for (const c of changes) {
      const i = c.target ? objects.findIndex((o) => o.kind === c.target!.kind && o.metadata?.name === c.target!.name) : 0;
      for (const op of c.patch ?? []) objects[i] = applyPatchOp(objects[i], op, 'en') as Record<string, any>;
    }
    out.push({ name: m.name, objects });
  }
  return out;
}

/**
 * Every declared mistake: the documents it changes (or, when it only leaves a file out, the whole step),
 * rendered as the self-test applies it; lint reads a patched copy of the step's files as a course step.
 */
export async function mistakeUnits(root: string, namespace: string, label: string): Promise<Unit[]> {
  const { course } = loadCourse(root, 'en');
  const out: Unit[] = [];
  for (const step of course.steps) {
    const base = renderStep(step, namespace, 'en');
    for (const mistake of step.lesson.mistakes ?? []) {
      const dir = mkdtempSync(join(tmpdir(), 'emqx-lab-lint-server-'));
      try {
        const files = patchedFiles(step, mistake);
        const paths = files.map((f) => {
          const p = join(dir, f.name);
          writeFileSync(p, f.objects.map((o) => stringify(o)).join('---\n'));
          return p;
        });
        const { problems } = await lintManifests(paths, { lang: 'en', course: true });
        const rendered = renderStep(step, namespace, 'en', mistake);
        const units: Unit[] = [];
        const all: Unit[] = [];
        rendered.forEach((r, fi) => {
          const file = displayPath(paths[fi]);
          const docs = documents(readFileSync(paths[fi], 'utf8'), namespace);
          const per = assign(file, docs.map((d) => d.line), problems);
          const before = base.find((b) => b.file === r.file)?.objects ?? [];
          r.objects.forEach((o: KubeObject, i) => {
            const u = {
              label: `${label} ${step.dir.split('/').pop()} mistake ${mistake.id}: ${r.file}#${i + 1}`,
              text: stringify(o, { lineWidth: 0 }),
              namespace,
              problems: per[i] ?? [],
              file,
              line: docs[i]?.line ?? 1,
            };
            all.push(u);
            if (JSON.stringify(before[i]) !== JSON.stringify(o)) units.push(u);
          });
        });
        out.push(...(units.length ? units : all));
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }
  }
  return out;
}

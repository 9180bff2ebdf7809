/**
 * The conformance corpus: scenarios (data) of kubectl invocations, each run on the simulator and on the
 * real control plane and compared. Three sources:
 *   - cases/*.yaml, written by hand (see README.md for the format);
 *   - every `kubectl` command the lessons (en.md and zh.md) tell a learner to type, extracted here, so a new
 *     command in a lesson is tested without anyone adding it;
 *   - cases/selftest-*.yaml, every argv the course's self-test gives kubectl (made by tools/selftest-argv.mjs).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parse } from 'yaml';
import type { Course } from '../../src/course/load.js';

export interface Run {
  args: string[];
  stdin?: string;
  /** Stop after this many seconds and compare what was printed (watches, port-forwards). */
  stopAfter?: number;
  /** Keep only the lines matching this regular expression (the `| grep -E` a lesson pipes into). */
  grep?: string;
  /** Where the command came from (a lesson file and line), for messages. */
  from?: string;
  /**
   * A lesson transcript: the output the lesson shows under the command (a demonstrated mistake, say). The
   * real kubectl must print these lines; a command with a transcript may fail, one without may not be
   * refused by real kubectl.
   */
  expect?: string[];
}

export interface Scenario {
  id: string;
  description?: string;
  /** The course step whose solved manifests are applied (and waited for) before anything else. */
  step?: string;
  /** Files the commands name (`apply -f deployment.yaml`): a step's rendered manifests. */
  files?: string;
  setup?: Run[];
  runs: Run[];
  /**
   * False: never wait for the namespace to settle between runs (its pods are not meant to become Ready;
   * the runs then avoid printing their state).
   */
  settle?: boolean;
}

const here = import.meta.dirname;

function asRun(r: unknown, where: string): Run {
  if (Array.isArray(r)) return { args: r.map(String) };
  const o = r as Run;
  if (!o || !Array.isArray(o.args)) throw new Error(`${where}: a run needs args (a list)`);
  return { ...o, args: o.args.map(String) };
}

export function loadCases(dir = join(here, 'cases')): Scenario[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => {
      const doc = parse(readFileSync(join(dir, f), 'utf8')) as Partial<Scenario> & { setup?: unknown[]; runs?: unknown[] };
      const id = basename(f, '.yaml');
      return {
        id,
        description: doc.description,
        step: doc.step,
        files: doc.files,
        settle: doc.settle,
        setup: (doc.setup ?? []).map((r, i) => asRun(r, `${f} setup[${i}]`)),
        runs: (doc.runs ?? []).map((r, i) => asRun(r, `${f} runs[${i}]`)),
      };
    });
}

/** Split a shell line the way a POSIX shell would for the simple commands lessons show (quotes, no globs). */
export function shellWords(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quote: '"' | "'" | undefined;
  let started = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quote) {
      if (ch === quote) quote = undefined;
      else if (ch === '\\' && quote === '"' && i + 1 < line.length) cur += line[++i];
      else cur += ch;
      continue;
    }
    if (ch === '"' || ch === "'") {
      quote = ch;
      started = true;
    } else if (ch === ' ' || ch === '\t') {
      if (started) out.push(cur);
      cur = '';
      started = false;
    } else {
      cur += ch;
      started = true;
    }
  }
  if (started) out.push(cur);
  return out;
}

/** Placeholders the lessons write and what the runner puts there. */
const PLACEHOLDERS: [RegExp, string][] = [
  [/<namespace>/g, '${NS}'],
  [/<first pod>/g, '${POD0}'],
  [/<second pod>/g, '${POD1}'],
  [/<pod>/g, '${POD0}'],
];

/** The kubectl commands in a lesson's code blocks, one Run each (a `| grep -E X` becomes `grep`). */
export function lessonCommands(text: string, file: string): Run[] {
  const runs: Run[] = [];
  let inBlock = false;
  let last: Run | undefined;
  text.split('\n').forEach((raw, i) => {
    if (/^\s*```/.test(raw)) {
      inBlock = !inBlock;
      last = undefined;
      return;
    }
    if (!inBlock) return;
    let line = raw.trim().replace(/^emqx-lab (?=kubectl )/, '');
    if (!line || line.startsWith('#')) return;
    // The lab's own commands (`emqx-lab apply 8`) are neither kubectl nor output.
    if (line.startsWith('emqx-lab ')) {
      last = undefined;
      return;
    }
    if (!line.startsWith('kubectl ')) {
      // Output shown under a command: a transcript of what it printed.
      if (last) (last.expect ??= []).push(line);
      return;
    }
    for (const [re, to] of PLACEHOLDERS) line = line.replace(re, to);
    const [cmd, ...pipes] = line.split(/\s+\|\s+/);
    const run: Run = { args: shellWords(cmd).slice(1), from: `${file}:${i + 1}` };
    for (const p of pipes) {
      const w = shellWords(p);
      if (w[0] !== 'grep') throw new Error(`${file}:${i + 1}: only "| grep" is understood after a kubectl command, not "${p}"`);
      run.grep = w.slice(w[1] === '-E' ? 2 : 1).join(' ');
    }
    // A watch prints what is there, then waits: what it printed in its first seconds is compared.
    if (run.args.includes('-w') || run.args.includes('--watch')) run.stopAfter = 3;
    if (run.args.includes('port-forward')) run.stopAfter = 3;
    runs.push(run);
    last = run;
  });
  return runs;
}

/**
 * One scenario per lesson: the previous step solved, then every command of the lesson (English and Chinese
 * texts; the same command in both counts once), with the step's files to apply.
 */
export function lessonScenarios(course: Course, root: string): Scenario[] {
  return course.steps.map((step, i) => {
    const dir = join(root, 'lessons', `${String(step.number).padStart(2, '0')}-${step.id}`);
    const seen = new Set<string>();
    const runs: Run[] = [];
    for (const lang of ['en', 'zh']) {
      const file = join(dir, `${lang}.md`);
      for (const r of lessonCommands(readFileSync(file, 'utf8'), `lessons/${basename(dir)}/${lang}.md`)) {
        const key = JSON.stringify([r.args, r.grep]);
        if (seen.has(key)) continue;
        seen.add(key);
        runs.push(r);
      }
    }
    return { id: `lesson-${step.id}`, description: `what lesson ${step.number} tells a learner to type`, step: i > 0 ? course.steps[i - 1].id : undefined, files: step.id, runs };
  });
}

#!/usr/bin/env node
/**
 * The mutation results of the whole scope, kept across slice runs (reports/mutation/scope.json).
 *
 * Stryker's incremental file holds only the files of its last run: a run with `--mutate 'src/checks/**'`
 * would forget every other area. scripts/mutation.mjs therefore hands Stryker the whole store before a run
 * and folds the run's results back into it afterwards; the score it prints is the store's.
 *
 *   node scripts/mutation-store.mjs add <report.json>... [--mutate <its patterns>]
 *       folds reports (e.g. from a slice run in another copy of the repository) into the store
 *
 * Both files follow the mutation-testing-report schema. Test ids are numbers local to one report, so the
 * merge renumbers them by each test's identity (test file and name), as Stryker's incremental differ does.
 */
import { existsSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(import.meta.dirname, '..');
export const storePath = join(root, 'reports', 'mutation', 'scope.json');

const testKey = (file, name) => `${file}\n${name}`;

/** Merges `report` into `store` (either may be undefined); files and tests of `report` win. */
export function mergeReports(store, report) {
  if (!store) return renumber(report);
  if (!report) return renumber(store);
  const keys = new Map(); // test key -> new id
  const testFiles = {};
  const idOf = (key) => {
    if (!keys.has(key)) keys.set(key, String(keys.size));
    return keys.get(key);
  };
  // The newer report first: its test files (and sources) replace the store's.
  const remaps = [report, store].map((r) => {
    const remap = new Map();
    for (const [file, tf] of Object.entries(r.testFiles ?? {})) {
      const target = (testFiles[file] ??= { ...tf, tests: [] });
      for (const t of tf.tests) {
        const key = testKey(file, t.name);
        const id = idOf(key);
        remap.set(t.id, id);
        if (!target.tests.some((x) => x.id === id)) target.tests.push({ ...t, id });
      }
    }
    return remap;
  });
  const files = {};
  const take = (r, remap) => {
    for (const [file, f] of Object.entries(r.files ?? {})) {
      if (files[file]) continue;
      files[file] = {
        ...f,
        mutants: f.mutants.map((m) => ({
          ...m,
          ...(m.coveredBy && { coveredBy: m.coveredBy.map((id) => remap.get(id)).filter((x) => x !== undefined) }),
          ...(m.killedBy && { killedBy: m.killedBy.map((id) => remap.get(id)).filter((x) => x !== undefined) }),
        })),
      };
    }
  };
  take(report, remaps[0]);
  take(store, remaps[1]);
  const measured = [...new Set([...(store.measured ?? []), ...(report.measured ?? []), ...Object.keys(files)])].sort();
  return { ...store, ...report, files, testFiles, measured };
}

/**
 * The files a Stryker `mutate` list names. Supports what stryker.config.json uses: a folder's
 * `**` glob of .ts files, and plain file names. A file that yields no mutant (types only) is absent from Stryker's report, so a run
 * records the files it was asked to mutate: they count as measured.
 */
export function expandMutate(patterns) {
  const out = [];
  for (const p of patterns) {
    const m = /^(.*)\/\*\*\/\*\.ts$/.exec(p);
    if (!m) {
      if (existsSync(join(root, p))) out.push(p);
      continue;
    }
    const walk = (dir) => {
      if (!existsSync(dir)) return;
      for (const e of readdirSync(dir)) {
        const full = join(dir, e);
        if (statSync(full).isDirectory()) walk(full);
        else if (e.endsWith('.ts')) out.push(relative(root, full));
      }
    };
    walk(join(root, m[1]));
  }
  return out.sort();
}

function renumber(r) {
  return mergeReports({ files: {}, testFiles: {} }, r);
}

/** Drops files that no longer exist in the repository (their mutants are gone). */
export function dropDeleted(r) {
  for (const file of Object.keys(r.files)) if (!existsSync(join(root, file))) delete r.files[file];
  for (const file of Object.keys(r.testFiles)) if (file && !existsSync(join(root, file))) delete r.testFiles[file];
  r.measured = (r.measured ?? []).filter((file) => existsSync(join(root, file)));
  return r;
}

export function readStore() {
  return existsSync(storePath) ? JSON.parse(readFileSync(storePath, 'utf8')) : undefined;
}

export function writeStore(r) {
  writeFileSync(`${storePath}.tmp`, JSON.stringify(r));
  renameSync(`${storePath}.tmp`, storePath);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [cmd, ...args] = process.argv.slice(2);
  const at = args.indexOf('--mutate');
  const mutate = at >= 0 ? args.splice(at, 2)[1]?.split(',') : [];
  if (cmd !== 'add' || !args.length) {
    console.error("usage: node scripts/mutation-store.mjs add <report.json>... [--mutate 'src/x/**/*.ts,...' (what that run mutated)]");
    process.exit(2);
  }
  let store = readStore();
  for (const f of args) {
    const r = JSON.parse(readFileSync(f, 'utf8'));
    // A store (scope.json of another copy) knows what it measured; a plain Stryker report is told by --mutate.
    store = mergeReports(store, { ...r, measured: [...(r.measured ?? []), ...expandMutate(mutate)] });
  }
  writeStore(dropDeleted(store));
  const n = Object.values(store.files).reduce((a, f) => a + f.mutants.length, 0);
  console.log(`scope.json: ${Object.keys(store.files).length} files, ${n} mutants`);
}

/**
 * Judges a store against the scope's files and the equivalent list (entries of stryker.equivalent.yaml,
 * each given a `used` count here). Files outside the scope are dropped from `data`; survivors an entry
 * matches become Ignored with the entry's reason, so the HTML report shows why. Static mutants that
 * --ignoreStatic skipped are counted apart from mutants disabled in the code.
 */
export function judge(data, equivalents, scopeFiles) {
  const inScope = new Set(scopeFiles);
  for (const file of Object.keys(data.files)) if (!inScope.has(file)) delete data.files[file];
  const unmeasured = [...inScope].filter((file) => !data.measured?.includes(file));
  const n = { killed: 0, survived: 0, noCoverage: 0, timeout: 0, equivalent: 0, invalid: 0, ignored: 0, static: 0 };
  const survivors = [];
  for (const e of equivalents) e.used ??= 0;
  for (const [file, { mutants }] of Object.entries(data.files)) {
    for (const m of mutants) {
      // A report already judged (an earlier --report-only): judged again from its first status.
      const marked = /^equivalent \((Survived|NoCoverage)\): /.exec(m.status === 'Ignored' ? (m.statusReason ?? '') : '');
      if (marked) {
        m.status = marked[1];
        delete m.statusReason;
      }
      if (m.status === 'Survived' || m.status === 'NoCoverage') {
        const eq = equivalents.find(
          (e) =>
            e.file === file &&
            e.line === m.location.start.line &&
            (e.column === undefined || e.column === m.location.start.column) &&
            (e.endColumn === undefined || e.endColumn === m.location.end.column) &&
            e.mutator === m.mutatorName &&
            (e.replacement === undefined || e.replacement === m.replacement),
        );
        if (eq) {
          eq.used++;
          n.equivalent++;
          m.statusReason = `equivalent (${m.status}): ${eq.reason}`;
          m.status = 'Ignored';
          continue;
        }
        survivors.push(`${file}:${m.location.start.line}:${m.location.start.column} ${m.mutatorName} ${JSON.stringify(m.replacement ?? '')}${m.status === 'NoCoverage' ? ' (no test covers it)' : ''}`);
      }
      if (m.status === 'Killed') n.killed++;
      else if (m.status === 'Survived') n.survived++;
      else if (m.status === 'NoCoverage') n.noCoverage++;
      else if (m.status === 'Timeout') n.timeout++;
      else if (m.status === 'CompileError' || m.status === 'RuntimeError') n.invalid++;
      else if (m.status === 'Ignored' && /^Static mutant/.test(m.statusReason ?? '')) n.static++;
      else if (m.status === 'Ignored') n.ignored++;
    }
  }
  const detected = n.killed + n.timeout;
  const undetected = n.survived + n.noCoverage;
  const score = detected + undetected ? (100 * detected) / (detected + undetected) : 100;
  // The same score with every static mutant not run counted as survived: what the target must hold against.
  const bound = detected + undetected + n.static ? (100 * detected) / (detected + undetected + n.static) : 100;
  return { n, survivors, unmeasured, score, bound };
}

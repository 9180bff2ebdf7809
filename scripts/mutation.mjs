#!/usr/bin/env node
/**
 * npm run test:mutation [-- <stryker args>]: mutation testing of the lab's core with Stryker
 * (stryker.config.json: scope, the vitest runner over vitest.mutation.config.ts, the TypeScript checker,
 * incremental results in reports/mutation/), then one line:
 *   mutation score: S% (K killed, V survived, T timeout)
 * Survived counts mutants no test covers too. Mutants listed in stryker.equivalent.yaml (file, line,
 * optionally column and endColumn, mutator, replacement, reason) change no behaviour and leave the score; an entry that matches nothing is
 * reported, so the list cannot go stale silently. Static mutants skipped with --ignoreStatic count as
 * survived for the target. Exit 1 below the target (80%).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { dropDeleted, expandMutate, judge, mergeReports, readStore, root, storePath, writeStore } from './mutation-store.mjs';

const TARGET = 80;
const report = join(root, 'reports', 'mutation', 'mutation.json');
const incremental = join(root, 'reports', 'mutation', 'stryker-incremental.json');

function run(cmd, args) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  if (r.signal) process.exit(130);
  return r.status ?? 1;
}

const scope = JSON.parse(readFileSync(join(root, 'stryker.config.json'), 'utf8')).mutate;
// What this run mutates: `--mutate a,b` (or `-m`) narrows the scope to a slice.
const at = process.argv.findIndex((a) => a === '--mutate' || a === '-m');
const mutated = at >= 0 ? (process.argv[at + 1] ?? '').split(',') : scope;
const started = Date.now();
if (!process.argv.includes('--report-only')) {
  // Tests that start the lab's helper processes need the built dist/ in Stryker's sandbox.
  if (run('npm', ['run', '--silent', 'build']) !== 0) process.exit(1);
  // Stryker reuses every earlier result of the scope, whichever slice produced it.
  const known = readStore();
  if (known) writeFileSync(incremental, JSON.stringify(known));
  const stryker = join(root, 'node_modules', '@stryker-mutator', 'core', 'bin', 'stryker.js');
  const code = run(process.execPath, [stryker, 'run', ...process.argv.slice(2)]);
  if (code !== 0) {
    console.error(`stryker exited with ${code}`);
    process.exit(code);
  }
  if (!existsSync(report)) {
    console.error(`stryker wrote no report at ${report}`);
    process.exit(1);
  }
  writeStore(dropDeleted(mergeReports(known, { ...JSON.parse(readFileSync(report, 'utf8')), measured: expandMutate(mutated) })));
}
if (!existsSync(storePath)) {
  console.error(`no results at ${storePath}: run npm run test:mutation first`);
  process.exit(1);
}

const equivalents = (parse(readFileSync(join(root, 'stryker.equivalent.yaml'), 'utf8'))?.equivalent ?? []).map((e) => ({ ...e, used: 0 }));
for (const e of equivalents) {
  if (!e.file || !e.line || !e.mutator || !e.reason) {
    console.error(`stryker.equivalent.yaml: every entry needs file, line, mutator and reason: ${JSON.stringify(e)}`);
    process.exit(2);
  }
}

const data = readStore();
const { n, survivors, unmeasured, score, bound } = judge(data, equivalents, expandMutate(scope));
// The HTML report reads the same JSON: equivalent mutants show there as ignored, with their reason.
writeFileSync(report, JSON.stringify(data));

const detected = n.killed + n.timeout;
const undetected = n.survived + n.noCoverage;
if (process.env.MUTATION_LIST_SURVIVORS) for (const s of survivors) console.log(`survived: ${s}`);
for (const e of equivalents) if (!e.used) console.log(`stryker.equivalent.yaml: no mutant at ${e.file}:${e.line} ${e.mutator} (stale entry?)`);
console.log(
  `(${n.noCoverage} of the survivors covered by no test; ${n.equivalent} equivalent, ${n.ignored} disabled in the code, ${n.invalid} not compiling; report: reports/mutation/index.html; ${Math.round((Date.now() - started) / 60000)} min)`,
);
console.log(`mutation score: ${score.toFixed(1)}% (${detected - n.timeout} killed, ${undetected} survived, ${n.timeout} timeout)`);
// Static mutants that --ignoreStatic skipped are not in the score; the target holds only if it holds with
// every one of them counted as survived.
if (n.static) {
  console.log(`(${n.static} static mutants not run (--ignoreStatic); counting all of them as survived, the score would be ${bound.toFixed(1)}%)`);
}
if (unmeasured.length) {
  console.log(`not measured yet (${unmeasured.length} files of the scope; the score above leaves them out): ${unmeasured.join(' ')}`);
  process.exit(1);
}
process.exit(bound >= TARGET ? 0 : 1);

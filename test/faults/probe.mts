// Runs the named cases (or all) one by one and prints what happened: a developer's tool for writing cases.
import { loadCorpus } from './corpus.js';
import { runCase } from './run.js';
const want = process.argv.slice(2);
for (const { c } of loadCorpus()) {
  if (want.length && !want.some((w) => c.id.includes(w))) continue;
  const o = await runCase(c);
  console.log(`${o.problems.length ? 'FAIL' : 'ok  '} ${c.id} exit ${o.exitCode} ${(o.ms / 1000).toFixed(1)}s ${o.problems.join('; ')}`);
  if (o.problems.length || process.env.SHOW) console.log(`   stderr: ${o.stderr.slice(0, 600).replace(/\n/g, '\n           ')}\n   stdout: ${o.stdout.slice(-300).replace(/\n/g, '\n           ')}`);
}

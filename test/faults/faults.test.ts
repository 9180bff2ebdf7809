/**
 * The fault corpus (issue 14): every case of test/faults/*.yaml run as a person would meet it (run.ts), a
 * few at a time, then one closing line `faults: N/N handled`. A case is handled when the command exits with
 * the documented code within its time, says so in a short paragraph that matches, prints no stack trace and
 * changes nothing outside the lab's namespace and label.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { loadCorpus } from './corpus.js';
import { runCase, type Outcome } from './run.js';

const corpus = loadCorpus();
const outcomes = new Map<string, Outcome>();

/** Two cores are shared with the rest of the suite: a few cases at once keep their time bounds honest. */
const SLOTS = 4;
let free = SLOTS;
const waiting: (() => void)[] = [];
async function slot<T>(fn: () => Promise<T>): Promise<T> {
  if (free === 0) await new Promise<void>((resolve) => waiting.push(resolve));
  else free -= 1;
  try {
    return await fn();
  } finally {
    const next = waiting.shift();
    if (next) next();
    else free += 1;
  }
}

describe.concurrent('fault corpus', () => {
  it('has at least 60 bad inputs and 20 environment faults', () => {
    expect(corpus.filter((x) => x.file.startsWith('inputs')).length).toBeGreaterThanOrEqual(60);
    expect(corpus.filter((x) => x.file.startsWith('environment')).length).toBeGreaterThanOrEqual(20);
  });

  for (const { file, c } of corpus) {
    it(`${file.replace(/\.yaml$/, '')}: ${c.id}`, async () => {
      const o = await slot(() => runCase(c));
      outcomes.set(c.id, o);
      const shown = `exit ${o.exitCode} in ${(o.ms / 1000).toFixed(1)} s\n--- stderr\n${o.stderr.slice(0, 2000)}\n--- stdout\n${o.stdout.slice(-1500)}`;
      if (c.known && o.problems.length) {
        console.log(`fault case ${c.id} not handled (known: ${c.known.trim()}): ${o.problems.join('; ')}`);
        return;
      }
      expect(o.problems, shown).toEqual([]);
    }, (c.within + 180) * 1000);
  }
});

afterAll(() => {
  const handled = [...outcomes.values()].filter((o) => o.problems.length === 0).length;
  console.log(`faults: ${handled}/${corpus.length} handled`);
});

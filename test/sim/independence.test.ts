/**
 * The simulator models behaviour; it never knows the course. Its sources must not read lessons/ or
 * manifests/ or the course loader, nor name the objects, steps or namespace the course uses.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..', 'src', 'sim');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}

const sources = files(root).map((p) => ({ p, text: readFileSync(p, 'utf8') }));

describe('the simulator does not know the course', () => {
  it('has sources to check', () => expect(sources.length).toBeGreaterThan(30));

  it.each([
    ['lessons/', /(['"`]|\.\.?\/|packageRoot|join\([^)]*)lessons\b/],
    ['manifests/', /(['"`]|\.\.?\/|packageRoot|join\([^)]*)manifests(\/|['"`])/],
    ['the course loader', /course\/(load|schema|render|yaml-source)|from '\.\.\/\.\.\/course/],
    ['a course object name', /['"`](emqx-headless|emqx-data|emqx-config|emqx-dashboard|emqx-lab-progress)['"`]/],
    ['the lab namespace', /['"`]emqx-lab['"`]/],
    ['the lab label', /app\.kubernetes\.io\/part-of|emqx-lab\.io\/record/],
    ['a step', /\bstep[ -]?\d|\bstep(Id|Number)\b/i],
  ])('never mentions %s', (_what, re) => {
    const hits = sources.filter((s) => re.test(s.text)).map((s) => s.p);
    expect(hits).toEqual([]);
  });

  it('imports nothing of the program outside src/sim except the shared i18n and util pieces', () => {
    const allowed = /^\.\.\/(\.\.\/)*(i18n\/(lang|sim)|util\/(atomic|process))\.js$/;
    for (const s of sources) {
      for (const m of s.text.matchAll(/from '(\.\.\/[^']+)'/g)) {
        const rel = m[1];
        const resolved = join(s.p, '..', rel);
        if (!resolved.startsWith(root)) expect(rel, s.p).toMatch(allowed);
      }
    }
  });
});

import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LANGS, langFromEnv } from '../src/i18n/lang.js';

const dir = join(import.meta.dirname, '..', 'src', 'i18n');

/** Call a parameterised message with arguments of the shapes messages take (strings, counts, lists). */
function render(fn: (...a: unknown[]) => unknown): unknown {
  const tries: unknown[][] = [
    ['x', 2, 'y', 3, 'z'],
    ['x', 2, ['y', 'z'], 3],
    [['x', 'y'], ['y', 'z'], ['z']],
    [2, 3, 4, 5],
    [{}, {}, {}],
  ];
  let last: unknown;
  for (const args of tries) {
    try {
      return fn(...args);
    } catch (err) {
      last = err;
    }
  }
  throw last;
}

/** Every message catalogue: same keys in every language, no empty text, functions render. */
describe('message catalogues', async () => {
  const files = readdirSync(dir).filter((f) => f.endsWith('.ts') && f !== 'lang.ts');
  for (const f of files) {
    const mod = (await import(join(dir, f))) as Record<string, unknown>;
    for (const [name, cat] of Object.entries(mod)) {
      if (!cat || typeof cat !== 'object' || !('en' in cat)) continue;
      it(`${f}#${name} has every key in every language`, () => {
        const c = cat as Record<string, Record<string, unknown>>;
        const keys = Object.keys(c.en).sort();
        for (const lang of LANGS) {
          expect(Object.keys(c[lang]).sort(), lang).toEqual(keys);
          for (const k of keys) {
            const v = c[lang][k];
            const text = typeof v === 'function' ? render(v as (...a: unknown[]) => unknown) : v;
            expect(typeof text, `${lang}.${k}`).toBe('string');
            expect((text as string).trim().length, `${lang}.${k}`).toBeGreaterThan(0);
            if (lang === 'zh') expect(text, `${lang}.${k} should be Chinese`).toMatch(/[\u4e00-\u9fff]|^[\x20-\x7e]*$/);
          }
        }
      });
    }
  }
});

describe('langFromEnv', () => {
  it.each([
    [{ LANG: 'zh_CN.UTF-8' }, 'zh'],
    [{ LANG: 'en_US.UTF-8' }, 'en'],
    [{ LC_ALL: 'zh_TW.UTF-8', LANG: 'en_US.UTF-8' }, 'zh'],
    [{ LC_ALL: 'C', LANG: 'zh_CN.UTF-8' }, 'en'],
    [{}, 'en'],
  ])('%j -> %s', (env, lang) => expect(langFromEnv(env as NodeJS.ProcessEnv)).toBe(lang));
});

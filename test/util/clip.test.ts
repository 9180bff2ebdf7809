/**
 * clipLong: a run of non-space characters longer than `max` keeps its first `max` characters and says how
 * many more there were; a whole text longer than 20 × max is cut the same way. Expected texts are written
 * out by hand, in both languages.
 */
import { describe, expect, it } from 'vitest';
import { clipLong } from '../../src/util/clip.js';

const more = {
  en: (n: number) => `… (${n} more characters)`,
  zh: (n: number) => `……（还有 ${n} 个字符）`,
};

describe.each(['en', 'zh'] as const)('clipLong (%s)', (lang) => {
  it('a word of exactly max characters stays whole', () => {
    expect(clipLong('abcde', lang, 5)).toBe('abcde');
    expect(clipLong('x abcde y', lang, 5)).toBe('x abcde y');
  });

  it('a word one character too long keeps max characters and says 1 more', () => {
    expect(clipLong('abcdef', lang, 5)).toBe(`abcde${more[lang](1)}`);
  });

  it('every long word is clipped, short words between them stay', () => {
    expect(clipLong('abcdefgh xyz 1234567 ok', lang, 5)).toBe(`abcde${more[lang](3)} xyz 12345${more[lang](2)} ok`);
  });

  it('a text of exactly 20 × max characters stays whole', () => {
    const text = 'abcd '.repeat(20);
    expect(text).toHaveLength(100);
    expect(clipLong(text, lang, 5)).toBe(text);
  });

  it('a longer text keeps 20 × max characters and says how many more', () => {
    const text = `${'abcd '.repeat(20)}xyz`;
    expect(clipLong(text, lang, 5)).toBe(`${'abcd '.repeat(20)}${more[lang](3)}`);
    expect(clipLong(`${'abcd '.repeat(20)}x`, lang, 5)).toBe(`${'abcd '.repeat(20)}${more[lang](1)}`);
  });

  it('words are clipped before the whole text is measured', () => {
    // 30 words of 7 characters: each becomes 5 characters and the note, then the total is cut at 100.
    const clippedWord = `abcde${more[lang](2)}`;
    const words = Array.from({ length: 30 }, () => clippedWord).join(' ');
    const text = Array.from({ length: 30 }, () => 'abcdefg').join(' ');
    expect(clipLong(text, lang, 5)).toBe(`${words.slice(0, 100)}${more[lang](words.length - 100)}`);
    expect(words.length - 100).toBeGreaterThan(100);
  });

  it('the default max is 200 per word and 4000 in all', () => {
    expect(clipLong('a'.repeat(200), lang)).toBe('a'.repeat(200));
    expect(clipLong('a'.repeat(201), lang)).toBe(`${'a'.repeat(200)}${more[lang](1)}`);
    expect(clipLong('abc '.repeat(1000), lang)).toBe('abc '.repeat(1000));
    expect(clipLong(`${'abc '.repeat(1000)}zz`, lang)).toBe(`${'abc '.repeat(1000)}${more[lang](2)}`);
  });

  it('short text is returned as it is, escape sequences and control characters removed', () => {
    expect(clipLong('One bare Pod', lang, 5)).toBe('One bare Pod');
    expect(clipLong('', lang, 5)).toBe('');
    expect(clipLong('\x1b[31mabcde\x1b[0m\x07', lang, 5)).toBe('abcde');
  });
});

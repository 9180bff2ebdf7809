/**
 * takesNoColumn / narrowWidth / plainWidth at every edge of the zero-column ranges: C0 controls
 * (< U+0020), DEL and C1 controls (U+007F–U+009F), combining diacritical marks (U+0300–U+036F) and the
 * zero-width space (U+200B). Widths are written out by hand and checked against string-width.
 */
import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { narrowWidth, takesNoColumn } from '../../src/util/narrow-width.js';
import { plainWidth } from '../../src/util/width.js';

const hex = (cp: number) => `U+${cp.toString(16).padStart(4, '0')}`;

// [code point, columns it takes]
const EDGES: [number, number][] = [
  [0x00, 0],
  [0x01, 0],
  [0x0a, 0],
  [0x1f, 0],
  [0x20, 1],
  [0x41, 1],
  [0x7e, 1],
  [0x7f, 0],
  [0x80, 0],
  [0x9f, 0],
  [0xa0, 1],
  [0xe9, 1],
  [0x2ff, 1],
  [0x300, 0],
  [0x301, 0],
  [0x36f, 0],
  [0x370, 1],
  [0x10ff, 1],
];

describe('takesNoColumn', () => {
  it.each(EDGES)('%d: takes %d columns', (cp, columns) => {
    expect(takesNoColumn(cp), hex(cp)).toBe(columns === 0);
  });

  it('the zero-width space takes none; its neighbours do', () => {
    expect(takesNoColumn(0x200a)).toBe(false);
    expect(takesNoColumn(0x200b)).toBe(true);
    expect(takesNoColumn(0x200c)).toBe(false);
  });
});

describe('narrowWidth', () => {
  it.each(EDGES)('%d alone is %d columns, as string-width says', (cp, columns) => {
    const s = String.fromCodePoint(cp);
    expect(narrowWidth(s), hex(cp)).toBe(columns);
    expect(stringWidth(s), hex(cp)).toBe(columns);
  });

  it('counts a mixed text character by character', () => {
    // a, BEL, b, DEL, c, U+0085, e + U+0301, U+00A0, U+036F, U+0370
    const s = 'a\x07b\x7fc\x85e\u0301\u00a0\u036f\u0370';
    expect(narrowWidth(s)).toBe(6);
    expect(stringWidth(s)).toBe(6);
    expect(narrowWidth('\x1f\x20\x7e\x9f\xa0\u02ff\u0300')).toBe(4);
  });

  it('declines from U+1100 on', () => {
    expect(narrowWidth('\u10ff')).toBe(1);
    expect(narrowWidth('\u1100')).toBeUndefined();
    expect(narrowWidth('a\u200b')).toBeUndefined();
  });
});

describe('plainWidth', () => {
  it.each(EDGES)('%d alone is %d columns', (cp, columns) => {
    expect(plainWidth(String.fromCodePoint(cp)), hex(cp)).toBe(columns);
  });

  it('the zero-width space takes no column, U+200A one, as string-width says', () => {
    expect(plainWidth('\u200b')).toBe(0);
    expect(plainWidth('a\u200bb')).toBe(2);
    expect(stringWidth('a\u200bb')).toBe(2);
    expect(plainWidth('\u200a')).toBe(1);
    expect(stringWidth('\u200a')).toBe(1);
  });

  it('wide characters take two columns, zero-column ones none', () => {
    expect(plainWidth('一\u0301\x00个')).toBe(4);
    expect(stringWidth('一\u0301\x00个')).toBe(4);
  });
});

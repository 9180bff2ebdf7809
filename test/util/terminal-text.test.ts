/**
 * plainText / oneLine: escape sequences go whole (not just their first bytes), other control characters
 * become nothing, tab and newline stay (plainText) or become one space per run (oneLine).
 */
import { describe, expect, it } from 'vitest';
import { oneLine, plainDeep, plainText } from '../../src/util/terminal-text.js';

describe('plainText removes escape sequences whole', () => {
  it.each([
    // CSI with several parameter bytes, and with intermediates.
    ['SGR with two-digit parameters', 'a\x1b[31;42mred\x1b[0mb', 'aredb'],
    ['CSI with a multi-digit parameter', 'a\x1b[12Jb', 'ab'],
    ['CSI with an intermediate byte', 'a\x1b[2 qb', 'ab'],
    ['CSI with private parameters', 'a\x1b[?1049hb', 'ab'],
    ['CSI cut off before its final byte, at the end', 'ab\x1b[12', 'ab'],
    ['CSI cut off right after ESC [', 'ab\x1b[', 'ab'],
    // OSC / DCS / SOS / PM / APC strings.
    ['OSC title ended by BEL', 'a\x1b]0;evil title\x07b', 'ab'],
    ['OSC 52 clipboard ended by ST', 'a\x1b]52;c;ZXZpbA==\x1b\\b', 'ab'],
    ['DCS ended by ST', 'a\x1bP1$r0m\x1b\\b', 'ab'],
    ['SOS ended by BEL', 'a\x1bXsos text\x07b', 'ab'],
    ['PM ended by ST', 'a\x1b^pm text\x1b\\b', 'ab'],
    ['APC ended by BEL', 'a\x1b_apc text\x07b', 'ab'],
    ['OSC never ended', 'a\x1b]0;evil title', 'a'],
    ['OSC cut by another escape sequence', 'a\x1b]0;t\x1b[1mb', 'ab'],
    // Two-byte (and intermediate) ESC sequences.
    ['RIS', 'a\x1bcb', 'ab'],
    ['DECSC', 'a\x1b7b', 'ab'],
    ['charset designation', 'a\x1b(Bb', 'ab'],
    ['charset designation with two intermediates', 'a\x1b$(Cb', 'ab'],
    ['ESC and an intermediate, cut off at the end', 'ab\x1b(', 'ab'],
    ['a lone ESC at the end', 'ab\x1b', 'ab'],
    // 8-bit C1 forms.
    ['C1 CSI with two-digit parameters', 'a\x9b31mb', 'ab'],
    ['C1 CSI with an intermediate', 'a\x9b2 qb', 'ab'],
    ['C1 CSI cut off before its final byte', 'a\x9b31', 'a'],
    ['C1 OSC ended by ST (C1)', 'a\x9d0;title\x9cb', 'ab'],
    ['C1 OSC ended by BEL', 'a\x9d0;title\x07b', 'ab'],
    ['C1 OSC ended by ESC \\', 'a\x9d0;title\x1b\\b', 'ab'],
    ['C1 DCS ended by ST', 'a\x901$r0m\x9cb', 'ab'],
    ['C1 SOS ended by ST', 'a\x98sos text\x9cb', 'ab'],
    ['C1 PM ended by ST', 'a\x9epm text\x9cb', 'ab'],
    ['C1 APC ended by ST', 'a\x9fapc text\x9cb', 'ab'],
    ['C1 OSC never ended', 'a\x9d0;title', 'a'],
  ])('%s', (_name, input, expected) => {
    expect(plainText(input)).toBe(expected);
  });

  it('leaves text without escapes as it is, wide characters included', () => {
    expect(plainText('One bare Pod 一个裸 Pod\tx\ny')).toBe('One bare Pod 一个裸 Pod\tx\ny');
  });
});

describe('plainText line ends and control characters', () => {
  it('CRLF and a lone CR become one newline each', () => {
    expect(plainText('a\r\nb')).toBe('a\nb');
    expect(plainText('a\rb')).toBe('a\nb');
    expect(plainText('a\r\r\nb')).toBe('a\n\nb');
  });

  it.each([
    ['NUL', '\x00'],
    ['BS', '\x08'],
    ['VT', '\x0b'],
    ['FF', '\x0c'],
    ['US', '\x1f'],
    ['DEL', '\x7f'],
    ['C1 NEL', '\x85'],
    ['C1 ST alone', '\x9c'],
    ['LRE', '\u202a'],
    ['RLO', '\u202e'],
    ['LRI', '\u2066'],
    ['PDI', '\u2069'],
    ['LRM', '\u200e'],
    ['RLM', '\u200f'],
    ['ALM', '\u061c'],
  ])('%s becomes nothing', (_name, ch) => {
    expect(plainText(`a${ch}b`)).toBe('ab');
  });
});

describe('oneLine', () => {
  it('a run of tabs and newlines becomes one space', () => {
    expect(oneLine('a\nb')).toBe('a b');
    expect(oneLine('a\tb')).toBe('a b');
    expect(oneLine('a\n\n\tb\r\nc')).toBe('a b c');
  });

  it('is plain too', () => {
    expect(oneLine('a\x1b[31mred\x1b[0m\x00 b')).toBe('ared b');
  });
});

describe('plainDeep', () => {
  it('makes every string plain, keys included, and keeps other values', () => {
    expect(plainDeep({ 'k\x1b[1m': ['v\x07', 1, null, { x: 'y\x1b]0;t\x07' }], n: true })).toEqual({
      k: ['v', 1, null, { x: 'y' }],
      n: true,
    });
  });
});

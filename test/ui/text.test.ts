import { describe, expect, it } from 'vitest';
import { box, cut, fit, padEnd, sideBySide, table, truncate, width, wrap } from '../../src/ui/text.js';

describe('text layout by terminal columns', () => {
  it.each([
    ['abc', 3],
    ['中文', 4],
    ['命名空间 emqx-lab', 17],
    ['\x1b[32m✓\x1b[39m ok', 4],
  ])('width(%j) = %i', (s, w) => expect(width(s)).toBe(w));

  it('pads and cuts by columns, never splitting a wide character', () => {
    expect(padEnd('中', 4)).toBe('中  ');
    expect(cut('中文字', 5)).toBe('中文');
    expect(truncate('中文字符串', 7)).toBe('中文字…');
    expect(width(truncate('中文字符串', 7))).toBeLessThanOrEqual(7);
    expect(truncate('short', 10)).toBe('short');
    expect(fit('中文字符串', 6)).toBe('中文… ');
  });

  it.each([
    ['the quick brown fox jumps over the lazy dog', 10, ['the quick', 'brown fox', 'jumps over', 'the lazy', 'dog']],
    ['第一次启动需要拉取镜像，网络慢的时候要等上好几分钟。', 12, ['第一次启动需', '要拉取镜像，', '网络慢的时候', '要等上好几分', '钟。']],
    ['用 `kubectl get pod` 查看，然后继续。', 16, ['用 `kubectl get', 'pod` 查看，然后', '继续。']],
    ['  indented text that wraps', 12, ['  indented', '  text that', '  wraps']],
    ['averyveryverylongword', 8, ['averyver', 'yverylon', 'gword']],
  ])('wrap(%j, %i)', (text, cols, lines) => {
    const out = wrap(text, cols);
    expect(out).toEqual(lines);
    for (const l of out) expect(width(l)).toBeLessThanOrEqual(cols);
  });

  it('never starts a line with full-width punctuation', () => {
    for (const cols of [4, 5, 6, 7, 8, 9, 10]) {
      for (const l of wrap('第一，第二。第三：第四（五）完', cols)) expect(l).not.toMatch(/^[，。：）]/);
    }
  });

  it('lines up a table and side-by-side panels with CJK cells', () => {
    const t = table([
      ['emqx-0', '1/1', '运行中'],
      ['一个很长的名字', '0/1', 'Pending'],
    ]);
    const col = (l: string) => width(l.slice(0, l.indexOf(l.includes('1/1') ? '1/1' : '0/1')));
    expect(col(t[0])).toBe(col(t[1]));
    const s = sideBySide(['中文', 'ab'], ['R1', 'R2'], 6, 2);
    expect(s).toEqual(['中文    R1', 'ab      R2']);
  });

  it('draws a box whose right border lines up with CJK content', () => {
    const b = box('标题', ['中文内容', 'latin'], 40);
    const widths = b.map(width);
    expect(new Set(widths).size).toBe(1);
  });
});

import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { plainWidth } from '../src/util/width.js';

describe('plainWidth', () => {
  it.each([
    ['bare-pod', 8],
    ['One bare Pod', 12],
    ['给一点查看权限，集群就组起来了', 30],
    ['StatefulSet 与稳定的名字', 24],
    ['', 0],
  ])('%j is %i columns, as string-width says', (text, width) => {
    expect(plainWidth(text)).toBe(width);
    expect(plainWidth(text)).toBe(stringWidth(text));
  });
});

describe('narrowWidth', () => {
  it('agrees with plainWidth on every character below U+1100, and declines from U+1100 on', async () => {
    const { narrowWidth } = await import('../src/util/narrow-width.js');
    for (let cp = 0; cp < 0x1100; cp++) {
      if (cp >= 0xd800 && cp <= 0xdfff) continue;
      const s = String.fromCodePoint(cp);
      expect(narrowWidth(s), `U+${cp.toString(16)}`).toBe(plainWidth(s));
    }
    expect(narrowWidth('One bare Pod')).toBe(12);
    expect(narrowWidth('café\u0301 \u00e9')).toBe(plainWidth('café\u0301 \u00e9'));
    for (const s of ['\u1100', 'a给', 'StatefulSet 与稳定的名字', '\u{1f600}']) expect(narrowWidth(s)).toBeUndefined();
  });

  it('list pads English and Chinese titles to the same column', async () => {
    const { renderList } = await import('../src/commands/list.js');
    const steps = [
      { number: 1, id: 'a', title: '一个裸 Pod', state: 'available' as const },
      { number: 2, id: 'b', title: 'Two', state: 'locked' as const },
    ];
    const out = renderList(steps, 'a', { context: 'c', namespace: 'n', color: false, lang: 'zh', width: plainWidth });
    const rows = out.split('\n').filter((l) => /^[ ▸] \d/.test(l));
    const col = (l: string) => plainWidth(l.slice(0, l.search(/(可进行|未解锁|已通过)/)));
    expect(col(rows[0])).toBe(col(rows[1]));
  });
});

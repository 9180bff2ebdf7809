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

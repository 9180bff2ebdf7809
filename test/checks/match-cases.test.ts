/** partialMatch with null on either side, and brief(): the short rendering of a value in a reason line. */
import { describe, expect, it } from 'vitest';
import { brief, partialMatch } from '../../src/checks/match.js';

describe('partial match against null', () => {
  it('a null where a map is expected is a mismatch at that path, not a crash', () => {
    expect(partialMatch({ spec: null }, { spec: { replicas: 3 } })).toEqual({ path: 'spec', expected: { replicas: 3 }, actual: null });
  });

  it('an expected null is a scalar: it matches null and nothing else', () => {
    expect(partialMatch({ spec: { paused: null } }, { spec: { paused: null } })).toBeUndefined();
    expect(partialMatch({ spec: { paused: false } }, { spec: { paused: null } })).toEqual({ path: 'spec.paused', expected: null, actual: false });
  });
});

describe('brief rendering of a value', () => {
  it('says (none) for a missing value', () => {
    expect(brief(undefined)).toBe('(none)');
  });

  it('keeps a string as it is and writes anything else as JSON', () => {
    expect(brief('emqx')).toBe('emqx');
    expect(brief({ a: [1, '2'] })).toBe('{"a":[1,"2"]}');
  });

  it('keeps a value of exactly the maximum length whole', () => {
    expect(brief('abcde', 5)).toBe('abcde');
  });

  it('cuts a longer value to the maximum length, the last character an ellipsis', () => {
    expect(brief('abcdef', 5)).toBe('abcd…');
    expect(brief('x'.repeat(100))).toBe(`${'x'.repeat(79)}…`);
  });
});

// matchesSelector with white space around terms and operators, as a person types a selector.
import { describe, expect, it } from 'vitest';
import { matchesSelector } from '../../src/kube/objects.js';

describe('matchesSelector: white space around a term', () => {
  it('k!=v followed by a space still excludes', () => {
    expect(matchesSelector({ app: 'emqx', tier: 'web' }, 'app!=emqx ,tier=web')).toBe(false);
    expect(matchesSelector({ app: 'other', tier: 'web' }, 'app!=emqx ,tier=web')).toBe(true);
  });

  it('k=v followed by a space still requires the value', () => {
    expect(matchesSelector({ tier: 'db' }, 'tier=web ')).toBe(false);
    expect(matchesSelector({ tier: 'web' }, 'tier=web ')).toBe(true);
  });

  it('spaces around = and == are allowed', () => {
    expect(matchesSelector({ tier: 'db' }, 'tier = web')).toBe(false);
    expect(matchesSelector({ tier: 'web' }, 'tier == web')).toBe(true);
    expect(matchesSelector({ tier: 'db' }, ' tier == web')).toBe(false);
  });
});

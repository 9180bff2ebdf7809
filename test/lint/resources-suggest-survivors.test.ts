/**
 * Quantities as Kubernetes writes them (signs, decimals, exponents, suffixes), the request/limit rules at
 * their boundaries, and the "did you mean" distance: swaps, empty strings, ties, short words and shortened names.
 */
import { describe, expect, it } from 'vitest';
import { lintMessages } from '../../src/i18n/lint.js';
import type { Loc, ManifestObject } from '../../src/lint/objects.js';
import { checkResources, parseQuantity } from '../../src/lint/resources.js';
import { closest, editDistance } from '../../src/lint/suggest.js';

describe('parseQuantity', () => {
  it('reads signs, decimals, exponents and suffixes; refuses anything around them', () => {
    const q = (s: string) => parseQuantity(s);
    expect([q(' 1Gi '), q('+1'), q('-1'), q('1.25'), q('1.'), q('.5'), q('+.5'), q('.25')]).toEqual([2 ** 30, 1, -1, 1.25, 1, 0.5, 0.5, 0.25]);
    expect([q('1e3'), q('1e+3'), q('1E-2'), q('1e10'), q('500m'), q('2k'), q('1E')]).toEqual([1000, 1000, 0.01, 1e10, 0.5, 2000, 1e18]);
    expect([q('x1'), q('1Gix'), q('a1'), q('1.x'), q('.x'), q('1ex'), q('Gi'), q('')]).toEqual([undefined, undefined, undefined, undefined, undefined, undefined, undefined, undefined]);
    expect([parseQuantity(3), parseQuantity(null)]).toEqual([3, undefined]);
  });
});

describe('checkResources', () => {
  const run = (resources: unknown) => {
    const o = { kind: 'Pod', name: 'p', raw: { spec: { containers: [{ name: 'c', resources }] } } } as unknown as ManifestObject;
    const out: string[] = [];
    checkResources(o, { lang: 'en', report: (l: Loc, sev, rule, msg) => out.push(`${l.path.join('.')} ${sev} ${rule} ${msg}`) });
    return out;
  };
  const m = lintMessages.en;
  it('a request equal to its limit, or exactly the lab node size, is fine; above is not', () => {
    expect(run({ requests: { memory: '1Gi', cpu: '2' }, limits: { memory: '1Gi', cpu: 2 } })).toEqual([]);
    expect(run({ requests: { memory: '32Gi', cpu: 16 } })).toEqual([]);
    expect(run({ requests: { memory: '33Gi', cpu: '16.5' } })).toEqual([
      `spec.containers.0.resources.requests.memory warning resources ${m.requestTooLarge('memory', '33Gi')}`,
      `spec.containers.0.resources.requests.cpu warning resources ${m.requestTooLarge('cpu', '16.5')}`,
    ]);
    expect(run({ requests: { memory: '2Gi' }, limits: { memory: '1Gi' } })).toEqual([
      `spec.containers.0.resources.requests.memory error resources ${m.requestAboveLimit('memory', '2Gi', '1Gi')}`,
    ]);
  });
});

describe('editDistance and closest', () => {
  it('counts edits, a swap of neighbours once', () => {
    const d = editDistance;
    expect([d('', 'ab'), d('ab', ''), d('ab', 'ba'), d('abc', 'acb'), d('a', 'b'), d('ca', 'abc'), d('abcd', 'badc'), d('kitten', 'sitting'), d('aa', 'a')]).toEqual([
      2, 2, 1, 1, 1, 3, 2, 3, 1,
    ]);
  });

  it('picks the first of equally close candidates, allows one typo in short words, and shortened names of 3+ letters', () => {
    expect(closest('abc', ['abd', 'abe'])).toBe('abd');
    expect(closest('ab', ['ac'])).toBe('ac');
    expect(closest('dat', ['emqx-data', 'other'])).toBe('emqx-data');
    expect(closest('da', ['emqx-data', 'other'])).toBeUndefined();
    expect(closest('data', ['emqx-data', 'data-2'])).toBeUndefined();
    expect(closest('K8s', ['k8s', 'k9s'])).toBe('k8s');
  });
});

/** The run id a verify fills into `${RUN_ID}`, and the check environment made from engine deps. */
import { describe, expect, it } from 'vitest';
import type { EngineDeps } from '../../src/engine/deps.js';
import { checkEnv, newRunId } from '../../src/engine/deps.js';
import { fakeClock, fakeKube } from '../fixtures/engine/fake-kube.js';

describe('newRunId', () => {
  it('is six characters of [a-z0-9], fresh each time', () => {
    const ids = Array.from({ length: 20 }, () => newRunId());
    for (const id of ids) expect(id).toMatch(/^[0-9a-z]{6}$/);
    expect(new Set(ids).size).toBeGreaterThan(15);
  });
});

describe('checkEnv', () => {
  const base = (over: Partial<EngineDeps> = {}): EngineDeps => {
    const clock = fakeClock();
    return { kube: fakeKube(), course: { steps: [] } as never, namespace: 'lab', progressKey: 'k', lang: 'en', home: '/tmp', now: clock.now, sleep: clock.sleep, signal: new AbortController().signal, ...over };
  };

  it('passes the cluster speed on, 1 when none is set', () => {
    expect(checkEnv(base({ clusterSpeed: 4 }), 'abc123').clusterSpeed).toBe(4);
    expect(checkEnv(base(), 'abc123').clusterSpeed).toBe(1);
    expect(checkEnv(base(), 'abc123').runId).toBe('abc123');
  });
});

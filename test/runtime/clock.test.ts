/** The runtime's model clock (src/runtime/clock.ts): what it turns into wall time and what it leaves alone. */
import { describe, expect, it } from 'vitest';
import { Clock } from '../../src/runtime/clock.js';

const origin = Date.parse('2026-01-01T00:00:00Z');

describe('the runtime clock', () => {
  it('runs the model N times faster from its origin and maps back exactly', () => {
    const c = new Clock(4, origin);
    expect(c.modelOf(origin + 10_000)).toBe(origin + 40_000);
    expect(c.wallOf(origin + 40_000)).toBe(origin + 10_000);
    expect(c.wallIso('2026-01-01T00:00:40Z')).toBe('2026-01-01T00:00:10Z');
  });

  it('turns the timestamps the model made into wall time and keeps those carried over from the API server', () => {
    const c = new Clock(4, origin);
    const prev = { startTime: '2026-01-01T00:00:01Z', conditions: [{ type: 'Ready', status: 'False', lastTransitionTime: '2026-01-01T00:00:01Z' }] };
    const built = {
      startTime: '2026-01-01T00:00:01Z',
      conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: '2026-01-01T00:00:40Z', lastProbeTime: null }],
      containerStatuses: [{ name: 'emqx', state: { running: { startedAt: '2026-01-01T00:00:20Z' } } }],
    };
    expect(c.wallStatus(built, prev)).toEqual({
      startTime: '2026-01-01T00:00:01Z',
      conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: '2026-01-01T00:00:10Z', lastProbeTime: null }],
      containerStatuses: [{ name: 'emqx', state: { running: { startedAt: '2026-01-01T00:00:05Z' } } }],
    });
  });

  it('is the wall clock at speed 1', () => {
    const c = new Clock(1, origin);
    const status = { startTime: '2026-01-01T00:00:40Z' };
    expect(c.wallStatus(status, {})).toBe(status);
    expect(c.modelOf(origin + 5)).toBe(origin + 5);
  });
});

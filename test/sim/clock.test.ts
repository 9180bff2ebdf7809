import { describe, expect, it } from 'vitest';
import { simTime, speedFromEnv } from '../../src/sim/state/clock.js';

describe('simulated time', () => {
  it('runs at wall clock × speed, and a speed change re-anchors instead of jumping', () => {
    const clock = { wall: 1000, sim: 5000, speed: 1 };
    expect(simTime(clock, 2000, 1)).toEqual({ now: 6000, reanchored: false });
    const r = simTime(clock, 3000, 10);
    expect(r).toEqual({ now: 7000, reanchored: true });
    expect(simTime(clock, 3100, 10).now).toBe(8000);
    expect(simTime(clock, 3200, 1).now).toBe(9000);
    expect(simTime(clock, 4200, 1).now).toBe(10_000);
  });

  it('reads EMQX_LAB_SIM_SPEED, defaulting to 1 for missing or bad values', () => {
    expect(speedFromEnv({})).toBe(1);
    expect(speedFromEnv({ EMQX_LAB_SIM_SPEED: '20' })).toBe(20);
    expect(speedFromEnv({ EMQX_LAB_SIM_SPEED: '0.5' })).toBe(0.5);
    expect(speedFromEnv({ EMQX_LAB_SIM_SPEED: 'fast' })).toBe(1);
    expect(speedFromEnv({ EMQX_LAB_SIM_SPEED: '-3' })).toBe(1);
  });
});

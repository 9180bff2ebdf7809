import type { Clock } from './types.js';

/** The speed asked for by the environment: EMQX_LAB_SIM_SPEED, a positive number, default 1. */
export function speedFromEnv(env: NodeJS.ProcessEnv): number {
  const v = Number(env.EMQX_LAB_SIM_SPEED ?? '1');
  return Number.isFinite(v) && v > 0 ? v : 1;
}

/**
 * Simulated time for a wall-clock instant. When the speed changes the mapping is re-anchored at the current
 * instant, so simulated time never jumps: it only starts running faster or slower from here on.
 * Returns whether the clock record changed (it must then be saved).
 */
export function simTime(clock: Clock, wall: number, speed: number): { now: number; reanchored: boolean } {
  const now = clock.sim + Math.max(0, wall - clock.wall) * clock.speed;
  if (speed === clock.speed) return { now, reanchored: false };
  clock.sim = now;
  clock.wall = wall;
  clock.speed = speed;
  return { now, reanchored: true };
}

/**
 * The runtime model's clock: wall-clock time, or `speed` times faster from the moment the runtime started.
 * Everything the model writes where others read it (pod status, events, container log lines) is given in wall
 * time, so the API server, its controllers and kubectl see one consistent clock; what the model reads from the
 * API server as a point in time (a pod's deletionTimestamp) is turned into model time.
 */
import { iso } from '../sim/api/world.js';

const ISO_SECONDS = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/;

export class Clock {
  constructor(
    readonly speed = 1,
    private readonly origin = Date.now(),
  ) {}

  /** Model time now. */
  now(): number {
    return this.modelOf(Date.now());
  }

  modelOf(wall: number): number {
    return this.speed === 1 ? wall : this.origin + (wall - this.origin) * this.speed;
  }

  wallOf(model: number): number {
    return this.speed === 1 ? model : this.origin + (model - this.origin) / this.speed;
  }

  /** An API timestamp (RFC 3339, seconds) of model time, in wall time. */
  wallIso(modelIso: string): string {
    return this.speed === 1 ? modelIso : iso(this.wallOf(Date.parse(modelIso)));
  }

  /**
   * A pod status the model just built, with every timestamp it made itself turned into wall time: a value
   * that equals the one already at the same place in the API server's status was carried over from there
   * (a condition that did not change, startTime) and is wall time already.
   */
  wallStatus(status: unknown, prev: unknown): unknown {
    if (this.speed === 1) return status;
    if (typeof status === 'string') return ISO_SECONDS.test(status) && status !== prev ? this.wallIso(status) : status;
    if (Array.isArray(status)) return status.map((v, i) => this.wallStatus(v, Array.isArray(prev) ? prev[i] : undefined));
    if (status && typeof status === 'object') {
      const p = prev && typeof prev === 'object' ? (prev as Record<string, unknown>) : {};
      return Object.fromEntries(Object.entries(status).map(([k, v]) => [k, this.wallStatus(v, p[k])]));
    }
    return status;
  }
}

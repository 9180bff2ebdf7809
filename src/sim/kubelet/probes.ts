/**
 * Probes, evaluated the way the kubelet runs them: ticks at startedAt + initialDelaySeconds + k × period.
 * A program tells when it becomes healthy (upAt); the kubelet derives readiness, the failures it reports as
 * `Unhealthy` events, and the liveness kill when failureThreshold failures come first.
 */
type J = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface ProbeAnswer {
  ok: boolean;
  msg?: string;
}

/** The port a probe aims at, named ports resolved through the container's ports. */
export function probePort(c: J, port: number | string | undefined): number | undefined {
  if (typeof port === 'number') return port;
  if (port === undefined) return undefined;
  if (/^\d+$/.test(port)) return Number(port);
  for (const p of c.ports ?? []) if (p.name === port) return p.containerPort;
  return undefined;
}

/** How a failed probe is described, by handler and what went wrong. */
export function failureText(probe: J, c: J, ip: string, what: 'refused' | number | string): string {
  if (probe.httpGet) {
    const port = probePort(c, probe.httpGet.port);
    const scheme = String(probe.httpGet.scheme ?? 'HTTP').toLowerCase();
    const path = probe.httpGet.path ?? '/';
    if (port === undefined) return `strconv.Atoi: parsing "${probe.httpGet.port}": invalid syntax`;
    if (what === 'refused') return `Get "${scheme}://${ip}:${port}${path}": dial tcp ${ip}:${port}: connect: connection refused`;
    if (typeof what === 'number') return `HTTP probe failed with statuscode: ${what}`;
    return what;
  }
  if (probe.tcpSocket) {
    const port = probePort(c, probe.tcpSocket.port);
    return `dial tcp ${ip}:${port}: connect: connection refused`;
  }
  return typeof what === 'string' && what !== 'refused' ? what : '';
}

export interface ProbeTiming {
  first: number;
  period: number;
  threshold: number;
}

export function timing(probe: J, startedAt: number): ProbeTiming {
  return {
    first: startedAt + (probe.initialDelaySeconds ?? 0) * 1000,
    period: Math.max(1, probe.periodSeconds ?? 10) * 1000,
    threshold: Math.max(1, probe.failureThreshold ?? 3),
  };
}

/** The first probe tick at or after `t`. */
export function tickAtOrAfter(tm: ProbeTiming, t: number): number {
  if (t <= tm.first) return tm.first;
  return tm.first + Math.ceil((t - tm.first) / tm.period) * tm.period;
}

/** How many ticks fall in [first, until]. */
export function ticksUpTo(tm: ProbeTiming, until: number): number {
  if (until < tm.first) return 0;
  return Math.floor((until - tm.first) / tm.period) + 1;
}

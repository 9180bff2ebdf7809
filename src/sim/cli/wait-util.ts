/** Waiting in wall-clock time while the model moves on in simulated time. */
export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Go-style durations in flags (`30s`, `1m0s`, `2m`, `500ms`) to milliseconds. */
export function goDuration(v: string | undefined, def: number): number {
  if (!v) return def;
  let total = 0;
  const re = /(\d+(?:\.\d+)?)(ms|h|m|s)/g;
  let matched = '';
  for (let m = re.exec(v); m; m = re.exec(v)) {
    total += Number(m[1]) * { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[m[2]]!;
    matched += m[0];
  }
  if (matched !== v) return /^\d+$/.test(v) ? Number(v) * 1000 : def;
  return total;
}

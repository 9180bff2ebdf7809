/** kubectl's klog error line (`E1127 19:53:01.600672    7231 run.go:72] "command failed" err="..."`). */
export function klogError(now: number, msg: string): string {
  const d = new Date(now);
  const p = (n: number, l = 2) => String(n).padStart(l, '0');
  const head = `E${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}.${p(d.getUTCMilliseconds(), 3)}${p(Math.floor(Math.random() * 1000), 3)}`;
  return `${head} ${String(process.pid).padStart(7)} run.go:72] "command failed" err=${JSON.stringify(msg)}`;
}

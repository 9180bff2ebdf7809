/**
 * Comparing one invocation's outputs from the two clusters, and the allowlist of differences that cannot
 * or need not match (each with its reason). Pure: the test runs the clusters, this judges.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { RunResult } from './runner.js';
import { normalize } from './normalize.js';

export type Part = 'stdout' | 'stderr' | 'exit';

export interface Difference {
  scenario: string;
  index: number;
  argv: string[];
  parts: Part[];
  sim: { stdout: string; stderr: string; exit: string };
  real: { stdout: string; stderr: string; exit: string };
}

export interface AllowEntry {
  scenario: string;
  /** Which runs: an index, or a regular expression matched against the argv joined with spaces. */
  run?: number;
  args?: string;
  /** The parts allowed to differ (default: all). */
  parts?: Part[];
  reason: string;
}

export function loadAllowlist(file = join(import.meta.dirname, 'allowlist.yaml')): AllowEntry[] {
  const doc = parse(readFileSync(file, 'utf8')) as { allowed?: AllowEntry[] } | null;
  const list = doc?.allowed ?? [];
  for (const e of list) if (!e.reason?.trim()) throw new Error(`allowlist entry for ${e.scenario} has no reason`);
  return list;
}

/**
 * A container's environment (`exec POD -- env`) comes in the kubelet's order, which for `envFrom` follows a
 * Go map: its lines are compared as a set.
 */
function unordered(r: RunResult): boolean {
  const dash = r.run.args.indexOf('--');
  return dash >= 0 && r.run.args[dash + 1] === 'env';
}

const view = (r: RunResult) => {
  let stdout = normalize(r.out.stdout);
  if (unordered(r)) stdout = stdout.split('\n').sort().join('\n');
  return { stdout, stderr: normalize(r.out.stderr), exit: String(r.out.exitCode ?? 'stopped') };
};

export function compareRun(scenario: string, index: number, sim: RunResult, real: RunResult): Difference | undefined {
  const a = view(sim);
  const b = view(real);
  const parts = (['stdout', 'stderr', 'exit'] as Part[]).filter((p) => a[p] !== b[p]);
  return parts.length ? { scenario, index, argv: real.argv, parts, sim: a, real: b } : undefined;
}

export function allowedBy(d: Difference, list: AllowEntry[]): AllowEntry | undefined {
  return list.find(
    (e) =>
      (e.scenario === d.scenario || (e.scenario.endsWith('*') && d.scenario.startsWith(e.scenario.slice(0, -1)))) &&
      (e.run === undefined || e.run === d.index) &&
      (e.args === undefined || new RegExp(e.args).test(d.argv.join(' '))) &&
      d.parts.every((p) => (e.parts ?? ['stdout', 'stderr', 'exit']).includes(p)),
  );
}

/** A line diff (longest common subsequence) for the test's message: `-` the simulator, `+` the real cluster. */
export function lineDiff(a: string, b: string, max = 30): string {
  const x = a.split('\n');
  const y = b.split('\n');
  // Trim the common head and tail first: most outputs differ in a few lines.
  let head = 0;
  while (head < x.length && head < y.length && x[head] === y[head]) head++;
  let tail = 0;
  while (tail < x.length - head && tail < y.length - head && x[x.length - 1 - tail] === y[y.length - 1 - tail]) tail++;
  const xs = x.slice(head, x.length - tail);
  const ys = y.slice(head, y.length - tail);
  if (xs.length * ys.length > 4_000_000) return [...xs.slice(0, max / 2).map((l) => `- sim:  ${l}`), ...ys.slice(0, max / 2).map((l) => `+ real: ${l}`)].join('\n');
  const lcs = Array.from({ length: xs.length + 1 }, () => new Uint32Array(ys.length + 1));
  for (let i = xs.length - 1; i >= 0; i--) for (let j = ys.length - 1; j >= 0; j--) lcs[i][j] = xs[i] === ys[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
  const out: string[] = [];
  let i = 0;
  let j = 0;
  while ((i < xs.length || j < ys.length) && out.length < max) {
    if (i < xs.length && j < ys.length && xs[i] === ys[j]) (i++, j++);
    else if (j < ys.length && (i === xs.length || lcs[i][j + 1] >= lcs[i + 1][j])) out.push(`+ real: ${ys[j++]}`);
    else out.push(`- sim:  ${xs[i++]}`);
  }
  if (out.length >= max) out.push('  …');
  return out.join('\n');
}

export function describeDifference(d: Difference): string {
  const lines = [`${d.scenario} #${d.index}: kubectl ${d.argv.join(' ')}`];
  for (const p of d.parts) lines.push(`  ${p}:`, ...lineDiff(d.sim[p], d.real[p]).split('\n').map((l) => `    ${l}`));
  return lines.join('\n');
}

/** What real kubectl says when it refuses a command line (it never reaches the server). */
export const USAGE_ERROR =
  /unknown flag|unknown command|unknown shorthand|accepts \d+ arg|accepts at most|accepts between|required flag|invalid argument|flag needs an argument|you may only specify a single resource type|You must provide|unknown resource type|bad flag syntax|error: unknown/i;

/** Whitespace does not count when a lesson's transcript is looked for in real output. */
export function containsTranscript(output: string, expected: string[]): string[] {
  const squash = (s: string) => normalize(s).replace(/\s+/g, '');
  const hay = squash(output);
  return expected.filter((line) => !hay.includes(squash(line)));
}

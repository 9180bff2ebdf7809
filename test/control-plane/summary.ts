/**
 * The tier's one-line result and reports/control-plane.json, from the parts its tests write into
 * reports/control-plane/: conformance.json (test/conformance), lint.json, steps.json and trainer.json (this
 * folder's tests), course.json (the course on EMQX behind kwok pods, when that suite runs). A part that is
 * not there is reported as missing (null in the JSON), never made up. global-setup.ts clears the folder when
 * a run starts and prints the line when it ends.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const REPORTS = join(import.meta.dirname, '..', '..', 'reports');
export const PARTS = join(REPORTS, 'control-plane');
export const SUMMARY_FILE = join(REPORTS, 'control-plane.json');

export interface Parts {
  conformance?: { total: number; identical: number; allowed: number; different?: number };
  lint?: { total: number; agree: number };
  steps?: { passed: number };
  trainer?: { ok: boolean };
  course?: { course: { passed: number }; mistakes: { total: number; diagnosed: number } };
}

export function clearParts(dir = PARTS): void {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
}

const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** One part file, or undefined when it is missing or not of the shape `valid` wants. */
function part<T>(dir: string, name: string, valid: (v: any) => boolean): T | undefined {
  const file = join(dir, `${name}.json`);
  if (!existsSync(file)) return undefined;
  try {
    const v = JSON.parse(readFileSync(file, 'utf8')) as unknown;
    return v && typeof v === 'object' && valid(v) ? (v as T) : undefined;
  } catch {
    return undefined;
  }
}

export function readParts(dir = PARTS): Parts {
  return {
    conformance: part(dir, 'conformance', (v) => isNum(v.total) && isNum(v.identical) && isNum(v.allowed)),
    lint: part(dir, 'lint', (v) => isNum(v.total) && isNum(v.agree)),
    steps: part(dir, 'steps', (v) => isNum(v.passed)),
    trainer: part(dir, 'trainer', (v) => typeof v.ok === 'boolean'),
    course: part(dir, 'course', (v) => isNum(v.course?.passed) && isNum(v.mistakes?.total) && isNum(v.mistakes?.diagnosed)),
  };
}

export function elapsed(ms: number): string {
  const s = Math.round(ms / 1000);
  return s < 60 ? `${s} s` : `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
}

/** `control plane v1.32.5: conformance N/M identical (A allowed), lint agrees K/K, steps S/9, trainer kit ok[, course S/9, mistakes D2/D] (T)` */
export function summaryLine(kubernetes: string, p: Parts, stepsTotal: number, ms: number): string {
  const out = [
    p.conformance ? `conformance ${p.conformance.identical}/${p.conformance.total} identical (${p.conformance.allowed} allowed)` : 'conformance missing',
    p.lint ? `lint agrees ${p.lint.agree}/${p.lint.total}` : 'lint missing',
    p.steps ? `steps ${p.steps.passed}/${stepsTotal}` : 'steps missing',
    p.trainer ? `trainer kit ${p.trainer.ok ? 'ok' : 'FAILED'}` : 'trainer kit missing',
  ];
  if (p.course) out.push(`course ${p.course.course.passed}/${stepsTotal}`, `mistakes ${p.course.mistakes.diagnosed}/${p.course.mistakes.total}`);
  return `control plane ${kubernetes}: ${out.join(', ')} (${elapsed(ms)})`;
}

export function summaryJson(kubernetes: string, p: Parts): object {
  const json: Record<string, unknown> = {
    kubernetes,
    conformance: p.conformance ? { total: p.conformance.total, identical: p.conformance.identical, allowed: p.conformance.allowed } : null,
    lint: p.lint ? { total: p.lint.total, agree: p.lint.agree } : null,
    steps: p.steps ? { passed: p.steps.passed } : null,
    trainer: p.trainer ? { ok: p.trainer.ok } : null,
  };
  if (p.course) {
    json.course = { passed: p.course.course.passed };
    json.mistakes = { total: p.course.mistakes.total, diagnosed: p.course.mistakes.diagnosed };
  }
  return json;
}

/** Write reports/control-plane.json and return the line. */
export function reportRun(kubernetes: string, stepsTotal: number, ms: number, dir = PARTS, file = SUMMARY_FILE): string {
  const p = readParts(dir);
  mkdirSync(join(file, '..'), { recursive: true });
  writeFileSync(file, `${JSON.stringify(summaryJson(kubernetes, p), null, 2)}\n`);
  return summaryLine(kubernetes, p, stepsTotal, ms);
}

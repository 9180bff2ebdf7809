/**
 * What a learner reads when a step does not pass: which check, why (the last reason seen), the known
 * mistake it matches (diagnosis), what the cluster shows, and the hint that fits. Everything wrapped to
 * the terminal, CJK included.
 */
import type { LabIo } from './io.js';
import type { FailureView, HintView } from './port.js';
import { wrap } from './text.js';

type Io = Pick<LabIo, 'm' | 'style' | 'columns'>;

function section(title: string, body: string, io: Io, paint: (s: string) => string = (s) => s): string[] {
  const cols = Math.min(io.columns() - 4, 100);
  return [io.style.bold(title), ...wrap(body, cols).map((l) => `  ${paint(l)}`)];
}

export function renderFailure(f: FailureView, io: Io): string[] {
  const { m, style: s } = io;
  const out = [s.red(s.bold(`✗ ${m.failedTitle}`)) + s.dim(` · ${m.failedCheck(f.title)}`)];
  // The known mistake first; the raw reason stays below it.
  if (f.diagnosis) {
    out.push(...section(m.diagnosis(f.diagnosis.title), f.diagnosis.explain, io));
    if (f.diagnosis.hint) out.push(...wrap(f.diagnosis.hint, Math.min(io.columns() - 4, 100)).map((l) => `  ${s.cyan(l)}`));
  }
  out.push(...section(m.why, f.reason, io, s.red));
  if (f.evidence.length) out.push(...section(m.evidence, f.evidence.join('\n'), io, s.dim));
  return out;
}

export function renderHint(h: HintView, io: Io): string[] {
  const out = section(io.m.hintTitle(h.index, h.total), h.text, io, io.style.cyan);
  if (h.exhausted) out.push(...wrap(io.m.hintsExhausted, Math.min(io.columns() - 4, 100)).map((l) => `  ${io.style.yellow(l)}`));
  return out;
}

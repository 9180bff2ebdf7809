/**
 * The checks of a step as they run: pending ○, running (a spinner frame and the last reason seen),
 * passed ✓, failed ✗ with its reason. A disruption's follow-up checks are indented under it.
 */
import type { Lesson } from '../course/schema.js';
import type { Lang } from '../i18n/lang.js';
import type { LabIo } from './io.js';
import type { DiagnosisView } from './port.js';
import { wrap } from './text.js';

export type CheckState = 'pending' | 'running' | 'passed' | 'failed' | 'skipped';

export interface CheckRow {
  id: string;
  title: string;
  state: CheckState;
  /** The last reason seen (running: why not yet; failed: why not). */
  reason?: string;
  /** The known mistake the check looks like while it waits (or failed with). */
  diagnosis?: DiagnosisView;
  children: CheckRow[];
}

/** Spinner frames: the ones clack uses, so the lab feels like one program. */
export const FRAMES = ['◒', '◐', '◓', '◑'];

/** The rows of a lesson's checks, all pending (the follow-ups of a disruption as children). */
export function checkRows(lesson: Pick<Lesson, 'checks'>, lang: Lang): CheckRow[] {
  return lesson.checks.map((c) => ({
    id: c.id,
    title: c.title[lang],
    state: 'pending' as const,
    children:
      c.kind === 'disruption'
        ? c.then.map((f) => ({ id: f.id, title: f.title[lang], state: 'pending' as const, children: [] }))
        : [],
  }));
}

/** Find a row by id, at the top or among the children. */
export function findRow(rows: CheckRow[], id: string): CheckRow | undefined {
  for (const r of rows) {
    if (r.id === id) return r;
    const c = r.children.find((x) => x.id === id);
    if (c) return c;
  }
  return undefined;
}

export function resetRows(rows: CheckRow[]): void {
  for (const r of rows) {
    r.state = 'pending';
    r.reason = undefined;
    r.diagnosis = undefined;
    resetRows(r.children);
  }
}

function mark(state: CheckState, frame: number, io: Pick<LabIo, 'style' | 'plain'>): string {
  const s = io.style;
  switch (state) {
    case 'passed':
      return s.green('✓');
    case 'failed':
      return s.red('✗');
    case 'running':
      return s.magenta(io.plain ? '…' : FRAMES[frame % FRAMES.length]);
    case 'skipped':
      return s.dim('–');
    default:
      return s.dim('○');
  }
}

/** `mark text…` wrapped to `cols`, the lines after the first indented under the text. */
function hanging(mark: string, text: string, pad: string, cols: number): string[] {
  const inner = ' '.repeat(mark.length);
  return wrap(text, Math.max(10, cols - pad.length - mark.length)).map((l, i) => `${pad}${i === 0 ? mark : inner}${l}`);
}

/**
 * The rows as lines of at most `cols` columns (the live region redraws whatever height they take). Titles
 * and reasons are wrapped in full, never cut. A check diagnosed while it waits shows the known mistake first
 * (⚠ and its title) and what to do, a failed one the mistake's title; the raw reason stays below it.
 */
export function renderChecks(rows: CheckRow[], cols: number, frame: number, io: Pick<LabIo, 'style' | 'plain'>): string[] {
  const out: string[] = [];
  const s = io.style;
  const walk = (list: CheckRow[], indent: string) => {
    for (const r of list) {
      const title = wrap(r.title, Math.max(10, cols - indent.length - 2));
      title.forEach((t, i) => {
        const text = r.state === 'pending' ? s.dim(t) : t;
        out.push(i === 0 ? `${indent}${mark(r.state, frame, io)} ${text}` : `${indent}  ${text}`);
      });
      const pad = `${indent}  `;
      const open = r.state === 'running' || r.state === 'failed';
      if (open && r.diagnosis) {
        hanging('⚠ ', r.diagnosis.title, pad, cols).forEach((l) => out.push(s.yellow(l)));
        // A failed check's hint is in the failure shown under the checks.
        if (r.state === 'running') hanging('→ ', r.diagnosis.hint, `${pad}  `, cols).forEach((l) => out.push(s.cyan(l)));
      }
      if (r.reason && open) {
        for (const l of wrap(r.reason, cols - pad.length)) out.push(pad + (r.state === 'failed' ? s.red(l) : s.dim(l)));
      }
      // Follow-ups of a disruption show once the engine reports on them.
      if (r.children.some((c) => c.state !== 'pending')) walk(r.children, `${indent}  `);
    }
  };
  walk(rows, '');
  return out;
}

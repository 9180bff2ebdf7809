/**
 * The checks of a step as they run: pending ○, running (a spinner frame and the last reason seen),
 * passed ✓, failed ✗ with its reason. A disruption's follow-up checks are indented under it.
 */
import type { Lesson } from '../course/schema.js';
import type { Lang } from '../i18n/lang.js';
import type { LabIo } from './io.js';
import { truncate, wrap } from './text.js';

export type CheckState = 'pending' | 'running' | 'passed' | 'failed' | 'skipped';

export interface CheckRow {
  id: string;
  title: string;
  state: CheckState;
  /** The last reason seen (running: why not yet; failed: why not). */
  reason?: string;
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

/**
 * The rows as lines of at most `cols` columns (the live region redraws whatever height they take). Titles
 * and the reason of a failed check are wrapped in full; the reason of a running check is one cut line, so
 * the block does not jump while reasons change.
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
      if (r.reason && (r.state === 'running' || r.state === 'failed')) {
        const pad = `${indent}  `;
        const lines = r.state === 'failed' ? wrap(r.reason, cols - pad.length) : [truncate(r.reason, cols - pad.length)];
        for (const l of lines) out.push(pad + (r.state === 'failed' ? s.red(l) : s.dim(l)));
      }
      // Follow-ups of a disruption show once the engine reports on them.
      if (r.children.some((c) => c.state !== 'pending')) walk(r.children, `${indent}  `);
    }
  };
  walk(rows, '');
  return out;
}

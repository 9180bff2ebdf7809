/**
 * The room as a terminal grid: one row per learner, one column per step (✔ passed, ▸ current, · locked),
 * then the current step with the time spent on it, then why their last check failed (cut to the terminal
 * width; `--json` and the dashboard have it whole). Widths are measured with string-width, so Chinese text
 * lines up. No escape codes when colour is off.
 */
import stringWidth from 'string-width';
import type { Lang } from '../i18n/lang.js';
import { workshopMessages } from '../i18n/workshop.js';
import { makeStyle } from '../markdown/style.js';
import type { Cell, LearnerStatus, RoomStatus } from './status.js';
import { oneLine } from '../util/terminal-text.js';

export const MARK: Record<Cell, string> = { passed: '✔', current: '▸', locked: '·' };

function pad(s: string, width: number): string {
  return s + ' '.repeat(Math.max(0, width - stringWidth(s)));
}

/** Cut to `width` columns, with an ellipsis when something was cut. */
export function cut(s: string, width: number): string {
  const flat = s.replace(/\s+/g, ' ').trim();
  if (stringWidth(flat) <= width) return flat;
  let out = '';
  for (const ch of flat) {
    if (stringWidth(out + ch) > width - 1) break;
    out += ch;
  }
  return `${out}…`;
}

export function whereText(l: LearnerStatus, lang: Lang): string {
  const m = workshopMessages[lang];
  if (!l.started) return m.notStarted;
  if (l.done) return m.allDone;
  if (!l.current) return '';
  return l.secondsOnStep === undefined ? m.onStep(l.current.step) : m.onStepFor(l.current.step, m.duration(l.secondsOnStep));
}

export function failureText(l: LearnerStatus): string {
  const f = l.lastFailure;
  if (!f) return '';
  return `${f.step ?? f.id}: ${f.check}: ${f.reason}`;
}

export function formatGrid(room: RoomStatus, lang: Lang, color: boolean, columns = 100): string {
  const m = workshopMessages[lang];
  const st = makeStyle(color);
  if (!room.learners.length) return `${m.noLearners(room.prefix)}\n`;
  const nameW = Math.max(stringWidth(m.colLearner), ...room.learners.map((l) => stringWidth(l.namespace)));
  const stepsW = room.steps.length * 2 - 1;
  const stepHead = room.steps.map((s) => String(s.number % 10)).join(' ');
  const wheres = room.learners.map((l) => whereText(l, lang));
  const whereW = Math.max(stringWidth(m.colWhere), ...wheres.map((w) => stringWidth(w)));
  const restW = Math.max(20, columns - nameW - stepsW - whereW - 6);
  const lines = [st.bold(`${pad(m.colLearner, nameW)}  ${pad(stepHead, stepsW)}  ${pad(m.colWhere, whereW)}  ${m.colFailure}`)];
  room.learners.forEach((l, i) => {
    const cells = l.cells
      .map((c) => (c === 'passed' ? st.green(MARK[c]) : c === 'current' ? st.yellow(MARK[c]) : st.gray(MARK[c])))
      .join(' ');
    const where = l.started ? wheres[i] : st.gray(wheres[i]);
    // A learner's own words (their record): plain text only on the trainer's terminal.
    const failure = oneLine(failureText(l));
    lines.push(`${pad(l.namespace, nameW)}  ${cells}  ${where}${' '.repeat(Math.max(0, whereW - stringWidth(wheres[i])))}  ${failure ? st.red(cut(failure, restW)) : ''}`.trimEnd());
  });
  const done = room.learners.filter((l) => l.done).length;
  const started = room.learners.filter((l) => l.started).length;
  lines.push('', st.dim(m.summary(room.learners.length, started, done)));
  return `${lines.join('\n')}\n`;
}

/**
 * A block of lines redrawn in place (checks, the namespace picture, the key bar). On a terminal it moves
 * the cursor back up and rewrites the block; lines are cut to the width so none wraps and the count stays
 * right. Without a terminal or under CI it never redraws: it prints each line once, when it first appears,
 * so a log reads top to bottom.
 */
import type { LabIo } from './io.js';
import { stripAnsi } from './style.js';
import { fit } from './text.js';

export interface LiveRegion {
  /** Replace the block with these lines. */
  update(lines: string[]): void;
  /** Leave the last lines on screen and stop redrawing (the next output goes below them). */
  done(lines?: string[]): void;
}

const UP = (n: number) => (n > 0 ? `\x1b[${n}A` : '');
const ERASE_DOWN = '\x1b[J';
const HIDE = '\x1b[?25l';
const SHOW = '\x1b[?25h';

export function liveRegion(io: Pick<LabIo, 'output' | 'plain' | 'columns'>): LiveRegion {
  let height = 0;
  let started = false;
  let finished = false;
  const printed = new Set<string>();
  const rows = () => Math.max(5, ((io.output as { rows?: number }).rows ?? 24) - 1);

  const draw = (lines: string[]) => {
    if (io.plain) {
      for (const l of lines) {
        const key = stripAnsi(l).trim();
        if (!key || printed.has(key)) continue;
        printed.add(key);
        io.output.write(`${l}\n`);
      }
      return;
    }
    const cols = io.columns() - 1;
    // More lines than the screen has rows cannot be redrawn in place: keep the last ones.
    const shown = lines.slice(-rows()).map((l) => fit(l, cols).trimEnd());
    const body = shown.length ? `${shown.join('\n')}\n` : '';
    const frame = `${started ? '' : HIDE}\r${UP(height)}${ERASE_DOWN}${body}`;
    io.output.write(frame);
    started = true;
    height = shown.length;
  };

  return {
    update(lines) {
      if (!finished) draw(lines);
    },
    done(lines) {
      if (finished) return;
      if (lines) draw(lines);
      finished = true;
      if (!io.plain && started) io.output.write(SHOW);
    },
  };
}

/**
 * Word-wrapping styled text to a terminal width. Width is measured with string-width, so a Chinese
 * character counts two columns. Latin text breaks at spaces; Chinese text may break between any two
 * characters, except that closing punctuation never starts a line and opening punctuation never ends one.
 */
import stringWidth from 'string-width';
import type { Paint } from './style.js';

/** A run of text in one style (`\n` inside text is a forced line break). */
export interface Span {
  text: string;
  paint?: Paint;
}

interface Part {
  text: string;
  paint?: Paint;
}

/** An unbreakable group of parts, or a breakable space, or a forced break. */
type Unit = { type: 'word'; parts: Part[]; width: number } | { type: 'space'; part: Part } | { type: 'break' };

// Wide characters (CJK ideographs, kana, hangul, full-width forms) allow a break before and after.
const WIDE = /[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua960-\ua97f\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/;
const NO_BREAK_BEFORE = /^[，。、：；！？）」』》〉】〕｝…—,.:;!?)\]}%’”]/;
const NO_BREAK_AFTER = /[（「『《〈【〔｛‘“(\[]$/;

function units(spans: Span[]): Unit[] {
  const out: Unit[] = [];
  let word: Part[] | undefined;
  const flush = () => {
    if (word?.length) out.push({ type: 'word', parts: word, width: 0 });
    word = undefined;
  };
  const addToWord = (text: string, paint?: Paint) => {
    word ??= [];
    const last = word[word.length - 1];
    if (last && last.paint === paint) last.text += text;
    else word.push({ text, paint });
  };
  for (const { text, paint } of spans) {
    for (const ch of text) {
      if (ch === '\n') {
        flush();
        out.push({ type: 'break' });
      } else if (ch === ' ' || ch === '\t') {
        flush();
        out.push({ type: 'space', part: { text: ' ', paint } });
      } else if (WIDE.test(ch)) {
        // A wide character is a word of its own, unless punctuation rules glue it to a neighbour.
        const prevWord = word?.map((p) => p.text).join('') ?? '';
        if (NO_BREAK_BEFORE.test(ch) || (prevWord && NO_BREAK_AFTER.test(prevWord))) {
          addToWord(ch, paint);
        } else {
          flush();
          addToWord(ch, paint);
        }
      } else {
        const prevWord = word?.map((p) => p.text).join('') ?? '';
        // Latin right after a wide character starts a new breakable unit (mixed Chinese/English text).
        if (prevWord && WIDE.test(prevWord.slice(-1)) && !NO_BREAK_AFTER.test(prevWord) && !NO_BREAK_BEFORE.test(ch)) flush();
        addToWord(ch, paint);
      }
    }
  }
  flush();
  for (const u of out) if (u.type === 'word') u.width = stringWidth(u.parts.map((p) => p.text).join(''));
  return out;
}

/** Split a word wider than a whole line into pieces that fit. */
function hardSplit(parts: Part[], width: number): { parts: Part[]; width: number }[] {
  const pieces: { parts: Part[]; width: number }[] = [];
  let cur: Part[] = [];
  let w = 0;
  for (const p of parts) {
    for (const ch of p.text) {
      const cw = stringWidth(ch);
      if (w + cw > width && w > 0) {
        pieces.push({ parts: cur, width: w });
        cur = [];
        w = 0;
      }
      const last = cur[cur.length - 1];
      if (last && last.paint === p.paint) last.text += ch;
      else cur.push({ text: ch, paint: p.paint });
      w += cw;
    }
  }
  if (cur.length) pieces.push({ parts: cur, width: w });
  return pieces;
}

/** Paint a line's parts, runs in the same style together (fewer escape codes). */
function paintLine(parts: Part[]): string {
  const runs: Part[] = [];
  for (const p of parts) {
    const last = runs[runs.length - 1];
    if (last && last.paint === p.paint) last.text += p.text;
    else runs.push({ ...p });
  }
  return runs.map((p) => (p.paint ? p.paint(p.text) : p.text)).join('');
}

/**
 * Wrap spans into lines at most `width` columns wide, including the prefixes: `first` starts the first
 * line (a bullet), `rest` every other line (the hanging indent). Prefixes may carry styles.
 */
export function wrap(spans: Span[], width: number, first = '', rest = first): string[] {
  const lines: string[] = [];
  let prefix = first;
  let avail = Math.max(8, width - stringWidth(prefix));
  let line: Part[] = [];
  let used = 0;
  let space: Part | undefined;
  const newLine = () => {
    lines.push(prefix + paintLine(line));
    prefix = rest;
    avail = Math.max(8, width - stringWidth(prefix));
    line = [];
    used = 0;
    space = undefined;
  };
  for (const u of units(spans)) {
    if (u.type === 'break') {
      newLine();
      continue;
    }
    if (u.type === 'space') {
      if (used > 0) space = u.part;
      continue;
    }
    const gap = space ? 1 : 0;
    if (used > 0 && used + gap + u.width > avail) newLine();
    else if (space) {
      line.push(space);
      used += 1;
    }
    space = undefined;
    const pieces = u.width > avail ? hardSplit(u.parts, avail) : [{ parts: u.parts, width: u.width }];
    pieces.forEach((piece, i) => {
      if (i > 0) newLine();
      line.push(...piece.parts);
      used += piece.width;
    });
  }
  if (line.length || !lines.length) newLine();
  return lines.map((l) => l.replace(/\s+$/, ''));
}

/**
 * Text layout by terminal columns, not by characters: a Chinese character takes two columns, ANSI colour
 * codes take none. Every padded cell, box and side-by-side panel of the lab goes through here, so CJK text
 * lines up in both languages (string-width 7 decides the width of each grapheme).
 */
import stringWidth from 'string-width';
import { stripAnsi } from './style.js';

export function width(s: string): number {
  return stringWidth(s);
}

/** Pad with spaces on the right to `cols` columns (never cuts). */
export function padEnd(s: string, cols: number): string {
  const w = width(s);
  return w >= cols ? s : s + ' '.repeat(cols - w);
}

export function padStart(s: string, cols: number): string {
  const w = width(s);
  return w >= cols ? s : ' '.repeat(cols - w) + s;
}

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** Graphemes of a plain string with their widths (the unit we cut and wrap at). */
function graphemes(s: string): { g: string; w: number }[] {
  return [...segmenter.segment(s)].map(({ segment }) => ({ g: segment, w: stringWidth(segment) }));
}

/**
 * Cut to at most `cols` columns, ending with `…` when something was cut. Styled text is cut as plain text
 * (colours are applied after layout everywhere in the lab, so this only ever sees plain strings).
 */
export function truncate(s: string, cols: number): string {
  if (cols <= 0) return '';
  const plain = stripAnsi(s);
  if (width(plain) <= cols) return s;
  return `${cut(plain, cols - 1)}…`;
}

/** The longest prefix of a plain string that fits in `cols` columns. */
export function cut(s: string, cols: number): string {
  let out = '';
  let used = 0;
  for (const { g, w } of graphemes(s)) {
    if (used + w > cols) break;
    out += g;
    used += w;
  }
  return out;
}

/** Wide characters (CJK) may break anywhere; Latin words break at spaces. */
const WIDE = /[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef\u3000-\u303f]/;
/** Punctuation that must not start a line: it sticks to what comes before it. */
const NO_LINE_START = /^[，。：；、！？）》」』,.:;!?)\]]$/;

/** A paragraph as break units: Latin words, single wide characters (with trailing punctuation), spaces. */
function tokens(para: string): string[] {
  const out: string[] = [];
  for (const { g } of graphemes(para)) {
    const last = out.length ? out[out.length - 1] : undefined;
    if (g === ' ') {
      if (last === ' ') continue;
      out.push(' ');
    } else if (last !== undefined && last !== ' ' && NO_LINE_START.test(g)) {
      out[out.length - 1] = last + g;
    } else if (WIDE.test(g) || last === undefined || last === ' ' || WIDE.test(last.slice(-1))) {
      out.push(g);
    } else {
      out[out.length - 1] = last + g;
    }
  }
  return out;
}

/**
 * Wrap plain text to `cols` columns: Latin text breaks at spaces (a word longer than a line is cut), CJK
 * text between any two characters, and punctuation never starts a line.
 */
export function wrap(text: string, cols: number): string[] {
  const out: string[] = [];
  for (const para of text.split('\n')) {
    if (width(para) <= cols) {
      out.push(para);
      continue;
    }
    const indent = /^ */.exec(para)![0];
    let line = '';
    for (const tok of tokens(para.slice(indent.length))) {
      if (tok === ' ') {
        if (line) line += ' ';
        continue;
      }
      const candidate = line + tok;
      if (width(indent + candidate) <= cols) {
        line = candidate;
        continue;
      }
      if (line.trim()) out.push(indent + line.trimEnd());
      line = '';
      let rest = tok;
      while (width(indent + rest) > cols) {
        const head = cut(rest, cols - width(indent));
        if (!head) break;
        out.push(indent + head);
        rest = rest.slice(head.length);
      }
      line = rest;
    }
    if (line.trim()) out.push(indent + line.trimEnd());
  }
  return out;
}

/** Fit styled lines into a column: cut what is too long (after stripping styles) and pad the rest. */
export function fit(line: string, cols: number): string {
  const w = width(line);
  if (w > cols) return padEnd(truncate(stripAnsi(line), cols), cols);
  return padEnd(line, cols);
}

/** Two panels side by side; the left one padded to `leftCols`, `gap` spaces between them. */
export function sideBySide(left: string[], right: string[], leftCols: number, gap = 3): string[] {
  const n = Math.max(left.length, right.length);
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const l = fit(left[i] ?? '', leftCols);
    const r = right[i] ?? '';
    out.push(r ? `${l}${' '.repeat(gap)}${r}` : l.trimEnd());
  }
  return out;
}

/** A simple table: columns padded to their widest cell (by terminal columns). */
export function table(rows: string[][], gap = 2): string[] {
  const cols = Math.max(0, ...rows.map((r) => r.length));
  const widths = Array.from({ length: cols }, (_, c) => Math.max(0, ...rows.map((r) => width(r[c] ?? ''))));
  return rows.map((r) =>
    r
      .map((cell, c) => (c === r.length - 1 ? cell : padEnd(cell, widths[c] + gap)))
      .join('')
      .trimEnd(),
  );
}

/** A box with a title in its top border, sized to the content (at most `maxCols` wide). */
export function box(title: string, lines: string[], maxCols: number, border: (s: string) => string = (s) => s): string[] {
  const inner = Math.max(width(title) + 2, ...lines.map((l) => width(l)));
  const w = Math.min(inner, Math.max(10, maxCols - 4));
  const top = `╭─ ${title} ${'─'.repeat(Math.max(0, w - width(title) - 1))}╮`;
  const out = [border(top)];
  for (const l of lines) out.push(`${border('│')} ${fit(l, w)} ${border('│')}`);
  out.push(border(`╰${'─'.repeat(w + 2)}╯`));
  return out;
}

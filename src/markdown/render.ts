/**
 * Markdown for the terminal, on marked's lexer: headings, paragraphs, emphasis, inline code, code blocks,
 * lists (nested), blockquotes, links as `text (url)`, tables and rules, word-wrapped to the width. Nothing
 * of the markdown syntax is left in the output, and with colour off there are no escape codes either.
 */
import { Lexer, type Token, type Tokens } from 'marked';
import stringWidth from 'string-width';
import { decodeEntities, inlineSpans } from './inline.js';
import { makeStyle, type Style } from './style.js';
import { wrap, type Span } from './wrap.js';
import { styleYaml } from './yaml-style.js';

export interface MarkdownOptions {
  /** Terminal columns (default 80). */
  width?: number;
  color: boolean;
}

const BULLETS = ['•', '◦', '▪'];
const CODE_INDENT = '    ';

export function renderMarkdown(markdown: string, opts: MarkdownOptions): string {
  const style = makeStyle(opts.color);
  const width = Math.max(20, opts.width ?? 80);
  const lines = blocks(Lexer.lex(markdown), width, style, 0);
  return `${lines.join('\n').replace(/\n{3,}/g, '\n\n').trim()}\n`;
}

/** Render blocks, separated by one blank line. */
function blocks(tokens: Token[], width: number, style: Style, depth: number): string[] {
  const out: string[] = [];
  for (const t of tokens) {
    const lines = block(t, width, style, depth);
    if (!lines.length) continue;
    if (out.length) out.push('');
    out.push(...lines);
  }
  return out;
}

function block(t: Token, width: number, style: Style, depth: number): string[] {
  switch (t.type) {
    case 'space':
    case 'def':
      return [];
    case 'heading':
      return heading(t as Tokens.Heading, width, style);
    case 'paragraph':
      return wrap(inlineSpans((t as Tokens.Paragraph).tokens, style), width);
    case 'text': {
      const tt = t as Tokens.Text;
      return wrap(tt.tokens ? inlineSpans(tt.tokens, style) : [{ text: decodeEntities(tt.text) }], width);
    }
    case 'code':
      return code(t as Tokens.Code, style);
    case 'blockquote': {
      const bar = style.dim('│ ');
      return blocks((t as Tokens.Blockquote).tokens, width - 2, style, depth).map((l) => (l ? bar + l : style.dim('│')));
    }
    case 'list':
      return list(t as Tokens.List, width, style, depth);
    case 'table':
      return table(t as Tokens.Table, width, style);
    case 'hr':
      return [style.dim('─'.repeat(Math.min(width, 80)))];
    case 'html': {
      const text = decodeEntities((t as Tokens.HTML).text.replace(/<!--[\s\S]*?-->/g, '').replace(/<[^>]*>/g, '')).trim();
      return text ? wrap([{ text }], width) : [];
    }
    default: {
      const any = t as { tokens?: Token[]; text?: string };
      if (any.tokens) return wrap(inlineSpans(any.tokens, style), width);
      return typeof any.text === 'string' ? wrap([{ text: any.text }], width) : [];
    }
  }
}

function heading(t: Tokens.Heading, width: number, style: Style): string[] {
  const lines = wrap(inlineSpans(t.tokens, style, t.depth <= 2 ? ['bold', 'cyan'] : ['bold']), width);
  if (t.depth > 2) return lines;
  // Without colour a top heading still has to stand out: underline it with a rule as wide as its text.
  const textWidth = Math.min(width, Math.max(...lines.map((l) => stringWidth(l))));
  return [...lines, style.dim((t.depth === 1 ? '═' : '─').repeat(textWidth))];
}

function code(t: Tokens.Code, style: Style): string[] {
  const lang = (t.lang ?? '').toLowerCase();
  const text = t.text.replace(/\n$/, '');
  const lines = ['yaml', 'yml', ''].includes(lang) ? styleYaml(text, style) : text.split('\n').map((l) => style.cyan(l));
  return lines.map((l) => (l ? CODE_INDENT + l : ''));
}

function list(t: Tokens.List, width: number, style: Style, depth: number): string[] {
  const out: string[] = [];
  const start = typeof t.start === 'number' ? t.start : 1;
  const last = start + t.items.length - 1;
  const numberWidth = String(last).length;
  t.items.forEach((item, i) => {
    const marker = t.ordered ? `${String(start + i).padStart(numberWidth)}. ` : `${BULLETS[depth % BULLETS.length]} `;
    const indent = ' '.repeat(stringWidth(marker));
    const inner = itemBlocks(item, width - indent.length, style, depth + 1, t.loose);
    if (t.loose && i > 0) out.push('');
    inner.forEach((l, j) => out.push(j === 0 ? style.dim(marker) + l : l ? indent + l : ''));
    if (!inner.length) out.push(style.dim(marker).trimEnd());
  });
  return out;
}

/** A list item's content: its inline text, then any nested blocks (lists, code, quotes). */
function itemBlocks(item: Tokens.ListItem, width: number, style: Style, depth: number, loose: boolean): string[] {
  const out: string[] = [];
  let pending: Span[] = [];
  const flush = () => {
    if (pending.length) out.push(...wrap(pending, width));
    pending = [];
  };
  for (const t of item.tokens) {
    if (t.type === 'checkbox') {
      pending.push(...inlineSpans([t], style));
    } else if (t.type === 'text') {
      const tt = t as Tokens.Text;
      pending.push(...(tt.tokens ? inlineSpans(tt.tokens, style) : [{ text: decodeEntities(tt.text) }]));
    } else if (t.type === 'paragraph' && !out.length) {
      pending.push(...inlineSpans((t as Tokens.Paragraph).tokens, style));
    } else if (t.type !== 'space') {
      flush();
      if (loose && out.length) out.push('');
      out.push(...block(t, width, style, depth));
    }
  }
  flush();
  return out;
}

function table(t: Tokens.Table, width: number, style: Style): string[] {
  const cells = [t.header, ...t.rows].map((row, r) => row.map((c) => inlineSpans(c.tokens, style, r === 0 ? ['bold'] : [])));
  const plain = (spans: Span[]) => spans.map((s) => s.text).join('');
  const cols = t.header.length;
  const natural = Array.from({ length: cols }, (_, c) => Math.max(1, ...cells.map((r) => stringWidth(plain(r[c] ?? [])))));
  // Borders take 3 columns per cell plus one; shrink the widest columns until the table fits.
  const budget = Math.max(cols * 4, width - (3 * cols + 1));
  const widths = [...natural];
  while (widths.reduce((a, b) => a + b, 0) > budget) {
    const widest = widths.indexOf(Math.max(...widths));
    if (widths[widest] <= 4) break;
    widths[widest] -= 1;
  }
  const border = (l: string, m: string, r: string) => style.dim(l + widths.map((w) => '─'.repeat(w + 2)).join(m) + r);
  const row = (spans: Span[][]): string[] => {
    const wrapped = widths.map((w, c) => wrap(spans[c] ?? [], w));
    const height = Math.max(...wrapped.map((w) => w.length));
    return Array.from({ length: height }, (_, i) =>
      style.dim('│') +
      wrapped
        .map((lines, c) => ` ${align(lines[i] ?? '', widths[c], t.align[c] ?? null)} `)
        .join(style.dim('│')) +
      style.dim('│'),
    );
  };
  return [
    border('┌', '┬', '┐'),
    ...row(cells[0]),
    border('├', '┼', '┤'),
    ...cells.slice(1).flatMap((r) => row(r)),
    border('└', '┴', '┘'),
  ];
}

function align(text: string, width: number, how: 'left' | 'center' | 'right' | null): string {
  const gap = Math.max(0, width - stringWidth(text));
  if (how === 'right') return ' '.repeat(gap) + text;
  if (how === 'center') return ' '.repeat(Math.floor(gap / 2)) + text + ' '.repeat(gap - Math.floor(gap / 2));
  return text + ' '.repeat(gap);
}

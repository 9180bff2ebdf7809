/**
 * Inline markdown (marked's inline tokens) to styled spans: emphasis and code become styles, links become
 * `text (url)`, and no markup character of the source survives.
 */
import type { Token, Tokens } from 'marked';
import type { Span } from './wrap.js';
import type { Paint, Style, StyleName } from './style.js';

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

/** marked leaves entities as written; the terminal wants the characters. */
export function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (all, e: string) => {
    if (e[0] === '#') {
      const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : Number(e.slice(1));
      return Number.isFinite(code) ? String.fromCodePoint(code) : all;
    }
    return ENTITIES[e.toLowerCase()] ?? all;
  });
}

export function inlineSpans(tokens: Token[] | undefined, style: Style, active: StyleName[] = []): Span[] {
  const out: Span[] = [];
  const paint = (names: StyleName[]): Paint | undefined => (names.length && style.color ? style.combine(...names) : undefined);
  // A newline inside text is a soft break (a space to the wrapper); only `br` forces a new line.
  const push = (text: string, names: StyleName[] = active, hard = false) => {
    if (text) out.push({ text: hard ? text : text.replace(/\n/g, ' '), paint: paint(names) });
  };
  for (const t of tokens ?? []) {
    switch (t.type) {
      case 'strong':
        out.push(...inlineSpans((t as Tokens.Strong).tokens, style, [...active, 'bold']));
        break;
      case 'em':
        out.push(...inlineSpans((t as Tokens.Em).tokens, style, [...active, 'italic']));
        break;
      case 'del':
        out.push(...inlineSpans((t as Tokens.Del).tokens, style, [...active, 'strike']));
        break;
      case 'codespan':
        push(decodeEntities((t as Tokens.Codespan).text), [...active, 'cyan']);
        break;
      case 'link': {
        const link = t as Tokens.Link;
        const label = inlineSpans(link.tokens, style, [...active, 'underline']);
        out.push(...label);
        const text = label.map((s) => s.text).join('');
        const href = link.href.replace(/^mailto:/, '');
        if (href && href !== text) push(` (${link.href})`, [...active, 'dim']);
        break;
      }
      case 'image': {
        const img = t as Tokens.Image;
        push(img.text || img.href, active);
        if (img.text) push(` (${img.href})`, [...active, 'dim']);
        break;
      }
      case 'br':
        push('\n', active, true);
        break;
      case 'checkbox':
        push((t as Tokens.Checkbox).checked ? '☑ ' : '☐ ');
        break;
      case 'html': {
        const raw = (t as Tokens.HTML).text;
        if (/^<br\s*\/?>$/i.test(raw.trim())) push('\n', active, true);
        else push(decodeEntities(raw.replace(/<!--[\s\S]*?-->/g, '').replace(/<[^>]*>/g, '')));
        break;
      }
      case 'escape':
        push((t as Tokens.Escape).text);
        break;
      case 'text': {
        const tt = t as Tokens.Text;
        if (tt.tokens?.length) out.push(...inlineSpans(tt.tokens, style, active));
        else push(decodeEntities(tt.text));
        break;
      }
      default: {
        const any = t as { tokens?: Token[]; text?: string };
        if (any.tokens) out.push(...inlineSpans(any.tokens, style, active));
        else if (typeof any.text === 'string') push(decodeEntities(any.text));
      }
    }
  }
  return out;
}

/**
 * Columns of plain text that holds no character at or above U+1100: no East Asian wide or fullwidth
 * character comes before it, so such text needs no width table (`list` in English loads none).
 */

/** Control characters, combining marks and the zero-width space take no column. */
export function takesNoColumn(cp: number): boolean {
  return cp < 0x20 || (cp >= 0x7f && cp < 0xa0) || (cp >= 0x300 && cp <= 0x36f) || cp === 0x200b;
}

/** The columns `text` takes, or undefined when it holds a character at or above U+1100 (use plainWidth). */
export function narrowWidth(text: string): number | undefined {
  let width = 0;
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (cp >= 0x1100) return undefined;
    if (!takesNoColumn(cp)) width += 1;
  }
  return width;
}

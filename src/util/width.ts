/**
 * Columns a plain (unstyled) string takes in a terminal: wide and fullwidth characters (CJK) take two.
 * For start-up paths such as `list`, where string-width's emoji tables cost more than the whole command;
 * text with emoji or ANSI codes should go through string-width.
 */
import { eastAsianWidth } from 'get-east-asian-width';

export function plainWidth(text: string): number {
  let width = 0;
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    // Control and combining characters take no column.
    if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0) || (cp >= 0x300 && cp <= 0x36f) || cp === 0x200b) continue;
    width += eastAsianWidth(cp);
  }
  return width;
}

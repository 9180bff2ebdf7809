/**
 * Columns a plain (unstyled) string takes in a terminal: wide and fullwidth characters (CJK) take two.
 * For start-up paths such as `list`, where string-width's emoji tables cost more than the whole command;
 * text with emoji or ANSI codes should go through string-width.
 */
import { eastAsianWidth } from 'get-east-asian-width';
import { takesNoColumn } from './narrow-width.js';

export function plainWidth(text: string): number {
  let width = 0;
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (takesNoColumn(cp)) continue;
    width += eastAsianWidth(cp);
  }
  return width;
}

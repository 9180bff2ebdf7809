/**
 * Terminal styles as plain functions, decided once per output: with colour off every style is the identity,
 * so piped output (or NO_COLOR, or --no-color) carries no escape codes at all. Styles are applied to short
 * runs of text after wrapping, never nested inside each other, so one style's reset cannot end another.
 */
export type Paint = (s: string) => string;

const CODES = {
  bold: [1, 22],
  dim: [2, 22],
  italic: [3, 23],
  underline: [4, 24],
  strike: [9, 29],
  red: [31, 39],
  green: [32, 39],
  yellow: [33, 39],
  blue: [34, 39],
  magenta: [35, 39],
  cyan: [36, 39],
  gray: [90, 39],
} as const;

export type StyleName = keyof typeof CODES;
export type Style = Record<StyleName, Paint> & {
  color: boolean;
  /** Several styles at once (bold + underline). */
  combine(...names: StyleName[]): Paint;
};

export function makeStyle(color: boolean): Style {
  const paint = (names: StyleName[]): Paint => {
    if (!color || !names.length) return (s) => s;
    const open = names.map((n) => `\x1b[${CODES[n][0]}m`).join('');
    const close = names.map((n) => `\x1b[${CODES[n][1]}m`).reverse().join('');
    return (s) => (s ? open + s + close : s);
  };
  // One function per combination, so runs in the same style can be recognised and painted together.
  const cache = new Map<string, Paint>();
  const combine = (...names: StyleName[]): Paint => {
    const key = names.join('+');
    let p = cache.get(key);
    if (!p) cache.set(key, (p = paint(names)));
    return p;
  };
  const style = { color, combine } as Style;
  for (const n of Object.keys(CODES) as StyleName[]) style[n] = combine(n);
  return style;
}

/** Every ANSI escape sequence: for tests and for measuring. */
export const ANSI = /\x1b\[[0-9;]*m/g;

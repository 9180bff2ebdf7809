/**
 * Colours for the interactive lab. Every screen gets a Style built from ctx.color, so `--no-color`,
 * NO_COLOR and a dumb terminal give plain text everywhere (clack's own colours are filtered out by
 * uiOutput in io.ts). node:util styleText is what clack uses, so both look alike.
 */
import { styleText } from 'node:util';

type Format = Parameters<typeof styleText>[0];

export interface Style {
  readonly color: boolean;
  bold(s: string): string;
  dim(s: string): string;
  green(s: string): string;
  red(s: string): string;
  yellow(s: string): string;
  cyan(s: string): string;
  magenta(s: string): string;
  gray(s: string): string;
  inverse(s: string): string;
}

export function makeStyle(color: boolean): Style {
  // The decision is ours (ctx.color), made once here: styleText must not second-guess it by looking at
  // process.stdout, which is not the stream the lab writes to in tests (older Node ignores the option).
  const f = (format: Format) => (s: string) => (color && s ? styleText(format, s, { validateStream: false }) : s);
  return {
    color,
    bold: f('bold'),
    dim: f('dim'),
    green: f('green'),
    red: f('red'),
    yellow: f('yellow'),
    cyan: f('cyan'),
    magenta: f('magenta'),
    gray: f('gray'),
    inverse: f('inverse'),
  };
}

/** Matches ANSI escape sequences: SGR colours and the cursor and erase codes clack and we write. */
// eslint-disable-next-line no-control-regex
export const ANSI = /\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07|\x1b[78]/g;
// eslint-disable-next-line no-control-regex
export const SGR = /\x1b\[[0-9;]*m/g;

export function stripAnsi(s: string): string {
  return s.replace(ANSI, '');
}

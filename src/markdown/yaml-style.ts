/**
 * A subtle style for YAML in the terminal (code blocks and rendered manifests): keys in one colour,
 * comments and document separators dimmed, values as they are. Line by line, no parsing: it only paints.
 */
import type { Style } from './style.js';

const KEY = /^(\s*(?:-\s+)*)([^\s#'"][^:#]*?|"[^"]*"|'[^']*')(:)(\s|$)/;

export function styleYamlLine(line: string, style: Style): string {
  if (!style.color) return line;
  if (/^\s*#/.test(line)) return style.gray(line);
  if (/^(---|\.\.\.)\s*$/.test(line)) return style.dim(line);
  const m = KEY.exec(line);
  if (m) return m[1].replace(/-/g, style.dim('-')) + style.cyan(m[2]) + style.dim(m[3]) + line.slice(m[1].length + m[2].length + 1);
  const dash = /^(\s*)(-)(\s)/.exec(line);
  if (dash) return dash[1] + style.dim('-') + line.slice(dash[1].length + 1);
  return line;
}

export function styleYaml(text: string, style: Style): string[] {
  return text.replace(/\n$/, '').split('\n').map((l) => styleYamlLine(l, style));
}

/**
 * Text read from the cluster (a learner's progress record, an event message, a container's output, kubectl's
 * stderr) is not ours: it can carry escape sequences that clear a trainer's screen, set the window title,
 * write the clipboard (OSC 52) or reorder what is shown (bidi overrides). Everything such text passes
 * through here before it is printed: escape sequences go whole, other control characters become nothing
 * (tab and newline stay in `plainText`, become spaces in `oneLine`).
 */

/** ESC sequences: CSI (ESC [ ... final), OSC / DCS / SOS / PM / APC strings (ended by BEL or ST), two-byte ESC x. */
const ESCAPES = /\x1b(?:\[[0-?]*[ -/]*[@-~]?|[\]PX^_][^\x07\x1b]*(?:\x07|\x1b\\)?|[ -/]*[0-~]?)|\x9b[0-?]*[ -/]*[@-~]?|[\x90\x9d\x98\x9e\x9f][^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?/g;
/** C0 controls other than tab and newline, DEL, C1 controls, and the bidirectional overrides and isolates. */
const CONTROLS = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/g;

/** Safe to print: no escape sequence, no control character but tab and newline. */
export function plainText(s: string): string {
  return s.replace(ESCAPES, '').replace(/\r\n?/g, '\n').replace(CONTROLS, '');
}

/** Safe to print on one line: plainText with tabs and newlines as spaces. */
export function oneLine(s: string): string {
  return plainText(s).replace(/[\t\n]+/g, ' ');
}

/** Every string inside a parsed JSON value made plain (keys too). */
export function plainDeep<T>(v: T): T {
  if (typeof v === 'string') return plainText(v) as T;
  if (Array.isArray(v)) return v.map(plainDeep) as T;
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [plainText(k), plainDeep(x)])) as T;
  return v;
}

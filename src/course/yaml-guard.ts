/**
 * Reading YAML that may be hostile (a lesson, a manifest, a catalogue given to lint or EMQX_LAB_COURSE):
 * a size cap before anything is read, folders and unreadable files as problems, parsing that stays linear
 * (the yaml library's own uniqueKeys check compares every key with every earlier one: a map of 20 000 keys
 * takes seconds, 50 MB never ends), and nesting or alias expansion that would exhaust the stack or memory
 * said as such instead of "Maximum call stack size exceeded".
 */
import { readFileSync, statSync } from 'node:fs';
import { isAlias, isCollection, isMap, isPair, isScalar, parseAllDocuments, type Document, type Node } from 'yaml';

/** Lesson and manifest files are a few kilobytes (the largest shipped one is under 10 KB); past this, not one. */
export const MAX_YAML_BYTES = 512 * 1024;
/** Deeper than any manifest needs, shallow enough for every recursive reader after the parser. */
export const MAX_YAML_DEPTH = 200;
/** Aliases expanded when a document becomes data (the yaml library's default guard is per alias). */
export const MAX_ALIAS_COUNT = 100;

export type ReadFailure = { why: 'notFile' } | { why: 'tooBig'; bytes: number } | { why: 'unreadable'; code: string } | { why: 'notUtf8' };

/** Strict UTF-8: Latin-1, GBK or UTF-16 bytes are said as such, not parsed into a heap of confusing errors. */
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** A text file's content, or why it cannot be read (never throws). */
export function readTextFile(path: string, maxBytes = MAX_YAML_BYTES): { text: string } | ReadFailure {
  let size: number;
  try {
    const st = statSync(path);
    if (!st.isFile()) return { why: 'notFile' };
    size = st.size;
  } catch (e) {
    return { why: 'unreadable', code: (e as NodeJS.ErrnoException).code ?? 'EIO' };
  }
  if (size > maxBytes) return { why: 'tooBig', bytes: size };
  try {
    const bytes = readFileSync(path);
    try {
      return { text: utf8.decode(bytes) };
    } catch {
      return { why: 'notUtf8' };
    }
  } catch (e) {
    return { why: 'unreadable', code: (e as NodeJS.ErrnoException).code ?? 'EIO' };
  }
}

export interface GuardedDocs {
  docs: Document.Parsed[];
  /** The text could not be parsed at all (nested past what the parser's stack holds). */
  tooDeep?: boolean;
}

/** parseAllDocuments without the quadratic duplicate-key check (see duplicateKeys), never throwing. */
export function parseAllGuarded(text: string, options: Parameters<typeof parseAllDocuments>[1] = {}): GuardedDocs {
  try {
    const all = parseAllDocuments(text, { ...options, uniqueKeys: false });
    return { docs: Array.isArray(all) ? all : [] };
  } catch (e) {
    if (e instanceof RangeError) return { docs: [], tooDeep: true };
    throw e;
  }
}

export interface DocShape {
  /** Keys repeated in one mapping: the repeated key's source offset and text. */
  duplicates: { offset: number; key: string }[];
  /** The document nests deeper than MAX_YAML_DEPTH (offset of the first node past it). */
  tooDeep?: number;
}

/** One pass over a document, without recursion: repeated keys (a Set per mapping) and the nesting depth. */
export function docShape(doc: Document.Parsed, maxDepth = MAX_YAML_DEPTH): DocShape {
  const out: DocShape = { duplicates: [] };
  const stack: [Node | null | undefined, number][] = [[doc.contents as Node | null, 1]];
  while (stack.length) {
    const [node, depth] = stack.pop()!;
    if (!node || isScalar(node) || isAlias(node)) continue;
    if (depth > maxDepth) {
      out.tooDeep ??= node.range?.[0] ?? 0;
      continue;
    }
    if (!isCollection(node)) continue;
    const seen = isMap(node) ? new Set<string>() : undefined;
    for (const item of node.items) {
      if (isPair(item)) {
        const k = item.key as Node | null;
        if (seen) {
          const text = isScalar(k) ? String(k.value) : k ? String(k) : '';
          if (seen.has(text)) out.duplicates.push({ offset: k?.range?.[0] ?? 0, key: text });
          seen.add(text);
        }
        if (k && !isScalar(k)) stack.push([k, depth + 1]);
        stack.push([item.value as Node | null, depth + 1]);
      } else stack.push([item as Node | null, depth + 1]);
    }
  }
  return out;
}

/** A parser error that is really the parser's stack running out on deep nesting. */
export function isDepthError(message: string): boolean {
  return /call stack/i.test(message);
}

/** A document as data; an alias bomb or a nesting the converter cannot follow is a reason, not a throw. */
export function toJSGuarded(doc: Document.Parsed): { value: unknown } | { error: 'aliases' | 'tooDeep' | 'other'; message: string } {
  try {
    return { value: doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) as unknown };
  } catch (e) {
    const message = (e as Error).message ?? String(e);
    if (e instanceof RangeError) return { error: 'tooDeep', message };
    if (/alias/i.test(message)) return { error: 'aliases', message };
    return { error: 'other', message };
  }
}

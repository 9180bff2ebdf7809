/**
 * YAML with positions: every problem found in a lesson or manifest file is reported as file:line:col at the
 * offending key, not at the start of its document.
 */
import { isMap, isPair, isScalar, isSeq, LineCounter, type Document, type Node } from 'yaml';
import type { Lang } from '../i18n/lang.js';
import { safetyMessages } from '../i18n/safety.js';
import { courseMessages } from '../i18n/course.js';
import { docShape, isDepthError, MAX_YAML_DEPTH, parseAllGuarded } from './yaml-guard.js';

export interface Problem {
  file: string;
  line: number;
  col: number;
  message: string;
}

export interface YamlSource {
  file: string;
  docs: Document.Parsed[];
  lineCounter: LineCounter;
}

/** Parse every document of a file; syntax errors become problems (and no documents are returned). */
export function parseYaml(text: string, file: string, lang: Lang = 'en'): { source: YamlSource; problems: Problem[] } {
  const lineCounter = new LineCounter();
  // Linear: the duplicate keys and the nesting are checked in one pass of our own (yaml-guard.ts).
  const { docs, tooDeep } = parseAllGuarded(text, { lineCounter, prettyErrors: false });
  const problems: Problem[] = [];
  if (tooDeep) problems.push({ file, line: 1, col: 1, message: safetyMessages[lang].tooDeep(MAX_YAML_DEPTH) });
  for (const doc of docs) {
    for (const err of [...doc.errors, ...doc.warnings]) {
      const [start] = err.pos;
      const { line, col } = lineCounter.linePos(start);
      problems.push({ file, line, col, message: isDepthError(err.message) ? safetyMessages[lang].tooDeep(MAX_YAML_DEPTH) : courseMessages[lang].yamlError(firstLine(err.message)) });
    }
    if (doc.errors.length) continue;
    const shape = docShape(doc);
    for (const d of shape.duplicates) problems.push({ file, ...lineCounter.linePos(d.offset), message: courseMessages[lang].duplicateKey });
    if (shape.tooDeep !== undefined) problems.push({ file, ...lineCounter.linePos(shape.tooDeep), message: safetyMessages[lang].tooDeep(MAX_YAML_DEPTH) });
  }
  // Past the depth limit the parser repeats one error per unclosed level: the depth is the one thing to say.
  const deep = problems.find((p) => p.message === safetyMessages[lang].tooDeep(MAX_YAML_DEPTH));
  if (deep) problems.splice(0, problems.length, deep);
  // A trailing `---` or a comment-only file yields empty documents: they carry no objects.
  const nonEmpty = docs.filter((d) => d.contents !== null);
  return { source: { file, docs: problems.length ? [] : nonEmpty, lineCounter }, problems };
}

function firstLine(s: string): string {
  return s.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
}

/**
 * The position of `path` inside `doc`: the key of the deepest pair that exists along the path (so a wrong
 * value points at its key, and a missing field at its parent's key). `keyName` points at a child key
 * (used for unknown keys).
 */
export function positionOf(
  source: YamlSource,
  doc: Document.Parsed,
  path: readonly PropertyKey[],
  keyName?: string,
): { line: number; col: number } {
  let node: unknown = doc.contents;
  let best: [number, number, number] | undefined = (doc.contents as Node | null)?.range ?? undefined;
  const full = keyName === undefined ? path : [...path, keyName];
  for (const seg of full) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(seg));
      if (!pair) break;
      const keyRange = (pair.key as Node).range;
      if (keyRange) best = keyRange;
      node = pair.value;
    } else if (isSeq(node) && typeof seg === 'number') {
      const item = node.items[seg] as Node | undefined;
      if (!item) break;
      if (item.range) best = item.range;
      node = item;
    } else break;
  }
  const offset = best ? best[0] : 0;
  return source.lineCounter.linePos(offset);
}

export function problemAt(
  source: YamlSource,
  doc: Document.Parsed,
  path: readonly PropertyKey[],
  message: string,
  keyName?: string,
): Problem {
  const { line, col } = positionOf(source, doc, path, keyName);
  return { file: source.file, line, col, message };
}

export function formatProblem(p: Problem): string {
  return `${p.file}:${p.line}:${p.col} ${p.message}`;
}

/**
 * Reading a YAML file for lint: every document with positions, syntax errors and duplicate keys as
 * localized problems, and the plain value of each document (an unresolvable alias is a problem, not a crash).
 */
import { existsSync } from 'node:fs';
import { LineCounter, type Document } from 'yaml';
import { docShape, isDepthError, MAX_YAML_BYTES, MAX_YAML_DEPTH, parseAllGuarded, readTextFile, toJSGuarded } from '../course/yaml-guard.js';
import { safetyMessages } from '../i18n/safety.js';
import { displayPath } from '../course/load.js';
import { positionOf, type YamlSource } from '../course/yaml-source.js';
import type { Lang } from '../i18n/lang.js';
import { lintMessages } from '../i18n/lint.js';
import type { LintProblem, Rule, Severity } from './types.js';

export interface YamlDoc {
  doc: Document.Parsed;
  /** The document as plain data (undefined when it could not be turned into data). */
  value: unknown;
}

export interface YamlFile {
  path: string;
  /** The path as problems show it. */
  file: string;
  source: YamlSource;
  docs: YamlDoc[];
}

export function readYamlFile(path: string, lang: Lang): { file?: YamlFile; problems: LintProblem[] } {
  const m = lintMessages[lang];
  const file = displayPath(path);
  if (!existsSync(path)) {
    return { problems: [{ file, line: 1, col: 1, severity: 'error', rule: 'path', message: m.noSuchFile(file) }] };
  }
  // Capped, and a folder or an unreadable file is a problem like any other (course/yaml-guard.ts).
  const read = readTextFile(path);
  if (!('text' in read)) {
    const s = safetyMessages[lang];
    const message = read.why === 'notFile' ? s.notAFile(file) : read.why === 'tooBig' ? s.tooBig(file, MAX_YAML_BYTES / 1024) : read.why === 'notUtf8' ? s.notUtf8(file) : s.unreadable(file, read.code);
    return { problems: [{ file, line: 1, col: 1, severity: 'error', rule: 'path', message }] };
  }
  return parseYamlText(read.text, path, lang);
}

export function parseYamlText(text: string, path: string, lang: Lang): { file?: YamlFile; problems: LintProblem[] } {
  const m = lintMessages[lang];
  const file = displayPath(path);
  const lineCounter = new LineCounter();
  // Linear: repeated keys and nesting are found in one pass of our own (course/yaml-guard.ts), not by the
  // parser's uniqueKeys, which compares each key with every earlier one.
  const { docs: parsed, tooDeep } = parseAllGuarded(text, { lineCounter, prettyErrors: false, merge: true });
  const problems: LintProblem[] = [];
  if (tooDeep) problems.push({ file, line: 1, col: 1, severity: 'error', rule: 'yaml', message: safetyMessages[lang].tooDeep(MAX_YAML_DEPTH) });
  for (const doc of parsed) {
    for (const err of [...doc.errors, ...doc.warnings]) {
      const { line, col } = lineCounter.linePos(err.pos[0]);
      const first = err.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
      const message =
        err.code === 'DUPLICATE_KEY'
          ? m.duplicateKey(keyAt(text, err.pos[0]))
          : err.code === 'TAB_AS_INDENT'
            ? m.tabIndent
            : isDepthError(first)
              ? safetyMessages[lang].tooDeep(MAX_YAML_DEPTH)
              : m.yamlSyntax(first);
      problems.push({ file, line, col, severity: 'error', rule: 'yaml', message });
    }
    if (doc.errors.length) continue;
    const shape = docShape(doc);
    for (const d of shape.duplicates) problems.push({ file, ...lineCounter.linePos(d.offset), severity: 'error', rule: 'yaml', message: m.duplicateKey(d.key) });
    if (shape.tooDeep !== undefined) problems.push({ file, ...lineCounter.linePos(shape.tooDeep), severity: 'error', rule: 'yaml', message: safetyMessages[lang].tooDeep(MAX_YAML_DEPTH) });
  }
  const source: YamlSource = { file, docs: [], lineCounter };
  if (problems.length) return { problems };
  const docs: YamlDoc[] = [];
  for (const doc of parsed) {
    if (doc.contents === null) continue;
    source.docs.push(doc);
    const data = toJSGuarded(doc);
    if ('value' in data) docs.push({ doc, value: data.value });
    else {
      const { line, col } = lineCounter.linePos(doc.contents.range[0]);
      const s = safetyMessages[lang];
      const message = data.error === 'aliases' ? s.aliasBomb : data.error === 'tooDeep' ? s.tooDeep(MAX_YAML_DEPTH) : m.yamlSyntax(data.message);
      problems.push({ file, line, col, severity: 'error', rule: 'yaml', message });
      docs.push({ doc, value: undefined });
    }
  }
  return { file: { path, file, source, docs }, problems };
}

/** The key text at an offset (what a duplicate-key error points at). */
function keyAt(text: string, offset: number): string {
  const rest = text.slice(offset).split('\n')[0];
  const quoted = /^(["'])(.*?)\1/.exec(rest);
  if (quoted) return quoted[2];
  return rest.split(':')[0].trim();
}

/** A problem at `path` (and optionally the child key `key`) inside one document of a file. */
export function problemIn(
  f: Pick<YamlFile, 'file' | 'source'>,
  doc: Document.Parsed,
  path: readonly PropertyKey[],
  severity: Severity,
  rule: Rule,
  message: string,
  key?: string,
): LintProblem {
  const { line, col } = positionOf(f.source, doc, path, key);
  return { file: f.file, line, col, severity, rule, message };
}

/** A JSON pointer or dotted path made of segments as positionOf wants them (array indexes as numbers). */
export function segments(pointer: string): PropertyKey[] {
  if (!pointer) return [];
  return pointer
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

/** `spec.template.spec.containers[0].env` for messages. */
export function dotted(path: readonly PropertyKey[]): string {
  let out = '';
  for (const s of path) out += typeof s === 'number' ? `[${s}]` : out ? `.${String(s)}` : String(s);
  return out;
}

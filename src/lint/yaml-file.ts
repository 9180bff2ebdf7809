/**
 * Reading a YAML file for lint: every document with positions, syntax errors and duplicate keys as
 * localized problems, and the plain value of each document (an unresolvable alias is a problem, not a crash).
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { LineCounter, parseAllDocuments, type Document } from 'yaml';
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
  if (!existsSync(path) || !statSync(path).isFile()) {
    return { problems: [{ file, line: 1, col: 1, severity: 'error', rule: 'path', message: m.noSuchFile(file) }] };
  }
  return parseYamlText(readFileSync(path, 'utf8'), path, lang);
}

export function parseYamlText(text: string, path: string, lang: Lang): { file?: YamlFile; problems: LintProblem[] } {
  const m = lintMessages[lang];
  const file = displayPath(path);
  const lineCounter = new LineCounter();
  const all = parseAllDocuments(text, { lineCounter, prettyErrors: false, uniqueKeys: true, merge: true });
  const parsed = Array.isArray(all) ? all : [];
  const problems: LintProblem[] = [];
  for (const doc of parsed) {
    for (const err of [...doc.errors, ...doc.warnings]) {
      const { line, col } = lineCounter.linePos(err.pos[0]);
      const first = err.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
      const message =
        err.code === 'DUPLICATE_KEY'
          ? m.duplicateKey(keyAt(text, err.pos[0]))
          : err.code === 'TAB_AS_INDENT'
            ? m.tabIndent
            : m.yamlSyntax(first);
      problems.push({ file, line, col, severity: 'error', rule: 'yaml', message });
    }
  }
  const source: YamlSource = { file, docs: [], lineCounter };
  if (problems.length) return { problems };
  const docs: YamlDoc[] = [];
  for (const doc of parsed) {
    if (doc.contents === null) continue;
    source.docs.push(doc);
    try {
      docs.push({ doc, value: doc.toJS({ maxAliasCount: 100 }) as unknown });
    } catch (err) {
      const { line, col } = lineCounter.linePos(doc.contents.range[0]);
      problems.push({ file, line, col, severity: 'error', rule: 'yaml', message: m.yamlSyntax((err as Error).message) });
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

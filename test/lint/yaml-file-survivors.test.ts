/**
 * The lint YAML reader: merge keys are merged, a document with syntax errors is not also searched for
 * duplicate keys, and JSON pointers become path segments (only all-digit segments are indexes).
 */
import { describe, expect, it } from 'vitest';
import { dotted, parseYamlText, segments } from '../../src/lint/yaml-file.js';

const parse = (text: string) => {
  const r = parseYamlText(text, '/tmp/emqx-lab-lint-x.yaml', 'en');
  return { problems: r.problems.map((p) => `${p.line}:${p.col} ${p.severity} ${p.rule} ${p.message}`), values: r.file?.docs.map((d) => d.value) };
};

describe('parseYamlText', () => {
  it('merges << keys', () => {
    expect(parse('a: &x {p: 1}\nb:\n  <<: *x\n  q: 2\n')).toEqual({ problems: [], values: [{ a: { p: 1 }, b: { p: 1, q: 2 } }] });
  });

  it('a document with a syntax error reports that error only; a clean one reports its duplicate keys', () => {
    expect(parse('x: 1\nx: 2\ny: [\n').problems).toEqual([
      '4:1 error yaml YAML syntax error: Flow sequence in block collection must be sufficiently indented and end with a ]',
    ]);
    expect(parse('x: 1\nx: 2\n---\n{a\n')).toEqual({
      problems: ['2:1 error yaml duplicate key "x": YAML keeps only one of them', '5:1 error yaml YAML syntax error: Flow map must end with a }'],
      values: undefined,
    });
  });

  it('syntax errors carry no "at line" suffix', () => {
    const pad = 'a: 1\n'.repeat(11);
    expect(parse(`${pad}key: "unterminated\n`).problems).toEqual(['13:1 error yaml YAML syntax error: Missing closing "quote']);
  });
});

describe('segments and dotted', () => {
  it('decodes ~1 and ~0 and turns only all-digit segments into numbers', () => {
    expect(segments('')).toEqual([]);
    expect(segments('/spec/a1/1b/10/~1x~0')).toEqual(['spec', 'a1', '1b', 10, '/x~']);
    expect(dotted(['spec', 'containers', 0, 'env', 12, 'name'])).toBe('spec.containers[0].env[12].name');
  });
});

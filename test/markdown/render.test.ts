import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { renderMarkdown } from '../../src/markdown/render.js';
import { ANSI, makeStyle } from '../../src/markdown/style.js';
import { wrap } from '../../src/markdown/wrap.js';

const SAMPLE = `# Let the nodes *find* each other

With \`EMQX_CLUSTER__DISCOVERY_STRATEGY=k8s\` every node asks the **API server** for the Endpoints of the
Service, through [the Kubernetes API](https://kubernetes.io/docs/reference/) &amp; its RBAC. See
<https://www.emqx.io>.

## The objects

1. a **ServiceAccount**
2. a *Role* that may \`get\` endpoints
   - nested \`code\` item
   - another one
3. a RoleBinding

- [x] done
- [ ] not yet

> The group \`rbac.authorization.kubernetes.io\` does **not** exist.

| setting | value |
|:--|--:|
| \`EMQX_CLUSTER__K8S__ADDRESS_TYPE\` | ip |
| 命名空间 | team-a |

---

\`\`\`yaml
# a comment
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: Role
\`\`\`

Line one\\
line two.
`;

const ZH = `# 让节点互相发现

设置 \`EMQX_CLUSTER__DISCOVERY_STRATEGY=k8s\` 后，每个节点都会向 API Server 查询该 Service 的 **Endpoints**。没有权限时，日志里会出现 \`Discovery error: {403\`，节点始终各自为政，无法组成集群。（这是预期中的失败。）
`;

const plain = (s: string) => s.replace(ANSI, '');

describe('renderMarkdown without colour', () => {
  const out = renderMarkdown(SAMPLE, { width: 60, color: false });

  it('matches the snapshot', () => {
    expect(out).toMatchSnapshot();
  });

  it('leaves no escape code and no markdown markup', () => {
    expect(out).not.toMatch(ANSI);
    for (const markup of ['**', '`', '](', '```', '&amp;', '<https', '|--', '[x]', '[ ]']) expect(out).not.toContain(markup);
    expect(out).not.toMatch(/^#+ /m);
    expect(out).not.toMatch(/^\s*> /m);
    expect(out).not.toMatch(/^\s*[-*+] /m);
  });

  it('writes links as text (url), and a bare url once', () => {
    expect(out.replace(/\s*\n\s*/g, ' ')).toContain('the Kubernetes API (https://kubernetes.io/docs/reference/)');
    expect(out).toContain('https://www.emqx.io.');
    expect(out).not.toContain('https://www.emqx.io (https://www.emqx.io)');
  });

  it('numbers ordered lists, indents nested ones, marks tasks', () => {
    expect(out).toContain('1. a ServiceAccount');
    expect(out).toContain('2. a Role that may get endpoints\n   ◦ nested code item\n   ◦ another one\n3. a RoleBinding');
    expect(out).toContain('☑ done');
    expect(out).toContain('☐ not yet');
  });

  it('draws tables with aligned columns measured in terminal cells', () => {
    const rows = out.split('\n').filter((l) => /^[┌├└]/.test(l) || /^│.*│$/.test(l));
    expect(rows).toHaveLength(6);
    expect(new Set(rows.map((r) => stringWidth(r))).size).toBe(1);
    expect(out).toContain('│ setting                         │  value │');
    expect(out).toContain('│ 命名空间                        │ team-a │');
  });

  it('keeps code blocks verbatim and indented, and honours hard breaks', () => {
    expect(out).toContain('    # a comment\n    roleRef:\n      apiGroup: rbac.authorization.k8s.io');
    expect(out).toContain('Line one\nline two.');
  });

  it.each([20, 40, 60, 100])('wraps prose to %i columns', (width) => {
    const lines = renderMarkdown(SAMPLE.replace(/```yaml[\s\S]*?```/, ''), { width, color: false }).split('\n');
    for (const l of lines) if (!l.startsWith('│ ') || width >= 44) expect(stringWidth(l), l).toBeLessThanOrEqual(Math.max(width, 20));
  });
});

describe('renderMarkdown with colour', () => {
  const out = renderMarkdown(SAMPLE, { width: 60, color: true });

  it('styles, and is the same text once the styles are removed', () => {
    expect(out).toMatch(ANSI);
    expect(plain(out)).toBe(renderMarkdown(SAMPLE, { width: 60, color: false }));
  });

  it('matches the snapshot', () => {
    expect(out).toMatchSnapshot();
  });

  it('paints inline code and keys of YAML', () => {
    expect(out).toContain('\x1b[36mEMQX_CLUSTER__DISCOVERY_STRATEGY=k8s\x1b[39m');
    expect(out).toContain('\x1b[36mroleRef\x1b[39m');
  });

  it('closes every style on the line that opened it (nothing bleeds into the next line or a prefix)', () => {
    const closes: Record<string, string> = { '1': '22', '2': '22', '3': '23', '4': '24', '9': '29', '36': '39', '90': '39' };
    for (const line of out.split('\n')) {
      const open: string[] = [];
      for (const [, code] of line.matchAll(/\x1b\[(\d+)m/g)) {
        if (closes[code]) open.push(closes[code]);
        else {
          expect(open.pop(), line).toBe(code);
        }
      }
      expect(open, line).toEqual([]);
    }
  });
});

describe('Chinese text', () => {
  it.each([30, 41, 58])('wraps at %i columns counting a Chinese character as two, never starting a line with closing punctuation', (width) => {
    const lines = renderMarkdown(ZH, { width, color: false }).split('\n').filter(Boolean);
    for (const l of lines) {
      expect(stringWidth(l), l).toBeLessThanOrEqual(width);
      expect(l).not.toMatch(/^[，。：；）]/);
    }
    expect(lines.join('')).toContain('节点始终各自为政');
  });

  it('keeps an opening bracket with what follows it', () => {
    const lines = wrap([{ text: '一二三四五六七八（九十）' }], 16);
    for (const l of lines) expect(l.endsWith('（')).toBe(false);
  });
});

describe('wrap', () => {
  it('breaks a word longer than the line', () => {
    expect(wrap([{ text: 'abcdefghijklmnopqrstuvwxyz' }], 10)).toEqual(['abcdefghij', 'klmnopqrst', 'uvwxyz']);
  });

  it('hangs continuation lines under the first', () => {
    expect(wrap([{ text: 'one two three four five' }], 12, '• ', '  ')).toEqual(['• one two', '  three four', '  five']);
  });

  it('paints runs after wrapping, with colour only when asked', () => {
    const on = makeStyle(true);
    const off = makeStyle(false);
    expect(wrap([{ text: 'bold words here', paint: on.bold }], 10)).toEqual(['\x1b[1mbold words\x1b[22m', '\x1b[1mhere\x1b[22m']);
    expect(wrap([{ text: 'bold words here', paint: off.bold }], 10)).toEqual(['bold words', 'here']);
  });
});

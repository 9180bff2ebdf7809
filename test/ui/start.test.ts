import { afterEach, describe, expect, it, vi } from 'vitest';
import { start } from '../../src/commands/start.js';
import type { Context } from '../../src/context.js';
import { canPrompt, isCI } from '../../src/ui/io.js';
import { MockReadable, MockWritable } from './mocks.js';

function ctx(o: { tty: boolean; env?: NodeJS.ProcessEnv; lang?: 'en' | 'zh' }): { ctx: Context; out: MockWritable; err: MockWritable } {
  const stdin = new MockReadable();
  stdin.isTTY = o.tty;
  const out = new MockWritable({ isTTY: o.tty });
  const err = new MockWritable({ isTTY: o.tty });
  return {
    out,
    err,
    ctx: {
      io: { stdin, stdout: out, stderr: err },
      env: o.env ?? {},
      cwd: '/',
      lang: o.lang ?? 'en',
      color: false,
      home: '/nonexistent-emqx-lab-home',
      now: () => 0,
      sleep: async () => {},
      signal: new AbortController().signal,
    },
  };
}

describe('start without a terminal', () => {
  afterEach(() => vi.unstubAllEnvs());

  it.each([
    ['no TTY', { tty: false }],
    ['CI=true on a TTY', { tty: true, env: { CI: 'true' } }],
  ])('%s: explains the commands and exits 2 without reading input', async (_name, o) => {
    const { ctx: c, out, err } = ctx(o);
    await expect(start(c, {})).resolves.toBe(2);
    expect(out.text()).toBe('');
    const text = err.text();
    expect(text).toContain('needs a terminal');
    for (const cmd of ['list', 'show <step>', 'apply <step>', 'verify <step>', 'hint <step>', 'solve <step>']) {
      expect(text).toContain(`emqx-lab ${cmd}`);
    }
  });

  it('speaks Chinese too', async () => {
    const { ctx: c, err } = ctx({ tty: false, lang: 'zh' });
    await expect(start(c, {})).resolves.toBe(2);
    expect(err.text()).toContain('需要在终端里运行');
  });
});

describe('when the lab may prompt', () => {
  it.each([
    [true, true, {}, true],
    [true, true, { CI: 'true' }, false],
    [true, true, { CI: '1' }, false],
    [true, true, { CI: 'false' }, true],
    [true, true, { CI: '' }, true],
    [false, true, {}, false],
    [true, false, {}, false],
  ])('stdin TTY %s, stdout TTY %s, env %j -> %s', (inTty, outTty, env, expected) => {
    const stdin = new MockReadable();
    stdin.isTTY = inTty;
    const stdout = new MockWritable({ isTTY: outTty });
    expect(canPrompt({ stdin, stdout }, env)).toBe(expected);
    expect(isCI(env)).toBe(['true', '1'].includes((env as { CI?: string }).CI ?? ''));
  });
});

/**
 * Settings remembered between runs (EMQX_LAB_HOME/settings.json): what is read back, what is ignored, and a
 * broken file set aside (or, when even that fails, ignored) instead of a crash.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';

const refuse = vi.hoisted(() => ({ rename: false }));

vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  return {
    ...fs,
    renameSync: (...a: Parameters<typeof fs.renameSync>) => {
      if (refuse.rename && String(a[0]).endsWith('settings.json')) throw Object.assign(new Error('EROFS: read-only file system'), { code: 'EROFS' });
      return fs.renameSync(...a);
    },
  };
});

const { readSettings, settingsPath, writeSettings } = await import('../../src/progress/settings.js');

const dir = () => mkdtempSync(join(tmpdir(), 'emqx-lab-settings-'));

afterEach(() => {
  refuse.rename = false;
});

describe('settings', () => {
  it('live in settings.json in the home', () => {
    expect(settingsPath('/h')).toBe(join('/h', 'settings.json'));
  });

  it('none yet: empty, nothing set aside', () => {
    expect(readSettings(dir())).toEqual({ settings: {} });
  });

  it.each([
    [{ lang: 'zh', mode: 'hands-on' }],
    [{ lang: 'en', mode: 'guided' }],
    [{ mode: 'hands-on' }],
    [{ lang: 'zh' }],
  ])('%j is written as JSON and read back', (settings) => {
    const h = dir();
    writeSettings(h, settings as Parameters<typeof writeSettings>[1]);
    expect(JSON.parse(readFileSync(join(h, 'settings.json'), 'utf8'))).toEqual(settings);
    expect(readFileSync(join(h, 'settings.json'), 'utf8')).toBe(`${JSON.stringify(settings, null, 2)}\n`);
    expect(readSettings(h)).toEqual({ settings });
  });

  it('unknown languages, modes and keys are ignored', () => {
    const h = dir();
    writeFileSync(settingsPath(h), JSON.stringify({ lang: 'fr', mode: 'expert', colour: 'red' }));
    expect(readSettings(h)).toEqual({ settings: {} });
    expect(existsSync(settingsPath(h))).toBe(true);
  });

  it('a broken file is set aside (renamed *.corrupt-<time>) and said where', () => {
    const h = dir();
    writeFileSync(settingsPath(h), '{"lang": "zh"');
    const r = readSettings(h);
    expect(r.settings).toEqual({});
    expect(r.setAside).toMatch(/settings\.json\.corrupt-\d+$/);
    expect(r.setAside!.startsWith(settingsPath(h))).toBe(true);
    expect(readFileSync(r.setAside!, 'utf8')).toBe('{"lang": "zh"');
    expect(existsSync(settingsPath(h))).toBe(false);
  });

  it('a broken file that cannot be moved is ignored, and not said to be set aside', () => {
    const h = dir();
    writeFileSync(settingsPath(h), 'not json');
    refuse.rename = true;
    expect(readSettings(h)).toEqual({ settings: {} });
    expect(readdirSync(h)).toEqual(['settings.json']);
  });
});

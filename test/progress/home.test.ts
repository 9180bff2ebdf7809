/**
 * EMQX_LAB_HOME must be a writable folder: what is wrong with it is found before a command records anything,
 * and said in one line (exit 3). Permissions cannot be refused to root (these tests may run as root), so the
 * read-only and cannot-create cases have the file system refuse through a stand-in for node:fs.
 */
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';

const refuse = vi.hoisted(() => ({ access: undefined as string | undefined, mkdir: undefined as string | undefined }));

vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  // 'none': an error without a code.
  const fail = (code: string) => (code === 'none' ? new Error('refused') : Object.assign(new Error(`${code}: refused`), { code }));
  return {
    ...fs,
    accessSync: (...a: Parameters<typeof fs.accessSync>) => {
      if (refuse.access && String(a[0]).endsWith(refuse.access.split('@')[1] ?? '')) throw fail(refuse.access.split('@')[0]);
      return fs.accessSync(...a);
    },
    mkdirSync: (...a: Parameters<typeof fs.mkdirSync>) => {
      if (refuse.mkdir) throw fail(refuse.mkdir);
      return fs.mkdirSync(...a);
    },
  };
});

const { HOME_FOLDERS, homeProblem, requireWritableHome } = await import('../../src/progress/home.js');
const { LabError } = await import('../../src/errors.js');
const { safetyMessages } = await import('../../src/i18n/safety.js');

const dir = () => mkdtempSync(join(tmpdir(), 'emqx-lab-home-'));

afterEach(() => {
  refuse.access = undefined;
  refuse.mkdir = undefined;
});

describe('homeProblem', () => {
  it('the folders the lab writes to', () => {
    expect(HOME_FOLDERS).toEqual(['progress', 'locks', 'sim']);
  });

  it('a missing home is created, with its missing parents; its folders are left for later', () => {
    const home = join(dir(), 'a', 'b', 'home');
    expect(homeProblem(home)).toBeUndefined();
    expect(existsSync(home)).toBe(true);
    for (const f of HOME_FOLDERS) expect(existsSync(join(home, f)), f).toBe(false);
  });

  it('an existing home with its folders is fine', () => {
    const home = dir();
    for (const f of HOME_FOLDERS) mkdirSync(join(home, f));
    expect(homeProblem(home)).toBeUndefined();
  });

  it('a home that is a file is not a folder (no system error code)', () => {
    const home = join(dir(), 'file');
    writeFileSync(home, 'x');
    expect(homeProblem(home)).toEqual({ path: home, why: 'notDir' });
  });

  it.each(['ENOTDIR', 'EEXIST'])('a home whose creation fails with %s is not a folder', (code) => {
    refuse.mkdir = code;
    const home = join(dir(), 'new');
    expect(homeProblem(home)).toEqual({ path: home, why: 'notDir', code });
  });

  it.each(HOME_FOLDERS.map((f) => [f]))('its %s folder being a file is said, with that path', (f) => {
    const home = dir();
    for (const g of HOME_FOLDERS) if (g !== f) mkdirSync(join(home, g));
    writeFileSync(join(home, f), 'x');
    expect(homeProblem(home)).toEqual({ path: join(home, f), why: 'notDir' });
  });

  it('a home the system refuses to create (EACCES) cannot be created', () => {
    refuse.mkdir = 'EACCES';
    const home = join(dir(), 'new');
    expect(homeProblem(home)).toEqual({ path: home, why: 'cannotCreate', code: 'EACCES' });
  });

  it('a read-only home (EROFS) or folder (EACCES) is said with its code', () => {
    const home = dir();
    refuse.access = `EROFS@${home}`;
    expect(homeProblem(home)).toEqual({ path: home, why: 'readOnly', code: 'EROFS' });
    mkdirSync(join(home, 'locks'));
    refuse.access = 'EACCES@/locks';
    expect(homeProblem(home)).toEqual({ path: join(home, 'locks'), why: 'readOnly', code: 'EACCES' });
  });
});

describe('requireWritableHome', () => {
  const m = safetyMessages.en;
  const rejection = async (home: string) => {
    const e = await requireWritableHome(home, 'en').then(
      () => undefined,
      (x: unknown) => x,
    );
    expect(e).toBeInstanceOf(LabError);
    expect((e as InstanceType<typeof LabError>).exitCode).toBe(3);
    return (e as Error).message;
  };

  it('a usable home passes', async () => {
    await expect(requireWritableHome(dir(), 'en')).resolves.toBeUndefined();
  });

  it('each problem in its own words, with the path and the code', async () => {
    const file = join(dir(), 'file');
    writeFileSync(file, 'x');
    expect(await rejection(file)).toBe(m.homeNotDir(file));
    const ro = dir();
    refuse.access = `EROFS@${ro}`;
    expect(await rejection(ro)).toBe(m.homeReadOnly(ro, 'EROFS'));
    refuse.access = undefined;
    refuse.mkdir = 'EPERM';
    const missing = join(dir(), 'new');
    expect(await rejection(missing)).toBe(m.homeCannotCreate(missing, 'EPERM'));
  });

  it('an error without a system code is said as EACCES', async () => {
    refuse.mkdir = 'none';
    const missing = join(dir(), 'new');
    expect(await rejection(missing)).toBe(m.homeCannotCreate(missing, 'EACCES'));
    refuse.mkdir = undefined;
    const ro = dir();
    refuse.access = `none@${ro}`;
    expect(await rejection(ro)).toBe(m.homeReadOnly(ro, 'EACCES'));
  });

  it('in Chinese for a Chinese run', async () => {
    const file = join(dir(), 'file');
    writeFileSync(file, 'x');
    await expect(requireWritableHome(file, 'zh')).rejects.toThrow(safetyMessages.zh.homeNotDir(file));
  });
});

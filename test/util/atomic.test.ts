/**
 * writeFileAtomic: a crash at any moment of a write leaves the old file whole. A crash is played by making
 * one of the fs calls fail part-way (the process would die there; the file system is what is left), and by
 * SIGKILL of a real process that rewrites a file in a loop.
 */
import { execa } from 'execa';
import { fstatSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';

const fault = vi.hoisted(() => ({ at: '' as '' | 'open' | 'write' | 'fsync' | 'rename' }));
/** Every file openSync opened (path and descriptor), to check the temporary name and that it was closed. */
const opened = vi.hoisted(() => [] as { path: string; fd: number }[]);

vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  return {
    ...fs,
    openSync: (path: string, flags: string, mode?: number) => {
      if (fault.at === 'open') throw Object.assign(new Error('crash in open'), { code: 'EACCES' });
      const fd = fs.openSync(path, flags, mode);
      opened.push({ path, fd });
      return fd;
    },
    // Half the bytes reach the disk, then the process dies.
    writeSync: (fd: number, data: string) => {
      if (fault.at !== 'write') return fs.writeSync(fd, data);
      fs.writeSync(fd, data.slice(0, Math.floor(data.length / 2)));
      throw new Error('crash in the middle of write');
    },
    fsyncSync: (fd: number) => {
      if (fault.at === 'fsync') throw new Error('crash before fsync');
      return fs.fsyncSync(fd);
    },
    renameSync: (a: string, b: string) => {
      if (fault.at === 'rename') throw new Error('crash before rename');
      return fs.renameSync(a, b);
    },
  };
});

const { writeFileAtomic } = await import('../../src/util/atomic.js');

afterEach(() => {
  fault.at = '';
  opened.length = 0;
});

/** Whether fd is an open descriptor of this process (checked at once, before anything else can reuse it). */
function isOpen(fd: number): boolean {
  try {
    fstatSync(fd);
    return true;
  } catch (err) {
    expect((err as NodeJS.ErrnoException).code).toBe('EBADF');
    return false;
  }
}

const OLD = `${JSON.stringify({ format: 1, steps: { 'bare-pod': { passedAt: '2026-01-01T00:00:00Z' } } }, null, 2)}\n`;
const NEW = `${JSON.stringify({ format: 1, steps: Object.fromEntries(Array.from({ length: 200 }, (_, i) => [`s${i}`, { passedAt: 'x' }])) })}\n`;

describe('writeFileAtomic', () => {
  it.each(['write', 'fsync', 'rename'] as const)('a crash at %s leaves the old file whole and no temporary file', (at) => {
    const dir = mkdtempSync(join(tmpdir(), 'emqx-lab-atomic-'));
    const file = join(dir, 'lab.json');
    writeFileSync(file, OLD);
    fault.at = at;
    expect(() => writeFileAtomic(file, NEW)).toThrow(/crash/);
    expect(readFileSync(file, 'utf8')).toBe(OLD);
    expect(readdirSync(dir)).toEqual(['lab.json']);
  });

  it('without a crash the new content replaces the old, readable by the owner only', () => {
    const dir = mkdtempSync(join(tmpdir(), 'emqx-lab-atomic-'));
    const file = join(dir, 'sub', 'lab.json');
    writeFileAtomic(file, OLD);
    writeFileAtomic(file, NEW);
    expect(readFileSync(file, 'utf8')).toBe(NEW);
    expect(readdirSync(join(dir, 'sub'))).toEqual(['lab.json']);
  });

  it('the temporary file sits beside the target: its name, the pid, a time and 4 random base-36 characters, .tmp', () => {
    const dir = mkdtempSync(join(tmpdir(), 'emqx-lab-atomic-'));
    const file = join(dir, 'lab.json');
    const before = Date.now();
    writeFileAtomic(file, OLD);
    const after = Date.now();
    expect(opened).toHaveLength(1);
    const m = /^lab\.json\.(\d+)\.([0-9a-z]+)\.tmp$/.exec(opened[0].path.slice(dir.length + 1));
    expect(m, opened[0].path).not.toBeNull();
    expect(opened[0].path.slice(0, dir.length + 1)).toBe(`${dir}/`);
    expect(Number(m![1])).toBe(process.pid);
    // Date.now() in base 36 (8 characters until the year 2059), then at most 4 random characters.
    const stamp = m![2].slice(0, before.toString(36).length);
    expect(parseInt(stamp, 36)).toBeGreaterThanOrEqual(before);
    expect(parseInt(stamp, 36)).toBeLessThanOrEqual(after);
    expect(m![2].length - stamp.length).toBeGreaterThanOrEqual(1);
    expect(m![2].length - stamp.length).toBeLessThanOrEqual(4);
  });

  it('with Math.random() at 0.5 the random part is "i" (0.5 in base 36 is 0.i)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'emqx-lab-atomic-'));
    const file = join(dir, 'lab.json');
    const random = vi.spyOn(Math, 'random').mockReturnValue(0.5);
    const now = vi.spyOn(Date, 'now').mockReturnValue(36 ** 3 + 1);
    try {
      writeFileAtomic(file, OLD);
    } finally {
      random.mockRestore();
      now.mockRestore();
    }
    expect(opened.map((o) => o.path)).toEqual([`${file}.${process.pid}.1001i.tmp`]);
    expect(readFileSync(file, 'utf8')).toBe(OLD);
  });

  it.each(['', 'write', 'fsync', 'rename'] as const)('the temporary file is closed (crash at %j)', (at) => {
    const dir = mkdtempSync(join(tmpdir(), 'emqx-lab-atomic-'));
    const file = join(dir, 'lab.json');
    fault.at = at;
    let error: unknown;
    try {
      writeFileAtomic(file, NEW);
    } catch (err) {
      error = err;
    }
    const open = opened.map((o) => isOpen(o.fd));
    expect(opened).toHaveLength(1);
    expect(open).toEqual([false]);
    if (at) expect(String(error)).toMatch(/crash/);
    else expect(error).toBeUndefined();
  });

  it('when the temporary file cannot even be created, the error thrown is that one, and the old file stays', () => {
    const dir = mkdtempSync(join(tmpdir(), 'emqx-lab-atomic-'));
    const file = join(dir, 'lab.json');
    writeFileSync(file, OLD);
    fault.at = 'open';
    expect(() => writeFileAtomic(file, NEW)).toThrow(expect.objectContaining({ message: 'crash in open', code: 'EACCES' }));
    expect(readFileSync(file, 'utf8')).toBe(OLD);
    expect(readdirSync(dir)).toEqual(['lab.json']);
  });

  it('SIGKILL of a process rewriting the file: every state left behind is the old or the new content', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'emqx-lab-atomic-'));
    const file = join(dir, 'lab.json');
    const atomic = join(import.meta.dirname, '..', '..', 'src', 'util', 'atomic.ts');
    // Alternates the two contents as fast as it can; killed at a different moment each trial.
    const script = `import { writeFileAtomic } from ${JSON.stringify(atomic)};
const a = ${JSON.stringify(OLD)}, b = ${JSON.stringify(NEW)};
writeFileAtomic(${JSON.stringify(file)}, a); console.log('ready');
for (let i = 0; ; i++) writeFileAtomic(${JSON.stringify(file)}, i % 2 ? a : b);`;
    for (let trial = 0; trial < 3; trial++) {
      const child = execa(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { reject: false });
      await new Promise<void>((resolve) => {
        child.stdout!.once('data', () => resolve());
        void child.then(() => resolve());
      });
      await new Promise((r) => setTimeout(r, 20 + trial * 37));
      child.kill('SIGKILL');
      await child;
      expect([OLD, NEW]).toContain(readFileSync(file, 'utf8'));
    }
  }, 60_000);
});

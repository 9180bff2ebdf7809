/**
 * writeFileAtomic: a crash at any moment of a write leaves the old file whole. A crash is played by making
 * one of the fs calls fail part-way (the process would die there; the file system is what is left), and by
 * SIGKILL of a real process that rewrites a file in a loop.
 */
import { execa } from 'execa';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';

const fault = vi.hoisted(() => ({ at: '' as '' | 'write' | 'fsync' | 'rename' }));

vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  return {
    ...fs,
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
});

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

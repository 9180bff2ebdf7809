/**
 * The progress store writes through writeFileAtomic: a crash while progress is saved (played by the file
 * system failing half-way through any write) leaves the record the learner had, whole and readable.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';

const crash = vi.hoisted(() => ({ on: false, refuseSetAside: false }));

vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  const half = (data: unknown) => (typeof data === 'string' ? data.slice(0, Math.floor(data.length / 2)) : data);
  return {
    ...fs,
    renameSync: (from: string, to: string) => {
      if (crash.refuseSetAside && to.includes('.corrupt-')) throw Object.assign(new Error('EROFS: read-only file system'), { code: 'EROFS' });
      return fs.renameSync(from, to);
    },
    writeSync: (fd: number, data: string) => {
      if (!crash.on) return fs.writeSync(fd, data);
      fs.writeSync(fd, half(data) as string);
      throw new Error('crash in the middle of a write');
    },
    writeFileSync: (path: string, data: string, opts?: object) => {
      if (!crash.on) return fs.writeFileSync(path, data, opts);
      fs.writeFileSync(path, half(data) as string, opts);
      throw new Error('crash in the middle of a write');
    },
  };
});

const { emptyProgress, progressPath, readProgress, updateProgress } = await import('../../src/progress/store.js');

afterEach(() => {
  crash.on = false;
  crash.refuseSetAside = false;
});

describe('progress store under a crash', () => {
  it('a crash while saving keeps the old record whole (not set aside, not lost)', () => {
    const home = mkdtempSync(join(tmpdir(), 'emqx-lab-progress-'));
    updateProgress(home, 'kind-a', 'lab', (p) => {
      p.steps['bare-pod'] = { passedAt: '2026-01-01T00:00:00Z' };
    });
    crash.on = true;
    expect(() =>
      updateProgress(home, 'kind-a', 'lab', (p) => {
        p.steps.deployment = { passedAt: '2026-01-02T00:00:00Z' };
      }),
    ).toThrow(/crash/);
    crash.on = false;
    const read = readProgress(home, 'kind-a', 'lab');
    expect(read.setAside).toBeUndefined();
    expect(read.progress.steps).toEqual({ 'bare-pod': { passedAt: '2026-01-01T00:00:00Z' } });
    expect(readdirSync(dirname(progressPath(home, 'kind-a', 'lab')))).toEqual(['lab.json']);
  });

  it('a corrupt file that cannot be moved aside reads as empty, is not said to be set aside, and stays', () => {
    const home = mkdtempSync(join(tmpdir(), 'emqx-lab-progress-'));
    const path = progressPath(home, 'kind-a', 'lab');
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, '{ broken');
    crash.refuseSetAside = true;
    expect(readProgress(home, 'kind-a', 'lab', () => 7)).toEqual({ progress: emptyProgress('kind-a', 'lab') });
    expect(readFileSync(path, 'utf8')).toBe('{ broken');
  });
});

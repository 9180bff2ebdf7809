/**
 * processAlive: signal 0 probes a pid. Success or EPERM (exists, someone else's) mean alive; ESRCH (no such
 * process) means gone.
 */
import { spawnSync } from 'node:child_process';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { processAlive } from '../../src/util/process.js';

const errno = (code: string) => Object.assign(new Error(`kill ${code}`), { code });

afterEach(() => {
  vi.restoreAllMocks();
});

describe('processAlive', () => {
  it('this process is alive', () => {
    expect(processAlive(process.pid)).toBe(true);
  });

  it('a process that has exited (and been reaped) is not', () => {
    const child = spawnSync(process.execPath, ['-e', '0']);
    expect(child.status).toBe(0);
    expect(processAlive(child.pid)).toBe(false);
  });

  it('probes with signal 0, and EPERM (a process of another user) counts as alive', () => {
    const kill = vi.spyOn(process, 'kill').mockImplementation(() => {
      throw errno('EPERM');
    });
    expect(processAlive(4242)).toBe(true);
    expect(kill).toHaveBeenCalledWith(4242, 0);
  });

  it.each(['ESRCH', 'EINVAL', ''])('%j is not alive', (code) => {
    vi.spyOn(process, 'kill').mockImplementation(() => {
      throw errno(code);
    });
    expect(processAlive(4242)).toBe(false);
  });

  it('an error without a code is not alive', () => {
    vi.spyOn(process, 'kill').mockImplementation(() => {
      throw new Error('no code');
    });
    expect(processAlive(4242)).toBe(false);
  });
});

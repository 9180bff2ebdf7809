/**
 * The child guard (src/kube/child-guard.ts) loaded in this process with its surroundings replaced: the child it
 * spawns is a fake, process.exit / stdin / ppid / signal handlers are captured. What it does is observable as
 * the child's spawn argv, the kills it receives, what it writes on stderr, and the exit code it exits with.
 */
import { EventEmitter } from 'node:events';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

const spawned = vi.hoisted(() => ({ calls: [] as unknown[][], child: undefined as unknown }));
vi.mock('node:child_process', () => ({
  spawn: (...a: unknown[]) => {
    spawned.calls.push(a);
    return spawned.child;
  },
}));

class FakeChild extends EventEmitter {
  exitCode: number | null = null;
  signalCode: string | null = null;
  kills: string[] = [];
  kill(sig: string) {
    this.kills.push(sig);
    return true;
  }
}

class Exit extends Error {
  constructor(readonly code: number | undefined) {
    super(`exit ${code}`);
  }
}

const saved = { argv: process.argv, ppid: process.ppid };
let stdin: EventEmitter & { resume(): void; resumed: boolean };
let signals: Map<string, () => void>;
let exits: (number | undefined)[];
let stderr: string[];

beforeEach(() => {
  vi.useFakeTimers();
  vi.resetModules();
  spawned.calls = [];
  spawned.child = new FakeChild();
  exits = [];
  stderr = [];
  signals = new Map();
  stdin = Object.assign(new EventEmitter(), {
    resumed: false,
    resume() {
      stdin.resumed = true;
    },
  });
  vi.spyOn(process, 'stdin', 'get').mockReturnValue(stdin as unknown as typeof process.stdin);
  vi.spyOn(process, 'exit').mockImplementation((code?: number | string | null) => {
    exits.push(code as number | undefined);
    throw new Exit(code as number | undefined);
  });
  vi.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => {
    stderr.push(String(s));
    return true;
  });
  const on = process.on.bind(process);
  vi.spyOn(process, 'on').mockImplementation(((ev: string, fn: () => void) => {
    if (ev === 'SIGTERM' || ev === 'SIGINT' || ev === 'SIGHUP') {
      signals.set(ev, fn);
      return process;
    }
    return on(ev, fn);
  }) as typeof process.on);
});

afterEach(() => {
  vi.clearAllTimers();
  vi.useRealTimers();
  vi.restoreAllMocks();
  process.argv = saved.argv;
  setPpid(saved.ppid);
});

/** process.ppid is a native property: it is replaced by a plain one (delete first, or the define is ignored). */
function setPpid(value: number) {
  if (process.ppid === value) return;
  delete (process as { ppid?: number }).ppid;
  Object.defineProperty(process, 'ppid', { value, writable: true, enumerable: true, configurable: true });
}

/** Load the guard as `node child-guard.js ...args`. */
async function guard(...args: string[]): Promise<FakeChild> {
  process.argv = [process.execPath, '/x/dist/kube/child-guard.js', ...args];
  await import('../../src/kube/child-guard.js');
  return spawned.child as FakeChild;
}

/** Run a handler of the guard that ends in process.exit; the exit code it asked for. */
function exitOf(fn: () => void): number | undefined {
  try {
    fn();
  } catch (e) {
    if (e instanceof Exit) return e.code;
    throw e;
  }
  return undefined;
}

describe('child guard: starting the child', () => {
  it('without a program to run it exits 2 and starts nothing', async () => {
    process.argv = [process.execPath, '/x/dist/kube/child-guard.js'];
    await expect(import('../../src/kube/child-guard.js')).rejects.toThrow('exit 2');
    expect(exits).toEqual([2]);
    expect(spawned.calls).toEqual([]);
  });

  it('runs the program with its argv, stdin ignored and stdout/stderr passed through', async () => {
    await guard('kubectl', 'port-forward', 'svc/emqx', '0:1883');
    expect(spawned.calls).toEqual([['kubectl', ['port-forward', 'svc/emqx', '0:1883'], { stdio: ['ignore', 'inherit', 'inherit'] }]]);
    expect(stdin.resumed).toBe(true);
    expect(exits).toEqual([]);
  });
});

describe('child guard: ending the child when the parent goes away', () => {
  it.each(['end', 'close', 'error'])('stdin %s: SIGTERM, then SIGKILL half a second later', async (ev) => {
    const child = await guard('kubectl', 'port-forward');
    stdin.emit(ev, ev === 'error' ? new Error('EPIPE') : undefined);
    expect(child.kills).toEqual(['SIGTERM']);
    await vi.advanceTimersByTimeAsync(499);
    expect(child.kills).toEqual(['SIGTERM']);
    await vi.advanceTimersByTimeAsync(1);
    expect(child.kills).toEqual(['SIGTERM', 'SIGKILL']);
  });

  it('ends the child only once however many reasons come', async () => {
    const child = await guard('kubectl');
    stdin.emit('end');
    stdin.emit('close');
    signals.get('SIGTERM')!();
    await vi.advanceTimersByTimeAsync(2_000);
    expect(child.kills).toEqual(['SIGTERM', 'SIGKILL']);
  });

  it.each(['SIGTERM', 'SIGINT', 'SIGHUP'])('%s to the guard ends the child', async (sig) => {
    const child = await guard('kubectl');
    expect([...signals.keys()]).toEqual(['SIGTERM', 'SIGINT', 'SIGHUP']);
    signals.get(sig)!();
    expect(child.kills).toEqual(['SIGTERM']);
  });

  it('a child that already exited or was killed is not signalled', async () => {
    const exited = await guard('kubectl');
    exited.exitCode = 0;
    stdin.emit('end');
    await vi.advanceTimersByTimeAsync(1_000);
    expect(exited.kills).toEqual([]);

    vi.resetModules();
    spawned.child = new FakeChild();
    const killed = await guard('kubectl');
    killed.signalCode = 'SIGKILL';
    stdin.emit('end');
    await vi.advanceTimersByTimeAsync(1_000);
    expect(killed.kills).toEqual([]);
  });

  it('re-parented (the parent died): noticed within half a second', async () => {
    const child = await guard('kubectl');
    await vi.advanceTimersByTimeAsync(1_000);
    expect(child.kills).toEqual([]);
    setPpid(saved.ppid + 1);
    await vi.advanceTimersByTimeAsync(500);
    expect(child.kills).toEqual(['SIGTERM']);
  });
});

describe('child guard: its exit code is the child\'s', () => {
  it.each([
    [[5, null], 5],
    [[0, null], 0],
    [[null, 'SIGTERM'], 143],
    [[null, 'SIGINT'], 130],
    [[null, 'SIGNOPE'], 137],
    [[null, null], 137],
  ] as const)('child exit %j → %i', async (how, code) => {
    const child = await guard('kubectl');
    expect(exitOf(() => child.emit('exit', ...how))).toBe(code);
  });

  it('a program that is not there: "command not found", exit 127, as a shell says it', async () => {
    const child = await guard('/nope/kubectl', 'version');
    const err = Object.assign(new Error('spawn /nope/kubectl ENOENT'), { code: 'ENOENT' });
    expect(exitOf(() => child.emit('error', err))).toBe(127);
    expect(stderr).toEqual(['/nope/kubectl: command not found\n']);
  });

  it('a program that cannot be started otherwise: its error message, exit 126', async () => {
    const child = await guard('/x/kubectl');
    const err = Object.assign(new Error('spawn /x/kubectl EACCES'), { code: 'EACCES' });
    expect(exitOf(() => child.emit('error', err))).toBe(126);
    expect(stderr).toEqual(['/x/kubectl: spawn /x/kubectl EACCES\n']);
  });
});

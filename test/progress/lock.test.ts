/**
 * The namespace lock: one writer per (context, namespace) on this machine; a waiter is told who holds it;
 * a holder that died leaves a lock the next one takes over; Ctrl-C ends a wait. Then the case it exists
 * for: two runs of the step 9 experiment at once (twenty trials) never scale the StatefulSet at the same
 * time and always leave it at its replicas, without its note.
 */
import { execa } from 'execa';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RESTORE_REPLICAS } from '../../src/checks/actions.js';
import { runCheck } from '../../src/checks/registry.js';
import type { Check } from '../../src/course/schema.js';
import { LockWaitAborted, lockPath, namespaceLock, type LockHolder } from '../../src/progress/lock.js';
import { checkEnvOf, fakeKube, pod, workload } from '../fixtures/engine/fake-kube.js';

const realSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
const home = () => mkdtempSync(join(tmpdir(), 'emqx-lab-lock-'));
const lockOf = (h: string, command: string, onWait?: (x: LockHolder) => void) => namespaceLock({ home: h, context: 'kind-lab', namespace: 'emqx-lab', command, sleep: realSleep, onWait });

describe('the namespace lock', () => {
  it('a second holder waits, is told who holds it (once), and goes on when the first is done', async () => {
    const h = home();
    const order: string[] = [];
    const told: LockHolder[] = [];
    let release!: () => void;
    const first = lockOf(h, 'emqx-lab solve 9').hold(async () => {
      order.push('first in');
      await new Promise<void>((r) => (release = r));
      order.push('first out');
    });
    await realSleep(20);
    const second = lockOf(h, 'emqx-lab verify 9', (x) => told.push(x)).hold(async () => {
      order.push('second in');
    });
    await realSleep(500);
    expect(order).toEqual(['first in']);
    expect(told).toHaveLength(1);
    expect(told[0]).toMatchObject({ command: 'emqx-lab solve 9', pid: process.pid });
    release();
    await Promise.all([first, second]);
    expect(order).toEqual(['first in', 'first out', 'second in']);
    expect(existsSync(lockPath(h, 'kind-lab', 'emqx-lab'))).toBe(false);
  });

  it('is re-entrant within one lock (solve holds it, the verify it runs takes it again)', async () => {
    const lock = lockOf(home(), 'emqx-lab solve 9');
    const inner = await lock.hold(() => lock.hold(async () => 'inner'));
    expect(inner).toBe('inner');
  });

  it('other namespaces and contexts are not held up', async () => {
    const h = home();
    let release!: () => void;
    const held = lockOf(h, 'a').hold(() => new Promise<void>((r) => (release = r)));
    await realSleep(20);
    await namespaceLock({ home: h, context: 'kind-lab', namespace: 'other', command: 'b', sleep: realSleep }).hold(async () => {});
    await namespaceLock({ home: h, context: 'minikube', namespace: 'emqx-lab', command: 'c', sleep: realSleep }).hold(async () => {});
    release();
    await held;
  });

  it('Ctrl-C while waiting ends the wait (LockWaitAborted), the holder keeps its lock', async () => {
    const h = home();
    let release!: () => void;
    const held = lockOf(h, 'a').hold(() => new Promise<void>((r) => (release = r)));
    await realSleep(20);
    const ctrl = new AbortController();
    const waiting = lockOf(h, 'b').hold(async () => 'ran', ctrl.signal);
    setTimeout(() => ctrl.abort(), 300);
    await expect(waiting).rejects.toBeInstanceOf(LockWaitAborted);
    expect(JSON.parse(readFileSync(lockPath(h, 'kind-lab', 'emqx-lab'), 'utf8'))).toMatchObject({ command: 'a' });
    release();
    await held;
  });

  it('a holder killed with SIGKILL leaves its lock; the next command takes it over', async () => {
    const h = home();
    const script = `
      import { namespaceLock } from ${JSON.stringify(join(import.meta.dirname, '..', '..', 'src', 'progress', 'lock.ts'))};
      const lock = namespaceLock({ home: ${JSON.stringify(h)}, context: 'kind-lab', namespace: 'emqx-lab', command: 'emqx-lab solve 9', sleep: (ms) => new Promise((r) => setTimeout(r, ms)) });
      setInterval(() => {}, 1000);
      lock.hold(() => { process.stdout.write('held\\n'); return new Promise(() => {}); });
    `;
    const child = execa(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { reject: false });
    await new Promise<void>((resolve) => {
      child.stdout!.on('data', () => resolve());
      void child.then(() => resolve());
    });
    child.kill('SIGKILL');
    await child;
    expect(JSON.parse(readFileSync(lockPath(h, 'kind-lab', 'emqx-lab'), 'utf8'))).toMatchObject({ pid: child.pid });
    const told: LockHolder[] = [];
    expect(await lockOf(h, 'next', (x) => told.push(x)).hold(async () => 'took over')).toBe('took over');
    expect(told).toEqual([]);
  });

  it('a holder that exits without releasing (process.exit) takes its lock with it', async () => {
    const h = home();
    const script = `
      import { namespaceLock } from ${JSON.stringify(join(import.meta.dirname, '..', '..', 'src', 'progress', 'lock.ts'))};
      const lock = namespaceLock({ home: ${JSON.stringify(h)}, context: 'kind-lab', namespace: 'emqx-lab', command: 'x', sleep: (ms) => new Promise((r) => setTimeout(r, ms)) });
      lock.hold(() => process.exit(0));
    `;
    await execa(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script]);
    expect(existsSync(lockPath(h, 'kind-lab', 'emqx-lab'))).toBe(false);
  });

  it('an unreadable lock file is waited on while fresh and taken over once old', async () => {
    const h = home();
    const path = lockPath(h, 'kind-lab', 'emqx-lab');
    mkdirSync(join(h, 'locks'), { recursive: true });
    writeFileSync(path, '{"half');
    const old = (Date.now() - 60_000) / 1000;
    utimesSync(path, old, old);
    expect(await lockOf(h, 'next').hold(async () => 'ok')).toBe('ok');
  });
});

describe('two step 9 experiments at once (twenty trials)', () => {
  const sts = { kind: 'StatefulSet', name: 'emqx' };
  const ready3 = { id: 'back', title: { en: 'b', zh: 'b' }, kind: 'podsReady', selector: 'app=emqx', count: 3, timeout: 30 };
  const experiment = {
    id: 'persist',
    title: { en: 'p', zh: 'p' },
    hints: ['h'],
    kind: 'disruption',
    action: [{ scale: { resource: sts, replicas: 0 } }, { scale: { resource: sts, replicas: 3 } }],
    replacement: 'sameName',
    then: [ready3],
  } as Check;

  /** One StatefulSet shared by both runs; every call yields for a random moment, so the runs interleave. */
  function shared() {
    let replicas = 3;
    let gen = 0;
    let annotations: Record<string, string> = {};
    let scaledBy: string | undefined;
    let overlaps = 0;
    const jitter = () => realSleep(Math.random() * 4);
    const stubsFor = (run: string) => ({
      get: async (kind: string, name: string) => {
        await jitter();
        if (kind === 'Pod') return Array.from({ length: replicas }, (_, i) => pod(`emqx-${i}`, { uid: `g${gen}-${i}` })).find((p) => p.metadata.name === name);
        const w = workload('StatefulSet', 'emqx', { replicas });
        w.metadata.annotations = { ...annotations };
        return w;
      },
      list: async () => {
        await jitter();
        return Array.from({ length: replicas }, (_, i) => pod(`emqx-${i}`, { uid: `g${gen}-${i}` }));
      },
      scale: async (_k: string, _n: string, r: number) => {
        await jitter();
        if (scaledBy && scaledBy !== run) overlaps++;
        scaledBy = r === 0 ? run : scaledBy;
        replicas = r;
        gen++;
      },
      patchMerge: async (_k: string, _n: string, patch: unknown) => {
        await jitter();
        const p = patch as { metadata?: { annotations?: Record<string, string | null> }; spec?: { replicas?: number } };
        for (const [k, v] of Object.entries(p.metadata?.annotations ?? {})) {
          if (v === null) delete annotations[k];
          else annotations = { ...annotations, [k]: v };
        }
        if (p.spec?.replicas !== undefined) {
          replicas = p.spec.replicas;
          gen++;
          scaledBy = undefined;
        }
      },
    });
    return { stubsFor, state: () => ({ replicas, annotations, overlaps }) };
  }

  it('with the lock: never at the same time, always back at 3 replicas without the note (20 of 20)', async () => {
    for (let trial = 0; trial < 20; trial++) {
      const h = home();
      const cluster = shared();
      const run = (name: string) =>
        runCheck(experiment, { ...checkEnvOf(fakeKube(cluster.stubsFor(name))), lock: lockOf(h, `emqx-lab ${name} 9`) }, 'poll');
      const [a, b] = await Promise.all([run('solve'), run('verify')]);
      expect([a.passed, b.passed], `trial ${trial}: ${a.reason} / ${b.reason}`).toEqual([true, true]);
      expect(cluster.state(), `trial ${trial}`).toEqual({ replicas: 3, annotations: {}, overlaps: 0 });
    }
  });

  it('without the lock (another machine), the note still puts back the right replicas (20 of 20)', async () => {
    for (let trial = 0; trial < 20; trial++) {
      const cluster = shared();
      const run = (name: string) => runCheck({ ...experiment, then: [] } as Check, checkEnvOf(fakeKube(cluster.stubsFor(name))), 'poll');
      await Promise.all([run('a'), run('b')]);
      expect(cluster.state().replicas, `trial ${trial}`).toBe(3);
      expect(cluster.state().annotations[RESTORE_REPLICAS], `trial ${trial}`).toBeUndefined();
    }
  });
});

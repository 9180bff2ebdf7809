import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { handsOnStep, waitForChange } from '../../src/ui/hands-on.js';
import { Leave } from '../../src/ui/leave.js';
import { FakePort, failing, fakeSteps } from './fake-port.js';
import { testIo, waitFor } from './mocks.js';

let home: string;
beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'emqx-lab-ui-'));
});
afterEach(() => rmSync(home, { recursive: true, force: true }));

describe.each([false, true])('hands-on step screen (CI=%s)', (ci) => {
  beforeEach(() => vi.stubEnv('CI', ci ? 'true' : ''));
  afterEach(() => vi.unstubAllEnvs());

  it('writes the starter files, re-checks when the namespace changes, and unlocks on a pass', async () => {
    const port = new FakePort();
    port.verifies = [failing(), { passed: true }];
    port.fingerprints = ['a', 'a', 'b'];
    const { io, input, output } = testIo({ ci });
    const p = handsOnStep(port, fakeSteps[2], io, { home, fingerprintEveryMs: 5, recheckEveryMs: 60_000 });
    await waitFor(output, 'Step 3 passed!');
    input.type('n');
    await expect(p).resolves.toBe('next');
    expect(port.calls).toEqual(['verify service', 'verify service']);

    const dir = join(home, 'workspace', 'emqx-lab', '03-service');
    expect(readdirSync(dir).sort()).toEqual(['CHANGES.txt', 'deployment.yaml', 'service.yaml']);
    // A file the previous step had starts as the previous step's version: the learner makes the change.
    expect(readFileSync(join(dir, 'deployment.yaml'), 'utf8')).toMatch(/replicas: 1\n/);
    expect(readFileSync(join(dir, 'service.yaml'), 'utf8')).toContain('kind: Service');
    expect(readFileSync(join(dir, 'CHANGES.txt'), 'utf8')).toMatch(/\+ +replicas: 3/);

    const screen = output.screen();
    expect(screen).toContain(`Your files for this step are in ${dir}`);
    expect(screen).toContain(`emqx-lab kubectl --sim apply -f ${dir}`);
    expect(screen).toContain('What it looks like: The image cannot be pulled');
    expect(screen).toContain('Hint 1/3');
    io.dispose();
  });

  it('keeps the learner\'s edits on a second visit; r restores the starter files after a yes', async () => {
    const port = new FakePort();
    port.verifies = [{ wait: true }, { wait: true }];
    const dir = join(home, 'workspace', 'emqx-lab', '02-deployment');
    const first = testIo({ ci });
    const p1 = handsOnStep(port, fakeSteps[1], first.io, { home });
    await waitFor(first.output, 'ContainerCreating');
    first.input.type('l');
    await expect(p1).resolves.toBe('list');
    first.io.dispose();
    writeFileSync(join(dir, 'deployment.yaml'), '# my edit\n');

    const { io, input, output } = testIo({ ci });
    const p2 = handsOnStep(port, fakeSteps[1], io, { home });
    await waitFor(output, 'Your files from last time are still in');
    expect(readFileSync(join(dir, 'deployment.yaml'), 'utf8')).toBe('# my edit\n');
    await waitFor(output, 'ContainerCreating');
    input.type('r');
    await waitFor(output, 'Overwrite your edits');
    input.type('y');
    input.key('enter');
    await waitFor(output, 'Starter files restored.');
    expect(readFileSync(join(dir, 'deployment.yaml'), 'utf8')).toContain('kind: Deployment');
    await waitFor(output, /Starter files restored[\s\S]*ContainerCreating/);
    input.type('q');
    const err = await p2.catch((e: unknown) => e);
    expect((err as Leave).reason).toBe('quit');
    io.dispose();
  });

  it('Ctrl-C while watching interrupts and aborts the running check', async () => {
    const port = new FakePort();
    port.verifies = [{ wait: true }];
    const { io, input, output } = testIo({ ci });
    const p = handsOnStep(port, fakeSteps[0], io, { home });
    await waitFor(output, 'ContainerCreating');
    input.key('ctrl-c');
    const err = await p.catch((e: unknown) => e);
    expect((err as Leave).reason).toBe('interrupt');
    expect(port.signals[0].aborted).toBe(true);
    io.dispose();
  });
});

describe('waitForChange', () => {
  it.each([
    [['x', 'x', 'y'], 'changed'],
    [['x', 'x', 'x', 'x'], 'interval'],
  ])('%j -> %s', async (prints, expected) => {
    const fp = [...prints];
    let t = 0;
    const r = await waitForChange({ fingerprint: async () => fp.shift() ?? 'x' }, new AbortController().signal, () => {}, {
      every: 1,
      recheck: 3,
      now: () => t++,
    });
    expect(r).toBe(expected);
  });

  it('a failed read is no change; wake and abort end the wait', async () => {
    let wake: () => void = () => {};
    const p = waitForChange({ fingerprint: async () => Promise.reject(new Error('down')) }, new AbortController().signal, (w) => (wake = w), { every: 5, recheck: 60_000 });
    setTimeout(() => wake(), 20);
    await expect(p).resolves.toBe('woken');
    const c = new AbortController();
    const q = waitForChange({ fingerprint: async () => 'x' }, c.signal, () => {}, { every: 5, recheck: 60_000 });
    setTimeout(() => c.abort(), 20);
    await expect(q).resolves.toBe('aborted');
  });
});

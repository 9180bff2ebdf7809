import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { guidedStep } from '../../src/ui/step-screen.js';
import { Leave } from '../../src/ui/leave.js';
import { FakePort, failing, fakeSteps } from './fake-port.js';
import { testIo, tick, waitFor } from './mocks.js';

describe.each([false, true])('guided step screen (CI=%s)', (ci) => {
  beforeEach(() => vi.stubEnv('CI', ci ? 'true' : ''));
  afterEach(() => vi.unstubAllEnvs());

  it('reads, applies on Enter, shows the checks pass, and moves on with n', async () => {
    const port = new FakePort();
    const { io, input, output } = testIo({ ci });
    const p = guidedStep(port, fakeSteps[1], io);
    await waitFor(output, 'What now?');
    input.key('enter');
    await waitFor(output, 'Step 2 passed!');
    await waitFor(output, /What now\?[\s\S]*What now\?/);
    input.type('n');
    await expect(p).resolves.toBe('next');
    expect(port.calls).toEqual(['apply deployment', 'verify deployment']);
    const screen = output.screen();
    expect(screen).toContain('What changed since step 1');
    expect(screen).toContain('+ Deployment emqx  new');
    expect(screen).toContain('- Pod emqx  gone in this step: the lab deletes it');
    expect(screen).toContain('✓ The pods are Ready');
    expect(screen).toContain('Next: A Service');
    if (ci) expect(screen).toMatchSnapshot();
    io.dispose();
  });

  it('on failure shows reason, diagnosis, evidence and hint; solve appears when the hints run out', async () => {
    const port = new FakePort();
    port.verifies = [failing(), { passed: true }];
    port.hints = [{ text: 'Use solve.', index: 3, total: 3, exhausted: true }];
    const { io, input, output } = testIo({ ci });
    const p = guidedStep(port, fakeSteps[0], io);
    await waitFor(output, 'What now?');
    input.type('c');
    await waitFor(output, 'Hint 1/3');
    const failure = output.screen();
    expect(failure).toContain('✗ Not yet');
    expect(failure).toContain('0 of 1 pods Ready: emqx is ImagePullBackOff');
    expect(failure).toContain('What it looks like: The image cannot be pulled');
    expect(failure).toContain('emqx: ImagePullBackOff');
    expect(failure).not.toMatch(/s solve it for me/);
    await waitFor(output, 'another hint');
    input.type('h');
    await waitFor(output, 'No hints left');
    await waitFor(output, 'solve it for me');
    input.type('s');
    await waitFor(output, 'Let the lab bring the namespace');
    input.key('enter');
    await waitFor(output, 'Step 1 passed!');
    await tick(20);
    input.type('l');
    await expect(p).resolves.toBe('list');
    expect(port.calls).toEqual(['verify bare-pod', 'hint bare-pod', 'solve bare-pod', 'verify bare-pod']);
    io.dispose();
  });

  it('l while checks run goes back to the list and stops the run', async () => {
    const port = new FakePort();
    port.verifies = [{ wait: true }];
    const { io, input, output } = testIo({ ci });
    const p = guidedStep(port, fakeSteps[0], io);
    await waitFor(output, 'What now?');
    input.type('c');
    await waitFor(output, 'ContainerCreating');
    input.type('l');
    await expect(p).resolves.toBe('list');
    expect(port.signals[0].aborted).toBe(true);
    expect(io.signal.aborted).toBe(false);
    io.dispose();
  });

  it('q while checks run leaves at once: every call is cancelled, and it counts as a quit', async () => {
    const port = new FakePort();
    port.verifies = [{ wait: true }];
    const { io, input, output } = testIo({ ci });
    const p = guidedStep(port, fakeSteps[0], io);
    await waitFor(output, 'What now?');
    input.type('c');
    await waitFor(output, 'ContainerCreating');
    input.type('q');
    const err = await p.catch((e: unknown) => e);
    expect((err as Leave).reason).toBe('quit');
    expect(io.signal.aborted).toBe(true);
    expect(io.leaving()).toBe('quit');
    io.dispose();
  });

  it('Ctrl-C while checks run interrupts everything', async () => {
    const port = new FakePort();
    port.verifies = [{ wait: true }];
    const { io, input, output } = testIo({ ci });
    const p = guidedStep(port, fakeSteps[0], io);
    await waitFor(output, 'What now?');
    input.type('c');
    await waitFor(output, 'ContainerCreating');
    input.key('ctrl-c');
    const err = await p.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Leave);
    expect((err as Leave).reason).toBe('interrupt');
    expect(io.signal.aborted).toBe(true);
    expect(port.signals[0].aborted).toBe(true);
    io.dispose();
  });

  it('q quits from the action bar, m shows the complete manifests', async () => {
    const port = new FakePort();
    const { io, input, output } = testIo({ ci });
    const p = guidedStep(port, fakeSteps[2], io);
    await waitFor(output, 'What now?');
    input.type('m');
    await waitFor(output, 'The complete manifests of this step');
    await waitFor(output, /What now\?[\s\S]*What now\?/);
    input.type('q');
    const err = await p.catch((e: unknown) => e);
    expect((err as Leave).reason).toBe('quit');
    const screen = output.screen();
    expect(screen).toContain('~ Deployment emqx  changed');
    expect(screen).toMatch(/- {3}replicas: 1/);
    expect(screen).toMatch(/\+ {3}replicas: 3/);
    expect(screen).toContain('+ Service emqx  new');
    io.dispose();
  });
});

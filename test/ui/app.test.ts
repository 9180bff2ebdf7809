import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { labState, menuView, runLab } from '../../src/ui/app.js';
import { FakePort } from './fake-port.js';
import { testIo, waitFor } from './mocks.js';

let home: string;
beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'emqx-lab-app-'));
});
afterEach(() => rmSync(home, { recursive: true, force: true }));

const count = (s: string, needle: string) => s.split(needle).length - 1;

describe.each([false, true])('the lab loop (CI=%s)', (ci) => {
  beforeEach(() => vi.stubEnv('CI', ci ? 'true' : ''));
  afterEach(() => vi.unstubAllEnvs());

  it('resumes at the current step, goes on with n, and quits with q (exit 0, session closed)', async () => {
    const port = new FakePort();
    port.state.steps['bare-pod'] = { passedAt: '2026-01-01T10:00:00Z' };
    const { io, input, output } = testIo({ ci });
    const p = runLab(port, { mode: 'guided', lang: 'en' }, { home, env: {} }, io);
    await waitFor(output, 'Pick a step');
    input.key('enter'); // resume: step 2
    await waitFor(output, 'Step 2/3 · A Deployment');
    input.key('enter'); // apply and check
    await waitFor(output, 'Step 2 passed!');
    await waitFor(output, /passed![\s\S]*What now\?/);
    input.type('n');
    await waitFor(output, 'Step 3/3 · A Service');
    input.type('q');
    await expect(p).resolves.toBe(0);
    expect(port.closed).toBeGreaterThan(0);
    expect(output.screen()).toContain('Bye! Your progress is saved');
    io.dispose();
  });

  it('switches language from the menu and remembers it', async () => {
    const port = new FakePort();
    const { io, input, output } = testIo({ ci });
    const p = runLab(port, { mode: 'guided', lang: 'en' }, { home, env: {} }, io);
    await waitFor(output, 'Pick a step');
    for (let i = 0; i < 3; i++) input.key('up'); // quit, reset, 中文
    input.key('enter');
    await waitFor(output, '语言：中文');
    await waitFor(output, '选择一个步骤');
    expect(JSON.parse(readFileSync(join(home, 'settings.json'), 'utf8'))).toMatchObject({ lang: 'zh' });
    expect(port.lang).toBe('zh');
    input.key('escape');
    await expect(p).resolves.toBe(0);
    expect(output.screen()).toContain('再见！');
    io.dispose();
  });

  it('reset asks first, and a no changes nothing', async () => {
    const port = new FakePort();
    port.state.steps['bare-pod'] = { passedAt: '2026-01-01T10:00:00Z' };
    const { io, input, output } = testIo({ ci });
    const p = runLab(port, { mode: 'guided', lang: 'en' }, { home, env: {} }, io);
    await waitFor(output, 'Pick a step');
    for (let i = 0; i < 3; i++) input.key('down'); // step 3 (locked) is skipped: mode, language, reset
    input.key('enter');
    await waitFor(output, 'Remove every lab object');
    input.key('enter'); // default: No
    await waitFor(output, 'Nothing was changed.');
    expect(port.calls).toEqual([]);
    await waitFor(output, /Nothing was changed[\s\S]*Pick a step/);
    for (let i = 0; i < 3; i++) input.key('down');
    input.key('enter');
    await waitFor(output, /Nothing was changed[\s\S]*Remove every lab object/);
    input.type('y');
    input.key('enter');
    await waitFor(output, 'The lab is reset');
    expect(port.calls).toEqual(['reset']);
    await waitFor(output, /The lab is reset[\s\S]*Pick a step/);
    input.key('ctrl-c');
    await expect(p).resolves.toBe(130);
    expect(output.screen()).toContain('Interrupted. Nothing was left running');
    io.dispose();
  });

  it('hands-on mode toggled from the menu is remembered', async () => {
    const port = new FakePort();
    const { io, input, output } = testIo({ ci });
    const p = runLab(port, { mode: 'guided', lang: 'en' }, { home, env: {} }, io);
    await waitFor(output, 'Pick a step');
    input.key('down'); // steps 2 and 3 are locked: the next option is the mode switch
    input.key('enter');
    await waitFor(output, /Pick a step[\s\S]*hands-on mode[\s\S]*Pick a step/);
    expect(count(output.screen(), 'Switch to guided mode')).toBeGreaterThan(0);
    expect(JSON.parse(readFileSync(join(home, 'settings.json'), 'utf8'))).toMatchObject({ mode: 'hands-on' });
    input.type('q');
    input.key('escape');
    await expect(p).resolves.toBe(0);
    io.dispose();
  });
});

describe('menu data and settings', () => {
  it('builds the menu from progress: passed, available, locked; where it runs', () => {
    const port = new FakePort();
    port.state.steps['bare-pod'] = { passedAt: 'x' };
    const { io } = testIo();
    const v = menuView(port, { mode: 'guided', lang: 'zh' }, io);
    expect(v.steps.map((s) => s.state)).toEqual(['passed', 'available', 'locked']);
    expect(v.current).toBe('deployment');
    expect(v.steps[0].title).toBe('一个裸 Pod');
    expect(v.where).toBe('simulated cluster · namespace emqx-lab');
    io.dispose();
  });

  it('remembers --lang and --mode given on the command line', () => {
    const s = labState({ home, lang: 'zh' }, { lang: 'zh', mode: 'hands-on' });
    expect(s).toEqual({ lang: 'zh', mode: 'hands-on' });
    expect(JSON.parse(readFileSync(join(home, 'settings.json'), 'utf8'))).toEqual({ lang: 'zh', mode: 'hands-on' });
    expect(labState({ home, lang: 'en' }, {})).toEqual({ lang: 'en', mode: 'hands-on' });
  });
});

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { menuScreen, type MenuView } from '../../src/ui/menu.js';
import { Leave } from '../../src/ui/leave.js';
import { testIo, waitFor } from './mocks.js';

const titles = ['One bare Pod', 'A Deployment', 'A ClusterIP Service', 'Three replicas', 'Discovery env', 'RBAC', 'ConfigMap', 'StatefulSet', 'PVCs'];

function view(passed: number, lang: 'en' | 'zh' = 'en'): MenuView {
  return {
    steps: titles.map((t, i) => ({
      number: i + 1,
      id: `s${i + 1}`,
      title: lang === 'zh' ? `第${i + 1}个：${t}` : t,
      summary: `summary ${i + 1}`,
      state: i < passed ? 'passed' : i === passed ? 'available' : 'locked',
    })),
    current: passed < 9 ? `s${passed + 1}` : undefined,
    where: 'emqx-lab-sim · namespace emqx-lab',
    mode: 'guided',
    lang,
  };
}

describe.each([false, true])('menu (CI=%s)', (ci) => {
  beforeEach(() => vi.stubEnv('CI', ci ? 'true' : ''));
  afterEach(() => vi.unstubAllEnvs());

  it('starts on the step to resume; Enter picks it', async () => {
    const { io, input, output } = testIo({ ci });
    const p = menuScreen(view(3), io);
    await waitFor(output, 'Pick a step');
    input.key('enter');
    await expect(p).resolves.toEqual({ kind: 'step', id: 's4' });
    expect(output.screen()).toMatchSnapshot();
    io.dispose();
  });

  it('skips locked steps when moving down', async () => {
    const { io, input, output } = testIo({ ci });
    const p = menuScreen(view(1), io);
    await waitFor(output, 'Pick a step');
    input.key('down'); // s3..s9 are locked: the cursor lands on the mode switch
    input.key('enter');
    await expect(p).resolves.toEqual({ kind: 'mode' });
    io.dispose();
  });

  it('offers the summary first when all nine have passed', async () => {
    const { io, input, output } = testIo({ ci });
    const p = menuScreen(view(9), io);
    await waitFor(output, 'All nine steps passed');
    input.key('enter');
    await expect(p).resolves.toEqual({ kind: 'finish' });
    io.dispose();
  });

  it('Escape leaves (quit), Ctrl-C interrupts', async () => {
    for (const [key, reason] of [['escape', 'quit'], ['ctrl-c', 'interrupt']] as const) {
      const { io, input, output } = testIo({ ci });
      const p = menuScreen(view(0), io);
      await waitFor(output, 'Pick a step');
      input.key(key);
      const err = await p.catch((e: unknown) => e);
      expect(err).toBeInstanceOf(Leave);
      expect((err as Leave).reason).toBe(reason);
      io.dispose();
    }
  });

  it('lines up Chinese titles', async () => {
    const { io, input, output } = testIo({ ci, lang: 'zh' });
    const p = menuScreen(view(2, 'zh'), io);
    await waitFor(output, '选择一个步骤');
    input.key('enter');
    await p;
    expect(output.screen()).toMatchSnapshot();
    io.dispose();
  });
});

describe('colour', () => {
  it('--no-color: no SGR codes at all, even from clack; with colour there are some', async () => {
    for (const color of [false, true]) {
      const { io, input, output } = testIo({ color });
      const p = menuScreen(view(3), io);
      await waitFor(output, 'Pick a step');
      input.key('enter');
      await p;
      expect(/\x1b\[[0-9;]*m/.test(output.text())).toBe(color);
      io.dispose();
    }
  });
});

/** keptForward: one port-forward kept across poll rounds, reopened when kubectl exited or the target changed. */
import { describe, expect, it } from 'vitest';
import { keptForward } from '../../src/checks/forward.js';
import { checkEnvOf, fakeKube, forwardTo } from '../fixtures/engine/fake-kube.js';

/** kubectl port-forward exited (the pod went away): the forward reports it is no longer alive. */
const exited = (f: { alive: boolean }) => {
  f.alive = false;
};

function setup() {
  const opened: ReturnType<typeof forwardTo>[] = [];
  const kube = fakeKube({
    portForward: async (target: string, port: number) => {
      const f = forwardTo(40000 + opened.length, `${target}:${port}`);
      opened.push(f);
      return f;
    },
  });
  return { kube, opened, fwd: keptForward(checkEnvOf(kube)) };
}

describe('keptForward reuses a live forward to the same target', () => {
  it('opens once, then hands back the same forward and says no new kubectl is needed', async () => {
    const { kube, opened, fwd } = setup();
    expect(fwd.needsOpen('pod/emqx-0', 1883, 'uid-a')).toBe(true);
    const first = await fwd.open('pod/emqx-0', 1883, 'uid-a');
    expect(kube.log.map((l) => l.args)).toEqual([['pod/emqx-0', 1883]]);
    expect(fwd.needsOpen('pod/emqx-0', 1883, 'uid-a')).toBe(false);
    expect(await fwd.open('pod/emqx-0', 1883, 'uid-a')).toBe(first);
    expect(kube.calls.portForward).toBe(1);
    expect(opened[0].closed).toBe(false);
  });
});

describe('keptForward reopens when the target changes', () => {
  it.each([
    ['another pod', 'pod/emqx-1', 1883, 'uid-b'],
    ['the same pod name with a new uid (recreated)', 'pod/emqx-0', 1883, 'uid-new'],
    ['another port', 'pod/emqx-0', 18083, 'uid-a'],
  ])('%s: needs a new forward, closes the old one and opens the new one', async (_n, target, port, id) => {
    const { kube, opened, fwd } = setup();
    await fwd.open('pod/emqx-0', 1883, 'uid-a');
    expect(fwd.needsOpen(target, port, id)).toBe(true);
    const next = await fwd.open(target, port, id);
    expect(next).toBe(opened[1]);
    expect(opened[0].closed).toBe(true);
    expect(kube.log.map((l) => l.args)).toEqual([
      ['pod/emqx-0', 1883],
      [target, port],
    ]);
  });

  it('without an id the target itself is the key', async () => {
    const { kube, fwd } = setup();
    await fwd.open('svc/emqx', 1883);
    expect(fwd.needsOpen('svc/emqx', 1883)).toBe(false);
    expect(fwd.needsOpen('svc/other', 1883)).toBe(true);
    await fwd.open('svc/other', 1883);
    expect(kube.calls.portForward).toBe(2);
  });
});

describe('keptForward reopens after kubectl exited or the forward was closed', () => {
  it('a forward whose kubectl exited is replaced', async () => {
    const { kube, opened, fwd } = setup();
    await fwd.open('pod/emqx-0', 1883, 'uid-a');
    exited(opened[0]);
    expect(fwd.needsOpen('pod/emqx-0', 1883, 'uid-a')).toBe(true);
    expect(await fwd.open('pod/emqx-0', 1883, 'uid-a')).toBe(opened[1]);
    expect(kube.calls.portForward).toBe(2);
  });

  it('after close the same target needs a new forward', async () => {
    const { kube, opened, fwd } = setup();
    await fwd.open('pod/emqx-0', 1883, 'uid-a');
    await fwd.close();
    expect(opened[0].closed).toBe(true);
    expect(fwd.needsOpen('pod/emqx-0', 1883, 'uid-a')).toBe(true);
    expect(await fwd.open('pod/emqx-0', 1883, 'uid-a')).toBe(opened[1]);
    expect(kube.calls.portForward).toBe(2);
  });
});

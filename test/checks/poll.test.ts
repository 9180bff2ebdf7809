import { describe, expect, it } from 'vitest';
import { pollProbe } from '../../src/checks/poll.js';
import type { Observation } from '../../src/checks/types.js';
import { KubeError } from '../../src/kube/result.js';
import { checkEnvOf, fakeKube } from '../fixtures/engine/fake-kube.js';

function scripted(seq: (Observation | Error)[]) {
  let i = 0;
  return {
    polls: () => i,
    closed: false,
    async poll(): Promise<Observation> {
      const x = seq[Math.min(i++, seq.length - 1)];
      if (x instanceof Error) throw x;
      return x;
    },
    async close() {
      this.closed = true;
    },
  };
}
const no = (reason: string): Observation => ({ passed: false, reason });
const yes = (reason: string): Observation => ({ passed: true, reason });

describe('the polling loop', () => {
  it('polls until the check passes, backing off from 250 ms to 500 ms', async () => {
    const env = checkEnvOf(fakeKube());
    const probe = scripted([no('a'), no('b'), no('c'), no('d'), no('e'), no('f'), no('g'), yes('ok')]);
    const out = await pollProbe(probe, env, { mode: 'poll', timeoutMs: 60_000 });
    expect(out).toMatchObject({ passed: true, reason: 'ok' });
    expect(env.clock.slept).toEqual([250, 313, 391, 489, 500, 500, 500]);
    expect(probe.closed).toBe(true);
  });

  it('fails at the timeout with the LAST reason it saw, not "timeout"', async () => {
    const env = checkEnvOf(fakeKube());
    const out = await pollProbe(scripted([no('0 of 3 pods Ready'), no('2 of 3 pods Ready: emqx-1 is ContainerCreating')]), env, { mode: 'poll', timeoutMs: 5_000 });
    expect(out).toEqual({ passed: false, reason: '2 of 3 pods Ready: emqx-1 is ContainerCreating', observed: undefined });
  });

  it('keeps a kubectl failure as the reason and goes on polling', async () => {
    const env = checkEnvOf(fakeKube());
    const forbidden = new KubeError('forbidden', 'Error from server (Forbidden): pods is forbidden', []);
    const probe = scripted([forbidden, forbidden, yes('fine now')]);
    const reasons: string[] = [];
    const out = await pollProbe(probe, env, { mode: 'poll', timeoutMs: 60_000, onReason: (r) => reasons.push(r) });
    expect(out.passed).toBe(true);
    expect(reasons[0]).toBe('not allowed: Error from server (Forbidden): pods is forbidden');
    expect(probe.polls()).toBe(3);
  });

  it('a bug in a probe is not hidden as a reason', async () => {
    const env = checkEnvOf(fakeKube());
    await expect(pollProbe(scripted([new TypeError('boom')]), env, { mode: 'poll', timeoutMs: 1_000 })).rejects.toThrow('boom');
  });

  it('holdFor: passes only after the condition kept holding, and starts over when it breaks', async () => {
    const env = checkEnvOf(fakeKube());
    const probe = scripted([yes('up'), no('down'), yes('up'), yes('up'), yes('up'), yes('up'), yes('up'), yes('up')]);
    const out = await pollProbe(probe, env, { mode: 'poll', timeoutMs: 60_000, holdForMs: 3_000 });
    expect(out.passed).toBe(true);
    // Time held since the last break must reach 3 s.
    const sinceBreak = env.clock.slept.slice(1).reduce((a, b) => a + b, 0);
    expect(sinceBreak).toBeGreaterThanOrEqual(3_000);
  });

  it('holdFor is cluster time: a cluster running 10x faster needs a tenth of the wall time', async () => {
    const slow = checkEnvOf(fakeKube());
    await pollProbe(scripted([yes('up')]), slow, { mode: 'poll', timeoutMs: 60_000, holdForMs: 5_000 });
    const fast = { ...checkEnvOf(fakeKube()), clusterSpeed: 10 };
    await pollProbe(scripted([yes('up')]), fast, { mode: 'poll', timeoutMs: 60_000, holdForMs: 5_000 });
    const total = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
    expect(total(slow.clock.slept)).toBeGreaterThanOrEqual(5_000);
    expect(total(fast.clock.slept)).toBeGreaterThanOrEqual(500);
    expect(total(fast.clock.slept)).toBeLessThan(1_000);
  });

  it('onPoll: called as each round starts and ends', async () => {
    const env = checkEnvOf(fakeKube());
    const phases: string[] = [];
    await pollProbe(scripted([no('a'), no('b'), yes('c')]), env, { mode: 'poll', timeoutMs: 60_000, onPoll: (p) => phases.push(p) });
    expect(phases).toEqual(['start', 'end', 'start', 'end', 'start', 'end']);
  });

  it('holdFor that keeps breaking fails with the reason', async () => {
    const env = checkEnvOf(fakeKube());
    const out = await pollProbe(scripted([yes('up'), no('came back')]), env, { mode: 'poll', timeoutMs: 4_000, holdForMs: 10_000 });
    expect(out).toMatchObject({ passed: false, reason: 'came back' });
  });

  it('once: exactly one verdict, no sleeping, holdFor ignored', async () => {
    const env = checkEnvOf(fakeKube());
    const probe = scripted([no('not yet'), yes('later')]);
    expect(await pollProbe(probe, env, { mode: 'once', timeoutMs: 60_000, holdForMs: 10_000 })).toMatchObject({ passed: false, reason: 'not yet' });
    expect(probe.polls()).toBe(1);
    expect(env.clock.slept).toEqual([]);
  });

  it('partial rounds are not verdicts: polled again at once, in once mode too', async () => {
    const env = checkEnvOf(fakeKube());
    const probe = scripted([{ passed: false, partial: true, reason: 'checked 1 of 3' }, { passed: false, partial: true, reason: 'checked 2 of 3' }, yes('all 3')]);
    expect(await pollProbe(probe, env, { mode: 'once', timeoutMs: 1_000 })).toMatchObject({ passed: true });
    expect(probe.polls()).toBe(3);
    expect(env.clock.slept).toEqual([]);
  });

  it('giveUp: asked every so often while failing; true ends the check with its last reason', async () => {
    const env = checkEnvOf(fakeKube());
    let asked = 0;
    const out = await pollProbe(scripted([no('still 1 running node')]), env, {
      mode: 'poll',
      timeoutMs: 600_000,
      giveUp: { everyMs: 10_000, when: async () => ++asked === 2 },
    });
    expect(out).toMatchObject({ passed: false, reason: 'still 1 running node' });
    expect(asked).toBe(2);
    expect(env.clock.now() - 1_000_000).toBeLessThan(30_000);
  });

  it('Ctrl-C stops it, marked interrupted', async () => {
    const ac = new AbortController();
    const env = checkEnvOf(fakeKube(), { signal: ac.signal });
    const probe = {
      async poll() {
        ac.abort();
        return no('waiting');
      },
    };
    expect(await pollProbe(probe, env, { mode: 'poll', timeoutMs: 60_000 })).toMatchObject({ passed: false, interrupted: true });
  });
});

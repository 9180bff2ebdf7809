/**
 * The polling loop's edges, on the fake clock: what onReason hears, Ctrl-C before and during a round, how
 * many partial rounds a verdict may take, when giveUp is asked, and how the deadline meets holdFor.
 */
import { describe, expect, it } from 'vitest';
import { pollProbe } from '../../src/checks/poll.js';
import type { Observation } from '../../src/checks/types.js';
import { checkEnvOf, fakeKube } from '../fixtures/engine/fake-kube.js';

const no = (reason: string): Observation => ({ passed: false, reason });
const yes = (reason: string): Observation => ({ passed: true, reason });

function scripted(seq: Observation[]) {
  let i = 0;
  return {
    polls: () => i,
    async poll(): Promise<Observation> {
      return seq[Math.min(i++, seq.length - 1)];
    },
  };
}

/** A probe that never gives a verdict; it advances the clock by `stepMs` a round and gives up loudly after 100 rounds. */
function alwaysPartial(env: ReturnType<typeof checkEnvOf>, stepMs = 0) {
  let i = 0;
  return {
    polls: () => i,
    async poll(): Promise<Observation> {
      if (++i > 100) throw new Error('the loop did not stop after 100 partial rounds');
      env.clock.advance(stepMs);
      return { passed: false, partial: true, reason: `checked ${i}`, observed: { round: i } };
    },
  };
}

/** A probe that passes from `fromMs` after the start of the (fake) clock, failing before. */
function passesFrom(env: ReturnType<typeof checkEnvOf>, fromMs: number) {
  const start = env.clock.now();
  return { poll: async (): Promise<Observation> => (env.clock.now() - start >= fromMs ? yes('up') : no('down')) };
}

describe('what onReason hears', () => {
  it('the same words with a different verdict are reported again', async () => {
    const env = checkEnvOf(fakeKube());
    const heard: [string, boolean][] = [];
    await pollProbe(scripted([no('x'), yes('x')]), env, { mode: 'poll', timeoutMs: 60_000, onReason: (r, p) => heard.push([r, p]) });
    expect(heard).toEqual([
      ['x', false],
      ['x', true],
    ]);
  });

  it('passed is true only for a passing verdict, never for a failing or a partial round', async () => {
    const env = checkEnvOf(fakeKube());
    const heard: [string, boolean][] = [];
    const probe = scripted([no('a'), { passed: true, partial: true, reason: 'b' }, yes('c')]);
    await pollProbe(probe, env, { mode: 'poll', timeoutMs: 60_000, onReason: (r, p) => heard.push([r, p]) });
    expect(heard).toEqual([
      ['a', false],
      ['b', false],
      ['c', true],
    ]);
  });

  it('the first verdict is always reported, even a pass in the words of the "not checked yet" placeholder', async () => {
    const env = checkEnvOf(fakeKube());
    const heard: [string, boolean][] = [];
    await pollProbe(scripted([yes('not checked yet')]), env, { mode: 'once', timeoutMs: 1_000, onReason: (r, p) => heard.push([r, p]) });
    expect(heard).toEqual([['not checked yet', true]]);
  });
});

describe('Ctrl-C', () => {
  it('before the first round: nothing is polled, the check is interrupted and not checked yet', async () => {
    const ac = new AbortController();
    ac.abort();
    const env = checkEnvOf(fakeKube(), { signal: ac.signal });
    const probe = scripted([yes('ok')]);
    expect(await pollProbe(probe, env, { mode: 'poll', timeoutMs: 60_000 })).toEqual({ passed: false, reason: 'not checked yet', interrupted: true });
    expect(probe.polls()).toBe(0);
  });

  it('during a round: what that round saw is dropped, the reason is the one seen before, and nothing more is waited for', async () => {
    const ac = new AbortController();
    const env = checkEnvOf(fakeKube(), { signal: ac.signal });
    let round = 0;
    const probe = {
      async poll(): Promise<Observation> {
        if (++round === 1) return no('first');
        ac.abort();
        return no('cut off');
      },
    };
    const heard: string[] = [];
    const out = await pollProbe(probe, env, { mode: 'poll', timeoutMs: 60_000, onReason: (r) => heard.push(r) });
    expect(out).toEqual({ passed: false, reason: 'first', interrupted: true });
    expect(heard).toEqual(['first']);
    expect(env.clock.slept).toEqual([250]);
  });
});

describe('partial rounds', () => {
  it('once: gives up after 61 partial rounds, failing with the last of them', async () => {
    const env = checkEnvOf(fakeKube());
    const probe = alwaysPartial(env);
    const out = await pollProbe(probe, env, { mode: 'once', timeoutMs: 60_000 });
    expect(out).toEqual({ passed: false, reason: 'checked 61', observed: { round: 61 } });
    expect(probe.polls()).toBe(61);
  });

  it('poll: partial rounds go on, without sleeping, until the timeout (not a count of rounds)', async () => {
    const env = checkEnvOf(fakeKube());
    const probe = alwaysPartial(env, 100);
    const out = await pollProbe(probe, env, { mode: 'poll', timeoutMs: 1_000 });
    expect(out).toEqual({ passed: false, reason: 'checked 10', observed: { round: 10 } });
    expect(probe.polls()).toBe(10);
    expect(env.clock.slept).toEqual([]);
  });
});

describe('giveUp: when it is asked', () => {
  async function askTimes(giveUp: { everyMs: number; firstAfterMs?: number }) {
    const env = checkEnvOf(fakeKube());
    const start = env.clock.now();
    const asked: number[] = [];
    const out = await pollProbe(scripted([no('failing')]), env, {
      mode: 'poll',
      timeoutMs: 4_000,
      giveUp: { ...giveUp, when: async () => (asked.push(env.clock.now() - start), false) },
    });
    expect(out).toMatchObject({ passed: false, reason: 'failing' });
    return asked;
  }

  // The rounds come at 0, 250, 563, 954, 1443, 1943, 2443, 2943, 3443, 3943 and 4000 ms.
  it('first after everyMs, then each time everyMs have passed since the last question', async () => {
    expect(await askTimes({ everyMs: 1_000 })).toEqual([1_443, 2_443, 3_443]);
  });

  it('firstAfterMs brings the first question forward', async () => {
    expect(await askTimes({ everyMs: 1_000, firstAfterMs: 500 })).toEqual([563, 1_943, 2_943, 3_943]);
  });
});

describe('the deadline', () => {
  it('the last sleep is cut short so the check ends exactly at its timeout', async () => {
    const env = checkEnvOf(fakeKube());
    await pollProbe(scripted([no('down')]), env, { mode: 'poll', timeoutMs: 1_000 });
    expect(env.clock.slept).toEqual([250, 313, 391, 46]);
  });

  it('a condition that started holding before the timeout gets the holdFor time to prove it keeps holding', async () => {
    const env = checkEnvOf(fakeKube());
    // Holding from the round at 954 ms, just before the 1 s timeout.
    const out = await pollProbe(passesFrom(env, 800), env, { mode: 'poll', timeoutMs: 1_000, holdForMs: 3_000 });
    expect(out).toMatchObject({ passed: true, reason: 'up' });
    expect(env.clock.now() - 1_000_000).toBeGreaterThanOrEqual(954 + 3_000);
  });

  it('a condition that first holds at the timeout gets no extra time, and the reason says it did not hold', async () => {
    const env = checkEnvOf(fakeKube());
    const out = await pollProbe(passesFrom(env, 1_000), env, { mode: 'poll', timeoutMs: 1_000, holdForMs: 3_000 });
    expect(out).toEqual({ passed: false, reason: 'up, but it did not keep holding for 3 s', observed: undefined });
    expect(env.clock.now() - 1_000_000).toBe(1_000);
  });
});

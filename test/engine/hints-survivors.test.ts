/** A hint whose `when` names several diagnoses fits (and wins) when any one of them is seen. */
import { describe, expect, it } from 'vitest';
import { chooseHint } from '../../src/engine/hints.js';

const h = (id: string, when?: string[]) => ({ id, ...(when ? { when } : {}), text: { en: id, zh: id } });

describe('a hint for several diagnoses', () => {
  it('fits and wins outright when one of them shows, at any level', () => {
    const lesson = { hints: [h('either', ['image-pull-failed', 'crash-loop']), h('plain'), h('solve')] };
    expect(chooseHint(lesson, ['either', 'plain', 'solve'], ['crash-loop'], 1, 'en', 1)).toEqual({ id: 'either', text: 'either', last: false, position: 1, fitting: 3 });
    // Without either diagnosis it does not fit.
    expect(chooseHint(lesson, ['either', 'plain', 'solve'], [], 0, 'en', 1)).toMatchObject({ id: 'plain', position: 1, fitting: 2 });
  });
});

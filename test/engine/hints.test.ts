import { describe, expect, it } from 'vitest';
import { chooseHint, nextHint } from '../../src/engine/hints.js';

const h = (id: string, when?: string[], text = id) => ({ id, ...(when ? { when } : {}), text: { en: text, zh: text } });
const lesson = { hints: [h('wait'), h('describe'), h('image', ['image-pull-failed']), h('solve', undefined, 'Last resort: emqx-lab solve 1.'), h('plain-last')] };

describe('choosing a hint', () => {
  it.each([
    ['first call: the mildest', ['wait', 'describe', 'image', 'solve'], [], 0, 'wait'],
    ['escalates with the count shown', ['wait', 'describe', 'image', 'solve'], [], 1, 'describe'],
    ['skips hints for diagnoses not seen', ['wait', 'describe', 'image', 'solve'], [], 2, 'solve'],
    ['stays on the last', ['wait', 'describe', 'image', 'solve'], [], 9, 'solve'],
    ['a hint for a diagnosis seen now wins outright', ['wait', 'describe', 'image', 'solve'], ['image-pull-failed'], 0, 'image'],
    ['unknown ids in the list are ignored', ['nope', 'describe'], [], 0, 'describe'],
  ])('%s', (_n, ids, diagnoses, level, want) => {
    expect(chooseHint(lesson, ids, diagnoses, level, 'en', 1)?.id).toBe(want);
  });

  it('the last hint points at solve; the lab adds that line when the lesson did not', () => {
    expect(chooseHint(lesson, ['wait', 'solve'], [], 1, 'en', 1)).toEqual({ id: 'solve', text: 'Last resort: emqx-lab solve 1.', last: true, position: 2, fitting: 2 });
    expect(chooseHint(lesson, ['wait', 'image', 'solve'], [], 0, 'en', 1)).toMatchObject({ id: 'wait', position: 1, fitting: 2 });
    const added = chooseHint(lesson, ['wait', 'plain-last'], [], 5, 'zh', 4)!;
    expect(added.last).toBe(true);
    expect(added.text).toMatch(/^plain-last\n.*emqx-lab solve 4/);
    expect(chooseHint(lesson, ['wait', 'plain-last'], [], 0, 'en', 4)).toMatchObject({ text: 'wait', last: false });
  });

  it('nothing fits: no hint', () => {
    expect(chooseHint(lesson, ['image'], [], 0, 'en', 1)).toBeUndefined();
  });
});

describe('the next hint (hint command and the interactive lab)', () => {
  const ids = ['wait', 'describe', 'image', 'solve'];
  const climb = (diagnoses: string[], times: number) => {
    let shown = 0;
    const seen: [string | undefined, number, number][] = [];
    for (let i = 0; i < times; i++) {
      const n = nextHint(lesson, ids, diagnoses, shown, 'en', 1);
      seen.push([n.hint?.id, n.index, n.total]);
      shown = n.shown;
    }
    return { seen, shown };
  };

  it('climbs one hint per call and stays on the last; hintsShown stops at the number of hints', () => {
    expect(climb([], 6)).toEqual({
      seen: [
        ['wait', 1, 4],
        ['describe', 2, 4],
        ['solve', 4, 4],
        ['solve', 4, 4],
        ['solve', 4, 4],
        ['solve', 4, 4],
      ],
      shown: 4,
    });
  });

  it('is chooseHint at the level of the hints shown so far', () => {
    for (const shown of [0, 1, 2, 3, 7]) {
      for (const diagnoses of [[], ['image-pull-failed']]) {
        expect(nextHint(lesson, ids, diagnoses, shown, 'zh', 3).hint).toEqual(chooseHint(lesson, ids, diagnoses, shown, 'zh', 3));
      }
    }
  });

  it('a hint for a diagnosis seen now wins, and still counts as shown', () => {
    expect(nextHint(lesson, ids, ['image-pull-failed'], 0, 'en', 1)).toMatchObject({ hint: { id: 'image' }, index: 3, total: 4, shown: 1 });
  });

  it('nothing fits: no hint, and the count stays where it was', () => {
    expect(nextHint(lesson, ['image'], [], 0, 'en', 1)).toEqual({ hint: undefined, index: 0, total: 1, shown: 0 });
  });
});

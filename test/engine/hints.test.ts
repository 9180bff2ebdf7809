import { describe, expect, it } from 'vitest';
import { chooseHint } from '../../src/engine/hints.js';

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

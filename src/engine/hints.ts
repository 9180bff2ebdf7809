/**
 * Choosing a hint for a failing check. Its `hints` list (mildest first) is narrowed to the hints that fit:
 * those without `when`, and those whose `when` names a diagnosis seen right now. A fitting `when` hint wins
 * outright; otherwise the learner climbs the list one hint per `emqx-lab hint`. The last hint points at
 * `solve` as the last resort (lessons usually say so themselves; if not, the lab adds it).
 */
import type { Hint, Lesson } from '../course/schema.js';
import { engineMessages } from '../i18n/engine.js';
import type { Lang } from '../i18n/lang.js';

export interface ChosenHint {
  id: string;
  text: string;
  /** It was the last one on the list. */
  last: boolean;
  /** 1-based position among the hints that fit now, and how many fit. */
  position: number;
  fitting: number;
}

/**
 * @param level how far up the list: `hint` uses the count of hints shown so far; verify shows the latest
 *   one the learner has seen (count - 1, at least 0).
 */
export function chooseHint(
  lesson: Pick<Lesson, 'hints'>,
  hintIds: readonly string[],
  diagnosisIds: readonly string[],
  level: number,
  lang: Lang,
  stepNumber: number,
): ChosenHint | undefined {
  const byId = new Map(lesson.hints.map((h) => [h.id, h]));
  const listed = hintIds.map((id) => byId.get(id)).filter((h): h is Hint => h !== undefined);
  const seen = new Set(diagnosisIds);
  const fitting = listed.filter((h) => !h.when || h.when.some((d) => seen.has(d)));
  if (!fitting.length) return undefined;
  const targeted = fitting.find((h) => h.when?.some((d) => seen.has(d)));
  const index = Math.max(0, Math.min(level, fitting.length - 1));
  const chosen = targeted ?? fitting[index];
  const last = chosen === fitting[fitting.length - 1];
  let text = chosen.text[lang];
  if (last && !/\bsolve\b/.test(text)) text = `${text}\n${engineMessages[lang].lastResort(stepNumber)}`;
  return { id: chosen.id, text, last, position: fitting.indexOf(chosen) + 1, fitting: fitting.length };
}

export interface NextHint {
  /** The hint to show now, or undefined when none fits. */
  hint: ChosenHint | undefined;
  /** Its place in the check's whole hint list (1-based, at least 1) and that list's length. */
  index: number;
  total: number;
  /** `hintsShown` once it has been shown: one more, never past the number of hints (unchanged without a hint). */
  shown: number;
}

/**
 * The next hint for a failing check, as `emqx-lab hint` and the interactive lab give it: chosen at the
 * level of the hints shown so far (`hintsShown`), which then climbs by one, capped at the number of hints.
 * (Verify shows the latest hint seen instead: pass hintsShown - 1, at least 0, and ignore `shown`.)
 */
export function nextHint(
  lesson: Pick<Lesson, 'hints'>,
  hintIds: readonly string[],
  diagnosisIds: readonly string[],
  hintsShown: number,
  lang: Lang,
  stepNumber: number,
): NextHint {
  const hint = chooseHint(lesson, hintIds, diagnosisIds, hintsShown, lang, stepNumber);
  const total = hintIds.length;
  if (!hint) return { hint, index: 0, total, shown: hintsShown };
  return { hint, index: Math.min(total, hintIds.indexOf(hint.id) + 1) || 1, total, shown: Math.min(hintsShown + 1, total) };
}

/**
 * The menu: the nine steps with their state, the progress bar, and the lab's own actions. The cursor starts
 * on the step to resume (the first one not passed), so Enter continues where the learner stopped.
 */
import { select } from '@clack/prompts';
import type { Lang } from '../i18n/lang.js';
import type { Mode } from '../progress/settings.js';
import type { StepState } from '../progress/unlock.js';
import type { LabIo } from './io.js';
import { answer } from './leave.js';
import { progressBar } from './progress-bar.js';
import { padStart } from './text.js';

export interface StepRow {
  number: number;
  id: string;
  title: string;
  summary: string;
  state: StepState;
}

export interface MenuView {
  steps: StepRow[];
  /** The step to resume at (undefined when every step has passed). */
  current?: string;
  /** Where the lab runs: context and namespace, as the learner reads it. */
  where: string;
  mode: Mode;
  lang: Lang;
}

export type MenuChoice =
  | { kind: 'step'; id: string }
  | { kind: 'finish' }
  | { kind: 'mode' }
  | { kind: 'lang' }
  | { kind: 'reset' }
  | { kind: 'quit' };

/** The symbol before a step: passed ✓, available →, locked · (clack draws its own ●/○ cursor). */
export function stateMark(state: StepState, io: Pick<LabIo, 'style'>): string {
  const s = io.style;
  return state === 'passed' ? s.green('✓') : state === 'available' ? s.cyan('→') : s.dim('·');
}

/** The lines above the menu: where the lab runs and how far the learner is. */
export function menuHeader(view: MenuView, io: Pick<LabIo, 'm' | 'style' | 'columns'>): string[] {
  const done = view.steps.filter((s) => s.state === 'passed').length;
  const cols = Math.min(io.columns() - 4, 60);
  return [
    `${io.style.bold(io.m.menuTitle)}  ${io.style.dim(view.where)}`,
    `${progressBar(done, view.steps.length, cols, io.style)}  ${io.style.dim(io.m.modeName(view.mode))}`,
  ];
}

type Value = string;

export function menuOptions(view: MenuView, io: Pick<LabIo, 'm' | 'style'>) {
  const { m } = io;
  const wide = String(view.steps.length).length;
  const options: { value: Value; label: string; hint?: string; disabled?: boolean }[] = [];
  const allDone = view.steps.length > 0 && view.steps.every((s) => s.state === 'passed');
  if (allDone) options.push({ value: 'finish', label: m.menuFinish, hint: m.menuFinishHint });
  for (const [i, s] of view.steps.entries()) {
    const label = `${stateMark(s.state, io)} ${padStart(String(s.number), wide)}  ${s.title}`;
    const prev = view.steps[i - 1];
    const hint =
      s.state === 'locked' ? m.lockedHint(prev ? prev.number : 0) : s.state === 'passed' ? m.passedHint : s.summary;
    options.push({ value: `step:${s.id}`, label, hint, disabled: s.state === 'locked' });
  }
  options.push({ value: 'mode', label: m.menuMode(view.mode === 'guided' ? 'hands-on' : 'guided'), hint: m.menuModeHint });
  options.push({ value: 'lang', label: m.menuLang, hint: m.menuLangHint });
  options.push({ value: 'reset', label: m.menuReset, hint: m.menuResetHint });
  options.push({ value: 'quit', label: m.menuQuit });
  return options;
}

export function toChoice(v: Value): MenuChoice {
  if (v.startsWith('step:')) return { kind: 'step', id: v.slice(5) };
  return { kind: v as Exclude<MenuChoice['kind'], 'step'> };
}

export async function menuScreen(view: MenuView, io: LabIo): Promise<MenuChoice> {
  io.output.write(`${menuHeader(view, io).join('\n')}\n`);
  const options = menuOptions(view, io);
  const allDone = options[0]?.value === 'finish';
  const v = await select<Value>({
    message: io.m.menuPrompt,
    options,
    initialValue: allDone ? 'finish' : view.current ? `step:${view.current}` : undefined,
    maxItems: Math.max(5, options.length),
    showInstructions: false,
    input: io.input,
    output: io.output,
    signal: io.signal,
  });
  return toChoice(answer(v, io));
}

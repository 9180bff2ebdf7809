/**
 * The interactive lab, create-astro style: a few steps run in order (intro, preflight, the menu loop) over a
 * narrow context. The menu loop opens steps (guided or hands-on), switches mode and language (remembered in
 * settings), resets, and finishes. However the learner leaves — q, Escape, Ctrl-C — the cluster session is
 * closed (port-forwards and kubectl children end) before the exit code is returned; progress is written as
 * it happens, so none is lost.
 */
import { intro, outro } from '@clack/prompts';
import type { Context, GlobalOptions } from '../context.js';
import { EXIT } from '../errors.js';
import type { Lang } from '../i18n/lang.js';
import { KubeError } from '../kube/result.js';
import { describeKubeError } from '../kube/describe.js';
import { readSettings, writeSettings, type Mode } from '../progress/settings.js';
import { currentStep, stepStates } from '../progress/unlock.js';
import { finishScreen } from './finish.js';
import { handsOnStep } from './hands-on.js';
import type { LabIo } from './io.js';
import { Leave, askYesNo } from './leave.js';
import { menuScreen, type MenuView } from './menu.js';
import type { LabPort } from './port.js';
import { guidedStep, print, type StepExit } from './step-screen.js';

export type LabContext = Pick<Context, 'home' | 'env'>;

export interface LabState {
  mode: Mode;
  lang: Lang;
}

export function menuView(port: LabPort, state: LabState, io: Pick<LabIo, 'm'>): MenuView {
  const ids = port.steps.map((s) => s.id);
  const progress = port.progress();
  const states = stepStates(ids, progress);
  return {
    steps: port.steps.map((s, i) => ({
      number: s.number,
      id: s.id,
      title: s.lesson.title[state.lang],
      summary: s.lesson.summary[state.lang],
      state: states[i],
    })),
    current: currentStep(ids, progress),
    where: port.sim ? io.m.whereSim(port.namespace) : io.m.where(port.context, port.namespace),
    mode: state.mode,
    lang: state.lang,
  };
}

function remember(home: string, change: Partial<LabState>): void {
  const { settings } = readSettings(home);
  writeSettings(home, { ...settings, ...change });
}

/** Open one step in the current mode. */
function openStep(port: LabPort, id: string, state: LabState, ctx: LabContext, io: LabIo): Promise<StepExit> {
  const step = port.steps.find((s) => s.id === id)!;
  return state.mode === 'hands-on' ? handsOnStep(port, step, io, { home: ctx.home }) : guidedStep(port, step, io);
}

/** The menu loop, until the learner leaves (a Leave). */
export async function labLoop(port: LabPort, state: LabState, ctx: LabContext, io: LabIo & { setLang(l: Lang): void }): Promise<void> {
  let open: string | undefined;
  for (;;) {
    if (open) {
      let exit: StepExit;
      try {
        exit = await openStep(port, open, state, ctx, io);
      } catch (e) {
        // The cluster went away mid-step: say why and go back to the list (the learner can retry or leave).
        if (!(e instanceof KubeError) || io.signal.aborted) throw e;
        print(io, [io.style.red(describeKubeError(e, io.lang)), '']);
        exit = 'list';
      }
      const i = port.steps.findIndex((s) => s.id === open);
      const next = port.steps[i + 1];
      const states = stepStates(port.steps.map((s) => s.id), port.progress());
      open = exit === 'next' && next && states[i + 1] !== 'locked' ? next.id : undefined;
      continue;
    }
    const choice = await menuScreen(menuView(port, state, io), io);
    switch (choice.kind) {
      case 'step':
        open = choice.id;
        break;
      case 'finish':
        await finishScreen(port, io);
        break;
      case 'mode':
        state.mode = state.mode === 'guided' ? 'hands-on' : 'guided';
        remember(ctx.home, { mode: state.mode });
        break;
      case 'lang':
        state.lang = state.lang === 'en' ? 'zh' : 'en';
        io.setLang(state.lang);
        port.setLang(state.lang);
        remember(ctx.home, { lang: state.lang });
        print(io, [io.style.dim(io.m.langSwitched)]);
        break;
      case 'reset': {
        if (!(await askYesNo(io, io.m.resetConfirm(port.namespace)))) {
          print(io, [io.style.dim(io.m.resetKept)]);
          break;
        }
        print(io, [io.style.dim(`${io.m.resetting}…`)]);
        await port.resetAll(io.signal);
        print(io, [io.style.green(io.m.resetDone), '']);
        break;
      }
      case 'quit':
        throw new Leave('quit');
    }
  }
}

/**
 * Run the lab on an opened port until the learner leaves; returns the exit code. The port is closed before
 * the goodbye is printed, so "nothing was left running" is true when it is said.
 */
export async function runLab(port: LabPort, state: LabState, ctx: LabContext, io: LabIo & { setLang(l: Lang): void }): Promise<number> {
  let leave: Leave;
  try {
    await labLoop(port, state, ctx, io);
    leave = new Leave('quit');
  } catch (e) {
    if (!(e instanceof Leave) && !io.signal.aborted) throw e;
    leave = e instanceof Leave ? e : new Leave('interrupt');
  } finally {
    await port.close();
  }
  if ((io.leaving() ?? leave.reason) === 'interrupt') {
    print(io, ['', io.style.dim(io.m.interrupted)]);
    return EXIT.interrupted;
  }
  outro(io.m.bye, { output: io.output });
  return EXIT.ok;
}

export function introLine(io: LabIo): void {
  intro(io.style.bold(io.m.welcome), { output: io.output });
}

/** The learner's options for the lab, with settings filled in and new choices remembered. */
export function labState(ctx: Pick<Context, 'home' | 'lang'>, opts: GlobalOptions & { mode?: Mode }): LabState {
  const { settings } = readSettings(ctx.home);
  const state: LabState = { lang: ctx.lang, mode: opts.mode ?? settings.mode ?? 'guided' };
  const change: Partial<LabState> = {};
  if (opts.lang && opts.lang !== settings.lang) change.lang = opts.lang;
  if (opts.mode && opts.mode !== settings.mode) change.mode = opts.mode;
  if (Object.keys(change).length) remember(ctx.home, change);
  return state;
}

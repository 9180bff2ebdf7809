/**
 * A step, guided: read the text and what changed, then act with one key. `a` applies the manifests and runs
 * the checks live beside the namespace picture; a failure shows its reason, the diagnosis, what the cluster
 * shows and the next hint; `s` (solve) is offered once the hints have run out; `n` moves on once the step
 * has passed. Hands-on mode lives in hands-on.ts and shares the reading part and the helpers here.
 */
import type { Step } from '../course/load.js';
import { askAction, guidedActions } from './actions.js';
import { runChecksLive, type CheckRunResult } from './check-run.js';
import { checkRows } from './checks-view.js';
import { renderFailure, renderHint } from './failure-view.js';
import type { LabIo } from './io.js';
import { Leave, askYesNo, leaveIfAborted } from './leave.js';
import type { NamespacePicture } from './picture.js';
import type { HintView, LabPort, VerifyView } from './port.js';
import { renderManifests, renderStep, type StepView } from './step-view.js';

export type StepExit = 'list' | 'next';

export function print(io: Pick<LabIo, 'output'>, lines: string[]): void {
  io.output.write(`${lines.join('\n')}\n`);
}

export function stepView(port: LabPort, step: Step, io: Pick<LabIo, 'lang'>): StepView {
  const i = port.steps.indexOf(step);
  const prev = i > 0 ? port.steps[i - 1] : undefined;
  return {
    number: step.number,
    total: port.steps.length,
    title: step.lesson.title[io.lang],
    text: step.text[io.lang] ?? step.text.en,
    objects: port.rendered(step.id),
    prev: prev ? port.rendered(prev.id) : undefined,
    prevNumber: prev?.number,
  };
}

export function isPassed(port: LabPort, stepId: string): boolean {
  return Boolean(port.progress().steps[stepId]?.passedAt);
}

/** A Leave for a stopped run, or 'list' when the learner went back to the list. */
export function afterStop(r: CheckRunResult): 'list' | undefined {
  if (r.stopped === 'interrupt') throw new Leave('interrupt');
  if (r.stopped === 'quit') throw new Leave('quit');
  return r.stopped === 'list' ? 'list' : undefined;
}

export function passedLines(port: LabPort, step: Step, io: Pick<LabIo, 'm' | 'style' | 'lang'>): string[] {
  const i = port.steps.indexOf(step);
  const next = port.steps[i + 1];
  return [
    io.style.green(io.style.bold(`✓ ${io.m.passed(step.number)}`)),
    next ? io.m.passedNext(next.lesson.title[io.lang]) : io.m.passedLast,
  ];
}

export async function confirmSolve(step: Step, io: LabIo): Promise<boolean> {
  return askYesNo(io, io.m.solveConfirm(step.number), true);
}

/** Apply the step's manifests; prints kubectl's lines. Returns whether it worked. */
export async function applyStep(port: LabPort, step: Step, io: LabIo): Promise<boolean> {
  print(io, [io.style.dim(`${io.m.applying(step.number)}…`)]);
  const r = await port.apply(step.id, io.signal);
  leaveIfAborted(io);
  if (r.ok) print(io, [io.m.applied, ...r.lines.map((l) => `  ${io.style.dim(l)}`), '']);
  else print(io, [io.style.red(io.m.applyFailed), ...r.lines.map((l) => `  ${io.style.red(l)}`), '']);
  return r.ok;
}

export async function guidedStep(port: LabPort, step: Step, io: LabIo): Promise<StepExit> {
  print(io, renderStep(stepView(port, step, io), io));
  port.markStarted(step.id);
  const rows = checkRows(step.lesson, io.lang);
  const last = port.steps.indexOf(step) === port.steps.length - 1;
  let passed = isPassed(port, step.id);
  let failed = false;
  let ran = false;
  let hint: HintView | undefined;
  let picture: NamespacePicture | undefined;
  if (passed) print(io, [io.style.green(io.m.alreadyPassed), '']);

  for (;;) {
    const actions = guidedActions(
      { passed, ran, failed, hintsLeft: !hint?.exhausted, solveOffered: Boolean(hint?.exhausted), last },
      io,
    );
    const key = await askAction(io.m.askGuided, actions, io);
    let view: VerifyView | undefined;
    switch (key) {
      case 'q':
        throw new Leave('quit');
      case 'l':
        return 'list';
      case 'n':
        return 'next';
      case 'm':
        print(io, [...renderManifests(port.rendered(step.id), io), '']);
        continue;
      case 'h':
        hint = await port.hint(step.id, io.signal);
        leaveIfAborted(io);
        print(io, [...renderHint(hint, io), '']);
        continue;
      case 's': {
        if (!(await confirmSolve(step, io))) continue;
        const r = await runChecksLive(port, { title: io.m.solving(step.number), rows, picture, run: (on, sig) => port.solve(step.id, on, sig) }, io);
        if (afterStop(r)) return 'list';
        view = r.view;
        picture = r.picture;
        break;
      }
      case 'a':
      case 'c': {
        // Applying is followed by checking.
        if (key === 'a' && !(await applyStep(port, step, io))) {
          failed = true;
          continue;
        }
        const r = await runChecksLive(port, { title: io.m.checking, rows, picture, run: (on, sig) => port.verify(step.id, on, sig) }, io);
        if (afterStop(r)) return 'list';
        view = r.view;
        picture = r.picture;
        break;
      }
    }
    ran = true;
    if (!view) continue;
    if (view.passed) {
      passed = true;
      failed = false;
      print(io, ['', ...passedLines(port, step, io), '']);
      continue;
    }
    failed = true;
    if (view.failure) print(io, ['', ...renderFailure(view.failure, io)]);
    // A failure comes with the hint that fits now (verify's, which does not escalate); `h` asks for the
    // next one, and solve is offered once they have run out.
    if (view.hint) hint = view.hint;
    else if (!hint) {
      hint = await port.hint(step.id, io.signal);
      leaveIfAborted(io);
    }
    print(io, [...renderHint(hint, io), '']);
  }
}

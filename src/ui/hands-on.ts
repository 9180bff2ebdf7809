/**
 * A step, hands-on: the starter files go into a workspace folder, the learner edits them and applies them
 * with kubectl from another terminal, and the lab re-checks in the background (iximiuz style, no Check
 * button): a check run polls until it passes or times out; after a failed run the lab waits until the
 * namespace changes (a cheap fingerprint of the lab objects' resourceVersions) or a while has passed, then
 * checks again. Keys: h hint, s solve (once the hints are used up), c check now, r restore the starter
 * files, n next (once passed), l list, q quit.
 */
import type { Step } from '../course/load.js';
import { renderStep as renderRendered } from '../course/render.js';
import { applyEvent, runChecksLive, settleRows } from './check-run.js';
import { checkRows, resetRows } from './checks-view.js';
import { manifestDiff } from './diff.js';
import { renderHint } from './failure-view.js';
import type { LabIo } from './io.js';
import type { KeyName } from './keys.js';
import { Leave, askYesNo } from './leave.js';
import { LiveScreen } from './live-screen.js';
import { makeStyle } from './style.js';
import type { FailureView, HintView, LabPort, VerifyView } from './port.js';
import { afterStop, confirmSolve, isPassed, passedLines, print, stepView, type StepExit } from './step-screen.js';
import { renderChanges, renderStep } from './step-view.js';
import { applyCommand, deleteCommand, prepareWorkspace, starterFiles, workspaceDir } from './workspace.js';
import { wrap } from './text.js';

/** Re-check even without a change this often (a pod may become Ready without any object changing). */
export const RECHECK_EVERY_MS = 20_000;
/** Look at the fingerprint this often while waiting. */
export const FINGERPRINT_EVERY_MS = 1_500;

type Exit = StepExit | 'quit' | 'interrupt' | 'solve' | 'restore';

export interface HandsOnDeps {
  home: string;
  /** Shorter waits for tests. */
  fingerprintEveryMs?: number;
  recheckEveryMs?: number;
}

/** Write (or keep) the workspace and print where it is and the exact commands to run. */
function setUpWorkspace(port: LabPort, step: Step, io: LabIo, home: string, restore: boolean): void {
  const i = port.steps.indexOf(step);
  const prev = i > 0 ? port.steps[i - 1] : undefined;
  const current = renderRendered(step, port.namespace, io.lang);
  const previous = prev ? renderRendered(prev, port.namespace, io.lang) : undefined;
  const header = `# ${io.m.stepLabel(step.number, port.steps.length)} · ${step.lesson.title[io.lang]}`;
  const dir = workspaceDir(home, port.namespace, step);
  const changes = manifestDiff(prev ? port.rendered(prev.id) : [], port.rendered(step.id));
  const noteIo = { ...io, style: makeStyle(false) };
  const notes = [{ name: 'CHANGES.txt', text: `${header}\n\n${renderChanges(changes, noteIo, 'hands-on').join('\n')}\n` }];
  const ws = prepareWorkspace(dir, starterFiles(current, previous, header), notes, { restore });
  const t = { sim: port.sim, namespace: port.namespace, context: port.context };
  const lines = [
    io.style.bold(restore ? io.m.workspaceRestored : ws.fresh ? io.m.workspaceReady(dir) : io.m.workspaceKept(dir)),
    ...ws.files.map((f) => `  ${io.style.dim(f)}`),
    io.m.handsOnHow,
    `  ${io.style.cyan(applyCommand(t, dir))}`,
  ];
  const gone = changes.filter((c) => c.change === 'removed');
  if (gone.length && previous) {
    const objects = previous.flatMap((m) => m.objects);
    for (const g of gone) {
      const o = objects.find((x) => `${x.kind} ${x.metadata.name}` === g.ref);
      if (!o) continue;
      lines.push(io.m.handsOnDelete(g.ref), `  ${io.style.cyan(deleteCommand(t, o))}`);
    }
  }
  lines.push(io.style.dim(io.m.handsOnWatching), '');
  print(io, lines);
}

function failureLines(f: FailureView | undefined, hint: HintView | undefined, io: LabIo): string[] {
  const out: string[] = [];
  const cols = Math.min(io.columns() - 4, 100);
  if (f?.diagnosis) {
    out.push(io.style.bold(io.m.diagnosis(f.diagnosis.title)));
    out.push(...wrap(f.diagnosis.hint || f.diagnosis.explain, cols).map((l) => `  ${io.style.cyan(l)}`));
  }
  if (hint) out.push(...renderHint(hint, io));
  return out;
}

export async function handsOnStep(port: LabPort, step: Step, io: LabIo, deps: HandsOnDeps): Promise<StepExit> {
  print(io, renderStep(stepView(port, step, io), io, 'hands-on'));
  port.markStarted(step.id);
  setUpWorkspace(port, step, io, deps.home, false);
  const rows = checkRows(step.lesson, io.lang);
  let hint: HintView | undefined;
  let failure: FailureView | undefined;

  for (;;) {
    const exit = await watch();
    if (exit === 'list' || exit === 'next') return exit;
    if (exit === 'quit' || exit === 'interrupt') throw new Leave(exit);
    if (exit === 'restore') {
      if (await askYesNo(io, io.m.workspaceRestoreConfirm)) setUpWorkspace(port, step, io, deps.home, true);
      continue;
    }
    if (exit === 'solve' && (await confirmSolve(step, io))) {
      const r = await runChecksLive(port, { title: io.m.solving(step.number), rows, run: (on, sig) => port.solve(step.id, on, sig) }, io);
      if (afterStop(r)) return 'list';
      if (r.view?.passed) print(io, ['', ...passedLines(port, step, io), '']);
    }
  }

  /** One stretch of watching, until a key ends it. */
  async function watch(): Promise<Exit> {
    const session = new AbortController();
    const onLabAbort = () => session.abort();
    io.signal.addEventListener('abort', onLabAbort, { once: true });
    let exit: Exit | undefined;
    let wake: (() => void) | undefined;
    let passed = isPassed(port, step.id);
    const keys = () => io.m.keysHandsOn(!hint?.exhausted && !passed, Boolean(hint?.exhausted) && !passed, passed);
    const end = (e: Exit) => {
      exit ??= e;
      session.abort();
    };
    const onKey = (k: KeyName) => {
      if (k === 'interrupt') {
        io.interrupt();
        return end('interrupt');
      }
      if (k === 'q' || k === 'escape') {
        io.quit();
        return end('quit');
      }
      if (k === 'l') {
        screen.set({ keys: io.m.stopping });
        return end('list');
      }
      if (k === 'n' && passed) return end('next');
      if (k === 'r') return end('restore');
      if (k === 's' && hint?.exhausted && !passed) return end('solve');
      if (k === 'c') return wake?.();
      if (k === 'h' && !passed) {
        void port.hint(step.id, session.signal, { judge: true }).then(
          (h) => {
            hint = h;
            screen.set({ extra: failureLines(failure, hint, io), keys: keys() });
          },
          () => undefined,
        );
      }
    };
    const screen = new LiveScreen(io, port, { title: io.m.handsOnRecheck, rows, keys: keys(), extra: failureLines(failure, hint, io) }, onKey);
    try {
      while (!session.signal.aborted && !passed) {
        resetRows(rows);
        screen.set({ title: io.m.handsOnRecheck });
        let view: VerifyView | undefined;
        try {
          view = await port.verify(
            step.id,
            (e) => {
              if (applyEvent(rows, e)) screen.draw();
              if (e.type === 'end') screen.refreshPicture();
            },
            session.signal,
          );
        } catch (e) {
          if (session.signal.aborted) break;
          throw e;
        }
        if (session.signal.aborted || view.interrupted) break;
        if (view.passed) {
          passed = true;
          failure = undefined;
          screen.set({ title: passedLines(port, step, io).join('  '), extra: [], keys: keys() });
          break;
        }
        failure = view.failure;
        if (view.hint) hint = view.hint;
        screen.set({ title: io.m.handsOnWaiting, extra: failureLines(failure, hint, io), keys: keys() });
        await waitForChange(port, session.signal, (w) => (wake = w), { every: deps.fingerprintEveryMs, recheck: deps.recheckEveryMs });
      }
      // Passed: stay until the learner picks what comes next.
      if (!session.signal.aborted) await new Promise<void>((r) => session.signal.addEventListener('abort', () => r(), { once: true }));
    } finally {
      session.abort();
      io.signal.removeEventListener('abort', onLabAbort);
      settleRows(rows);
      await screen.stop();
    }
    if (io.signal.aborted) return io.leaving() ?? 'interrupt';
    return exit ?? 'list';
  }
}

/**
 * Resolve when the lab objects' fingerprint differs from what it is now, after RECHECK_EVERY_MS, when
 * `wake` is called (the c key) or when the signal aborts. A failed fingerprint read counts as no change.
 */
export async function waitForChange(
  port: Pick<LabPort, 'fingerprint'>,
  signal: AbortSignal,
  setWake: (wake: () => void) => void,
  o: { every?: number; recheck?: number; now?: () => number } = {},
): Promise<'changed' | 'interval' | 'woken' | 'aborted'> {
  const every = o.every ?? FINGERPRINT_EVERY_MS;
  const now = o.now ?? Date.now;
  const deadline = now() + (o.recheck ?? RECHECK_EVERY_MS);
  let woken = false;
  let poke: (() => void) | undefined;
  setWake(() => {
    woken = true;
    poke?.();
  });
  const read = () => port.fingerprint(signal).catch(() => undefined);
  const baseline = await read();
  while (!signal.aborted && !woken) {
    await new Promise<void>((resolve) => {
      const t = setTimeout(done, every);
      poke = done;
      signal.addEventListener('abort', done, { once: true });
      function done() {
        clearTimeout(t);
        signal.removeEventListener('abort', done);
        poke = undefined;
        resolve();
      }
    });
    if (signal.aborted) return 'aborted';
    if (woken) return 'woken';
    const current = await read();
    if (current !== undefined && baseline !== undefined && current !== baseline) return 'changed';
    if (now() >= deadline) return 'interval';
  }
  return signal.aborted ? 'aborted' : 'woken';
}

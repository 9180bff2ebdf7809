/**
 * Running a step's checks (verify, or solve then verify) on a live screen. Keys while it runs: l back to the
 * list, q/Escape quit, Ctrl-C interrupt; each stops the run (the engine gets the abort signal, so its kubectl
 * children and port-forwards end) and the result says who stopped it.
 */
import { findRow, resetRows, type CheckRow } from './checks-view.js';
import type { LabIo } from './io.js';
import type { KeyName } from './keys.js';
import { LiveScreen } from './live-screen.js';
import type { NamespacePicture } from './picture.js';
import type { CheckEvent, LabPort, VerifyView } from './port.js';

export type StopReason = 'list' | 'quit' | 'interrupt';

export interface CheckRunResult {
  view?: VerifyView;
  /** Set when a key (or Ctrl-C) ended the run before the engine decided. */
  stopped?: StopReason;
  picture?: NamespacePicture;
}

/** Apply one engine event to the rows; returns whether a row changed. */
export function applyEvent(rows: CheckRow[], e: CheckEvent): boolean {
  const row = findRow(rows, e.id);
  if (!row) return false;
  if (e.type === 'start') {
    row.state = 'running';
    row.reason = undefined;
    row.diagnosis = undefined;
  } else if (e.type === 'reason') {
    row.reason = e.reason;
  } else if (e.type === 'diagnosis') {
    row.diagnosis = e.diagnosis;
  } else {
    row.state = e.passed ? 'passed' : 'failed';
    row.reason = e.passed ? undefined : e.reason;
    if (e.passed) row.diagnosis = undefined;
  }
  return true;
}

/** Rows cut short by a stop are shown as not decided, not as spinning forever. */
export function settleRows(rows: CheckRow[]): void {
  for (const r of rows) {
    if (r.state === 'running') r.state = 'pending';
    settleRows(r.children);
  }
}

/** Which key stops a run, and why. */
export function stopKey(k: KeyName): StopReason | undefined {
  if (k === 'interrupt') return 'interrupt';
  if (k === 'l') return 'list';
  if (k === 'q' || k === 'escape') return 'quit';
  return undefined;
}

export interface CheckRunOptions {
  run: (onEvent: (e: CheckEvent) => void, signal: AbortSignal) => Promise<VerifyView>;
  rows: CheckRow[];
  title: string;
  picture?: NamespacePicture;
}

export async function runChecksLive(port: Pick<LabPort, 'picture' | 'namespace'>, o: CheckRunOptions, io: LabIo): Promise<CheckRunResult> {
  const run = new AbortController();
  const onLabAbort = () => run.abort();
  io.signal.addEventListener('abort', onLabAbort, { once: true });
  resetRows(o.rows);
  let stopped: StopReason | undefined;
  const screen = new LiveScreen(io, port, { title: o.title, rows: o.rows, picture: o.picture, keys: io.m.keysRunning }, (k) => {
    const reason = stopKey(k);
    if (!reason || stopped) return;
    stopped = reason;
    if (reason === 'interrupt') io.interrupt();
    // Leaving, or going back to the list, ends the kubectl call in flight (each call has its own signal).
    else if (reason === 'quit') io.quit();
    else screen.set({ keys: io.m.stopping });
    run.abort();
  });
  let view: VerifyView | undefined;
  try {
    view = await o.run((e) => {
      if (applyEvent(o.rows, e)) screen.draw();
      if (e.type === 'end') screen.refreshPicture();
    }, run.signal);
  } finally {
    run.abort();
    io.signal.removeEventListener('abort', onLabAbort);
    if (io.signal.aborted) stopped ??= io.leaving() ?? 'interrupt';
    if (stopped || view?.interrupted) settleRows(o.rows);
    await screen.stop();
  }
  return { view: stopped ? undefined : view, stopped: stopped ?? (view?.interrupted ? 'interrupt' : undefined), picture: screen.state.picture };
}

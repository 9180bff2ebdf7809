/**
 * Leaving the lab from anywhere: Ctrl-C (an interrupt, exit 130), Escape or `q` (a deliberate quit,
 * exit 0). A cancelled prompt becomes a Leave that unwinds to the lab's main loop, which closes the
 * cluster session (port-forwards, kubectl children) and returns the exit code. Progress is written as
 * it happens, so leaving never loses any.
 */
import { confirm, isCancel } from '@clack/prompts';
import type { LabIo } from './io.js';

export type LeaveReason = 'interrupt' | 'quit';

export class Leave extends Error {
  constructor(readonly reason: LeaveReason) {
    super(reason);
    this.name = 'Leave';
  }
}

/** The answer of a clack prompt, or a Leave when the learner cancelled it. */
export function answer<T>(value: T | symbol, io: Pick<LabIo, 'lastCancel'>): Exclude<T, symbol> {
  if (isCancel(value)) throw new Leave(io.lastCancel() === 'interrupt' ? 'interrupt' : 'quit');
  return value as Exclude<T, symbol>;
}

/** Throw a Leave when Ctrl-C has been pressed (between prompts, while something ran). */
export function leaveIfAborted(io: Pick<LabIo, 'signal'>): void {
  if (io.signal.aborted) throw new Leave('interrupt');
}

/** A yes/no question in the learner's language; cancelling it leaves the lab like any prompt. */
export async function askYesNo(io: LabIo, message: string, initialValue = false): Promise<boolean> {
  const yes = await confirm({
    message,
    active: io.m.yes,
    inactive: io.m.no,
    initialValue,
    input: io.input,
    output: io.output,
    signal: io.signal,
  });
  return answer(yes, io);
}

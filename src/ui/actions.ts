/**
 * The rustlings-style action bar of a step: one key per action (a apply, c check, h hint, s solve, n next,
 * m manifests, l list, q quit), Enter takes the first one. Built on clack's selectKey; Escape and Ctrl-C
 * leave the lab like everywhere else.
 */
import { selectKey } from '@clack/prompts';
import type { LabIo } from './io.js';
import { answer } from './leave.js';

export type ActionKey = 'a' | 'c' | 'h' | 's' | 'n' | 'm' | 'l' | 'q';

export interface Action {
  key: ActionKey;
  label: string;
}

/** The actions on offer, the default first. */
export function guidedActions(
  s: { passed: boolean; ran: boolean; failed: boolean; hintsLeft: boolean; solveOffered: boolean; last: boolean },
  io: Pick<LabIo, 'm'>,
): Action[] {
  const { m } = io;
  const out: Action[] = [];
  if (s.passed) {
    if (!s.last) out.push({ key: 'n', label: m.actNext });
    out.push({ key: 'c', label: m.actRecheck });
  } else if (s.failed) {
    out.push({ key: 'c', label: m.actRecheck });
    if (s.hintsLeft) out.push({ key: 'h', label: m.actHint });
    if (s.solveOffered) out.push({ key: 's', label: m.actSolve });
    out.push({ key: 'a', label: m.actApply });
  } else {
    out.push({ key: 'a', label: m.actApply });
    out.push({ key: 'c', label: m.actCheck });
  }
  out.push({ key: 'm', label: m.actManifest }, { key: 'l', label: m.actList }, { key: 'q', label: m.actQuit });
  return out;
}

export async function askAction(message: string, actions: Action[], io: LabIo): Promise<ActionKey> {
  const v = await selectKey<ActionKey>({
    message,
    options: actions.map((a) => ({ value: a.key, label: a.label })),
    input: io.input,
    output: io.output,
    signal: io.signal,
  });
  // Enter submits without a key: that is the first (default) action.
  return answer(v, io) ?? actions[0].key;
}

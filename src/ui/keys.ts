/**
 * Single-key shortcuts while a screen is live (rustlings: h hint, s solve, n next, l list, q quit). In raw
 * mode Ctrl-C arrives as a key, not as SIGINT, so it is reported as `interrupt` and the caller aborts.
 * Detach before a clack prompt takes the keyboard, and attach again after it.
 */
import { emitKeypressEvents } from 'node:readline';
import type { Input } from '../context.js';

export type KeyName = 'interrupt' | 'escape' | 'enter' | string;

export interface KeyReader {
  /** Stop listening, give the terminal back (raw mode off) and pause the input. */
  detach(): void;
}

export function readKeys(input: Input, onKey: (key: KeyName) => void): KeyReader {
  emitKeypressEvents(input);
  const handler = (str: string | undefined, key?: { name?: string; ctrl?: boolean; meta?: boolean }) => {
    if (key?.ctrl && key.name === 'c') return onKey('interrupt');
    if (key?.name === 'escape') return onKey('escape');
    if (key?.name === 'return' || key?.name === 'enter') return onKey('enter');
    if (key?.ctrl || key?.meta) return;
    const k = (key?.name ?? str ?? '').toLowerCase();
    if (k) onKey(k);
  };
  if (input.isTTY) input.setRawMode?.(true);
  input.on('keypress', handler);
  input.resume();
  let attached = true;
  return {
    detach() {
      if (!attached) return;
      attached = false;
      input.off('keypress', handler);
      if (input.isTTY) input.setRawMode?.(false);
      input.pause();
    },
  };
}

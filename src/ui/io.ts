/**
 * What every screen of the interactive lab writes to and reads from: the terminal streams, the Ctrl-C
 * signal, the learner's language and the colour decision. Screens are functions of (data, LabIo); tests
 * build a LabIo over mock streams.
 */
import { emitKeypressEvents } from 'node:readline';
import { Writable } from 'node:stream';
import type { Input, Output } from '../context.js';
import type { Lang } from '../i18n/lang.js';
import { uiMessages, type UiMessages } from '../i18n/ui.js';
import { SGR, makeStyle, type Style } from './style.js';

export interface LabIo {
  input: Input;
  output: Output;
  /** Aborted on Ctrl-C (or when the lab leaves): prompts close, checks and kubectl calls stop. */
  signal: AbortSignal;
  lang: Lang;
  m: UiMessages;
  style: Style;
  /** CI=true or a non-TTY output: no redrawing, one line per change. */
  plain: boolean;
  /** Terminal width, read each time (the learner may resize). */
  columns(): number;
  /** Why the last prompt was cancelled: Ctrl-C (an interrupt, exit 130) or Escape (leave). */
  lastCancel(): 'interrupt' | 'escape';
  /** Ctrl-C seen as a key (raw mode): abort everything, as SIGINT would (exit 130). */
  interrupt(): void;
  /**
   * Leave the lab from a live screen (q, Escape): abort everything at once, so running kubectl calls end
   * now instead of when they are done, but remember it was a quit (exit 0), not an interrupt.
   */
  quit(): void;
  /** How the lab is being left, when it is: a quit, or an interrupt (also SIGINT from outside). */
  leaving(): 'quit' | 'interrupt' | undefined;
}

/** CI as clack and most tools read it: set and not "false"/"0". */
export function isCI(env: NodeJS.ProcessEnv): boolean {
  const v = env.CI;
  return v !== undefined && v !== '' && v !== 'false' && v !== '0';
}

/**
 * Prompts wait for keys forever, and with stdin from /dev/null they never resolve: the lab only prompts
 * when both ends are a terminal and no CI system is driving it.
 */
export function canPrompt(io: { stdin: Input; stdout: Output }, env: NodeJS.ProcessEnv): boolean {
  return Boolean(io.stdin.isTTY && io.stdout.isTTY) && !isCI(env);
}

/**
 * The output the screens write to. Without colour it removes SGR codes (clack colours its symbols with
 * styleText, which does not know about --no-color); cursor movement passes through. It forwards the
 * terminal's size and resize events so clack wraps and redraws correctly.
 */
export class UiOutput extends Writable {
  constructor(
    private readonly target: Output,
    private readonly color: boolean,
  ) {
    super({ decodeStrings: false });
    target.on?.('resize', () => this.emit('resize'));
  }
  get isTTY(): boolean {
    return Boolean(this.target.isTTY);
  }
  get columns(): number {
    return this.target.columns ?? 80;
  }
  get rows(): number {
    return (this.target as { rows?: number }).rows ?? 24;
  }
  override _write(chunk: unknown, _enc: BufferEncoding, cb: (err?: Error | null) => void): void {
    const s = typeof chunk === 'string' ? chunk : String(chunk);
    // Written through at once, so the order of our writes and clack's is kept exactly.
    this.target.write(this.color ? s : s.replace(SGR, ''));
    cb();
  }
}

export interface LabIoOptions {
  input: Input;
  output: Output;
  /** The lab's own controller (linked to ctx.signal by the caller). */
  controller: AbortController;
  lang: Lang;
  color: boolean;
  env: NodeJS.ProcessEnv;
}

export function makeLabIo(o: LabIoOptions): LabIo & { setLang(lang: Lang): void; dispose(): void } {
  const output = new UiOutput(o.output, o.color) as unknown as Output;
  let last: 'interrupt' | 'escape' = 'escape';
  let reason: 'quit' | 'interrupt' | undefined;
  // Remember the key that cancelled a prompt: clack reports Ctrl-C and Escape alike.
  const onKey = (_s: string | undefined, key?: { name?: string; ctrl?: boolean }) => {
    if (key?.ctrl && key.name === 'c') last = 'interrupt';
    else if (key?.name === 'escape') last = 'escape';
  };
  emitKeypressEvents(o.input);
  o.input.on('keypress', onKey);
  const io = {
    input: o.input,
    output,
    signal: o.controller.signal,
    lang: o.lang,
    m: uiMessages[o.lang],
    style: makeStyle(o.color),
    plain: !o.output.isTTY || isCI(o.env),
    columns: () => Math.max(40, o.output.columns ?? 80),
    lastCancel: () => (reason === 'quit' ? 'escape' : o.controller.signal.aborted ? 'interrupt' : last),
    interrupt: () => {
      reason ??= 'interrupt';
      o.controller.abort();
    },
    quit: () => {
      reason ??= 'quit';
      o.controller.abort();
    },
    leaving: () => reason ?? (o.controller.signal.aborted ? 'interrupt' : undefined),
    setLang(lang: Lang) {
      io.lang = lang;
      io.m = uiMessages[lang];
    },
    dispose() {
      o.input.off('keypress', onKey);
      // A paused stdin lets the process end; raw mode off gives the shell its terminal back.
      if (o.input.isTTY) o.input.setRawMode?.(false);
      o.input.pause();
    },
  };
  return io;
}

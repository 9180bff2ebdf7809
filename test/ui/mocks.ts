/**
 * Small stand-ins for a terminal: an output that keeps everything written to it, an input that keys can be
 * typed into, and a LabIo over both. Suites run with CI on and off (clack and the live region behave
 * differently); `screen()` strips escape codes so snapshots read like the terminal would.
 */
import { Readable, Writable } from 'node:stream';
import type { Lang } from '../../src/i18n/lang.js';
import { makeLabIo, type LabIo } from '../../src/ui/io.js';
import { stripAnsi } from '../../src/ui/style.js';

export class MockWritable extends Writable {
  buffer: string[] = [];
  isTTY: boolean;
  columns: number;
  rows = 40;
  constructor(opts: { isTTY?: boolean; columns?: number } = {}) {
    super();
    this.isTTY = opts.isTTY ?? true;
    this.columns = opts.columns ?? 100;
  }
  override _write(chunk: unknown, _enc: BufferEncoding, cb: () => void): void {
    this.buffer.push(String(chunk));
    cb();
  }
  text(): string {
    return this.buffer.join('');
  }
  /** What a person would read: escape codes removed, trailing spaces trimmed. */
  screen(): string {
    return stripAnsi(this.text())
      .split('\n')
      .map((l) => l.replace(/\r/g, '').trimEnd())
      .join('\n');
  }
}

export class MockReadable extends Readable {
  isTTY = true;
  isRaw = false;
  override _read(): void {}
  setRawMode(mode: boolean) {
    this.isRaw = mode;
    return this;
  }
  /** Type keys: plain text, or named keys. */
  type(s: string): void {
    this.push(s);
  }
  key(name: 'enter' | 'escape' | 'up' | 'down' | 'ctrl-c'): void {
    const seq = { enter: '\r', escape: '\x1b', up: '\x1b[A', down: '\x1b[B', 'ctrl-c': '\x03' }[name];
    this.push(seq);
  }
}

export interface TestIo {
  io: LabIo & { setLang(l: Lang): void; dispose(): void };
  input: MockReadable;
  output: MockWritable;
  controller: AbortController;
}

export function testIo(o: { lang?: Lang; ci?: boolean; columns?: number; color?: boolean; tty?: boolean } = {}): TestIo {
  const input = new MockReadable();
  const output = new MockWritable({ columns: o.columns ?? 100, isTTY: o.tty ?? true });
  const controller = new AbortController();
  const io = makeLabIo({
    input,
    output,
    controller,
    lang: o.lang ?? 'en',
    color: o.color ?? false,
    env: o.ci ? { CI: 'true' } : {},
  });
  return { io, input, output, controller };
}

/** Resolve after the event loop has had a turn (keypresses are parsed asynchronously). */
export const tick = (ms = 0) => new Promise((r) => setTimeout(r, ms));

/** Wait until the output contains `text` (prompts render asynchronously). */
export async function waitFor(output: MockWritable, text: string | RegExp, timeoutMs = 3000): Promise<void> {
  const start = Date.now();
  for (;;) {
    const screen = output.screen();
    if (typeof text === 'string' ? screen.includes(text) : text.test(screen)) return;
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${String(text)}; screen:\n${screen}`);
    await tick(5);
  }
}

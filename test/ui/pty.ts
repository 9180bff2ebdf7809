/**
 * Driving the built CLI in a real pseudo-terminal (@lydell/node-pty): what a learner's terminal sees, keys
 * typed one at a time, and the process tree underneath it. The screen is read as a stream with escape codes
 * removed; `expect` looks for text after the last match, so the same prompt can be awaited twice.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { spawn, type IPty } from '@lydell/node-pty';
import { stripAnsi } from '../../src/ui/style.js';

export const root = join(import.meta.dirname, '..', '..');
export const cli = join(root, 'dist', 'cli.js');

export class PtyRun {
  readonly pty: IPty;
  private raw = '';
  private mark = 0;
  readonly exited: Promise<{ exitCode: number; signal?: number }>;

  constructor(args: string[], env: NodeJS.ProcessEnv, o: { cols?: number; rows?: number } = {}) {
    const clean = { ...env };
    delete clean.CI; // CI=true makes start refuse to prompt (that is tested elsewhere)
    delete clean.GITHUB_ACTIONS;
    this.pty = spawn(process.execPath, [cli, ...args], {
      name: 'xterm-256color',
      cols: o.cols ?? 110,
      rows: o.rows ?? 40,
      cwd: root,
      env: { TERM: 'xterm-256color', LANG: 'en_US.UTF-8', ...clean } as Record<string, string>,
    });
    this.pty.onData((d) => {
      this.raw += d;
    });
    this.exited = new Promise((resolve) => this.pty.onExit((e) => resolve(e)));
  }

  /** Everything shown so far, escape codes removed. */
  screen(): string {
    return stripAnsi(this.raw).replace(/\r/g, '');
  }

  /** Wait until `text` appears after the previous match; returns what was shown up to it. */
  async expect(text: string | RegExp, timeoutMs = 60_000): Promise<string> {
    const start = Date.now();
    for (;;) {
      const s = this.screen();
      const rest = s.slice(this.mark);
      const i = typeof text === 'string' ? rest.indexOf(text) : rest.search(text);
      if (i >= 0) {
        const len = typeof text === 'string' ? text.length : (rest.slice(i).match(text)?.[0].length ?? 0);
        this.mark += i + len;
        return rest.slice(0, i + len);
      }
      if (Date.now() - start > timeoutMs) {
        throw new Error(`timed out after ${timeoutMs} ms waiting for ${String(text)}; the screen ends with:\n${s.slice(-3000)}`);
      }
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  /** Type keys, with a short pause so a prompt that just rendered is listening. */
  async type(keys: string): Promise<void> {
    await new Promise((r) => setTimeout(r, 60));
    this.pty.write(keys);
  }

  kill(): void {
    try {
      this.pty.kill();
    } catch {
      // already gone
    }
  }
}

/** Live processes (Linux /proc): pid, parent pid, command line, and whether its environment holds `marker`. */
export function processes(marker: string): { pid: number; ppid: number; cmd: string; marked: boolean }[] {
  const out: { pid: number; ppid: number; cmd: string; marked: boolean }[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const cmd = readFileSync(`/proc/${name}/cmdline`, 'utf8').replace(/\0/g, ' ').trim();
      let marked = false;
      try {
        marked = readFileSync(`/proc/${name}/environ`, 'utf8').includes(marker);
      } catch {
        // another user's process
      }
      out.push({ pid: Number(name), ppid, cmd, marked });
    } catch {
      // gone while we looked
    }
  }
  return out;
}

/** Every descendant of `pid`. */
export function descendants(pid: number, marker: string): { pid: number; cmd: string }[] {
  const all = processes(marker);
  const out: { pid: number; cmd: string }[] = [];
  const walk = (p: number) => {
    for (const c of all.filter((x) => x.ppid === p)) {
      out.push({ pid: c.pid, cmd: c.cmd });
      walk(c.pid);
    }
  };
  walk(pid);
  return out;
}

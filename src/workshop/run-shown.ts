/**
 * Running kind, minikube or docker in front of the trainer: the exact command first (`$ kind create cluster
 * ...`, quoted the way a POSIX shell would need it, so it can be copied), then the tool's own output as it
 * comes, indented. A missing tool or a non-zero exit is an environment error (exit 3) that says which.
 */
import type { Context } from '../context.js';
import { envError } from '../errors.js';
import { workshopMessages } from '../i18n/workshop.js';
import { runTool, type ToolResult } from '../kube/tool.js';
import { makeStyle } from '../markdown/style.js';

export type ShownContext = Pick<Context, 'io' | 'env' | 'lang' | 'color' | 'signal'>;

/** A word as a POSIX shell reads it: bare when safe, else in single quotes. */
export function shellQuote(word: string): string {
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

export function commandLine(file: string, args: string[]): string {
  return [file, ...args].map(shellQuote).join(' ');
}

export interface ShownOptions {
  /** Do not stream the output (a quiet probe such as `docker image inspect`). */
  quiet?: boolean;
  /** A non-zero exit is an answer, not a failure (the caller looks at exitCode). */
  allowFailure?: boolean;
  input?: string;
  /** The binary to run when it differs from the name shown (a full path found on PATH). */
  path?: string;
}

export async function runShown(ctx: ShownContext, name: string, args: string[], o: ShownOptions = {}): Promise<ToolResult> {
  const m = workshopMessages[ctx.lang];
  const st = makeStyle(ctx.color);
  const out = ctx.io.stdout;
  if (!o.quiet) out.write(`${st.bold(`$ ${commandLine(name, args)}`)}\n`);
  const r = await runTool(o.path ?? name, args, {
    env: ctx.env,
    signal: ctx.signal,
    input: o.input,
    onLine: o.quiet ? undefined : (l) => out.write(`  ${st.dim(l)}\n`),
  });
  if (r.missing) throw envError(m.toolMissing(name));
  if (r.canceled) return r;
  if (r.exitCode !== 0 && !o.allowFailure) {
    throw envError(m.toolFailed(commandLine(name, args), r.exitCode ?? -1), o.quiet ? r.output.trim().split('\n').slice(-5) : []);
  }
  return r;
}

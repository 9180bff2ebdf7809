/**
 * Running a tool other than kubectl (kind, minikube, docker, a browser opener) for the trainer's kit. The same
 * rules as for kubectl: an argv array, never a shell string; a failure is data (reject:false); Ctrl-C
 * cancels through `cancelSignal`. `onLine` streams the tool's output as it comes (kind prints its progress
 * while it works, and a trainer should see it), stdout and stderr interleaved.
 */
import { execa } from 'execa';

export interface ToolOptions {
  env: NodeJS.ProcessEnv;
  signal?: AbortSignal;
  /** Every line of stdout and stderr, in the order they arrive. */
  onLine?(line: string): void;
  /** Written to stdin. */
  input?: string;
  /** Hard limit; none by default (creating a cluster or pulling an image takes as long as it takes). */
  timeoutMs?: number;
  /** Start it and do not wait (a browser): resolves as soon as the process is spawned. */
  detached?: boolean;
}

export interface ToolResult {
  args: string[];
  /** undefined when the tool never ran (missing) or was killed. */
  exitCode: number | undefined;
  /** All output, stdout and stderr interleaved. */
  output: string;
  stdout: string;
  missing: boolean;
  canceled: boolean;
  timedOut: boolean;
}

export async function runTool(file: string, args: string[], o: ToolOptions): Promise<ToolResult> {
  if (o.detached) {
    const child = execa(file, args, { env: o.env, extendEnv: false, detached: true, stdio: 'ignore', reject: false });
    child.unref();
    const r = await Promise.race([child, new Promise<undefined>((resolve) => child.once('spawn', () => resolve(undefined)))]);
    const missing = (r as { code?: string } | undefined)?.code === 'ENOENT';
    return { args, exitCode: missing ? undefined : 0, output: '', stdout: '', missing, canceled: false, timedOut: false };
  }
  const child = execa(file, args, {
    reject: false,
    env: o.env,
    extendEnv: false,
    all: true,
    input: o.input,
    stdin: o.input === undefined ? 'ignore' : undefined,
    timeout: o.timeoutMs,
    cancelSignal: o.signal,
    forceKillAfterDelay: 5_000,
    stripFinalNewline: false,
  });
  if (o.onLine) {
    // Lines as they arrive; the buffered result below still holds all of them.
    let pending = '';
    child.all?.on('data', (chunk: Buffer | string) => {
      pending += chunk.toString();
      const parts = pending.split(/\r?\n|\r/);
      pending = parts.pop() ?? '';
      for (const p of parts) if (p.trim()) o.onLine!(p);
    });
    child.all?.on('end', () => {
      if (pending.trim()) o.onLine!(pending);
      pending = '';
    });
  }
  const r = await child;
  return {
    args,
    exitCode: r.exitCode,
    output: typeof r.all === 'string' ? r.all : '',
    stdout: typeof r.stdout === 'string' ? r.stdout : '',
    missing: (r as { code?: string }).code === 'ENOENT',
    canceled: Boolean(r.isCanceled),
    timedOut: Boolean(r.timedOut),
  };
}

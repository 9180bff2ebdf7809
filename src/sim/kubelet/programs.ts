/**
 * What a container runs, decided from its image and command the way the image's ENTRYPOINT/CMD would: EMQX
 * (modelled in ../emqx), or a small shell-like model for everything else (sleep, echo, exit, loops), enough
 * to make `busybox` without a command complete and crash-loop, and `sleep 3600` run until killed.
 */
import { isEmqxImage, normalizeImage } from './images.js';

type J = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface ProcPlan {
  kind: 'emqx' | 'proc';
  /** ms after start when the process exits (undefined: runs until stopped). */
  exitAfter?: number;
  code?: number;
  logs: string[];
  /** ms it takes to stop on SIGTERM (Infinity: ignores it, killed when the grace period ends). */
  stopMs: number;
  /** Whether its declared ports accept connections (servers do, shells do not). */
  serves: boolean;
}

const SHELL_IMAGES = ['docker.io/library/busybox', 'docker.io/library/alpine', 'docker.io/library/debian', 'docker.io/library/ubuntu'];
const APPLETS = new Set(['ls', 'cat', 'date', 'hostname', 'id', 'pwd', 'uname', 'whoami', 'nslookup', 'wget', 'ping', 'env', 'printenv', 'mkdir', 'touch', 'rm', 'cp', 'mv', 'chmod', 'chown', 'ln', 'test', '[', 'ps', 'top', 'df', 'du', 'free', 'grep', 'sed', 'awk', 'head', 'wc', 'sort', 'nc', 'trap', 'set', 'export', 'cd', ':']);

/** Split a shell word list (quotes honoured, no expansion). */
export function shellWords(s: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quote: string | null = null;
  let has = false;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    if (quote) {
      if (ch === quote) quote = null;
      else if (ch === '\\' && quote === '"' && i + 1 < s.length) cur += s[++i];
      else cur += ch;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      has = true;
    } else if (ch === '\\' && i + 1 < s.length) {
      cur += s[++i];
      has = true;
    } else if (/\s/.test(ch)) {
      if (has || cur) out.push(cur);
      cur = '';
      has = false;
    } else {
      cur += ch;
      has = true;
    }
  }
  if (has || cur) out.push(cur);
  return out;
}

/** Split a script into simple commands on ; && || and newlines (outside quotes). */
function commands(script: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quote: string | null = null;
  for (let i = 0; i < script.length; i++) {
    const ch = script[i];
    if (quote) {
      if (ch === quote) quote = null;
      cur += ch;
      continue;
    }
    if (ch === '"' || ch === "'") quote = ch;
    if (ch === ';' || ch === '\n' || ((ch === '&' || ch === '|') && script[i + 1] === ch)) {
      out.push(cur.trim());
      cur = '';
      if (ch !== ';' && ch !== '\n') i++;
      continue;
    }
    cur += ch;
  }
  out.push(cur.trim());
  return out.filter(Boolean);
}

interface Outcome {
  ms: number;
  code?: number;
  forever?: boolean;
  logs: string[];
}

/** Run a shell script in the model: how long, which exit code, what it prints. */
export function runScript(script: string, env: Map<string, string>, shell = 'sh'): Outcome {
  const out: Outcome = { ms: 0, logs: [] };
  if (/\bwhile\b|\buntil\b/.test(script)) return { ...out, forever: true };
  for (const cmd of commands(script)) {
    const words = shellWords(cmd.replace(/\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?/g, (_, n: string) => env.get(n) ?? ''));
    const r = runArgv(words, env, shell);
    out.ms += r.ms;
    out.logs.push(...r.logs);
    if (r.forever) return { ...out, forever: true };
    if (r.code !== undefined && r.code !== 0 && !cmd.includes('||')) return { ...out, code: r.code };
    if (r.exit) return { ...out, code: r.code ?? 0 };
  }
  return { ...out, code: 0 };
}

function runArgv(w: string[], env: Map<string, string>, shell: string): Outcome & { exit?: boolean } {
  const [cmd, ...args] = w;
  const base = (cmd ?? '').split('/').pop() ?? '';
  switch (base) {
    case '':
      return { ms: 0, code: 0, logs: [] };
    case 'sleep': {
      if (args[0] === 'infinity' || args[0] === 'inf') return { ms: 0, forever: true, logs: [] };
      const m = /^(\d+(?:\.\d+)?)([smhd]?)$/.exec(args[0] ?? '');
      if (!m) return { ms: 0, code: 1, logs: [`sleep: invalid number '${args[0] ?? ''}'`] };
      const unit = { '': 1, s: 1, m: 60, h: 3600, d: 86400 }[m[2]]!;
      return { ms: Number(m[1]) * unit * 1000, code: 0, logs: [] };
    }
    case 'true':
      return { ms: 0, code: 0, logs: [] };
    case 'false':
      return { ms: 0, code: 1, logs: [] };
    case 'exit':
      return { ms: 0, code: Number(args[0] ?? 0) || 0, logs: [], exit: true };
    case 'echo':
      return { ms: 0, code: 0, logs: [args.filter((a) => a !== '-n' && a !== '-e').join(' ')] };
    case 'tail':
      return args.includes('-f') || args.includes('-F') ? { ms: 0, forever: true, logs: [] } : { ms: 0, code: 0, logs: [] };
    case 'wait':
      return { ms: 0, forever: true, logs: [] };
    case 'sh':
    case 'bash':
    case 'ash':
      if (args[0] === '-c' && args[1] !== undefined) return runScript(args[1], env, base);
      return { ms: 0, code: 0, logs: [] };
    case 'printenv':
    case 'env':
      return { ms: 0, code: 0, logs: args.length ? args.map((a) => env.get(a) ?? '') : [...env.entries()].map(([k, v]) => `${k}=${v}`) };
    default:
      if (APPLETS.has(base)) return { ms: 100, code: 0, logs: [] };
      return { ms: 0, code: 127, logs: [shell === 'bash' ? `bash: line 1: ${base}: command not found` : `${shell}: 1: ${base}: not found`] };
  }
}

/** Plan the process a container runs. */
export function planProgram(c: J, env: Map<string, string>): ProcPlan {
  const image = String(c.image ?? '');
  const command: string[] | undefined = c.command;
  const args: string[] | undefined = c.args;
  if (isEmqxImage(image)) {
    const emqxCmd = (a?: string[]) => !a || a.length === 0 || (a[0].endsWith('emqx') && (a[1] === 'foreground' || a[1] === 'start'));
    // EMQX stops in a couple of seconds on SIGTERM; how long varies, so which node of a cluster stopped
    // last (the one whose tables are newest) is not decided by the order of deletion alone.
    const stopMs = 1500 + Math.round(Math.random() * 1500);
    if (!command && emqxCmd(args)) return { kind: 'emqx', logs: [], stopMs, serves: true };
    if (command && /docker-entrypoint\.sh$/.test(command[0]) && emqxCmd(args ?? command.slice(1))) return { kind: 'emqx', logs: [], stopMs, serves: true };
  }
  const { repo } = normalizeImage(image);
  let argv: string[] | undefined = command ? [...command, ...(args ?? [])] : args;
  if (!argv) {
    if (SHELL_IMAGES.includes(repo)) argv = [repo.endsWith('ubuntu') || repo.endsWith('debian') ? 'bash' : 'sh'];
    else if (repo === 'docker.io/curlimages/curl') return { kind: 'proc', exitAfter: 50, code: 2, logs: ["curl: try 'curl --help' or 'curl --manual' for more information"], stopMs: 0, serves: false };
    else return { kind: 'proc', logs: [], stopMs: 300, serves: true };
  }
  const shell = ['bash', 'sh', 'ash'].includes((argv[0] ?? '').split('/').pop()!) ? (argv[0].split('/').pop() as string) : 'sh';
  const r = runArgv(argv, env, shell);
  if (r.forever) return { kind: 'proc', logs: r.logs, stopMs: Infinity, serves: false };
  return { kind: 'proc', exitAfter: Math.max(50, r.ms), code: r.code ?? 0, logs: r.logs, stopMs: Infinity, serves: false };
}

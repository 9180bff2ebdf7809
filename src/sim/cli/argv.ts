/**
 * kubectl's command line, parsed the way cobra and pflag do it: global flags anywhere, `--flag=value`,
 * `--flag value`, `-n value`, `-nvalue`, combined short booleans (`-it`), `--` ending the flags. Flag names and
 * types come from the real kubectl's help (flag-table.ts), so the simulator refuses what kubectl refuses.
 */
import { COMMAND_FLAGS, GLOBAL_FLAGS } from './flag-table.js';
import { UsageError } from './errors.js';

export type FlagValue = string | boolean | string[];

export interface ParsedArgs {
  /** Command path, e.g. ['get'] or ['rollout', 'status'] ([] when none). */
  path: string[];
  args: string[];
  flags: Map<string, FlagValue>;
  /** Position in args where `--` was (-1 when absent). */
  dash: number;
}

/** Commands with sub-commands, and the aliases kubectl accepts for them. */
const SUBCOMMANDS: Record<string, string[]> = {
  create: ['namespace', 'token', 'configmap', 'secret', 'serviceaccount'],
  'create secret': ['generic'],
  rollout: ['status', 'restart', 'history', 'undo', 'pause', 'resume'],
  auth: ['can-i', 'whoami'],
  config: ['current-context', 'view', 'get-contexts', 'use-context', 'set-context'],
  top: ['pod', 'node'],
  set: ['image'],
  sim: ['reset', 'status', 'advance'],
};

const ALIASES: Record<string, string> = { ns: 'namespace', sa: 'serviceaccount', cm: 'configmap', pods: 'pod', po: 'pod', nodes: 'node', no: 'node' };

/** Flags that may be given without a value (pflag NoOptDefVal), and the value they then take. */
const NO_OPT: Record<string, string> = { 'dry-run': 'unchanged', validate: 'strict', cascade: 'background' };

const ROOT = new Set(['apply', 'create', 'get', 'describe', 'delete', 'scale', 'rollout', 'patch', 'label', 'annotate', 'logs', 'exec', 'auth', 'port-forward', 'version', 'config', 'api-resources', 'api-versions', 'cluster-info', 'run', 'wait', 'top', 'explain', 'edit', 'set', 'cp', 'attach', 'expose', 'events', 'sim']);

interface FlagSpec {
  name: string;
  type: string;
}

function flagSet(path: string[]): { long: Map<string, FlagSpec>; short: Map<string, FlagSpec> } {
  const long = new Map<string, FlagSpec>();
  const short = new Map<string, FlagSpec>();
  const add = (table: Record<string, string>) => {
    for (const [name, spec] of Object.entries(table)) {
      const f = { name, type: spec[0] };
      long.set(name, f);
      if (spec.length > 1) short.set(spec.slice(1), f);
    }
  };
  add(GLOBAL_FLAGS);
  add(COMMAND_FLAGS[path.join(' ')] ?? {});
  if (!COMMAND_FLAGS[path.join(' ')] && path[0] === 'sim') add({ help: 'bh' });
  long.set('help', { name: 'help', type: 'b' });
  short.set('h', { name: 'help', type: 'b' });
  return { long, short };
}

/** Find the command path, skipping global flags and their values (cobra's stripFlags). */
export function findPath(argv: string[]): string[] {
  const globals = flagSet([]);
  const words: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') break;
    if (a.startsWith('--')) {
      const f = globals.long.get(a.slice(2));
      if (f && f.type !== 'b' && !a.includes('=')) i++;
      continue;
    }
    if (a.startsWith('-') && a.length > 1) {
      const f = globals.short.get(a[1]);
      if (f && f.type !== 'b' && a.length === 2) i++;
      continue;
    }
    words.push(a);
    const key = words.join(' ');
    if (words.length === 1 && !ROOT.has(a)) return [a];
    const parent = words.slice(0, -1).join(' ');
    if (words.length > 1) {
      const subs = SUBCOMMANDS[parent];
      const name = ALIASES[a] && subs?.includes(ALIASES[a]) ? ALIASES[a] : a;
      if (!subs?.includes(name)) return words.slice(0, -1);
      words[words.length - 1] = name;
    }
    if (!SUBCOMMANDS[words.join(' ')]) return words;
    void key;
  }
  return words;
}

function setFlag(flags: Map<string, FlagValue>, f: FlagSpec, value: string, shown: string): void {
  if (f.type === 'b') {
    if (!/^(1|t|T|TRUE|true|True|0|f|F|FALSE|false|False)$/.test(value)) {
      throw new UsageError(`invalid argument "${value}" for "${shown}" flag: strconv.ParseBool: parsing "${value}": invalid syntax`);
    }
    flags.set(f.name, /^(1|t|T|TRUE|true|True)$/.test(value));
    return;
  }
  if (f.type === 'i' && !/^[-+]?\d+$/.test(value)) {
    throw new UsageError(`invalid argument "${value}" for "${shown}" flag: strconv.ParseInt: parsing "${value}": invalid syntax`);
  }
  if (f.type === 'a') {
    const prev = flags.get(f.name);
    const parts = f.name === 'address' || f.name === 'filename' || f.name === 'label-columns' ? value.split(',') : [value];
    flags.set(f.name, [...(Array.isArray(prev) ? prev : []), ...parts]);
    return;
  }
  flags.set(f.name, value);
}

export function parseArgv(argv: string[]): ParsedArgs {
  const path = findPath(argv);
  const { long, short } = flagSet(path);
  const flags = new Map<string, FlagValue>();
  const rest: string[] = [];
  let dash = -1;
  const pathLeft = [...path];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') {
      dash = rest.length;
      rest.push(...argv.slice(i + 1));
      break;
    }
    if (a.startsWith('--') && a.length > 2) {
      const eq = a.indexOf('=');
      const name = eq >= 0 ? a.slice(2, eq) : a.slice(2);
      const f = long.get(name);
      if (!f) throw new UsageError(`unknown flag: --${name}`);
      if (eq >= 0) setFlag(flags, f, a.slice(eq + 1), `--${name}`);
      else if (f.type === 'b') flags.set(f.name, true);
      else if (NO_OPT[name]) flags.set(name, NO_OPT[name]);
      else {
        if (i + 1 >= argv.length) throw new UsageError(`flag needs an argument: --${name}`);
        setFlag(flags, f, argv[++i], `--${name}`);
      }
      continue;
    }
    if (a.startsWith('-') && a.length > 1 && a !== '-') {
      for (let j = 1; j < a.length; j++) {
        const ch = a[j];
        const f = short.get(ch);
        if (!f) throw new UsageError(`unknown shorthand flag: '${ch}' in ${a}`);
        if (f.type === 'b') {
          if (a[j + 1] === '=') {
            setFlag(flags, f, a.slice(j + 2), `-${ch}, --${f.name}`);
            break;
          }
          flags.set(f.name, true);
          continue;
        }
        let value = a.slice(j + 1);
        if (value.startsWith('=')) value = value.slice(1);
        else if (value === '') {
          if (i + 1 >= argv.length) throw new UsageError(`flag needs an argument: '${ch}' in -${ch}`);
          value = argv[++i];
        }
        setFlag(flags, f, value, `-${ch}, --${f.name}`);
        break;
      }
      continue;
    }
    if (pathLeft.length && (a === pathLeft[0] || ALIASES[a] === pathLeft[0])) {
      pathLeft.shift();
      continue;
    }
    rest.push(a);
  }
  return { path, args: rest, flags, dash };
}

export function str(p: ParsedArgs, name: string): string | undefined {
  const v = p.flags.get(name);
  return typeof v === 'string' ? v : undefined;
}

export function bool(p: ParsedArgs, name: string, def = false): boolean {
  const v = p.flags.get(name);
  return typeof v === 'boolean' ? v : def;
}

export function list(p: ParsedArgs, name: string): string[] {
  const v = p.flags.get(name);
  return Array.isArray(v) ? v : [];
}

export function int(p: ParsedArgs, name: string, def: number): number {
  const v = p.flags.get(name);
  return typeof v === 'string' ? Number(v) : def;
}

/**
 * `emqx-lab list` without the command-line parser. list is what a learner runs between steps, and loading
 * commander alone costs it about a quarter of its time. Only a plain invocation is taken here: the word
 * `list` first, then flags from a short set, each at most once, with values checked as the parser checks
 * them. Anything else (help, a typo, a flag before `list`, a repeated or unknown flag, a value the parser
 * would refuse or read differently) returns undefined and goes to the full parser, which words the error.
 * test/fast-list.test.ts runs a table of argvs through both paths and compares what they print.
 */
import { colorAllowed, labHome, sleep, type Context, type GlobalOptions } from './context.js';
import { isValidNamespace } from './course/constants.js';
import { isLang } from './i18n/lang.js';
import { preLang } from './pre-lang.js';
import type { MainDeps } from './program.js';

/** The options of a plain `list` argv as the parser would give them, or undefined when it is not one. */
export function plainListOptions(argv: string[]): GlobalOptions | undefined {
  if (argv[0] !== 'list') return undefined;
  const opts: GlobalOptions = { color: true };
  const seen = new Set<string>();
  for (let i = 1; i < argv.length; i++) {
    const arg = argv[i];
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    const name = flag === '-n' ? '--namespace' : flag;
    if (seen.has(name)) return undefined;
    seen.add(name);
    if (name === '--json' || name === '--sim' || name === '--no-color') {
      if (eq > 0) return undefined;
      if (name === '--json') opts.json = true;
      else if (name === '--sim') opts.sim = true;
      else opts.color = false;
      continue;
    }
    if (name !== '--namespace' && name !== '--lang' && name !== '--context' && name !== '--kubeconfig') return undefined;
    const value = eq > 0 ? arg.slice(eq + 1) : argv[++i];
    if (value === undefined || value === '' || value.startsWith('-')) return undefined;
    if (name === '--namespace') {
      if (!isValidNamespace(value)) return undefined;
      opts.namespace = value;
    } else if (name === '--lang') {
      if (!isLang(value)) return undefined;
      opts.lang = value;
    } else if (name === '--context') opts.context = value;
    else opts.kubeconfig = value;
  }
  return opts;
}

/** Runs a plain `list` and returns its exit code; undefined when `argv` is for the full parser. */
export async function fastList(argv: string[], deps: MainDeps): Promise<number | undefined> {
  const opts = plainListOptions(argv);
  if (!opts) return undefined;
  const lang = preLang(argv, deps.env);
  const ctx: Context = {
    io: deps.io,
    env: deps.env,
    cwd: deps.cwd,
    lang: opts.lang ?? lang,
    color: colorAllowed(deps.env, deps.io.stdout, opts.color),
    home: labHome(deps.env),
    now: deps.now ?? Date.now,
    sleep,
    signal: deps.signal,
  };
  try {
    const { list } = await import('./commands/list.js');
    return await list(ctx, opts);
  } catch (err) {
    const { reportError } = await import('./program.js');
    return reportError(err, deps.io, lang, deps.env);
  }
}

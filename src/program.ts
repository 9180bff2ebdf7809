/**
 * The command line. Each command's module is imported only when it runs, so `--version`, `--help` and
 * `list` start fast. Commands return an exit code; a LabError becomes a message and its exit code.
 */
import { Command, CommanderError, Help, Option } from 'commander';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { colorAllowed, labHome, sleep, type Context, type GlobalOptions, type Io } from './context.js';
import { EXIT, LabError, usageError } from './errors.js';
import { cliMessages } from './i18n/cli.js';
import { safetyMessages } from './i18n/safety.js';
import { clipLong } from './util/clip.js';
import { isLang, type Lang } from './i18n/lang.js';

export { preLang } from './pre-lang.js';
import { packageRoot } from './util/paths.js';
import { preLang } from './pre-lang.js';
import { isValidNamespace } from './course/constants.js';
import { requireWritableHome } from './progress/home.js';

export interface MainDeps {
  io: Io;
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Aborted on Ctrl-C. */
  signal: AbortSignal;
  now?: () => number;
}

/** Command modules that write progress, locks or the simulated cluster's state into EMQX_LAB_HOME. */
const WRITES_HOME = new Set(['start', 'apply', 'verify', 'hint', 'solve', 'reset', 'test', 'workshop']);

type Handler = (ctx: Context, opts: Record<string, unknown>, ...args: unknown[]) => Promise<number>;

/** Lazily loaded command modules: `module#export`. */
const load = async (mod: string, name: string): Promise<Handler> => {
  // @vite-ignore: vitest cannot expand a variable import to .ts files; Node resolves it as written.
  const m = (await import(/* @vite-ignore */ `./commands/${mod}.js`)) as Record<string, Handler>;
  return m[name];
};

function version(): string {
  const pkg = JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version: string };
  return pkg.version;
}

export async function main(argv: string[], deps: MainDeps): Promise<number> {
  const lang = preLang(argv, deps.env);
  try {
    return await parseAndRun(argv, deps, lang);
  } catch (err) {
    return reportError(err, deps.io, lang, deps.env);
  }
}

async function parseAndRun(argv: string[], deps: MainDeps, lang: Lang): Promise<number> {
  const m = cliMessages[lang];
  const { io } = deps;
  let exitCode: number = EXIT.ok;

  const makeContext = (opts: GlobalOptions): Context => {
    const l = opts.lang ?? lang;
    return {
      io,
      env: deps.env,
      cwd: deps.cwd,
      lang: l,
      color: colorAllowed(deps.env, io.stdout, opts.color),
      home: labHome(deps.env),
      now: deps.now ?? Date.now,
      sleep,
      signal: deps.signal,
    };
  };

  const run =
    (mod: string, name: string) =>
    async (...args: unknown[]): Promise<void> => {
      const cmd = args[args.length - 1] as Command;
      const opts = cmd.optsWithGlobals() as GlobalOptions & Record<string, unknown>;
      const positional = args.slice(0, -2);
      const ctx = makeContext(opts);
      // Commands that record something need a writable EMQX_LAB_HOME: said first, in one line.
      if (WRITES_HOME.has(mod)) await requireWritableHome(ctx.home, ctx.lang);
      const handler = await load(mod, name);
      exitCode = await handler(ctx, opts, ...positional);
    };

  const program = new Command('emqx-lab')
    .description(m.description)
    .version(version(), '-V, --version', m.optVersion)
    .helpOption('-h, --help', m.optHelp)
    .helpCommand(false)
    .showSuggestionAfterError(true)
    .option('--sim', m.optSim)
    .option('-n, --namespace <ns>', m.optNamespace, validNamespace(lang))
    .option('--context <ctx>', m.optContext)
    .option('--kubectl <path>', m.optKubectl)
    .option('--kubeconfig <file>', m.optKubeconfig)
    .addOption(new Option('--lang <lang>', m.optLang).argParser(validLang(lang)))
    .option('--json', m.optJson)
    .option('-y, --yes', m.optYes)
    .option('--no-color', m.optNoColor)
    .exitOverride()
    .configureHelp(localizedHelp(lang))
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
      outputError: () => {},
    });

  const sub = (name: string, desc: string) =>
    program.command(name).description(desc).helpOption('-h, --help', m.optHelp).exitOverride();

  sub('start', m.cmdStart)
    .addOption(new Option('--mode <mode>', m.optMode).argParser(oneOf(lang, '--mode', ['guided', 'hands-on'])))
    .action(run('start', 'start'));
  sub('list', m.cmdList).action(run('list', 'list'));
  sub('show', m.cmdShow).argument('<step>', m.argStep).action(run('show', 'show'));
  sub('apply', m.cmdApply).argument('<step>', m.argStep).action(run('apply', 'apply'));
  sub('verify', m.cmdVerify)
    .argument('<step>', m.argStep)
    .option('--watch', m.optWatch)
    .action(run('verify', 'verify'));
  sub('hint', m.cmdHint).argument('<step>', m.argStep).action(run('hint', 'hint'));
  sub('solve', m.cmdSolve).argument('<step>', m.argStep).action(run('solve', 'solve'));
  sub('reset', m.cmdReset).argument('[step]', m.argStep).option('--all', m.optAll).action(run('reset', 'reset'));
  sub('doctor', m.cmdDoctor).action(run('doctor', 'doctor'));
  sub('test', m.cmdTest)
    .argument('[steps...]', m.argSteps)
    .option('--junit <file>', m.optJunit)
    .option('--mistakes', m.optMistakes)
    .action(run('test', 'test'));
  sub('lint', m.cmdLint).argument('[paths...]', m.argPaths).action(run('lint', 'lint'));
  // `kubectl` takes its arguments raw (see kubectlArgs); it is listed here for --help only.
  sub('kubectl', m.cmdKubectl).argument('[args...]');
  program
    .command('schema', { hidden: true })
    .description(m.cmdSchema)
    .argument('[which]', m.argSchemaWhich, 'lesson')
    .action(run('schema', 'schema'));

  // A command with subcommands gets commander's `help [command]`: worded in the learner's language.
  const cluster = sub('cluster', m.cmdCluster).helpCommand('help [command]', m.cmdHelp);
  cluster
    .command('create')
    .description(m.cmdClusterCreate)
    .helpOption('-h, --help', m.optHelp)
    .addOption(new Option('--provider <provider>', m.optProvider).argParser(oneOf(lang, '--provider', ['kind', 'minikube'])))
    // No default here: kind's cluster is emqx-lab, minikube's profile is minikube (the context the lab knows).
    .option('--name <name>', m.optClusterName)
    .exitOverride()
    .action(run('cluster', 'clusterCreate'));
  sub('prepare', m.cmdPrepare).action(run('prepare', 'prepare'));

  const workshop = sub('workshop', m.cmdWorkshop).helpCommand('help [command]', m.cmdHelp);
  const wsub = (name: string, desc: string) =>
    workshop.command(name).description(desc).helpOption('-h, --help', m.optHelp).exitOverride();
  wsub('up', m.cmdWorkshopUp)
    .requiredOption('--learners <n>', m.optLearners, learnerCount(lang))
    .option('--prefix <name>', m.optPrefix, 'learner')
    .option('--out <dir>', m.optOut)
    .action(run('workshop', 'workshopUp'));
  wsub('down', m.cmdWorkshopDown).option('--prefix <name>', m.optPrefix, 'learner').action(run('workshop', 'workshopDown'));
  wsub('status', m.cmdWorkshopStatus)
    .option('--prefix <name>', m.optPrefix, 'learner')
    .option('--watch', m.optWatch)
    .action(run('workshop', 'workshopStatus'));
  wsub('solve', m.cmdWorkshopSolve)
    .argument('<learner>', m.argLearner)
    .argument('<step>', m.argStep)
    .option('--prefix <name>', m.optPrefix, 'learner')
    .action(run('workshop', 'workshopSolve'));
  wsub('dashboard', m.cmdWorkshopDashboard)
    .option('--prefix <name>', m.optPrefix, 'learner')
    .option('--port <port>', m.optPort, portNumber(lang))
    .option('--no-open', m.optNoOpen)
    .action(run('workshop', 'workshopDashboard'));

  const raw = kubectlArgs(argv);
  if (raw) {
    const handler = await load('kubectl', 'kubectl');
    return handler(makeContext({}), { lang }, raw.before, raw.rest);
  }
  await program.parseAsync(argv, { from: 'user' });
  return exitCode;
}

/**
 * `emqx-lab [lab flags] kubectl ARGS...`: everything after the word kubectl belongs to kubectl (the command
 * module picks out the lab's own --sim, --kubectl, --lang). Returns undefined for any other command.
 */
export function kubectlArgs(argv: string[]): { before: string[]; rest: string[] } | undefined {
  const withValue = new Set(['-n', '--namespace', '--context', '--kubectl', '--kubeconfig', '--lang']);
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === 'kubectl') return { before: argv.slice(0, i), rest: argv.slice(i + 1) };
    if (withValue.has(a)) i++;
    else if (!a.startsWith('-')) return undefined;
  }
  return undefined;
}

/** commander's help, with its headings and "(default: ...)" in the learner's language. */
function localizedHelp(lang: Lang): Partial<Help> {
  const m = cliMessages[lang];
  const base = new Help();
  const titles: Record<string, string> = {
    'Usage:': m.helpUsage,
    'Options:': m.helpOptions,
    'Commands:': m.helpCommands,
    'Arguments:': m.helpArguments,
    'Global Options:': m.helpGlobalOptions,
  };
  const words = (s: string) => s.replace(/\bdefault: /g, m.helpDefault).replace(/\bchoices: /g, m.helpChoices);
  return {
    styleTitle: (str: string) => titles[str] ?? str,
    optionDescription: (o) => words(base.optionDescription(o)),
    argumentDescription: (a) => words(base.argumentDescription(a)),
  };
}

function oneOf(lang: Lang, flag: string, values: string[]) {
  return (v: string): string => {
    if (!values.includes(v)) throw usageError(cliMessages[lang].notOneOf(flag, v, values));
    return v;
  };
}

function validLang(lang: Lang) {
  return (v: string): Lang => {
    if (!isLang(v)) throw usageError(cliMessages[lang].badLang(v));
    return v;
  };
}

function validNamespace(lang: Lang) {
  return (v: string): string => {
    if (!isValidNamespace(v)) throw usageError(cliMessages[lang].badNamespace(v));
    return v;
  };
}

/** At most this many learners in one room: bounded before anything is allocated for them. */
export const MAX_LEARNERS = 1000;

function learnerCount(lang: Lang) {
  return (v: string): number => {
    const n = /^\d{1,5}$/.test(v.trim()) ? Number(v) : NaN;
    if (!Number.isInteger(n) || n < 1 || n > MAX_LEARNERS) throw usageError(safetyMessages[lang].tooManyLearners(v, MAX_LEARNERS));
    return n;
  };
}

function portNumber(lang: Lang) {
  return (v: string): number => {
    const n = /^\d{1,5}$/.test(v.trim()) ? Number(v) : NaN;
    if (!Number.isInteger(n) || n < 1 || n > 65535) throw usageError(safetyMessages[lang].portRange(v));
    return n;
  };
}

/** Print an error the way a person wants to read it, and pick the exit code. Never a stack trace. */
export function reportError(err: unknown, io: Io, lang: Lang, env: NodeJS.ProcessEnv): number {
  const m = cliMessages[lang];
  if (err instanceof LabError) {
    io.stderr.write(`emqx-lab: ${clipLong(err.message, lang)}\n`);
    for (const d of err.details) io.stderr.write(`  ${clipLong(d, lang)}\n`);
    return err.exitCode;
  }
  if (err instanceof CommanderError) {
    if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') {
      return EXIT.ok;
    }
    // commander wraps errors thrown by argParser; those are ours and already worded.
    const cause = (err as { cause?: unknown }).cause;
    if (cause instanceof LabError) return reportError(cause, io, lang, env);
    io.stderr.write(`emqx-lab: ${clipLong(commanderMessage(err, lang), lang)}\n${m.seeHelp('emqx-lab')}\n`);
    return EXIT.usage;
  }
  // A file or folder the system refused (a home or progress/ that is a file, a read-only disk): the
  // environment's, said as such, whichever module met it.
  const fsCode = (err as NodeJS.ErrnoException | undefined)?.code;
  const fsPath = (err as NodeJS.ErrnoException | undefined)?.path;
  if (fsPath && fsCode && FS_ERRORS.has(fsCode)) {
    io.stderr.write(`emqx-lab: ${clipLong(safetyMessages[lang].fileError(fsPath, fsCode), lang)}\n`);
    return EXIT.environment;
  }
  const e = err instanceof Error ? err : new Error(String(err));
  io.stderr.write(`emqx-lab: ${clipLong(m.internalError(e.message), lang)}\n${m.internalErrorHint}\n`);
  if (env.EMQX_LAB_DEBUG) io.stderr.write(`${e.stack}\n`);
  return 70;
}

/** Errors of the file system that say the environment is wrong, not the program. */
const FS_ERRORS = new Set(['ENOTDIR', 'EISDIR', 'EACCES', 'EPERM', 'EROFS', 'ENOSPC', 'EDQUOT', 'ELOOP', 'ENAMETOOLONG', 'EEXIST', 'ENOENT', 'EMFILE']);

function commanderMessage(err: CommanderError, lang: Lang): string {
  const m = cliMessages[lang];
  const quoted = /'([^']+)'/.exec(err.message)?.[1] ?? '';
  const suggestion = /Did you mean (.+)\?/.exec(err.message)?.[1];
  const tail = suggestion ? ` (${m.didYouMean(suggestion)})` : '';
  switch (err.code) {
    case 'commander.unknownCommand':
      return m.unknownCommand(quoted) + tail;
    case 'commander.unknownOption':
      return m.unknownOption(quoted) + tail;
    case 'commander.missingArgument':
      return m.missingArgument(quoted);
    case 'commander.optionMissingArgument':
    case 'commander.missingMandatoryOptionValue':
      return m.missingOptionValue(quoted || err.message.replace(/^error: /, ''));
    case 'commander.excessArguments':
      return m.excessArguments;
    case 'commander.invalidArgument':
      return m.invalidArgument(err.message.replace(/^error: /, ''));
    default:
      return err.message.replace(/^error: /, '');
  }
}

/** Which function runs which kubectl command; everything else is refused as not modelled. */
import type { Cli } from './cli.js';
import { CmdError } from './errors.js';

type Handler = (c: Cli) => Promise<number>;

const COMMANDS: Record<string, () => Promise<Handler>> = {
  get: async () => (await import('./cmd-get.js')).cmdGet,
  apply: async () => (await import('./cmd-apply.js')).cmdApply,
  create: async () => (await import('./cmd-create.js')).cmdCreate,
  'create namespace': async () => (await import('./cmd-create.js')).cmdCreateNamespace,
  'create token': async () => (await import('./cmd-create.js')).cmdCreateToken,
  'create configmap': async () => (await import('./cmd-create.js')).cmdCreateConfigMap,
  'create secret generic': async () => (await import('./cmd-create.js')).cmdCreateSecret,
  'create serviceaccount': async () => (await import('./cmd-create.js')).cmdCreateServiceAccount,
  delete: async () => (await import('./cmd-delete.js')).cmdDelete,
  describe: async () => (await import('./cmd-describe.js')).cmdDescribe,
  logs: async () => (await import('./cmd-logs.js')).cmdLogs,
  exec: async () => (await import('./cmd-exec.js')).cmdExec,
  scale: async () => (await import('./cmd-scale.js')).cmdScale,
  'rollout status': async () => (await import('./cmd-rollout.js')).cmdRolloutStatus,
  'rollout restart': async () => (await import('./cmd-rollout.js')).cmdRolloutRestart,
  'rollout history': async () => (await import('./cmd-rollout.js')).cmdRolloutHistory,
  'rollout undo': async () => (await import('./cmd-rollout.js')).cmdRolloutUndo,
  'rollout pause': async () => (await import('./cmd-rollout.js')).cmdRolloutPause(true),
  'rollout resume': async () => (await import('./cmd-rollout.js')).cmdRolloutPause(false),
  patch: async () => (await import('./cmd-patch.js')).cmdPatch,
  label: async () => (await import('./cmd-patch.js')).cmdLabel,
  annotate: async () => (await import('./cmd-patch.js')).cmdAnnotate,
  'auth can-i': async () => (await import('./cmd-auth.js')).cmdCanI,
  'auth whoami': async () => (await import('./cmd-auth.js')).cmdWhoami,
  'port-forward': async () => (await import('./cmd-port-forward.js')).cmdPortForward,
  version: async () => (await import('./cmd-info.js')).cmdVersion,
  'api-resources': async () => (await import('./cmd-info.js')).cmdApiResources,
  'api-versions': async () => (await import('./cmd-info.js')).cmdApiVersions,
  'cluster-info': async () => (await import('./cmd-info.js')).cmdClusterInfo,
  'config current-context': async () => (await import('./cmd-config.js')).cmdCurrentContext,
  'config view': async () => (await import('./cmd-config.js')).cmdConfigView,
  'config get-contexts': async () => (await import('./cmd-config.js')).cmdGetContexts,
  'config use-context': async () => (await import('./cmd-config.js')).cmdUseContext,
  'config set-context': async () => (await import('./cmd-config.js')).cmdSetContext,
  run: async () => (await import('./cmd-run.js')).cmdRun,
  wait: async () => (await import('./cmd-wait.js')).cmdWait,
  events: async () => (await import('./cmd-events.js')).cmdEvents,
  explain: async () => (await import('./cmd-explain.js')).cmdExplain,
  'sim reset': async () => (await import('./cmd-sim.js')).cmdSimReset,
  'sim status': async () => (await import('./cmd-sim.js')).cmdSimStatus,
  'sim advance': async () => (await import('./cmd-sim.js')).cmdSimAdvance,
};

const KNOWN_ROOTS = ['annotate', 'api-resources', 'api-versions', 'apply', 'attach', 'auth', 'autoscale', 'certificate', 'cluster-info', 'completion', 'config', 'cordon', 'cp', 'create', 'debug', 'delete', 'describe', 'diff', 'drain', 'edit', 'events', 'exec', 'explain', 'expose', 'get', 'help', 'kustomize', 'label', 'logs', 'options', 'patch', 'plugin', 'port-forward', 'proxy', 'replace', 'rollout', 'run', 'scale', 'set', 'taint', 'top', 'uncordon', 'version', 'wait'];

/** Commands that only group subcommands. */
const GROUPS = new Set(['rollout', 'config', 'auth', 'set', 'top', 'certificate']);

export function helpHint(path: string[]): string {
  return path.length && path[0] !== '' ? `See 'kubectl ${path.join(' ')} --help' for usage.` : "See 'kubectl --help' for usage.";
}

export async function dispatch(c: Cli): Promise<number> {
  const key = c.p.path.join(' ');
  const load = COMMANDS[key];
  if (load) return (await load())(c);
  const { langFromEnv } = await import('../../i18n/lang.js');
  const { simMessages } = await import('../../i18n/sim.js');
  const m = simMessages[langFromEnv(c.env)];
  if (!key) throw new CmdError(m.notModelled('kubectl (without a command)'));
  if (c.p.path[0] === 'sim') throw new CmdError(m.simUsage);
  if (!KNOWN_ROOTS.includes(c.p.path[0])) throw new CmdError(`error: unknown command "${c.p.path[0]}" for "kubectl"`);
  // A command group given a word that is none of its subcommands (cobra's legacyArgs, as kubectl words it).
  if (GROUPS.has(key) && c.p.args.length) throw new CmdError(`error: unknown command "${c.p.args.join(' ')}"\nSee 'kubectl ${key} -h' for help and examples`);
  throw new CmdError(m.notModelled(`kubectl ${key}`));
}

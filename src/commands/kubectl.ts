/**
 * `emqx-lab [lab flags] kubectl ARGS...`: kubectl on the lab's cluster, in the lab's namespace unless the
 * arguments choose one (-n, --namespace, -A). `--sim` and `--kubectl PATH` are the lab's own and are taken
 * out of ARGS; the lab's other flags go before the word kubectl. The exit code is kubectl's.
 *
 * The non-local-context guard judges where kubectl will really go: ARGS may name another context
 * (`--context`), kubeconfig (`--kubeconfig`), cluster (`--cluster`) or server (`--server`, `-s`), and kubectl
 * obeys the last of each; so does the guard.
 */
import type { Context, GlobalOptions } from '../context.js';
import { envError, usageError } from '../errors.js';
import { engineMessages } from '../i18n/engine.js';
import { cliMessages } from '../i18n/cli.js';
import { isLang, type Lang } from '../i18n/lang.js';
import { passthroughArgs } from '../kube/argv.js';
import { kubectlName, notExecutable } from '../kube/binary.js';
import { safetyMessages } from '../i18n/safety.js';
import { KubeError } from '../kube/result.js';
import { guardContext, guardServer, makeKube } from '../engine/session.js';
import { requireWritableHome } from '../progress/home.js';

const VALUED = new Set(['--namespace', '-n', '--context', '--kubectl', '--kubeconfig', '--lang']);

/** The lab's flags given before the word kubectl. */
export function labFlags(before: string[], lang: Lang): GlobalOptions {
  const o: GlobalOptions = {};
  for (let i = 0; i < before.length; i++) {
    const [flag, inline] = before[i].startsWith('--') && before[i].includes('=') ? before[i].split(/=(.*)/s, 2) : [before[i], undefined];
    const value = () => inline ?? before[++i];
    if (VALUED.has(flag)) {
      const v = value();
      if (v === undefined) throw usageError(cliMessages[lang].missingOptionValue(flag));
      if (flag === '--namespace' || flag === '-n') o.namespace = v;
      else if (flag === '--context') o.context = v;
      else if (flag === '--kubectl') o.kubectl = v;
      else if (flag === '--kubeconfig') o.kubeconfig = v;
      else if (isLang(v)) o.lang = v;
    } else if (flag === '--sim') o.sim = true;
    else if (flag === '--yes' || flag === '-y') o.yes = true;
    else if (flag === '--no-color') o.color = false;
  }
  return o;
}

/** Take `--sim` and `--kubectl PATH` out of kubectl's own arguments (never after `--`). */
export function pickLabFlags(rest: string[]): { args: string[]; sim: boolean; kubectl?: string } {
  const args: string[] = [];
  let sim = false;
  let kubectl: string | undefined;
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i];
    if (a === '--') {
      args.push(...rest.slice(i));
      break;
    }
    if (a === '--sim') sim = true;
    else if (a === '--kubectl') kubectl = rest[++i];
    else if (a.startsWith('--kubectl=')) kubectl = a.slice('--kubectl='.length);
    else args.push(a);
  }
  return { args, sim, kubectl };
}

/** kubectl's flags that choose where a call goes. */
export interface TargetFlags {
  context?: string;
  kubeconfig?: string;
  cluster?: string;
  server?: string;
}

const TARGET_FLAGS: Record<string, keyof TargetFlags> = { '--context': 'context', '--kubeconfig': 'kubeconfig', '--cluster': 'cluster', '--server': 'server', '-s': 'server' };

/**
 * The target flags in kubectl's own arguments, read as kubectl's flag parser reads them (`--flag value`,
 * `--flag=value`, `-s value`, `-s=value`, `-svalue`; the last one wins; nothing after `--`).
 */
export function targetFlags(args: string[]): TargetFlags {
  const out: TargetFlags = {};
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--') break;
    const eq = a.startsWith('--') ? a.indexOf('=') : -1;
    const name = eq > 0 ? a.slice(0, eq) : a;
    const key = TARGET_FLAGS[name];
    if (key) {
      const v = eq > 0 ? a.slice(eq + 1) : args[++i];
      if (v !== undefined) out[key] = v;
      continue;
    }
    if (/^-s./.test(a)) out.server = a.slice(a[2] === '=' ? 3 : 2);
  }
  return out;
}

export async function kubectl(ctx: Context, _opts: GlobalOptions, before: string[] = [], rest: string[] = []): Promise<number> {
  const flags = labFlags(before, ctx.lang);
  const picked = pickLabFlags(rest);
  const chosen = targetFlags(picked.args);
  const opts: GlobalOptions = {
    ...flags,
    sim: flags.sim || picked.sim,
    kubectl: picked.kubectl ?? flags.kubectl,
    // The guard asks about the context and kubeconfig kubectl will really use.
    context: chosen.context ?? flags.context,
    kubeconfig: chosen.kubeconfig ?? flags.kubeconfig,
  };
  const c = { ...ctx, lang: opts.lang ?? ctx.lang };
  // The simulated cluster lives in EMQX_LAB_HOME: an unusable home is said in one line, before it runs.
  if (opts.sim) await requireWritableHome(ctx.home, c.lang);
  const kube = makeKube(c, opts);
  try {
    if (!kube.sim && (chosen.server !== undefined || chosen.cluster !== undefined)) await guardServer(kube, c, opts, chosen);
    else await guardContext(kube, c, opts);
    return await kube.interactive(passthroughArgs(kube.target, picked.args), ctx.io);
  } catch (e) {
    if (e instanceof KubeError && e.kind === 'notInstalled') {
      const bin = kubectlName(opts, ctx.env);
      throw envError(notExecutable(bin) ? safetyMessages[c.lang].kubectlNotExecutable(bin) : engineMessages[c.lang].notInstalled(bin));
    }
    throw e;
  } finally {
    await kube.close();
  }
}

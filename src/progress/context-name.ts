/**
 * The context name progress is filed under, found WITHOUT running kubectl (so `list` starts fast):
 * --sim → the simulator's context; --context wins; else current-context of the kubeconfig kubectl would use
 * (--kubeconfig, then the first file in KUBECONFIG that names one, then ~/.kube/config).
 */
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';

export const SIM_CONTEXT = 'emqx-lab-sim';
/** Filed under this name when no kubeconfig names a context (nothing configured yet). */
export const NO_CONTEXT = '(none)';

export function contextName(
  opts: { sim?: boolean; context?: string; kubeconfig?: string },
  env: NodeJS.ProcessEnv,
): string {
  if (opts.sim) return SIM_CONTEXT;
  if (opts.context) return opts.context;
  const files = opts.kubeconfig
    ? [opts.kubeconfig]
    : env.KUBECONFIG
      ? env.KUBECONFIG.split(delimiter).filter(Boolean)
      : [join(env.HOME || homedir(), '.kube', 'config')];
  for (const f of files) {
    try {
      if (!existsSync(f)) continue;
      const name = currentContextOf(readFileSync(f, 'utf8'));
      if (name) return name;
    } catch {
      // An unreadable kubeconfig is kubectl's to report (doctor does); progress just files under NO_CONTEXT.
    }
  }
  return NO_CONTEXT;
}

/**
 * The top-level `current-context:` of a kubeconfig. kubectl writes it as one plain line, so a line match
 * is enough and keeps the YAML parser out of start-up; quoted values are unquoted.
 */
export function currentContextOf(text: string): string | undefined {
  const m = /^current-context:[ \t]*(.*?)[ \t]*$/m.exec(text);
  if (!m) return undefined;
  let v = m[1].replace(/[ \t]+#.*$/, '');
  if ((v.startsWith('"') && v.endsWith('"')) || (v.startsWith("'") && v.endsWith("'"))) v = v.slice(1, -1);
  return v || undefined;
}

/**
 * `list` without a usable local progress record: ask the namespace's progress record, briefly. Only the
 * simulated cluster or a context whose name looks local is asked (no context guard calls, one `kubectl
 * get`, at most a few seconds); whatever fails stays silent, and `list` shows what it has.
 */
import type { Context, GlobalOptions } from '../context.js';
import { DEFAULT_NAMESPACE } from '../course/constants.js';
import { safetyMessages } from '../i18n/safety.js';
import { looksLocalName } from '../kube/local.js';
import { makeKube } from './session.js';
import { restoreFromRecord } from './restore.js';

const LIST_RESTORE_DEADLINE_MS = 4_000;

export async function restoreForList(ctx: Context, opts: GlobalOptions, context: string, namespace: string, stepIds: string[]): Promise<boolean> {
  if (!opts.sim && !looksLocalName(context)) return false;
  const signal = AbortSignal.any([ctx.signal, AbortSignal.timeout(LIST_RESTORE_DEADLINE_MS)]);
  const kube = makeKube({ env: ctx.env, lang: ctx.lang, signal }, { ...opts, context: opts.sim ? undefined : context, namespace: opts.namespace ?? DEFAULT_NAMESPACE });
  try {
    const restored = await restoreFromRecord({ kube, home: ctx.home, progressKey: context, namespace, stepIds, now: ctx.now });
    if (restored.length) ctx.io.stderr.write(`emqx-lab: ${safetyMessages[ctx.lang].restoredFromCluster(restored.length, namespace)}\n`);
    return restored.length > 0;
  } catch {
    return false;
  } finally {
    await kube.close();
  }
}

/**
 * The actions of a disruption experiment: deletePod | scale | exec | mergePatch | rolloutRestart. Each
 * reports the pods it removed (names + uids) so the experiment can compare identities afterwards. Scale and
 * rolloutRestart wait for their result through the same polling loop as checks (one list or get per round),
 * unless told not to wait (after Ctrl-C the calls are only issued).
 */
import type { Action } from '../course/schema.js';
import { checkMessages } from '../i18n/checks.js';
import { describeKubeError } from '../kube/describe.js';
import { callNeeds, type ApiNames } from '../kube/needs.js';
import { byName, isReady, isTerminating, selectorFromLabels, type Pod, type Workload } from '../kube/objects.js';
import type { Permission } from '../kube/permissions.js';
import { KubeError } from '../kube/result.js';
import { pollProbe } from './poll.js';
import { describeRef, isRunning, joinList, selectPods, selectPodsNeeds } from './pods.js';
import { rolloutState } from './rollout.js';
import type { CheckEnv, CheckMode } from './types.js';

/**
 * Written on a workload before an experiment first scales it: the replicas to put back. A run that finds it
 * already there (another run's experiment is under way elsewhere, or one was killed before it could put the
 * workload back) restores to the noted value, never to the temporary one it sees; putting back removes it.
 */
export const RESTORE_REPLICAS = 'emqx-lab.io/replicas-before-experiment';

function notedReplicas(w: Workload): number | undefined {
  const v = w.metadata.annotations?.[RESTORE_REPLICAS];
  return v !== undefined && /^\d+$/.test(v) ? Number(v) : undefined;
}

export interface PodIdentity {
  name: string;
  uid: string;
}

export interface ActionOutcome {
  ok: boolean;
  reason: string;
  removed: PodIdentity[];
}

const identity = (p: Pod): PodIdentity => ({ name: p.metadata.name, uid: p.metadata.uid ?? '' });

export interface ActionOptions {
  mode: CheckMode;
  /** How long a scale or restart may take to settle. */
  timeoutMs: number;
  /** False: issue the call and return, without waiting for it to settle (putting things back after Ctrl-C). */
  wait?: boolean;
  onReason?(reason: string): void;
  /** Just before a scale call: the workload's replicas before it, so the experiment can put them back. */
  onScale?(kind: string, name: string, before: number, replicas: number): void;
}

/**
 * What an action asks of the API server (see act below, call by call). A scale reads the workload, lists its
 * pods, notes the replicas in an annotation (a patch, which putting it back repeats), scales, then lists
 * the pods until they settle; a rollout restart reads the workload until it has rolled out.
 */
export function actionNeeds(a: Action, api: ApiNames): Permission[] {
  if ('deletePod' in a) return [...selectPodsNeeds(a.deletePod), ...callNeeds.delete(api, ['Pod'], { wait: false })];
  if ('scale' in a) {
    const kind = a.scale.resource.kind;
    return [...callNeeds.get(api, [kind]), ...callNeeds.list(api, ['Pod']), ...callNeeds.patch(api, kind), ...callNeeds.scale(api, kind)];
  }
  if ('exec' in a) return [...selectPodsNeeds(a.exec.pod), ...callNeeds.exec()];
  if ('mergePatch' in a) return callNeeds.patch(api, a.mergePatch.resource.kind);
  const kind = a.rolloutRestart.resource.kind;
  return [...callNeeds.rolloutRestart(api, kind), ...callNeeds.get(api, [kind])];
}

export async function runAction(a: Action, env: CheckEnv, o: ActionOptions): Promise<ActionOutcome> {
  try {
    return await act(a, env, o);
  } catch (e) {
    if (e instanceof KubeError) return { ok: false, reason: describeKubeError(e, env.lang), removed: [] };
    throw e;
  }
}

async function act(a: Action, env: CheckEnv, o: ActionOptions): Promise<ActionOutcome> {
  const m = checkMessages[env.lang];
  const kube = env.kube;
  if ('deletePod' in a) {
    const pods = (await selectPods(kube, a.deletePod)).filter((p) => !isTerminating(p));
    if (!pods.length) return { ok: false, reason: m.noPodToDelete(describeRef(a.deletePod)), removed: [] };
    const out = await kube.delete(pods.map((p) => ({ kind: 'Pod', name: p.metadata.name })), { wait: false });
    return { ok: true, reason: joinList(out, env.lang), removed: pods.map(identity) };
  }
  if ('scale' in a) {
    const { resource, replicas } = a.scale;
    const what = `${resource.kind}/${resource.name}`;
    const w = await kube.get<Workload>(resource.kind, resource.name);
    if (!w) return { ok: false, reason: m.doesNotExist(what), removed: [] };
    const labels = w.spec?.selector?.matchLabels;
    if (!labels || !Object.keys(labels).length) return { ok: false, reason: m.noSelector(what), removed: [] };
    const selector = selectorFromLabels(labels);
    const before = o.wait === false ? [] : await kube.list<Pod>('Pod', { selector });
    if (o.onScale) {
      const noted = notedReplicas(w);
      const from = noted ?? w.spec?.replicas ?? 1;
      if (noted === undefined) await kube.patchMerge(resource.kind, resource.name, { metadata: { annotations: { [RESTORE_REPLICAS]: String(from) } } });
      // Told before the call: a scale cut off by Ctrl-C may still have reached the API server.
      o.onScale(resource.kind, resource.name, from, replicas);
    }
    await kube.scale(resource.kind, resource.name, replicas);
    if (o.wait === false) return { ok: true, reason: what, removed: [] };
    let now: Pod[] = [];
    const settled = await pollProbe(
      {
        async poll() {
          now = (await kube.list<Pod>('Pod', { selector })).sort(byName);
          const live = now.filter((p) => !isTerminating(p));
          const ready = live.filter(isReady).length;
          const done = live.length === now.length && live.length === replicas && ready === replicas;
          return { passed: done, reason: done ? m.scaleDone(what, replicas) : m.scaledTo(what, replicas, now.length, ready) };
        },
      },
      env,
      { mode: o.mode, timeoutMs: o.timeoutMs, onReason: o.onReason },
    );
    const uids = new Set(now.map((p) => p.metadata.uid));
    return { ok: settled.passed, reason: settled.reason, removed: before.filter((p) => !uids.has(p.metadata.uid)).map(identity) };
  }
  if ('exec' in a) {
    const pod = (await selectPods(kube, a.exec.pod)).find(isRunning);
    if (!pod) return { ok: false, reason: m.noPods(describeRef(a.exec.pod)), removed: [] };
    const r = await kube.exec(pod.metadata.name, a.exec.command, { container: a.exec.container, stdin: a.exec.stdin });
    const line = (r.stdout.split('\n').find((l) => l.trim()) ?? '').trim();
    if (r.exitCode !== 0) return { ok: false, reason: m.podSays(pod.metadata.name, m.commandFailed(r.exitCode, r.stderr.trim() || line)), removed: [] };
    if (a.exec.expectContains !== undefined && !r.stdout.includes(a.exec.expectContains)) {
      return { ok: false, reason: m.podSays(pod.metadata.name, m.execExpect(a.exec.expectContains, line)), removed: [] };
    }
    return { ok: true, reason: m.podSays(pod.metadata.name, m.textOk(line)), removed: [] };
  }
  if ('mergePatch' in a) {
    const { resource, patch } = a.mergePatch;
    await kube.patchMerge(resource.kind, resource.name, patch);
    return { ok: true, reason: `${resource.kind}/${resource.name}`, removed: [] };
  }
  const { resource } = a.rolloutRestart;
  const what = `${resource.kind}/${resource.name}`;
  await kube.rolloutRestart(resource.kind, resource.name);
  if (o.wait === false) return { ok: true, reason: what, removed: [] };
  const done = await pollProbe(
    { poll: async () => rolloutState(await kube.get<Workload>(resource.kind, resource.name), what, env.lang) },
    env,
    { mode: o.mode, timeoutMs: o.timeoutMs, onReason: o.onReason },
  );
  return { ok: done.passed, reason: done.reason, removed: [] };
}

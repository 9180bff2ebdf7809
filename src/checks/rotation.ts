/**
 * Checks that look inside pods (exec, logs) spend at most one list and one look per round, so they visit
 * the pods in turn: pods never seen first, then pods whose last look failed, then the one seen longest ago.
 * The verdict uses each CURRENT pod's latest look (looks at pods that have gone are dropped), so a deleted
 * and replaced pod is judged afresh.
 */
import { checkMessages } from '../i18n/checks.js';
import { describeKubeError } from '../kube/describe.js';
import type { Pod } from '../kube/objects.js';
import { KubeError } from '../kube/result.js';
import { describeRef, isRunning, podState, selectPods, type PodsRef } from './pods.js';
import type { CheckEnv, Observation } from './types.js';

interface Look {
  passed: boolean;
  reason: string;
  round: number;
}

export interface RotationOptions {
  pods: PodsRef;
  on: 'each' | 'any';
  minPods: number;
}

const keyOf = (p: Pod) => p.metadata.uid ?? p.metadata.name;

export function podRotation(env: CheckEnv, o: RotationOptions, look: (pod: Pod) => Promise<{ passed: boolean; reason: string }>) {
  const m = checkMessages[env.lang];
  const seen = new Map<string, Look>();
  let round = 0;

  function choose(pods: Pod[]): Pod | undefined {
    const fresh = pods.find((p) => !seen.has(keyOf(p)));
    if (fresh) return fresh;
    const looked = pods.map((p) => ({ p, l: seen.get(keyOf(p))! }));
    const failed = looked.filter((x) => !x.l.passed).sort((a, b) => a.l.round - b.l.round);
    if (failed.length) return failed[0].p;
    return looked.sort((a, b) => a.l.round - b.l.round)[0]?.p;
  }

  async function lookAt(pod: Pod): Promise<{ passed: boolean; reason: string }> {
    if (!isRunning(pod)) return { passed: false, reason: m.podNotRunning(podState(pod, env.lang)) };
    try {
      return await look(pod);
    } catch (e) {
      if (e instanceof KubeError) return { passed: false, reason: describeKubeError(e, env.lang) };
      throw e;
    }
  }

  return async function poll(): Promise<Observation> {
    const pods = await selectPods(env.kube, o.pods);
    const current = new Set(pods.map(keyOf));
    for (const k of [...seen.keys()]) if (!current.has(k)) seen.delete(k);
    if (pods.length < o.minPods || pods.length === 0) {
      return { passed: false, reason: m.tooFewPods(pods.length, Math.max(1, o.minPods), describeRef(o.pods)) };
    }
    const next = choose(pods);
    if (next) seen.set(keyOf(next), { ...(await lookAt(next)), round: round++ });

    const looks = pods.map((p) => ({ name: p.metadata.name, l: seen.get(keyOf(p)) }));
    const observed = looks.map((x) => ({ pod: x.name, passed: x.l?.passed, reason: x.l?.reason }));
    const unseen = looks.filter((x) => !x.l).length;
    const said = (x: { name: string; l?: Look }) => m.podSays(x.name, x.l!.reason);
    if (o.on === 'each') {
      const bad = looks.filter((x) => x.l && !x.l.passed).sort((a, b) => b.l!.round - a.l!.round)[0];
      if (bad) return { passed: false, reason: said(bad), observed };
      if (unseen) return { passed: false, partial: true, reason: m.checkedSoFar(pods.length - unseen, pods.length), observed };
      const latest = looks.sort((a, b) => b.l!.round - a.l!.round)[0];
      return { passed: true, reason: pods.length === 1 ? said(latest) : m.everyPod(pods.length, latest.l!.reason), observed };
    }
    const good = looks.find((x) => x.l?.passed);
    if (good) return { passed: true, reason: said(good), observed };
    if (unseen) return { passed: false, partial: true, reason: m.checkedSoFar(pods.length - unseen, pods.length), observed };
    const last = looks.sort((a, b) => b.l!.round - a.l!.round)[0];
    return { passed: false, reason: said(last), observed };
  };
}

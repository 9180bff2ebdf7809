/**
 * Checks that look inside pods (exec, logs) spend at most two kubectl processes per round, so they visit
 * the pods in turn: pods never seen first, then pods whose last look failed, then the one seen longest ago.
 * A round lists the pods and looks at one; a round right after one that could not decide yet (`partial`)
 * reuses that list and looks at two at once, so three pods are judged in two rounds and four processes,
 * not three rounds and six. The verdict uses each CURRENT pod's latest look (looks at pods that have gone
 * are dropped), so a deleted and replaced pod is judged afresh.
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

  /** Listed in a round that could not decide: the next round looks at more pods instead of listing again. */
  let listed: Pod[] | undefined;

  /** The next `n` pods to look at: never seen, then failed (longest ago first), then seen longest ago. */
  function choose(pods: Pod[], n: number): Pod[] {
    const fresh = pods.filter((p) => !seen.has(keyOf(p)));
    const looked = pods.filter((p) => seen.has(keyOf(p))).map((p) => ({ p, l: seen.get(keyOf(p))! }));
    const failed = looked.filter((x) => !x.l.passed).sort((a, b) => a.l.round - b.l.round);
    const passed = looked.filter((x) => x.l.passed).sort((a, b) => a.l.round - b.l.round);
    return [...fresh, ...failed.map((x) => x.p), ...passed.map((x) => x.p)].slice(0, n);
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
    const reused = listed;
    listed = undefined;
    const pods = reused ?? (await selectPods(env.kube, o.pods));
    const current = new Set(pods.map(keyOf));
    for (const k of [...seen.keys()]) if (!current.has(k)) seen.delete(k);
    if (pods.length < o.minPods || pods.length === 0) {
      return { passed: false, reason: m.tooFewPods(pods.length, Math.max(1, o.minPods), describeRef(o.pods)) };
    }
    // Reusing the list: only pods not seen yet (a round without a verdict leaves some), two at once.
    const next = reused ? pods.filter((p) => !seen.has(keyOf(p))).slice(0, 2) : choose(pods, 1);
    const results = await Promise.all(next.map(lookAt));
    next.forEach((p, i) => seen.set(keyOf(p), { ...results[i], round: round++ }));

    const looks = pods.map((p) => ({ name: p.metadata.name, l: seen.get(keyOf(p)) }));
    const observed = looks.map((x) => ({ pod: x.name, passed: x.l?.passed, reason: x.l?.reason }));
    const unseen = looks.filter((x) => !x.l).length;
    const said = (x: { name: string; l?: Look }) => m.podSays(x.name, x.l!.reason);
    const partial = (): Observation => {
      listed = pods;
      return { passed: false, partial: true, reason: m.checkedSoFar(pods.length - unseen, pods.length), observed };
    };
    if (o.on === 'each') {
      const bad = looks.filter((x) => x.l && !x.l.passed).sort((a, b) => b.l!.round - a.l!.round)[0];
      if (bad) return { passed: false, reason: said(bad), observed };
      if (unseen) return partial();
      const latest = looks.sort((a, b) => b.l!.round - a.l!.round)[0];
      return { passed: true, reason: pods.length === 1 ? said(latest) : m.everyPod(pods.length, latest.l!.reason), observed };
    }
    const good = looks.find((x) => x.l?.passed);
    if (good) return { passed: true, reason: said(good), observed };
    if (unseen) return partial();
    const last = looks.sort((a, b) => b.l!.round - a.l!.round)[0];
    return { passed: false, reason: said(last), observed };
  };
}

/**
 * `exec`: run an argv in the pods and read the output (emqxStatus | emqxClusterStatus | text). One list and
 * one exec per round, visiting the pods in turn (rotation.ts). `stdin`, when given, is the command's standard
 * input (kubectl exec -i), so a secret never shows in a command line.
 */
import type { ExecExpect } from '../course/schema.js';
import type { z } from 'zod';
import { checkMessages } from '../i18n/checks.js';
import type { Lang } from '../i18n/lang.js';
import type { ExecResult } from '../kube/kube.js';
import { callNeeds } from '../kube/needs.js';
import { parseClusterStatus, parseEmqxStatus } from './emqx-output.js';
import { selectPodsNeeds } from './pods.js';
import { podRotation } from './rotation.js';
import type { PlainKind, PlainOf } from './types.js';

type Expect = z.infer<typeof ExecExpect>;

function firstLine(s: string): string {
  return s.split('\n').map((l) => l.trim()).find(Boolean) ?? '';
}

/** Judge one command's output against the expectation. */
export function judgeOutput(r: ExecResult, expect: Expect, lang: Lang): { passed: boolean; reason: string } {
  const m = checkMessages[lang];
  if (r.exitCode !== 0) return { passed: false, reason: m.commandFailed(r.exitCode, firstLine(r.stderr) || firstLine(r.stdout)) };
  if ('emqxStatus' in expect) {
    const want = expect.emqxStatus;
    const s = parseEmqxStatus(r.stdout);
    if (!s) return { passed: false, reason: m.unreadable(firstLine(r.stdout)) };
    const started = s.state === 'started';
    if (started !== (want.started ?? true)) return { passed: false, reason: m.nodeState(s.node, s.state) };
    if (want.nodeName && !new RegExp(want.nodeName).test(s.node)) return { passed: false, reason: m.nodeNameWrong(s.node, want.nodeName) };
    return { passed: true, reason: m.nodeState(s.node, s.state) };
  }
  if ('emqxClusterStatus' in expect) {
    const want = expect.emqxClusterStatus;
    const c = parseClusterStatus(r.stdout);
    if (!c) return { passed: false, reason: m.unreadable(firstLine(r.stdout)) };
    const seen = m.clusterSeen(c.running.length, c.running.join(', '), c.stopped.length);
    if (want.running !== undefined && c.running.length !== want.running) return { passed: false, reason: m.clusterWant(seen, 'running', want.running) };
    if (want.stopped !== undefined && c.stopped.length !== want.stopped) return { passed: false, reason: m.clusterWant(seen, 'stopped', want.stopped) };
    const odd = want.nodeNames ? c.running.find((n) => !new RegExp(want.nodeNames!).test(n)) : undefined;
    if (odd) return { passed: false, reason: m.nodeNameWrong(odd, want.nodeNames!) };
    return { passed: true, reason: seen };
  }
  const t = expect.text;
  const missing = t.contains?.find((s) => !r.stdout.includes(s));
  if (missing !== undefined) return { passed: false, reason: m.textMissing(missing, firstLine(r.stdout)) };
  const present = t.notContains?.find((s) => r.stdout.includes(s));
  if (present !== undefined) return { passed: false, reason: m.textPresent(present) };
  if (t.matches && !new RegExp(t.matches, 'm').test(r.stdout)) return { passed: false, reason: m.textNoMatch(t.matches, firstLine(r.stdout)) };
  return { passed: true, reason: m.textOk(firstLine(r.stdout)) };
}

export const exec: PlainKind<PlainOf<'exec'>> = {
  kind: 'exec',
  defaultTimeout: 120,
  needs: (check) => [...selectPodsNeeds(check.pods), ...callNeeds.exec()],
  probe(check, env) {
    const poll = podRotation(env, { pods: check.pods, on: check.on ?? 'each', minPods: check.minPods ?? 1 }, async (pod) =>
      judgeOutput(await env.kube.exec(pod.metadata.name, check.command, { container: check.container, stdin: check.stdin }), check.expect, env.lang),
    );
    return { poll };
  },
};

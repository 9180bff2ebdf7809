/**
 * Bringing the namespace to the solved state of a step from ANY state, idempotently:
 * ensure the namespace → `solve.before` (delete unless it already matches) → prune what the step does not
 * declare → apply → on an immutable-field error delete that object and apply again. Verify comes after
 * (the command does it; the self-test does it on its own terms).
 */
import type { Course, Step } from '../course/load.js';
import { callNeeds, type ApiNames } from '../kube/needs.js';
import type { Permission } from '../kube/permissions.js';
import { fillTemplate, LAB_SELECTOR, renderStep, toYamlStream, type RenderedManifest } from '../course/render.js';
import { partialMatch } from '../checks/match.js';
import type { LiveObject } from '../kube/objects.js';
import { KubeError } from '../kube/result.js';
import { applyNeeds, applyYaml } from './apply.js';
import { changing, type EngineDeps } from './deps.js';
import { ensureNamespace } from './namespace.js';
import { courseKinds, refsOf } from './objects.js';
import { pruneSelection } from './prune.js';

export interface SolveOutcome {
  /** What was done, in kubectl's words (`pod "emqx" deleted`, `deployment.apps/emqx created`). */
  lines: string[];
  error?: KubeError;
}

/** `The StatefulSet "emqx" is invalid: spec: Forbidden: updates to statefulset spec ...` → StatefulSet/emqx. */
export function immutableObject(stderr: string): { kind: string; name: string } | undefined {
  const m = /The (\w+) "([^"]+)" is invalid/.exec(stderr);
  return m ? { kind: m[1], name: m[2] } : undefined;
}

const MAX_RECREATES = 5;

/**
 * What solving any step of `course` (whose manifests use `kinds`) asks: `solve.before` reads and deletes its
 * objects; pruning lists the course's kinds and deletes (waiting) what the step does not declare; the apply,
 * and deleting an object the apply could not change (immutable) before applying again.
 */
export function solveNeeds(course: Course, kinds: string[], namespace: string, api: ApiNames): Permission[] {
  const before = course.steps.flatMap((s) => (s.lesson.solve?.before ?? []).map((b) => b.delete.kind));
  return [
    ...callNeeds.get(api, before),
    ...callNeeds.delete(api, before, { wait: true }),
    ...callNeeds.list(api, kinds),
    ...callNeeds.delete(api, kinds, { wait: true }),
    ...applyNeeds(api, kinds, namespace),
  ];
}

/**
 * Everything before the apply: the namespace, `solve.before`, and pruning what `manifests` do not declare.
 * The self-test uses it too, to make a mistake the way a learner following the lesson would.
 */
export async function clearTheWay(d: EngineDeps, step: Step, manifests: RenderedManifest[]): Promise<string[]> {
  const kube = d.kube;
  const lines: string[] = [];
  await ensureNamespace(kube);
  for (const b of step.lesson.solve?.before ?? []) {
    const obj = await kube.get<LiveObject>(b.delete.kind, b.delete.name);
    if (!obj) continue;
    const expected = b.unlessMatches && fillTemplate(b.unlessMatches, { NAMESPACE: d.namespace });
    if (expected && partialMatch(obj, expected) === undefined) continue;
    lines.push(...(await kube.delete([b.delete])));
  }
  const declared = refsOf(manifests.flatMap((m) => m.objects));
  const live = await kube.list<LiveObject>(courseKinds(d.course, d.namespace, d.lang), { selector: LAB_SELECTOR });
  lines.push(...(await kube.delete(pruneSelection(live, declared))));
  return lines;
}

export function solveStep(d: EngineDeps, step: Step, onLine: (l: string) => void = () => {}): Promise<SolveOutcome> {
  return changing(d, () => solveUnlocked(d, step, onLine));
}

async function solveUnlocked(d: EngineDeps, step: Step, onLine: (l: string) => void): Promise<SolveOutcome> {
  const lines: string[] = [];
  const say = (ls: string[]) => {
    for (const l of ls) {
      lines.push(l);
      onLine(l);
    }
  };
  const manifests = renderStep(step, d.namespace, d.lang);
  say(await clearTheWay(d, step, manifests));
  const yaml = toYamlStream(manifests);
  const recreated = new Set<string>();
  for (;;) {
    const out = await applyYaml(d.kube, yaml);
    say(out.lines);
    if (!out.error) return { lines };
    const target = out.error.kind === 'immutable' ? immutableObject(out.error.stderr) : undefined;
    const key = target && `${target.kind}/${target.name}`;
    if (!target || recreated.has(key!) || recreated.size >= MAX_RECREATES) return { lines, error: out.error };
    recreated.add(key!);
    say(await d.kube.delete([target]));
  }
}

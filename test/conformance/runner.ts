/**
 * Running a scenario on one cluster: a namespace of its own (`cf-<id>`), the step's manifests applied and
 * waited for, setup, then each run. Before a run that follows a change, the namespace is let settle (every
 * pod Ready and none terminating, every workload rolled out), so both clusters are compared in the same
 * state rather than at whatever moment their clocks reached.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Course } from '../../src/course/load.js';
import { renderStep, toYamlStream } from '../../src/course/render.js';
import type { Run, Scenario } from './corpus.js';
import type { Output, Target } from './targets.js';

export interface RunResult {
  run: Run;
  /** The argv as run (placeholders filled, namespace added). */
  argv: string[];
  out: Output;
}

export interface ScenarioResult {
  scenario: Scenario;
  target: Target['name'];
  setupErrors: string[];
  results: RunResult[];
}

const MUTATING = new Set(['apply', 'create', 'delete', 'patch', 'scale', 'label', 'annotate', 'replace', 'run', 'expose', 'set', 'edit', 'cordon', 'drain', 'taint']);

/** Global flags that take their value as the next word (`-n NS`). */
const VALUED = new Set(['-n', '--namespace', '--context', '--kubeconfig', '-s', '--server', '--as', '--cluster', '--user', '--token', '--request-timeout']);

function verbOf(args: string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    if (VALUED.has(args[i])) i++;
    else if (!args[i].startsWith('-')) return args[i];
  }
  return undefined;
}

function mutates(args: string[]): boolean {
  const verb = verbOf(args);
  if (verb === 'rollout') return args.includes('restart') || args.includes('undo') || args.includes('pause') || args.includes('resume');
  return !!verb && MUTATING.has(verb);
}

export function namespaceFor(id: string): string {
  return `cf-${id}`.toLowerCase().replace(/[^a-z0-9-]/g, '-').slice(0, 63).replace(/-+$/, '');
}

const NS_FLAG = /^(-n|--namespace(=.*)?|-A|--all-namespaces(=.*)?|-n.+)$/;

interface PodList {
  items: { metadata: { name: string; deletionTimestamp?: string; labels?: Record<string, string> }; status?: { conditions?: { type: string; status: string }[] } }[];
}
interface WorkloadList {
  items: { kind: string; metadata: { generation?: number }; spec?: { replicas?: number }; status?: { observedGeneration?: number; readyReplicas?: number; updatedReplicas?: number; replicas?: number } }[];
}

/** Wait until nothing in the namespace is still on its way (or `maxMs` passed). */
export async function settle(t: Target, ns: string, maxMs = 120_000): Promise<boolean> {
  const end = Date.now() + maxMs;
  while (Date.now() < end) {
    const pods = await t.run(['get', 'pods', '-n', ns, '-o', 'json']);
    const work = await t.run(['get', 'deployments,statefulsets', '-n', ns, '-o', 'json']);
    if (pods.exitCode === 0 && work.exitCode === 0) {
      const p = JSON.parse(pods.stdout) as PodList;
      const w = JSON.parse(work.stdout) as WorkloadList;
      const podsCalm = p.items.every((x) => !x.metadata.deletionTimestamp && x.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'));
      const workCalm = w.items.every((x) => {
        const want = x.spec?.replicas ?? 1;
        return (x.status?.observedGeneration ?? 0) >= (x.metadata.generation ?? 0) && (x.status?.readyReplicas ?? 0) === want && (x.status?.updatedReplicas ?? 0) === want && (x.status?.replicas ?? 0) === want;
      });
      if (podsCalm && workCalm) return true;
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  return false;
}

async function podNames(t: Target, ns: string): Promise<string[]> {
  const r = await t.run(['get', 'pods', '-n', ns, '-o', 'json']);
  if (r.exitCode !== 0) return [];
  return (JSON.parse(r.stdout) as PodList).items
    .filter((p) => !p.metadata.deletionTimestamp && p.metadata.labels?.['app.kubernetes.io/name'] === 'emqx')
    .map((p) => p.metadata.name)
    .sort();
}

/**
 * Port-forwards to fixed local ports (the lessons' 1883:1883) would collide when the two clusters, or two
 * scenarios, run them at once: one at a time, across the whole run.
 */
let portQueue: Promise<unknown> = Promise.resolve();
function oneAtATime<T>(fn: () => Promise<T>): Promise<T> {
  const next = portQueue.then(fn, fn);
  portQueue = next.catch(() => undefined);
  return next;
}

/** Run a read until two answers 3 s apart agree (at most 60 s): the state it reads has settled. */
async function steady(read: () => Promise<Output>): Promise<void> {
  let last = (await read()).stdout;
  for (let end = Date.now() + 60_000; Date.now() < end; ) {
    await new Promise((r) => setTimeout(r, 3000));
    const now = (await read()).stdout;
    if (now === last) return;
    last = now;
  }
}

function fill(s: string, vars: Record<string, string>): string {
  return s.replace(/\$\{(\w+)\}/g, (m, k: string) => vars[k] ?? m);
}

export async function runScenario(t: Target, sc: Scenario, course: Course): Promise<ScenarioResult> {
  const ns = namespaceFor(sc.id);
  const setupErrors: string[] = [];
  const stepOf = (id: string) => {
    const s = course.steps.find((x) => x.id === id);
    if (!s) throw new Error(`${sc.id}: no step ${id}`);
    return s;
  };
  const note = (what: string, o: Output) => {
    if (o.exitCode !== 0) setupErrors.push(`${what}: exit ${o.exitCode}: ${o.stderr.trim()}`);
  };
  note('create namespace', await t.run(['create', 'namespace', ns]));
  if (sc.step) {
    note(`apply step ${sc.step}`, await t.run(['apply', '-n', ns, '-f', '-'], { stdin: toYamlStream(renderStep(stepOf(sc.step), ns, 'en')) }));
    if (!(await settle(t, ns))) setupErrors.push(`step ${sc.step} did not settle`);
  }
  const cwd = mkdtempSync(join(tmpdir(), `emqx-lab-cf-${t.name}-`));
  if (sc.files) {
    mkdirSync(cwd, { recursive: true });
    for (const m of renderStep(stepOf(sc.files), ns, 'en')) writeFileSync(join(cwd, m.file), toYamlStream([m]));
  }
  let dirty = false;
  const vars = async (run: Run): Promise<Record<string, string>> => {
    // Pod names cost a kubectl call: only when the run names a pod.
    if (!`${run.args.join(' ')}${run.stdin ?? ''}`.includes('${POD')) return { NS: ns };
    const pods = await podNames(t, ns);
    const v: Record<string, string> = { NS: ns };
    for (let i = 0; i < 10; i++) v[`POD${i}`] = pods[i] ?? 'no-pod';
    return v;
  };
  const exec = async (run: Run): Promise<RunResult> => {
    if (dirty && sc.settle !== false) await settle(t, ns, 60_000);
    const v = await vars(run);
    const args = run.args.map((a) => fill(a, v));
    const argv = args.some((a) => NS_FLAG.test(a)) ? args : ['--namespace', ns, ...args];
    const go = () => t.run(argv, { stdin: run.stdin === undefined ? undefined : fill(run.stdin, v), stopAfterMs: run.stopAfter && run.stopAfter * 1000, cwd });
    // A node joins its cluster a few seconds after it is Ready (discovery rounds): a cluster's view is read
    // once it has stopped changing, on each cluster at its own pace.
    if (args.includes('cluster') && args.includes('status')) await steady(go);
    const out = args.includes('port-forward') ? await oneAtATime(go) : await go();
    if (run.grep) {
      const re = new RegExp(run.grep);
      out.stdout = out.stdout.split('\n').filter((l) => re.test(l)).map((l) => `${l}\n`).join('');
    }
    dirty = mutates(args);
    return { run, argv, out };
  };
  for (const r of sc.setup ?? []) {
    const res = await exec(r);
    note(`setup ${res.argv.join(' ')}`, res.out);
    dirty = true;
  }
  const results: RunResult[] = [];
  for (const r of sc.runs) results.push(await exec(r));
  await t.run(['delete', 'namespace', ns, '--wait=false']);
  return { scenario: sc, target: t.name, setupErrors, results };
}

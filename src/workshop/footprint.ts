/**
 * What one learner's namespace needs at its busiest, read from the rendered course (never a list of names
 * here): for every step, the pods its workloads run (replicas, or more when a check scales them up), each
 * pod's requests (containers summed; an init container counts when it asks for more; a container without
 * requests gets the LimitRange default), plus
 *   - rollout surge: a RollingUpdate Deployment runs up to maxSurge extra pods while it rolls (25% default);
 *   - changeover: a workload of the previous step that this step no longer declares is deleted, and its pods
 *     terminate while the new ones start (the Deployment → StatefulSet step has both sets for a while);
 *   - the lab's own: pods the lab runs in the namespace. It runs none (checks exec into the learner's pods
 *     and port-forward from the learner's laptop), so this is zero, kept as a term so it is never forgotten.
 * The peak is taken per resource over the steps. Pure: table-tested in test/workshop/footprint.test.ts.
 */
import type { Course, Step } from '../course/load.js';
import type { KubeObject } from '../course/render.js';
import { declaredObjects } from '../engine/objects.js';
import type { Lang } from '../i18n/lang.js';
import { parseQuantity } from '../lint/resources.js';

/** A namespace name for rendering only (the footprint does not depend on it). */
const NS = 'footprint';

export interface Amount {
  pods: number;
  /** Millicores. */
  cpu: number;
  /** Bytes. */
  memory: number;
}

export interface StepFootprint {
  step: number;
  id: string;
  /** Pods the step's workloads run when settled. */
  pods: number;
  /** Extra pods while a Deployment rolls. */
  surge: number;
  /** Pods of the previous step's workloads still terminating. */
  changeover: number;
  /** Requests of all of those together. */
  total: Amount;
  pvcs: number;
  /** Bytes of storage the step's claims request. */
  storage: number;
}

export interface Footprint {
  steps: StepFootprint[];
  /** The lab's own pods in the namespace (none; see the file comment). */
  lab: Amount;
  /** The largest of each resource over the steps, plus the lab's own. */
  peak: Amount;
  /** The largest single pod's requests: how big a slot on a node must be. */
  largestPod: Amount;
  pvcs: number;
  storage: number;
  /** What a container that declares no resources gets (the LimitRange default request). */
  defaultRequest: { cpu: number; memory: number };
}

/** When the course declares no requests at all: a small container. */
const FALLBACK_REQUEST = { cpu: 100, memory: 128 * 2 ** 20 };

type J = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

interface Workload {
  key: string;
  replicas: number;
  surge: number;
  podSpec: J;
  claims: { storage: number }[];
}

const cores = (v: unknown) => Math.round((parseQuantity(v) ?? 0) * 1000);
const bytes = (v: unknown) => Math.round(parseQuantity(v) ?? 0);

function containerRequests(c: J, dflt: { cpu: number; memory: number }): { cpu: number; memory: number } {
  const req = c?.resources?.requests ?? {};
  const lim = c?.resources?.limits ?? {};
  // As the API server defaults them: a limit without a request is also the request; nothing → LimitRange.
  return {
    cpu: req.cpu !== undefined ? cores(req.cpu) : lim.cpu !== undefined ? cores(lim.cpu) : dflt.cpu,
    memory: req.memory !== undefined ? bytes(req.memory) : lim.memory !== undefined ? bytes(lim.memory) : dflt.memory,
  };
}

/** A pod's effective requests: the containers' sum, or the largest init container when that is more. */
export function podRequests(spec: J, dflt: { cpu: number; memory: number } = FALLBACK_REQUEST): { cpu: number; memory: number } {
  const main = ((spec?.containers ?? []) as J[]).map((c) => containerRequests(c, dflt));
  const init = ((spec?.initContainers ?? []) as J[]).map((c) => containerRequests(c, dflt));
  const sum = (xs: { cpu: number; memory: number }[], k: 'cpu' | 'memory') => xs.reduce((a, x) => a + x[k], 0);
  const max = (xs: { cpu: number; memory: number }[], k: 'cpu' | 'memory') => xs.reduce((a, x) => Math.max(a, x[k]), 0);
  return { cpu: Math.max(sum(main, 'cpu'), max(init, 'cpu')), memory: Math.max(sum(main, 'memory'), max(init, 'memory')) };
}

/** `maxSurge` of a Deployment: an int, or a percentage of replicas rounded up (default 25%). */
export function deploymentSurge(o: J, replicas: number): number {
  const strategy = o.spec?.strategy ?? {};
  if (strategy.type === 'Recreate') return 0;
  const v = strategy.rollingUpdate?.maxSurge ?? '25%';
  if (typeof v === 'number') return v;
  const pct = /^(\d+)%$/.exec(String(v));
  return pct ? Math.ceil((replicas * Number(pct[1])) / 100) : Number(v) || 0;
}

function workloadsOf(objects: KubeObject[]): Workload[] {
  const out: Workload[] = [];
  for (const o of objects as J[]) {
    const key = `${o.kind}/${o.metadata?.name}`;
    const claimsOf = (replicas: number) =>
      ((o.spec?.volumeClaimTemplates ?? []) as J[]).flatMap((t) => Array.from({ length: replicas }, () => ({ storage: bytes(t.spec?.resources?.requests?.storage) })));
    switch (o.kind) {
      case 'Pod':
        out.push({ key, replicas: 1, surge: 0, podSpec: o.spec ?? {}, claims: [] });
        break;
      case 'Deployment':
      case 'ReplicaSet':
      case 'StatefulSet': {
        const replicas = o.spec?.replicas ?? 1;
        out.push({
          key,
          replicas,
          surge: o.kind === 'Deployment' ? deploymentSurge(o, replicas) : 0,
          podSpec: o.spec?.template?.spec ?? {},
          claims: o.kind === 'StatefulSet' ? claimsOf(replicas) : [],
        });
        break;
      }
      case 'Job':
        out.push({ key, replicas: o.spec?.parallelism ?? 1, surge: 0, podSpec: o.spec?.template?.spec ?? {}, claims: [] });
        break;
      case 'PersistentVolumeClaim':
        out.push({ key, replicas: 0, surge: 0, podSpec: {}, claims: [{ storage: bytes(o.spec?.resources?.requests?.storage) }] });
        break;
    }
  }
  return out;
}

/** The largest replica count any check of the step scales a workload to (`scale` actions, at any depth). */
function scaledTo(step: Step): Map<string, number> {
  const out = new Map<string, number>();
  const visit = (v: unknown): void => {
    if (Array.isArray(v)) return v.forEach(visit);
    if (!v || typeof v !== 'object') return;
    const s = (v as J).scale;
    if (s?.resource?.kind && typeof s.replicas === 'number') {
      const key = `${s.resource.kind}/${s.resource.name}`;
      out.set(key, Math.max(out.get(key) ?? 0, s.replicas));
    }
    Object.values(v).forEach(visit);
  };
  visit(step.lesson.checks);
  return out;
}

/** The largest request any container of the course declares: the default for containers without one. */
export function defaultRequestOf(course: Course, lang: Lang): { cpu: number; memory: number } {
  let cpu = 0;
  let memory = 0;
  for (const s of course.steps) {
    for (const w of workloadsOf(declaredObjects(s, NS, lang))) {
      for (const c of [...(w.podSpec.containers ?? []), ...(w.podSpec.initContainers ?? [])] as J[]) {
        const r = c?.resources?.requests ?? {};
        if (r.cpu !== undefined) cpu = Math.max(cpu, cores(r.cpu));
        if (r.memory !== undefined) memory = Math.max(memory, bytes(r.memory));
      }
    }
  }
  return { cpu: cpu || FALLBACK_REQUEST.cpu, memory: memory || FALLBACK_REQUEST.memory };
}

export function courseFootprint(course: Course, lang: Lang): Footprint {
  const dflt = defaultRequestOf(course, lang);
  const lab: Amount = { pods: 0, cpu: 0, memory: 0 };
  const steps: StepFootprint[] = [];
  let previous: Workload[] = [];
  let largestPod: Amount = { pods: 1, cpu: 0, memory: 0 };
  for (const s of course.steps) {
    const scaled = scaledTo(s);
    const workloads = workloadsOf(declaredObjects(s, NS, lang)).map((w) => ({ ...w, replicas: Math.max(w.replicas, scaled.get(w.key) ?? 0) }));
    const keys = new Set(workloads.map((w) => w.key));
    const leaving = previous.filter((w) => !keys.has(w.key));
    const total: Amount = { pods: 0, cpu: 0, memory: 0 };
    const add = (w: Workload, n: number) => {
      if (n <= 0) return;
      const r = podRequests(w.podSpec, dflt);
      total.pods += n;
      total.cpu += n * r.cpu;
      total.memory += n * r.memory;
      largestPod = { pods: 1, cpu: Math.max(r.cpu, largestPod.cpu), memory: Math.max(r.memory, largestPod.memory) };
    };
    for (const w of workloads) add(w, w.replicas + w.surge);
    for (const w of leaving) add(w, w.replicas);
    const claims = workloads.flatMap((w) => w.claims);
    steps.push({
      step: s.number,
      id: s.id,
      pods: workloads.reduce((a, w) => a + w.replicas, 0),
      surge: workloads.reduce((a, w) => a + w.surge, 0),
      changeover: leaving.reduce((a, w) => a + w.replicas, 0),
      total,
      pvcs: claims.length,
      storage: claims.reduce((a, c) => a + c.storage, 0),
    });
    previous = workloads;
  }
  const most = (f: (x: StepFootprint) => number) => steps.reduce((a, x) => Math.max(a, f(x)), 0);
  return {
    steps,
    lab,
    peak: {
      pods: most((x) => x.total.pods) + lab.pods,
      cpu: most((x) => x.total.cpu) + lab.cpu,
      memory: most((x) => x.total.memory) + lab.memory,
    },
    largestPod,
    pvcs: most((x) => x.pvcs),
    storage: most((x) => x.storage),
    defaultRequest: dflt,
  };
}

/** `600m`, `1536Mi`: quantities as a Kubernetes object wants them (exact, never rounded up past the value). */
export function cpuQuantity(milli: number): string {
  return milli % 1000 === 0 ? String(milli / 1000) : `${milli}m`;
}

export function memoryQuantity(b: number): string {
  if (b % 2 ** 30 === 0) return `${b / 2 ** 30}Gi`;
  if (b % 2 ** 20 === 0) return `${b / 2 ** 20}Mi`;
  if (b % 2 ** 10 === 0) return `${b / 2 ** 10}Ki`;
  return String(b);
}

/** For people: `0.6 CPU`, `1.5 GiB`. */
export function cpuText(milli: number): string {
  return `${Number((milli / 1000).toFixed(milli % 100 === 0 ? 1 : 2))}`;
}

export function memoryText(b: number): string {
  return `${Number((b / 2 ** 30).toFixed(1))} GiB`;
}

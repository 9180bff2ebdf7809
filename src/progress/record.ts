/**
 * Recording a verify: the local progress file (passedAt, lastFailure, startedAt) and the ConfigMap
 * `emqx-lab-progress` in the lab namespace, which the trainer's `workshop status` reads. At the end of verify
 * the ConfigMap is read (one `kubectl get`: steps it shows as passed count as passed locally too) and
 * written back (one `kubectl apply`); its data keys are documented in docs/dev/ARCHITECTURE.md ("Engine API").
 */
import { LAB_LABEL_KEY, LAB_LABEL_VALUE } from '../course/render.js';
import type { Permission } from '../kube/permissions.js';
import type { Progress, StepProgress } from './store.js';
import { currentStep, stepStates } from './unlock.js';
import { oneLine, plainDeep } from '../util/terminal-text.js';

export const RECORD_NAME = 'emqx-lab-progress';
export const RECORD_LABEL_KEY = 'emqx-lab.io/record';
export const RECORD_LABEL_VALUE = 'progress';

/**
 * Reading the record and writing it back with `kubectl apply` (a get, then a create or a patch). `create`
 * cannot be limited to a name (the name is not in a create request's URL), so none of it is.
 */
export function recordNeeds(): Permission[] {
  return [{ apiGroup: '', resource: 'configmaps', verbs: ['get', 'create', 'patch'] }];
}

export interface VerifyOutcome {
  step: string;
  passed: boolean;
  /** The failing check and its last reason. */
  failure?: { check: string; reason: string };
}

/** What a record's data says, parsed once for everyone who reads it (verify's merge, the trainer's views). */
export interface RecordView {
  steps: Record<string, { state?: string; passedAt?: string } | undefined>;
  currentStep: string;
  currentStepSince?: string;
  updatedAt?: string;
  lastFailure?: { step?: string; at?: string; check?: string; reason?: string };
}

function parseJson<T>(s: unknown): T | undefined {
  if (typeof s !== 'string' || !s) return undefined;
  try {
    // What a learner's namespace says is theirs to write: no escape sequence reaches a trainer's terminal.
    const v = plainDeep(JSON.parse(s) as unknown);
    return v && typeof v === 'object' ? (v as T) : undefined;
  } catch {
    return undefined;
  }
}

/** Read a progress record (a ConfigMap, or nothing); anything malformed reads as absent, never a throw. */
export function readRecord(record: { data?: Record<string, unknown> } | undefined): RecordView {
  const data = record?.data ?? {};
  const str = (k: string) => (typeof data[k] === 'string' && data[k] ? oneLine(data[k] as string) : undefined);
  return {
    steps: parseJson<RecordView['steps']>(data.steps) ?? {},
    currentStep: str('current-step') ?? '',
    currentStepSince: str('current-step-since'),
    updatedAt: str('updated-at'),
    lastFailure: parseJson<RecordView['lastFailure']>(data['last-failure']),
  };
}

/** Apply one verify's outcome to progress (pure: changes `p` in place). */
export function recordOutcome(p: Progress, o: VerifyOutcome, at: string): void {
  const s: StepProgress = (p.steps[o.step] ??= {});
  s.startedAt ??= at;
  if (o.passed) {
    s.passedAt ??= at;
    delete s.lastFailure;
  } else if (o.failure) {
    s.lastFailure = { at, check: o.failure.check, reason: o.failure.reason };
  }
}

/**
 * What the record in the namespace says was passed, made part of local progress (pure: changes `p` in
 * place). The record may know more than this machine: the trainer's `workshop solve` verifies a step in the
 * learner's namespace and records it there, and the learner's next verify must not write over it.
 * Returns the ids of the steps that were not passed locally before.
 */
export function mergeRecordedPasses(p: Progress, record: { data?: Record<string, unknown> } | undefined, stepIds: readonly string[]): string[] {
  const { steps, updatedAt: updated } = readRecord(record);
  const added: string[] = [];
  for (const id of stepIds) {
    const r = steps[id];
    if (!r || (r.state !== 'passed' && typeof r.passedAt !== 'string')) continue;
    const at = typeof r.passedAt === 'string' ? r.passedAt : updated;
    if (!at || p.steps[id]?.passedAt) continue;
    const s: StepProgress = (p.steps[id] ??= {});
    s.passedAt = at;
    s.startedAt ??= at;
    delete s.lastFailure;
    added.push(id);
  }
  return added;
}

/** The ConfigMap a trainer reads: step states, the current step, time on it, the last failure. */
export function progressConfigMap(p: Progress, stepIds: readonly string[], namespace: string, now: number): object {
  const states = stepStates(stepIds, p);
  const current = currentStep(stepIds, p);
  const since = current ? p.steps[current]?.startedAt : undefined;
  const failures = stepIds
    .map((id) => ({ id, f: p.steps[id]?.lastFailure }))
    .filter((x) => x.f)
    .sort((a, b) => a.f!.at.localeCompare(b.f!.at));
  const last = failures[failures.length - 1];
  const steps = Object.fromEntries(
    stepIds.map((id, i) => [id, { state: states[i], ...(p.steps[id]?.passedAt ? { passedAt: p.steps[id].passedAt } : {}) }]),
  );
  const data: Record<string, string> = {
    'current-step': current ?? '',
    'steps-passed': String(states.filter((s) => s === 'passed').length),
    'steps-total': String(stepIds.length),
    steps: JSON.stringify(steps),
    'updated-at': new Date(now).toISOString(),
  };
  if (since) {
    data['current-step-since'] = since;
    data['seconds-on-step'] = String(Math.max(0, Math.round((now - Date.parse(since)) / 1000)));
  }
  if (last) data['last-failure'] = JSON.stringify({ step: last.id, ...last.f });
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: {
      name: RECORD_NAME,
      namespace,
      labels: { [LAB_LABEL_KEY]: LAB_LABEL_VALUE, [RECORD_LABEL_KEY]: RECORD_LABEL_VALUE },
    },
    data,
  };
}

/**
 * What `kubectl apply -f -` reads. JSON, not YAML: every value stays a string (an unquoted timestamp in YAML
 * may be read as a date, and ConfigMap data must be strings).
 */
export function progressRecordManifest(p: Progress, stepIds: readonly string[], namespace: string, now: number): string {
  return `${JSON.stringify(progressConfigMap(p, stepIds, namespace, now))}\n`;
}

/**
 * Everything the interactive lab asks of the engine, in the shapes the screens need. The real one
 * (engine-port.ts) wraps the engine's verify/apply/solve/hint/reset and the namespace snapshot; tests pass
 * a fake. Screens never see kubectl, a Kube or a lesson file: only this.
 */
import type { Step } from '../course/load.js';
import type { KubeObject } from '../course/render.js';
import type { Lang } from '../i18n/lang.js';
import type { Progress } from '../progress/store.js';
import type { NamespacePicture } from './picture.js';

/** What a check run reports while it goes; ids are check ids (follow-ups of a disruption by their own id). */
export type CheckEvent =
  | { type: 'start'; id: string }
  | { type: 'reason'; id: string; reason: string; passed: boolean }
  | { type: 'end'; id: string; passed: boolean; reason: string }
  /** While the check waits: the known mistake it looks like now (none: no longer). It may still pass. */
  | { type: 'diagnosis'; id: string; diagnosis?: DiagnosisView };

export interface DiagnosisView {
  title: string;
  explain: string;
  hint: string;
}

export interface FailureView {
  checkId: string;
  title: string;
  reason: string;
  diagnosis?: DiagnosisView;
  /** What the cluster shows (pod states, events, log lines), a few short lines. */
  evidence: string[];
}

export interface VerifyView {
  passed: boolean;
  /** Ctrl-C (or the lab leaving) stopped it: nothing was decided. */
  interrupted?: boolean;
  failure?: FailureView;
  /** The hint that fits the failure now, at the level the learner has reached (does not escalate). */
  hint?: HintView;
}

export interface HintView {
  text: string;
  /** 1-based: this is hint `index` of `total` for the failing check. */
  index: number;
  total: number;
  /** No milder hint is left: offer solve. */
  exhausted: boolean;
}

export interface ApplyView {
  ok: boolean;
  /** kubectl's lines (`deployment.apps/emqx configured`) or its error. */
  lines: string[];
}

export interface LabPort {
  readonly namespace: string;
  /** The kubectl context (the simulator's is emqx-lab-sim). */
  readonly context: string;
  readonly sim: boolean;
  readonly steps: Step[];
  /** The rendered objects of a step in the lab namespace (what apply sends). */
  rendered(stepId: string): KubeObject[];
  progress(): Progress;
  /** Note that the learner opened a step (startedAt) without touching anything else. */
  markStarted(stepId: string): void;
  /**
   * Guided mode's apply: bring the namespace to this step's manifests (objects the step drops are removed,
   * immutable objects replaced), without verifying.
   */
  apply(stepId: string, signal: AbortSignal): Promise<ApplyView>;
  verify(stepId: string, onEvent: (e: CheckEvent) => void, signal: AbortSignal): Promise<VerifyView>;
  solve(stepId: string, onEvent: (e: CheckEvent) => void, signal: AbortSignal): Promise<VerifyView>;
  /**
   * The next hint for the step (escalates each time). With `judge`, the current state is judged first (each
   * check once, no disruption) so the hint fits what is failing now; without it, the last failure's check
   * and diagnoses pick it (right after a verify, that is the current state).
   */
  hint(stepId: string, signal: AbortSignal, o?: { judge?: boolean }): Promise<HintView>;
  /** Remove the lab's objects and all progress in this namespace. */
  resetAll(signal: AbortSignal): Promise<void>;
  /** A cheap fingerprint of the lab's objects (kind/name@resourceVersion): changes when anything changes. */
  fingerprint(signal: AbortSignal): Promise<string>;
  picture(signal: AbortSignal): Promise<NamespacePicture>;
  /** The learner switched language: reasons, hints and pod states come in it from now on. */
  setLang(lang: Lang): void;
  /** End everything this port started (port-forwards, kubectl children). */
  close(): Promise<void>;
}

/**
 * Unlocking is a pure function of the course order and progress (table-tested in test/progress).
 * A step is passed once verify has passed it; the first step is always available; any other step is
 * available when the step before it has passed. Everything else is locked.
 */
import type { Progress } from './store.js';

export type StepState = 'locked' | 'available' | 'passed';

export function stepStates(stepIds: readonly string[], progress: Pick<Progress, 'steps'>): StepState[] {
  return stepIds.map((id, i) => {
    if (progress.steps[id]?.passedAt) return 'passed';
    if (i === 0 || progress.steps[stepIds[i - 1]]?.passedAt) return 'available';
    return 'locked';
  });
}

/** Where the learner resumes: the first step not yet passed (undefined when all are done). */
export function currentStep(stepIds: readonly string[], progress: Pick<Progress, 'steps'>): string | undefined {
  const states = stepStates(stepIds, progress);
  const i = states.findIndex((s) => s !== 'passed');
  return i < 0 ? undefined : stepIds[i];
}

export function allPassed(stepIds: readonly string[], progress: Pick<Progress, 'steps'>): boolean {
  return currentStep(stepIds, progress) === undefined;
}

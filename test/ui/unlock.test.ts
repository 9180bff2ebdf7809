import { describe, expect, it } from 'vitest';
import { allPassed, currentStep, stepStates, type StepState } from '../../src/progress/unlock.js';

const ids = ['bare-pod', 'deployment', 'service', 'scale'];
const P = { passedAt: '2026-01-01T00:00:00Z' };

/** Unlocking as a table: progress → the state of each step, where to resume, all done. */
describe('unlocking', () => {
  it.each<[string, Record<string, object>, StepState[], string | undefined]>([
    ['nothing yet', {}, ['available', 'locked', 'locked', 'locked'], 'bare-pod'],
    ['first passed', { 'bare-pod': P }, ['passed', 'available', 'locked', 'locked'], 'deployment'],
    ['started but not passed', { 'bare-pod': { startedAt: 'x', hintsShown: 2 } }, ['available', 'locked', 'locked', 'locked'], 'bare-pod'],
    ['a failure is not a pass', { 'bare-pod': P, deployment: { lastFailure: { at: 'x', check: 'c', reason: 'r' } } }, ['passed', 'available', 'locked', 'locked'], 'deployment'],
    ['three passed', { 'bare-pod': P, deployment: P, service: P }, ['passed', 'passed', 'passed', 'available'], 'scale'],
    ['all passed', { 'bare-pod': P, deployment: P, service: P, scale: P }, ['passed', 'passed', 'passed', 'passed'], undefined],
    // Solved out of order (a trainer solved step 3 for a learner): step 3 counts, step 2 is still to do.
    ['a gap', { 'bare-pod': P, service: P }, ['passed', 'available', 'passed', 'available'], 'deployment'],
    ['unknown ids are ignored', { 'old-step': P }, ['available', 'locked', 'locked', 'locked'], 'bare-pod'],
  ])('%s', (_name, steps, states, current) => {
    const progress = { steps };
    expect(stepStates(ids, progress)).toEqual(states);
    expect(currentStep(ids, progress)).toBe(current);
    expect(allPassed(ids, progress)).toBe(current === undefined);
  });
});

import { describe, expect, it } from 'vitest';
import type { VerifyResult } from '../../src/engine/verify.js';
import { toCheckEvent, toVerifyView } from '../../src/ui/engine-port.js';

describe('engine events in the screens\' terms', () => {
  it.each([
    [{ type: 'check-started', check: 'a', title: 'A' }, { type: 'start', id: 'a' }],
    [{ type: 'reason', check: 'a', reason: 'r', passed: false }, { type: 'reason', id: 'a', reason: 'r', passed: false }],
    [{ type: 'check-passed', check: 'a', reason: 'ok' }, { type: 'end', id: 'a', passed: true, reason: 'ok' }],
    [{ type: 'check-failed', check: 'a', reason: 'no' }, { type: 'end', id: 'a', passed: false, reason: 'no' }],
    [{ type: 'check-skipped', check: 'b', reason: 'earlier failed' }, undefined],
    [
      { type: 'diagnosing', check: 'a', hint: 'h', diagnosis: [{ id: 'd', message: 'T: E', title: 'T', explain: 'E', hint: 'H', proof: [] }] },
      { type: 'diagnosis', id: 'a', diagnosis: { title: 'T', explain: 'E', hint: 'H' } },
    ],
    [{ type: 'diagnosing', check: 'a', hint: null, diagnosis: [] }, { type: 'diagnosis', id: 'a', diagnosis: undefined }],
  ] as const)('%j', (e, expected) => {
    expect(toCheckEvent(e as never)).toEqual(expected);
  });
});

describe('a verify result as the step screen shows it', () => {
  const base: VerifyResult = { step: 's', passed: false, checks: [], durationMs: 1 };
  const hint = () => ({ text: 'ignored', index: 2, total: 4, exhausted: false });

  it('passed, interrupted', () => {
    expect(toVerifyView({ ...base, passed: true }, hint)).toEqual({ passed: true });
    expect(toVerifyView({ ...base, interrupted: true }, hint)).toEqual({ passed: false, interrupted: true });
  });

  it('the first failing check with its diagnosis, what the cluster shows, and the hint', () => {
    const v = toVerifyView(
      {
        ...base,
        checks: [
          { id: 'a', title: 'A', passed: true, reason: 'ok', diagnosis: [], hint: null, durationMs: 1 },
          {
            id: 'b',
            title: 'B',
            passed: false,
            reason: 'emqx is ImagePullBackOff',
            diagnosis: [{ id: 'image-pull-failed', message: 'm', title: 'Image', explain: 'Why', hint: 'Fix', proof: [] }],
            hint: 'The tag must be exactly emqx/emqx:5.8.9.',
            durationMs: 1,
            shows: { pods: ['emqx: ImagePullBackOff'], events: ['Pod/emqx: Failed'], logs: [] },
          },
          { id: 'c', title: 'C', passed: false, skipped: true, reason: 'skipped', diagnosis: [], hint: null, durationMs: 0 },
        ],
      },
      hint,
    );
    expect(v).toEqual({
      passed: false,
      failure: {
        checkId: 'b',
        title: 'B',
        reason: 'emqx is ImagePullBackOff',
        diagnosis: { title: 'Image', explain: 'Why', hint: 'Fix' },
        evidence: ['emqx: ImagePullBackOff', 'Pod/emqx: Failed'],
      },
      hint: { text: 'The tag must be exactly emqx/emqx:5.8.9.', index: 2, total: 4, exhausted: false },
    });
  });
});

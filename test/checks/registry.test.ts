/** runCheck's translation of a check's fields into the polling loop's options. */
import { describe, expect, it } from 'vitest';
import type { PlainCheck } from '../../src/course/schema.js';
import { runCheck } from '../../src/checks/registry.js';
import { checkEnvOf, fakeKube, workload } from '../fixtures/engine/fake-kube.js';

describe('holdFor is in seconds', () => {
  it('a check with holdFor: 2 passes only after it kept passing for 2 s', async () => {
    const check = { id: 'r', title: { en: 't', zh: 't' }, hints: ['h'], kind: 'resource', resource: { kind: 'StatefulSet', name: 'emqx' }, holdFor: 2 } as PlainCheck;
    const env = checkEnvOf(fakeKube({ get: async () => workload('StatefulSet', 'emqx') }));
    const out = await runCheck(check, env, 'poll');
    expect(out).toMatchObject({ passed: true, reason: 'StatefulSet/emqx is as expected' });
    const waited = env.clock.now() - 1_000_000;
    expect(waited).toBeGreaterThanOrEqual(2_000);
    expect(waited).toBeLessThan(2_500);
  });
});

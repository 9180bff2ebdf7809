/** canI: the reason names the one object asked about when the check names it. */
import { describe, expect, it } from 'vitest';
import type { PlainCheck } from '../../src/course/schema.js';
import { runCheck } from '../../src/checks/registry.js';
import { checkEnvOf, fakeKube } from '../fixtures/engine/fake-kube.js';

describe('canI on a named object', () => {
  it('asks about that object and says resource/name', async () => {
    const kube = fakeKube({ canI: async () => false });
    const check = { id: 'c', title: { en: 't', zh: 't' }, hints: ['h'], kind: 'canI', as: { serviceAccount: 'emqx' }, verb: 'get', resource: 'secrets', name: 'emqx-token', allowed: false } as PlainCheck;
    expect(await runCheck(check, checkEnvOf(kube), 'once')).toMatchObject({ passed: true, reason: 'system:serviceaccount:lab:emqx cannot get secrets/emqx-token' });
    expect(kube.log[0].args).toEqual(['get', 'secrets', { name: 'emqx-token', as: 'system:serviceaccount:lab:emqx' }]);
  });
});

/** The resource kind's reasons for a partial match that fails. */
import { describe, expect, it } from 'vitest';
import type { PlainCheck } from '../../src/course/schema.js';
import { runCheck } from '../../src/checks/registry.js';
import { checkEnvOf, fakeKube, workload } from '../fixtures/engine/fake-kube.js';

describe('a list without the expected item', () => {
  it('fails, naming the list and the item it lacks', async () => {
    const w = { ...workload('Deployment', 'emqx'), spec: { replicas: 1, template: { spec: { containers: [{ name: 'emqx', image: 'emqx/emqx:5.8.9' }] } } } };
    const check = {
      id: 'r',
      title: { en: 't', zh: 't' },
      hints: ['h'],
      kind: 'resource',
      resource: { kind: 'Deployment', name: 'emqx' },
      match: { spec: { template: { spec: { containers: [{ name: 'emqx', image: 'emqx/emqx:latest' }] } } } },
    } as PlainCheck;
    const out = await runCheck(check, checkEnvOf(fakeKube({ get: async () => w })), 'once');
    expect(out).toMatchObject({ passed: false, reason: 'Deployment/emqx: spec.template.spec.containers has no entry like {"name":"emqx","image":"emqx/emqx:latest"}' });
  });
});

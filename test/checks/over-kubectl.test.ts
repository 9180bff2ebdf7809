/**
 * Check kinds through the real adapter and the executable fake kubectl, which answers the way kubectl does
 * (a -o json List, exec text, can-i yes/no with exit codes 0/1, errors on stderr): the fixture course's
 * second step, judged once.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCourse } from '../../src/course/load.js';
import { runCheck } from '../../src/checks/registry.js';
import { createKube } from '../../src/kube/adapter.js';
import { resolveBinary } from '../../src/kube/binary.js';
import { fakeKubectl, list, type Rule } from '../fixtures/engine/fake-kubectl.js';
import { checkEnvOf, pod, workload } from '../fixtures/engine/fake-kube.js';

const { course } = loadCourse(join(import.meta.dirname, '..', 'fixtures', 'engine', 'course'));
const check = (id: string) => course.steps[1].lesson.checks.find((c) => c.id === id)!;
const pods = [pod('emqx-0', { ip: '10.0.0.1' }), pod('emqx-1', { ip: '10.0.0.2' }), pod('emqx-2', { ip: '10.0.0.3' })];

function over(rules: Rule[]) {
  const fake = fakeKubectl(rules);
  const kube = createKube({ binary: resolveBinary({}, fake.env), env: fake.env, target: { namespace: 'lab', requestTimeout: '5s' } });
  return { kube, fake, env: checkEnvOf(kube) };
}

describe.concurrent('check kinds over the fake kubectl', { timeout: 120_000 }, () => {
  it('rollout and resource read -o json', async () => {
    const { kube, env } = over([{ when: ['get', 'deployments', 'emqx'], stdout: workload('Deployment', 'emqx', { replicas: 3, updatedReplicas: 3, readyReplicas: 3, availableReplicas: 3 }) }]);
    expect(await runCheck(check('rolled-out'), env, 'once')).toMatchObject({ passed: true });
    // The fixture workload has no pod template: a missing field is "not there yet", never a crash.
    expect(await runCheck(check('replicas'), env, 'once')).toMatchObject({
      passed: false,
      reason: 'Deployment/emqx: spec.template is not set (expected {"spec":{"containers":[{"name":"emqx","image":"emqx/emqx:5.8.9"}]}})',
    });
    await kube.close();
  });

  it('canI: "no" with exit code 1 is an answer', async () => {
    const { env, fake } = over([{ when: ['auth', 'can-i', 'get', 'endpoints'], stdout: 'no\n', exit: 1 }]);
    expect(await runCheck(check('sa-can-read'), env, 'once')).toEqual({ passed: false, reason: 'system:serviceaccount:lab:emqx cannot get endpoints', observed: { allowed: false } });
    expect(fake.calls()[0].argv).toEqual(['--namespace', 'lab', '--request-timeout=5s', 'auth', 'can-i', 'get', 'endpoints', '--as=system:serviceaccount:lab:emqx']);
  });

  it('exec reads the wrapped Erlang map from each pod', async () => {
    const { env } = over([
      { when: ['get', 'pods'], stdout: list(pods) },
      { when: ['exec'], stdout: "Cluster status: #{running_nodes => ['emqx@10.0.0.1','emqx@10.0.0.2',\n                                   'emqx@10.0.0.3'],\n                  stopped_nodes => []}\n" },
    ]);
    expect(await runCheck(check('clustered'), env, 'once')).toMatchObject({ passed: true, reason: expect.stringContaining('all 3 pods pass') });
  });

  it('logs: a 403 in one pod fails "absent on each"', async () => {
    const { env } = over([
      { when: ['get', 'pods'], stdout: list(pods) },
      { when: ['logs', 'emqx-1'], stdout: '2025-09-01T10:00:05.123456+00:00 [error] Ekka(AutoCluster): Discovery error: {403,"..."}\n' },
      { when: ['logs'], stdout: 'EMQX 5.8.9 is running now!\n' },
    ]);
    const out = await runCheck(check('no-403'), env, 'once');
    expect(out.passed).toBe(false);
    expect(out.reason).toMatch(/^emqx-1: log line: .*Discovery error: \{403/);
  });

  it('http via the proxy: a 503 comes back as kubectl\'s error', async () => {
    const { env, fake } = over([{ when: ['get', '--raw'], stderr: 'Error from server (ServiceUnavailable): the server is currently unable to handle the request\n', exit: 1 }]);
    const out = await runCheck(check('status-page'), env, 'once');
    expect(out.reason).toBe('GET /status on svc/emqx:18083 answered 503, expected 200: Error from server (ServiceUnavailable): the server is currently unable to handle the request');
    expect(fake.calls()[0].argv).toEqual(['--request-timeout=5s', 'get', '--raw', '/api/v1/namespaces/lab/services/emqx:18083/proxy/status']);
  });
});

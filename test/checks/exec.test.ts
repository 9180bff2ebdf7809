/** exec: at most one list and one exec per round, pods visited in turn, judged on each current pod's latest look. */
import { describe, expect, it } from 'vitest';
import type { PlainCheck } from '../../src/course/schema.js';
import { judgeOutput } from '../../src/checks/exec.js';
import { PLAIN_KINDS, runCheck } from '../../src/checks/registry.js';
import type { CheckEnv, Observation } from '../../src/checks/types.js';
import type { Pod } from '../../src/kube/objects.js';
import { checkEnvOf, fakeKube, pod } from '../fixtures/engine/fake-kube.js';

const clusterJson = (n: number) =>
  `{\n  "stopped_nodes" : [\n    \n  ],\n  "running_nodes" : [\n${Array.from({ length: n }, (_, i) => `    "emqx@10.0.0.${i}"`).join(',\n')}\n  ]\n}\n`;

const check = (extra: object = {}) =>
  ({
    id: 'clustered',
    title: { en: 't', zh: 't' },
    hints: ['h'],
    kind: 'exec',
    pods: { selector: 'app=emqx' },
    command: ['emqx', 'ctl', 'cluster', 'status', '--json'],
    expect: { emqxClusterStatus: { running: 3 } },
    on: 'each',
    minPods: 3,
    ...extra,
  }) as PlainCheck;

function probeOf(c: PlainCheck, env: CheckEnv) {
  return (PLAIN_KINDS.exec as unknown as { probe(c: PlainCheck, e: CheckEnv): { poll(): Promise<Observation> } }).probe(c, env);
}

describe('exec check', () => {
  it('stdin (filled like the command) is the exec\'s input', async () => {
    const kube = fakeKube({ list: async () => [pod('emqx-0')], exec: async () => ({ exitCode: 0, stdout: clusterJson(3), stderr: '' }) });
    const c = check({ minPods: 1, command: ['sh', '-c', 'read -r x && exec emqx ctl cluster status --json'], stdin: 'in-${NAMESPACE}-${RUN_ID}\n' });
    expect(await runCheck(c, checkEnvOf(kube), 'once')).toMatchObject({ passed: true });
    expect(kube.log.find((l) => l.method === 'exec')!.args[2]).toEqual({ container: undefined, stdin: 'in-lab-abc123\n' });
  });

  it('lists and looks at one pod, then (reusing that list) at two at once; passes when every current pod passed', async () => {
    const pods = [pod('emqx-0'), pod('emqx-1'), pod('emqx-2')];
    const kube = fakeKube({ list: async () => pods, exec: async () => ({ exitCode: 0, stdout: clusterJson(3), stderr: '' }) });
    const probe = probeOf(check(), checkEnvOf(kube));
    const rounds: Observation[] = [];
    for (let i = 0; i < 2; i++) {
      const before = { list: kube.calls.list, exec: kube.calls.exec };
      rounds.push(await probe.poll());
      expect(kube.calls.list - before.list + kube.calls.exec - before.exec).toBeLessThanOrEqual(2);
    }
    expect(rounds.map((r) => r.partial ?? false)).toEqual([true, false]);
    expect(rounds[1]).toMatchObject({ passed: true, reason: expect.stringContaining('all 3 pods pass') });
    expect(kube.log.filter((l) => l.method === 'exec').map((l) => l.args[0])).toEqual(['emqx-0', 'emqx-1', 'emqx-2']);
    expect(kube.calls.list).toBe(1);
    // A verdict was given: the next round lists again.
    await probe.poll();
    expect(kube.calls.list).toBe(2);
  });

  it('fails with the pod and what it sees; goes back to the failing pod first', async () => {
    const pods = [pod('emqx-0', { ip: '10.0.0.1' }), pod('emqx-1'), pod('emqx-2')];
    const kube = fakeKube({
      list: async () => pods,
      exec: async (name) => ({ exitCode: 0, stdout: name === 'emqx-1' ? "Cluster status: #{running_nodes => ['emqx@10.0.0.9'],stopped_nodes => []}" : clusterJson(3), stderr: '' }),
    });
    const probe = probeOf(check(), checkEnvOf(kube));
    await probe.poll();
    const second = await probe.poll();
    expect(second).toMatchObject({ passed: false, reason: 'emqx-1: sees 1 running node (emqx@10.0.0.9); expected 3 running' });
    await probe.poll();
    expect(kube.log.filter((l) => l.method === 'exec').map((l) => l.args[0])).toEqual(['emqx-0', 'emqx-1', 'emqx-2', 'emqx-1']);
  });

  it('forgets pods that are gone; a replaced pod is looked at afresh', async () => {
    let pods: Pod[] = [pod('emqx-0'), pod('emqx-1'), pod('emqx-2')];
    const kube = fakeKube({ list: async () => pods, exec: async () => ({ exitCode: 0, stdout: clusterJson(3), stderr: '' }) });
    const probe = probeOf(check(), checkEnvOf(kube));
    for (let i = 0; i < 3; i++) await probe.poll();
    pods = [pod('emqx-0'), pod('emqx-1', { uid: 'new' }), pod('emqx-2')];
    expect(await probe.poll()).toMatchObject({ passed: true });
    expect(kube.log.filter((l) => l.method === 'exec').pop()!.args[0]).toBe('emqx-1');
  });

  it('too few pods is the reason; pods that are not running are not exec-ed into', async () => {
    const kube = fakeKube({ list: async () => [pod('emqx-0'), pod('emqx-1', { waiting: 'ContainerCreating' })], exec: async () => ({ exitCode: 0, stdout: clusterJson(3), stderr: '' }) });
    expect(await probeOf(check(), checkEnvOf(kube)).poll()).toMatchObject({ passed: false, reason: '2 pods match app=emqx, need at least 3' });
    const two = await runCheck(check({ minPods: 1 }), checkEnvOf(kube), 'once');
    expect(two).toMatchObject({ passed: false, reason: 'emqx-1: not running (ContainerCreating)' });
  });

  it('on: any passes as soon as one pod does', async () => {
    const kube = fakeKube({ list: async () => [pod('a'), pod('b')], exec: async (n) => ({ exitCode: 0, stdout: n === 'b' ? clusterJson(3) : clusterJson(1), stderr: '' }) });
    expect(await runCheck(check({ on: 'any', minPods: 1 }), checkEnvOf(kube), 'once')).toMatchObject({ passed: true, reason: 'b: sees 3 running nodes (emqx@10.0.0.0, emqx@10.0.0.1, emqx@10.0.0.2)' });
  });

  it('a pod by name is got, not listed', async () => {
    const kube = fakeKube({ get: async () => pod('emqx'), exec: async () => ({ exitCode: 0, stdout: "Node 'emqx@10.1.2.3' 5.8.9 is started\n", stderr: '' }) });
    const c = check({ pods: { name: 'emqx' }, command: ['emqx', 'ctl', 'status'], expect: { emqxStatus: { started: true } }, minPods: 1 });
    expect(await runCheck(c, checkEnvOf(kube), 'once')).toMatchObject({ passed: true, reason: 'emqx: node emqx@10.1.2.3 is started' });
  });
});

describe('reading command output', () => {
  const ok = (stdout: string, exitCode = 0, stderr = '') => ({ exitCode, stdout, stderr });
  it.each([
    ['started', ok("Node 'emqx@10.0.0.1' 5.8.9 is started\n"), { emqxStatus: { started: true } }, true, 'node emqx@10.0.0.1 is started'],
    ['node down (stderr, exit 1)', ok('', 1, "Node 'emqx@10.0.0.1' not responding to pings."), { emqxStatus: { started: true } }, false, "the command exited with code 1: Node 'emqx@10.0.0.1' not responding to pings."],
    ['starting', ok("Node 'emqx@10.0.0.1' 5.8.9 is starting\n"), { emqxStatus: { started: true } }, false, 'node emqx@10.0.0.1 is starting'],
    ['wrong node name', ok("Node 'emqx@10.0.0.1' 5.8.9 is started\n"), { emqxStatus: { started: true, nodeName: '\\.svc\\.cluster\\.local$' } }, false, 'node name emqx@10.0.0.1 does not match /\\.svc\\.cluster\\.local$/'],
    ['stopped nodes', ok("Cluster status: #{running_nodes => ['emqx@a','emqx@b'],\n    stopped_nodes => ['emqx@c']}"), { emqxClusterStatus: { running: 2, stopped: 0 } }, false, 'sees 2 running nodes (emqx@a, emqx@b) and 1 stopped; expected 0 stopped'],
    ['exactly 3: 3 running', ok(clusterJson(3)), { emqxClusterStatus: { running: 3 } }, true, 'sees 3 running nodes (emqx@10.0.0.0, emqx@10.0.0.1, emqx@10.0.0.2)'],
    ['exactly 3: 4 running is not 3', ok(clusterJson(4)), { emqxClusterStatus: { running: 3 } }, false, 'sees 4 running nodes (emqx@10.0.0.0, emqx@10.0.0.1, emqx@10.0.0.2, emqx@10.0.0.3); expected 3 running'],
    ['exactly 3: 2 running is not 3', ok(clusterJson(2)), { emqxClusterStatus: { running: 3 } }, false, 'sees 2 running nodes (emqx@10.0.0.0, emqx@10.0.0.1); expected 3 running'],
    ['exactly 1 stopped: 2 is not 1', ok("Cluster status: #{running_nodes => ['emqx@a'],\n    stopped_nodes => ['emqx@b','emqx@c']}"), { emqxClusterStatus: { running: 1, stopped: 1 } }, false, 'sees 1 running node (emqx@a) and 2 stopped; expected 1 stopped'],
    ['exactly 1 stopped: 0 is not 1', ok("Cluster status: #{running_nodes => ['emqx@a'],\n    stopped_nodes => []}"), { emqxClusterStatus: { running: 1, stopped: 1 } }, false, 'sees 1 running node (emqx@a); expected 1 stopped'],
    ['node names', ok(clusterJson(2)), { emqxClusterStatus: { nodeNames: '^emqx@10\\.0\\.0\\.[01]$' } }, true, 'sees 2 running nodes (emqx@10.0.0.0, emqx@10.0.0.1)'],
    ['garbage', ok('Usage: emqx ctl ...'), { emqxClusterStatus: { running: 1 } }, false, 'could not read the output: Usage: emqx ctl ...'],
    ['text contains', ok('ok\n'), { text: { contains: ['ok'] } }, true, 'the output says: ok'],
    ['text notContains', ok('Error: username_already_exists\n'), { text: { notContains: ['Error'] } }, false, 'the output contains "Error"'],
    ['text matches', ok('a\nversion 5.8.9\n'), { text: { matches: '^version 5\\.8\\.9$' } }, true, 'the output says: a'],
  ])('%s', (_n, r, expect_, passed, reason) => {
    expect(judgeOutput(r, expect_ as never, 'en')).toEqual({ passed, reason });
  });
});

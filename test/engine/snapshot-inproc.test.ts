/**
 * The namespace snapshot when things go wrong or are missing: a list that fails, pods that are gone, a
 * node that does not answer, objects without status or spec, a course that names its pod or has no way to
 * ask for the cluster view.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCourse, type Course } from '../../src/course/load.js';
import { clusterProbeOf, createSnapshotter, podOfNode, snapshotNeeds } from '../../src/engine/snapshot.js';
import { apiNames, callNeeds } from '../../src/kube/needs.js';
import { KubeError } from '../../src/kube/result.js';
import { fakeKube, pod } from '../fixtures/engine/fake-kube.js';

const { course } = loadCourse(join(import.meta.dirname, '..', 'fixtures', 'engine', 'course'));
const [first, second] = course.steps;
/** The fixture course with only its first step: no exec check reads the cluster status. */
const noProbe: Course = { ...course, steps: [first] };
const status = (nodes: string[]) => `Cluster status: #{running_nodes => [${nodes.map((n) => `'${n}'`).join(',')}],stopped_nodes => []}`;

describe('what a snapshot needs and how it asks', () => {
  it('needs exec only when the course can ask a node for its cluster view', () => {
    const api = apiNames();
    expect(snapshotNeeds(noProbe, api)).toEqual(callNeeds.list(api, ['Pod', 'Service', 'PersistentVolumeClaim']));
    expect(snapshotNeeds(course, api)).toEqual([...callNeeds.list(api, ['Pod', 'Service', 'PersistentVolumeClaim']), ...callNeeds.exec()]);
    expect(clusterProbeOf(noProbe)).toBeUndefined();
  });

  it('finds the probe inside a disruption, by pod name', () => {
    const exec = { ...second.lesson.checks.find((c) => c.id === 'clustered')!, pods: { name: 'emqx-0' } };
    const disruption = { ...second.lesson.checks.find((c) => c.kind === 'disruption')!, then: [exec] };
    const only: Course = { ...course, steps: [{ ...second, lesson: { ...second.lesson, checks: [first.lesson.checks[0], disruption] } }] as Course['steps'] };
    expect(clusterProbeOf(only)).toEqual({ command: ['emqx', 'ctl', 'cluster', 'status', '--json'], selector: undefined, name: 'emqx-0' });
  });

  it('a node name without @ is matched as a host', () => {
    expect(podOfNode('emqx-1', [pod('emqx-0'), pod('emqx-1')])).toBe('emqx-1');
    expect(podOfNode('10.0.0.7', [pod('emqx-0', { ip: '10.0.0.7' })])).toBe('emqx-0');
  });
});

describe('a snapshot when the cluster misbehaves', () => {
  it('a list that fails is the snapshot\'s error, in kubectl\'s words', async () => {
    const kube = fakeKube({ list: async () => Promise.reject(new KubeError('forbidden', 'pods is forbidden', [])) });
    expect(await createSnapshotter(kube, course, 'en', () => 7)()).toEqual({ at: 7, pods: [], services: [], pvcs: [], views: [], error: 'pods is forbidden' });
  });

  it('a failure that is not kubectl\'s is thrown', async () => {
    const kube = fakeKube({ list: async () => Promise.reject(new Error('bug')) });
    await expect(createSnapshotter(kube, course, 'en')()).rejects.toThrow('bug');
    const exec = fakeKube({ list: async () => [pod('emqx-0')], exec: async () => Promise.reject(new Error('exec bug')) });
    await expect(createSnapshotter(exec, course, 'en')()).rejects.toThrow('exec bug');
  });

  it('forgets the view of a pod that is gone or whose node stops answering; an exec error keeps the rest', async () => {
    let pods = [pod('emqx-0', { ip: '10.0.0.1' }), pod('emqx-1', { ip: '10.0.0.2' })];
    const answers: Record<string, () => Promise<unknown>> = {
      'emqx-0': async () => ({ exitCode: 0, stdout: status(['emqx@10.0.0.1']), stderr: '' }),
      'emqx-1': async () => ({ exitCode: 0, stdout: status(['emqx@10.0.0.2']), stderr: '' }),
    };
    const kube = fakeKube({ list: async () => pods, exec: async (name) => answers[name]() });
    const snapshot = createSnapshotter(kube, course, 'en', () => 1);
    await snapshot();
    expect((await snapshot()).views).toEqual([
      { pod: 'emqx-0', running: ['emqx@10.0.0.1'] },
      { pod: 'emqx-1', running: ['emqx@10.0.0.2'] },
    ]);
    // emqx-0 is asked next (oldest view): it fails to answer; its view goes.
    answers['emqx-0'] = async () => ({ exitCode: 1, stdout: '', stderr: 'Node not responding' });
    const s3 = await snapshot();
    expect(s3.views).toEqual([{ pod: 'emqx-1', running: ['emqx@10.0.0.2'] }]);
    expect(s3.clusters).toEqual([{ pods: ['emqx-1'], nodes: ['emqx@10.0.0.2'] }]);
    // emqx-0 again (no view: first in turn); kubectl itself fails: nothing changes.
    answers['emqx-0'] = async () => Promise.reject(new KubeError('unreachable', 'connection refused', []));
    expect((await snapshot()).views).toEqual([{ pod: 'emqx-1', running: ['emqx@10.0.0.2'] }]);
    // emqx-1 is deleted: its view goes with it, even without an exec.
    pods = [pods[0]];
    answers['emqx-0'] = async () => Promise.reject(new KubeError('unreachable', 'connection refused', []));
    const s5 = await snapshot();
    expect(s5.views).toEqual([]);
    expect(s5.clusters).toEqual([]);
    expect(kube.log.filter((l) => l.method === 'exec').map((l) => l.args[0])).toEqual(['emqx-0', 'emqx-1', 'emqx-0', 'emqx-0', 'emqx-0']);
  });

  it('asks no pod that is not Ready, is terminating or is not selected', async () => {
    const kube = fakeKube({
      list: async () => [pod('a', { ready: false }), pod('b', { deleting: true }), pod('c', { labels: { app: 'other' } })],
      exec: async () => ({ exitCode: 0, stdout: '', stderr: '' }),
    });
    const s = await createSnapshotter(kube, course, 'en', () => 1)();
    expect(kube.calls.exec).toBe(0);
    expect(s.clusters).toEqual([]);
    expect(s.pods.map((p) => [p.name, p.ready, p.terminating])).toEqual([
      ['a', false, false],
      ['b', true, true],
      ['c', true, false],
    ]);
  });
});

describe('a snapshot of objects with little in them', () => {
  it('defaults a pod without status to Pending, a Service without spec to ClusterIP, a claim without status to Pending; no clusters without a probe', async () => {
    const bare = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'bare' } };
    const restarting = pod('r', { restarts: 2 });
    restarting.status!.containerStatuses = [...restarting.status!.containerStatuses!, { name: 'side', ready: true, restartCount: 3 } as never, { name: 'x', ready: true } as never];
    const kube = fakeKube({
      list: async () => [restarting, bare, { kind: 'Service', metadata: { name: 's' } }, { kind: 'PersistentVolumeClaim', metadata: { name: 'c' } }],
    });
    const s = await createSnapshotter(kube, noProbe, 'en', () => 3)();
    expect(s.pods.map((p) => [p.name, p.phase, p.ready, p.restarts])).toEqual([
      ['bare', 'Pending', false, 0],
      ['r', 'Running', true, 5],
    ]);
    expect(s.services).toEqual([{ name: 's', type: 'ClusterIP', clusterIP: undefined, ports: '' }]);
    expect(s.pvcs).toEqual([{ name: 'c', phase: 'Pending', storageClass: undefined }]);
    expect(s.clusters).toBeUndefined();
    expect(s.views).toEqual([]);
    expect(kube.calls.exec).toBe(0);
  });
});

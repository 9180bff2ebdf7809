import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCourse } from '../../src/course/load.js';
import { clusterProbeOf, createSnapshotter, groupClusters, podOfNode } from '../../src/engine/snapshot.js';
import { fakeKube, kubeCalls, pod } from '../fixtures/engine/fake-kube.js';

const { course } = loadCourse(join(import.meta.dirname, '..', 'fixtures', 'engine', 'course'));
const pods = [pod('emqx-0', { ip: '10.0.0.1' }), pod('emqx-1', { ip: '10.0.0.2' }), pod('emqx-2', { ip: '10.0.0.3' })];

describe('namespace snapshot', () => {
  it('takes the cluster-status command from the course, not from the engine', () => {
    expect(clusterProbeOf(course)).toEqual({ command: ['emqx', 'ctl', 'cluster', 'status', '--json'], selector: 'app.kubernetes.io/name=emqx', name: undefined });
  });

  it.each([
    ['emqx@10.0.0.2', 'emqx-1'],
    ['emqx@emqx-2.emqx-headless.lab.svc.cluster.local', 'emqx-2'],
    ['emqx@10.9.9.9', undefined],
  ])('node %s belongs to %s', (node, want) => expect(podOfNode(node, pods)).toBe(want));

  it('groups the pods by the views their nodes report', () => {
    expect(
      groupClusters(
        [
          { pod: 'emqx-0', running: ['emqx@10.0.0.1', 'emqx@10.0.0.2'] },
          { pod: 'emqx-2', running: ['emqx@10.0.0.3'] },
        ],
        pods,
      ),
    ).toEqual([
      { pods: ['emqx-0', 'emqx-1'], nodes: ['emqx@10.0.0.1', 'emqx@10.0.0.2'] },
      { pods: ['emqx-2'], nodes: ['emqx@10.0.0.3'] },
    ]);
  });

  it('costs at most two kubectl calls per snapshot and visits the pods in turn', async () => {
    const views: Record<string, string> = {
      'emqx-0': "Cluster status: #{running_nodes => ['emqx@10.0.0.1','emqx@10.0.0.2'],stopped_nodes => []}",
      'emqx-1': "Cluster status: #{running_nodes => ['emqx@10.0.0.1','emqx@10.0.0.2'],stopped_nodes => []}",
      'emqx-2': "Cluster status: #{running_nodes => ['emqx@10.0.0.3'],stopped_nodes => []}",
    };
    const kube = fakeKube({
      list: async () => [...pods, { kind: 'Service', metadata: { name: 'emqx' }, spec: { type: 'ClusterIP', clusterIP: '10.96.0.9', ports: [{ port: 1883 }, { port: 18083 }] } }, { kind: 'PersistentVolumeClaim', metadata: { name: 'd' }, status: { phase: 'Bound' }, spec: { storageClassName: 'standard' } }],
      exec: async (name) => ({ exitCode: 0, stdout: views[name], stderr: '' }),
    });
    const snapshot = createSnapshotter(kube, course, 'en', () => 5);
    let last;
    for (let i = 0; i < 3; i++) {
      const before = kubeCalls(kube);
      last = await snapshot();
      expect(kubeCalls(kube) - before).toBeLessThanOrEqual(2);
    }
    expect(kube.log.filter((l) => l.method === 'exec').map((l) => l.args[0])).toEqual(['emqx-0', 'emqx-1', 'emqx-2']);
    expect(last).toEqual({
      at: 5,
      pods: pods.map((p) => ({ name: p.metadata.name, ready: true, phase: 'Running', state: 'Running, Ready', restarts: 0, terminating: false })),
      services: [{ name: 'emqx', type: 'ClusterIP', clusterIP: '10.96.0.9', ports: '1883,18083' }],
      pvcs: [{ name: 'd', phase: 'Bound', storageClass: 'standard' }],
      clusters: [
        { pods: ['emqx-0', 'emqx-1'], nodes: ['emqx@10.0.0.1', 'emqx@10.0.0.2'] },
        { pods: ['emqx-2'], nodes: ['emqx@10.0.0.3'] },
      ],
      views: [
        { pod: 'emqx-0', running: ['emqx@10.0.0.1', 'emqx@10.0.0.2'] },
        { pod: 'emqx-1', running: ['emqx@10.0.0.1', 'emqx@10.0.0.2'] },
        { pod: 'emqx-2', running: ['emqx@10.0.0.3'] },
      ],
    });
  });
});

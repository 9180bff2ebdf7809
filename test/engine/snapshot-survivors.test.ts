/**
 * The snapshot's cluster picture in detail: groups merged through a shared node, sorted nodes and groups,
 * views listed by pod whatever order they were learnt in, a probe that names its pod, and a node whose
 * command fails even though it printed a status.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCourse, type Course } from '../../src/course/load.js';
import { createSnapshotter, groupClusters } from '../../src/engine/snapshot.js';
import { fakeKube, pod } from '../fixtures/engine/fake-kube.js';

const { course } = loadCourse(join(import.meta.dirname, '..', 'fixtures', 'engine', 'course'));
const [first, second] = course.steps;
const status = (nodes: string[]) => `Cluster status: #{running_nodes => [${nodes.map((n) => `'${n}'`).join(',')}],stopped_nodes => []}`;

describe('groupClusters', () => {
  it('merges a view that shares any node with an earlier group: all its nodes and pods', () => {
    expect(
      groupClusters(
        [
          { pod: 'a', running: ['x@1', 'x@2'] },
          { pod: 'b', running: ['x@2', 'x@3'] },
        ],
        [],
      ),
    ).toEqual([{ pods: ['a', 'b'], nodes: ['x@1', 'x@2', 'x@3'] }]);
  });

  it('lists nodes sorted, and groups by their first pod', () => {
    expect(
      groupClusters(
        [
          { pod: 'a', running: ['x@9', 'x@1'] },
          { pod: 'b', running: ['y@1'] },
          { pod: 'c', running: ['x@1'] },
        ],
        [],
      ),
    ).toEqual([
      { pods: ['a', 'c'], nodes: ['x@1', 'x@9'] },
      { pods: ['b'], nodes: ['y@1'] },
    ]);
    expect(
      groupClusters(
        [
          { pod: 'b', running: ['y@1'] },
          { pod: 'c', running: ['z@1'] },
          { pod: 'a', running: ['x@1'] },
        ],
        [],
      ).map((g) => g.pods[0]),
    ).toEqual(['a', 'b', 'c']);
  });
});

describe('the snapshotter', () => {
  it('lists views by pod, also after a pod was replaced and its view learnt again last', async () => {
    let pods = [pod('emqx-0', { ip: '10.0.0.1' }), pod('emqx-1', { ip: '10.0.0.2' })];
    const kube = fakeKube({
      list: async () => pods,
      exec: async (name) => ({ exitCode: 0, stdout: status([name === 'emqx-0' ? 'emqx@10.0.0.1' : 'emqx@10.0.0.2']), stderr: '' }),
    });
    const snapshot = createSnapshotter(kube, course, 'en', () => 1);
    await snapshot();
    await snapshot();
    // emqx-0 is recreated (new uid): its old view goes; the new pod is asked next, after emqx-1.
    pods = [pod('emqx-0', { ip: '10.0.0.1', uid: 'new' }), pods[1]];
    const s = await snapshot();
    expect(kube.log.filter((c) => c.method === 'exec').map((c) => c.args[0])).toEqual(['emqx-0', 'emqx-1', 'emqx-0']);
    expect(s.views).toEqual([
      { pod: 'emqx-0', running: ['emqx@10.0.0.1'] },
      { pod: 'emqx-1', running: ['emqx@10.0.0.2'] },
    ]);
  });

  it('a node whose command fails has no view, whatever it printed', async () => {
    const kube = fakeKube({ list: async () => [pod('emqx-0', { ip: '10.0.0.1' })], exec: async () => ({ exitCode: 1, stdout: status(['emqx@10.0.0.1']), stderr: 'failed' }) });
    const s = await createSnapshotter(kube, course, 'en', () => 1)();
    expect(kube.calls.exec).toBe(1);
    expect(s.views).toEqual([]);
    expect(s.clusters).toEqual([]);
  });

  it('a probe that names its pod asks only that pod', async () => {
    const exec = { ...second.lesson.checks.find((c) => c.id === 'clustered')!, pods: { name: 'emqx-1' } };
    const named: Course = { ...course, steps: [{ ...second, lesson: { ...second.lesson, checks: [first.lesson.checks[0], exec] } }] as Course['steps'] };
    const kube = fakeKube({
      list: async () => [pod('emqx-0', { ip: '10.0.0.1' }), pod('emqx-1', { ip: '10.0.0.2' }), pod('emqx-2', { ip: '10.0.0.3' })],
      exec: async () => ({ exitCode: 0, stdout: status(['emqx@10.0.0.2']), stderr: '' }),
    });
    const snapshot = createSnapshotter(kube, named, 'en', () => 1);
    await snapshot();
    await snapshot();
    const s = await snapshot();
    expect(kube.log.filter((c) => c.method === 'exec').map((c) => c.args[0])).toEqual(['emqx-1', 'emqx-1', 'emqx-1']);
    expect(s.views).toEqual([{ pod: 'emqx-1', running: ['emqx@10.0.0.2'] }]);
  });
});

/** The peak footprint of a learner's namespace, computed from a course; and how many learners fit on nodes. */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCourse } from '../../src/course/load.js';
import { roomFit } from '../../src/workshop/capacity.js';
import { courseFootprint, cpuQuantity, deploymentSurge, memoryQuantity, podRequests } from '../../src/workshop/footprint.js';
import { budget } from '../../src/workshop/objects.js';
import type { LiveObject } from '../../src/kube/objects.js';
import { deployment, fakeCourse, pod, statefulSet, type FakeStep } from './fake-course.js';

const Mi = 2 ** 20;
const Gi = 2 ** 30;

describe('courseFootprint: per step pods, surge, changeover and their requests', () => {
  const cases: { name: string; steps: FakeStep[]; rows: [pods: number, surge: number, changeover: number, cpu: number, memory: number][]; peak: [number, number, number] }[] = [
    {
      name: 'one bare pod',
      steps: [{ id: 'a', yaml: pod('p', '100m', '256Mi') }],
      rows: [[1, 0, 0, 100, 256 * Mi]],
      peak: [1, 100, 256 * Mi],
    },
    {
      name: 'a Deployment of 3 rolls with 25% surge (one pod more)',
      steps: [{ id: 'a', yaml: deployment('d', 3, { cpu: '100m', memory: '256Mi' }) }],
      rows: [[3, 1, 0, 400, 1024 * Mi]],
      peak: [4, 400, 1024 * Mi],
    },
    {
      name: 'maxSurge as a percentage, an integer, and Recreate',
      steps: [
        { id: 'a', yaml: deployment('d', 4, { cpu: '1', memory: '1Gi', strategy: '{ rollingUpdate: { maxSurge: "50%" } }' }) },
        { id: 'b', yaml: deployment('d', 4, { cpu: '1', memory: '1Gi', strategy: '{ rollingUpdate: { maxSurge: 3 } }' }) },
        { id: 'c', yaml: deployment('d', 4, { cpu: '1', memory: '1Gi', strategy: '{ type: Recreate }' }) },
      ],
      rows: [
        [4, 2, 0, 6000, 6 * Gi],
        [4, 3, 0, 7000, 7 * Gi],
        [4, 0, 0, 4000, 4 * Gi],
      ],
      peak: [7, 7000, 7 * Gi],
    },
    {
      name: 'Deployment → StatefulSet: the old pods terminate while the new ones start',
      steps: [
        { id: 'a', yaml: deployment('emqx', 3, { cpu: '100m', memory: '256Mi', strategy: '{ type: Recreate }' }) },
        { id: 'b', yaml: statefulSet('emqx', 3, { cpu: '100m', memory: '256Mi', storage: '1Gi' }) },
        { id: 'c', yaml: statefulSet('emqx', 3, { cpu: '100m', memory: '256Mi', storage: '1Gi' }) },
      ],
      rows: [
        [3, 0, 0, 300, 768 * Mi],
        [3, 0, 3, 600, 1536 * Mi],
        [3, 0, 0, 300, 768 * Mi],
      ],
      peak: [6, 600, 1536 * Mi],
    },
    {
      name: 'a container without requests gets the largest request the course declares',
      steps: [{ id: 'a', yaml: `${pod('big', '250m', '512Mi')}---\n${pod('bare')}` }],
      rows: [[2, 0, 0, 500, 1024 * Mi]],
      peak: [2, 500, 1024 * Mi],
    },
    {
      name: 'a course that declares no requests at all: 100m / 128Mi per container',
      steps: [{ id: 'a', yaml: deployment('d', 2, { strategy: '{ type: Recreate }' }) }],
      rows: [[2, 0, 0, 200, 256 * Mi]],
      peak: [2, 200, 256 * Mi],
    },
    {
      name: 'a check that scales a workload up counts the larger number',
      steps: [
        {
          id: 'a',
          yaml: statefulSet('s', 3, { cpu: '100m', memory: '100Mi' }),
          checks: [{ id: 'x', kind: 'disruption', action: [{ scale: { resource: { kind: 'StatefulSet', name: 's' }, replicas: 0 } }, { scale: { resource: { kind: 'StatefulSet', name: 's' }, replicas: 5 } }] }],
        },
      ],
      rows: [[5, 0, 0, 500, 500 * Mi]],
      peak: [5, 500, 500 * Mi],
    },
  ];

  it.each(cases)('$name', ({ steps, rows, peak }) => {
    const fp = courseFootprint(fakeCourse(steps), 'en');
    expect(fp.steps.map((s) => [s.pods, s.surge, s.changeover, s.total.cpu, s.total.memory])).toEqual(rows);
    expect([fp.peak.pods, fp.peak.cpu, fp.peak.memory]).toEqual(peak);
    expect(fp.lab).toEqual({ pods: 0, cpu: 0, memory: 0 });
  });

  it('counts the claims of volumeClaimTemplates per replica', () => {
    const fp = courseFootprint(fakeCourse([{ id: 'a', yaml: statefulSet('s', 3, { cpu: '100m', memory: '1Gi', storage: '2Gi' }) }]), 'en');
    expect([fp.pvcs, fp.storage]).toEqual([3, 6 * Gi]);
  });

  it('the shipped course: six pods at the Deployment → StatefulSet step, 0.6 CPU, 1.5 GiB', () => {
    const { course, problems } = loadCourse(join(import.meta.dirname, '..', '..'));
    expect(problems).toEqual([]);
    const fp = courseFootprint(course, 'en');
    expect(fp.peak).toEqual({ pods: 6, cpu: 600, memory: 1536 * Mi });
    expect(fp.steps.find((s) => s.total.pods === 6)?.id).toBe('statefulset');
    expect(fp.largestPod).toMatchObject({ cpu: 100, memory: 256 * Mi });
    expect(budget(fp)).toEqual({
      hard: { pods: '6', 'requests.cpu': '600m', 'requests.memory': '1536Mi', persistentvolumeclaims: '6', 'requests.storage': '6Gi' },
      defaultRequest: { cpu: '100m', memory: '256Mi' },
      defaultLimit: { memory: '1Gi' },
    });
  });
});

describe('pod requests and surge', () => {
  it.each([
    [{ containers: [{ resources: { requests: { cpu: '100m', memory: '64Mi' } } }, { resources: { requests: { cpu: '50m', memory: '32Mi' } } }] }, { cpu: 150, memory: 96 * Mi }],
    [{ containers: [{ resources: { requests: { cpu: '100m' } } }], initContainers: [{ resources: { requests: { cpu: '1', memory: '1Gi' } } }] }, { cpu: 1000, memory: Gi }],
    [{ containers: [{ resources: { limits: { cpu: '2', memory: '2Gi' } } }] }, { cpu: 2000, memory: 2 * Gi }],
    [{ containers: [{}] }, { cpu: 7, memory: 9 }],
  ])('%j → %j', (spec, want) => expect(podRequests(spec, { cpu: 7, memory: 9 })).toEqual(want));

  it.each([
    [{}, 1, 1],
    [{}, 3, 1],
    [{}, 8, 2],
    [{ strategy: { type: 'Recreate' } }, 8, 0],
    [{ strategy: { rollingUpdate: { maxSurge: 0 } } }, 3, 0],
    [{ strategy: { rollingUpdate: { maxSurge: '100%' } } }, 3, 3],
  ])('maxSurge of %j with %i replicas is %i', (spec, replicas, want) => expect(deploymentSurge({ spec }, replicas)).toBe(want));

  it.each([
    [600, '600m'],
    [2000, '2'],
    [1536 * Mi, '1536Mi'],
    [2 * Gi, '2Gi'],
    [1000, '1'],
  ])('quantity of %i is %s', (v, q) => expect(v >= 1e6 ? memoryQuantity(v) : cpuQuantity(v)).toBe(q));
});

describe('roomFit: slots of the largest pod on every node learners can use', () => {
  const node = (name: string, cpu: string, memory: string, extra: Record<string, unknown> = {}): LiveObject =>
    ({ metadata: { name }, spec: extra.spec ?? {}, status: { allocatable: { cpu, memory, pods: '110' }, conditions: [{ type: 'Ready', status: extra.ready ?? 'True' }] } }) as unknown as LiveObject;
  const running = (ns: string, nodeName: string, cpu: string, memory: string, phase = 'Running'): LiveObject =>
    ({ metadata: { name: `p-${Math.random()}`, namespace: ns }, spec: { nodeName, containers: [{ resources: { requests: { cpu, memory } } }] }, status: { phase } }) as unknown as LiveObject;
  const fp = courseFootprint(fakeCourse([{ id: 'a', yaml: deployment('d', 3, { cpu: '100m', memory: '256Mi', strategy: '{ type: Recreate }' }) }]), 'en');

  it('counts each usable node on its own and leaves out tainted, cordoned and unready ones', () => {
    const nodes = [
      node('cp', '8', '16Gi', { spec: { taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }] } }),
      node('w1', '2', '4Gi'),
      node('w2', '1', '8Gi'),
      node('cordoned', '8', '16Gi', { spec: { unschedulable: true } }),
      node('down', '8', '16Gi', { ready: 'False' }),
      node('soft', '1', '1Gi', { spec: { taints: [{ key: 'x', effect: 'PreferNoSchedule' }] } }),
    ];
    const fit = roomFit(nodes, [], fp);
    // w1: min(2000/100, 4Gi/256Mi) = 16; w2: min(10, 32) = 10; soft: min(10, 4) = 4 → 30 slots / 3 pods = 10.
    expect(fit.nodes.map((n) => [n.name, n.excluded ?? 'ok', n.slots])).toEqual([
      ['cp', 'tainted', 0],
      ['w1', 'ok', 16],
      ['w2', 'ok', 10],
      ['cordoned', 'cordoned', 0],
      ['down', 'notReady', 0],
      ['soft', 'ok', 4],
    ]);
    expect(fit.learners).toBe(10);
  });

  it('subtracts what running pods request, except finished pods and the room\'s own namespaces', () => {
    const nodes = [node('w1', '2', '4Gi')];
    const pods = [
      running('kube-system', 'w1', '1', '0'),
      running('old', 'w1', '500m', '1Gi', 'Succeeded'),
      running('learner-01', 'w1', '300m', '768Mi'),
    ];
    expect(roomFit(nodes, pods, fp).nodes[0].slots).toBe(7);
    expect(roomFit(nodes, pods, fp, new Set(['learner-01'])).nodes[0].slots).toBe(10);
    expect(roomFit(nodes, pods, fp, new Set(['learner-01'])).learners).toBe(3);
  });
});

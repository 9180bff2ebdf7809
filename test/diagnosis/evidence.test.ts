/**
 * Evidence, piece by piece: which pods' logs are read, the env a container is given, the objects and
 * events kept, what each kubectl call asks for and the gap it leaves when refused.
 */
import { describe, expect, it } from 'vitest';
import {
  collectEvidence,
  containerEnv,
  eventTime,
  evidenceOf,
  logTargets,
  podsForLogs,
  readLog,
  type ObjectsRead,
} from '../../src/diagnosis/evidence.js';
import type { Container, ContainerState, KubeEvent, LiveObject, Pod } from '../../src/kube/objects.js';
import { KubeError } from '../../src/kube/result.js';
import { fakeKube, pod, workload } from '../fixtures/engine/fake-kube.js';

const running: ContainerState = { running: { startedAt: '2026-03-01T10:00:00Z' } };
const crashLoop: ContainerState = { waiting: { reason: 'CrashLoopBackOff', message: 'back-off 40s restarting failed container=emqx pod=emqx-0_lab(uid)' } };
const creating: ContainerState = { waiting: { reason: 'ContainerCreating' } };
const completed: ContainerState = { terminated: { reason: 'Completed', exitCode: 0 } };

interface C {
  name?: string;
  state: ContainerState;
  restarts?: number;
  ready?: boolean;
}

/** A pod as kubectl prints it, with one status per container; Ready when every container is. */
function podWith(name: string, containers: C[]): Pod {
  const ready = containers.every((c) => c.ready ?? Boolean(c.state.running));
  const statuses = containers.map((c, i) => ({
    name: c.name ?? (i === 0 ? 'emqx' : `c${i}`),
    ready: c.ready ?? Boolean(c.state.running),
    restartCount: c.restarts ?? 0,
    image: 'emqx/emqx:5.8.9',
    state: c.state,
    lastState: (c.restarts ?? 0) > 0 ? { terminated: { reason: 'Error', exitCode: 1 } } : {},
  }));
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'lab', uid: `uid-${name}` },
    spec: { containers: statuses.map((s) => ({ name: s.name, image: 'emqx/emqx:5.8.9' })) },
    status: {
      phase: 'Running',
      conditions: [
        { type: 'PodScheduled', status: 'True' },
        { type: 'Ready', status: ready ? 'True' : 'False' },
      ],
      containerStatuses: statuses,
    },
  };
}

const names = (pods: Pod[]) => pods.map((p) => p.metadata.name);

describe('podsForLogs: which pods say most', () => {
  const crashing = podWith('d-crash', [{ state: crashLoop, restarts: 3 }]); // restarts and not Ready: 3
  const restarted = podWith('c-restarted', [{ state: running, restarts: 1 }]); // restarts, Ready: 2
  const notReady = podWith('b-not-ready', [{ state: running, ready: false }]); // not Ready: 1
  const healthy = podWith('a-healthy', [{ state: running }]); // 0
  const creatingPod = podWith('e-creating', [{ state: creating }]);
  const unscheduled = pod('f-unscheduled', { unschedulable: '0/3 nodes are available: 3 Insufficient cpu.' });

  it('restarts first, then not Ready, then the healthy ones; pods that never started have no log', () => {
    const all = [healthy, creatingPod, notReady, unscheduled, restarted, crashing];
    expect(names(podsForLogs(all, 10))).toEqual(['d-crash', 'c-restarted', 'b-not-ready', 'a-healthy']);
  });

  it('keeps the 3 that say most by default', () => {
    expect(names(podsForLogs([healthy, notReady, restarted, crashing]))).toEqual(['d-crash', 'c-restarted', 'b-not-ready']);
    expect(names(podsForLogs([healthy, notReady, restarted, crashing], 1))).toEqual(['d-crash']);
  });

  it('restarts of several containers add up; one restart is enough', () => {
    const twoContainers = podWith('z-two', [{ state: running, restarts: 1 }, { state: running, restarts: 2 }]);
    expect(names(podsForLogs([notReady, twoContainers], 10))).toEqual(['z-two', 'b-not-ready']);
    const once = podWith('z-once', [{ state: running, restarts: 1 }]);
    expect(names(podsForLogs([notReady, once], 10))).toEqual(['z-once', 'b-not-ready']);
  });

  it('a restarted pod that is Ready still comes before one that is not Ready', () => {
    expect(names(podsForLogs([notReady, restarted], 10))).toEqual(['c-restarted', 'b-not-ready']);
    expect(names(podsForLogs([crashing, restarted], 10))).toEqual(['d-crash', 'c-restarted']);
  });

  it('a not-Ready pod without restarts comes before a healthy one', () => {
    expect(names(podsForLogs([healthy, notReady], 10))).toEqual(['b-not-ready', 'a-healthy']);
    expect(names(podsForLogs([notReady, healthy], 10))).toEqual(['b-not-ready', 'a-healthy']);
  });

  it('between pods that say as much, by name', () => {
    const pods = ['emqx-2', 'emqx-0', 'emqx-1'].map((n) => podWith(n, [{ state: running }]));
    expect(names(podsForLogs(pods, 10))).toEqual(['emqx-0', 'emqx-1', 'emqx-2']);
    const crash = ['emqx-1', 'emqx-0'].map((n) => podWith(n, [{ state: crashLoop, restarts: 2 }]));
    expect(names(podsForLogs([...crash, podWith('a', [{ state: running }])], 10))).toEqual(['emqx-0', 'emqx-1', 'a']);
  });

  it('a pod counts as started when ANY of its containers ran (a sidecar still creating does not hide it)', () => {
    const withSidecar = podWith('emqx-0', [{ state: running }, { name: 'sidecar', state: creating }]);
    expect(names(podsForLogs([withSidecar], 10))).toEqual(['emqx-0']);
  });

  it('started: running, terminated, or restarted at least once; a container still waiting for its first run is not', () => {
    expect(names(podsForLogs([podWith('done', [{ state: completed }])], 10))).toEqual(['done']);
    expect(names(podsForLogs([podWith('crash', [{ state: crashLoop, restarts: 1 }])], 10))).toEqual(['crash']);
    expect(names(podsForLogs([podWith('pulling', [{ state: { waiting: { reason: 'ImagePullBackOff' } }, restarts: 0 }])], 10))).toEqual([]);
    expect(podsForLogs([pod('p', { unschedulable: 'no nodes' })], 10)).toEqual([]);
  });
});

describe('logTargets', () => {
  it('the current container when it runs or ran, the previous one after a restart', () => {
    const pods = [
      podWith('emqx-0', [{ state: running, restarts: 2 }]),
      podWith('emqx-1', [{ state: crashLoop, restarts: 5 }]),
      podWith('emqx-2', [{ state: creating }]),
    ];
    expect(logTargets(pods)).toEqual([
      { pod: 'emqx-1', container: 'emqx', previous: true, restarts: 5 },
      { pod: 'emqx-0', container: 'emqx', previous: false, restarts: 2 },
      { pod: 'emqx-0', container: 'emqx', previous: true, restarts: 2 },
    ]);
  });
});

describe('containerEnv', () => {
  const configMaps = new Map<string, Record<string, string>>([
    ['emqx-env', { EMQX_CLUSTER__DISCOVERY_STRATEGY: 'k8s', EMQX_CLUSTER__K8S__ADDRESS_TYPE: 'hostname' }],
    ['emqx-extra', { NODE_NAME: 'emqx@x' }],
  ]);
  const secretKeys = new Map<string, string[]>([['emqx-secret', ['DASHBOARD__DEFAULT_PASSWORD']]]);

  it('envFrom: ConfigMap values and Secret key names, with the prefix', () => {
    const c: Container = {
      name: 'emqx',
      envFrom: [{ configMapRef: { name: 'emqx-env' } }, { prefix: 'EMQX_', secretRef: { name: 'emqx-secret' } }],
    };
    expect(containerEnv('pod/emqx-0', c, configMaps, secretKeys)).toEqual([
      { owner: 'pod/emqx-0', container: 'emqx', name: 'EMQX_CLUSTER__DISCOVERY_STRATEGY', value: 'k8s', source: 'configMap' },
      { owner: 'pod/emqx-0', container: 'emqx', name: 'EMQX_CLUSTER__K8S__ADDRESS_TYPE', value: 'hostname', source: 'configMap' },
      { owner: 'pod/emqx-0', container: 'emqx', name: 'EMQX_DASHBOARD__DEFAULT_PASSWORD', source: 'secret' },
    ]);
  });

  it('envFrom a ConfigMap or Secret that could not be read (or does not exist) adds nothing', () => {
    const c: Container = { name: 'emqx', envFrom: [{ configMapRef: { name: 'missing' } }, { secretRef: { name: 'forbidden' } }] };
    expect(containerEnv('pod/emqx-0', c, configMaps, secretKeys)).toEqual([]);
  });

  it('env: plain values, ConfigMap keys, Secret keys (never their value) and fields set at run time', () => {
    const c: Container = {
      name: 'emqx',
      env: [
        { name: 'EMQX_NODE__COOKIE', value: 'emqxsecretcookie' },
        { name: 'EMQX_LOG__CONSOLE__LEVEL' },
        { name: 'EMQX_DASHBOARD__DEFAULT_PASSWORD', valueFrom: { secretKeyRef: { name: 'emqx-secret', key: 'DASHBOARD__DEFAULT_PASSWORD' } } },
        { name: 'EMQX_CLUSTER__K8S__ADDRESS_TYPE', valueFrom: { configMapKeyRef: { name: 'emqx-env', key: 'EMQX_CLUSTER__K8S__ADDRESS_TYPE' } } },
        { name: 'EMQX_CLUSTER__K8S__NAMESPACE', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } },
        { name: 'EMQX_MISSING', valueFrom: { configMapKeyRef: { name: 'emqx-env', key: 'NOT_THERE' } } },
      ],
    };
    expect(containerEnv('StatefulSet/emqx', c, configMaps, secretKeys)).toEqual([
      { owner: 'StatefulSet/emqx', container: 'emqx', name: 'EMQX_NODE__COOKIE', value: 'emqxsecretcookie', source: 'env' },
      { owner: 'StatefulSet/emqx', container: 'emqx', name: 'EMQX_LOG__CONSOLE__LEVEL', value: '', source: 'env' },
      { owner: 'StatefulSet/emqx', container: 'emqx', name: 'EMQX_DASHBOARD__DEFAULT_PASSWORD', source: 'secret' },
      { owner: 'StatefulSet/emqx', container: 'emqx', name: 'EMQX_CLUSTER__K8S__ADDRESS_TYPE', value: 'hostname', source: 'configMap' },
      { owner: 'StatefulSet/emqx', container: 'emqx', name: 'EMQX_CLUSTER__K8S__NAMESPACE', source: 'field' },
      { owner: 'StatefulSet/emqx', container: 'emqx', name: 'EMQX_MISSING', value: undefined, source: 'configMap' },
    ]);
    const secret = containerEnv('StatefulSet/emqx', c, configMaps, secretKeys)[2];
    expect('value' in secret).toBe(false);
  });
});

describe('evidenceOf', () => {
  const read = (r: Partial<ObjectsRead>): ObjectsRead => ({ events: [], config: [], ...r });

  it('pods sorted by name, with the env of each container and of the workloads\' templates', () => {
    const sts: LiveObject = {
      ...workload('StatefulSet', 'emqx', { replicas: 2 }),
      spec: { replicas: 2, template: { spec: { containers: [{ name: 'emqx', env: [{ name: 'EMQX_NODE__COOKIE', value: 'c' }] }] } } },
    };
    const ev = evidenceOf(read({ running: [pod('emqx-1'), sts, pod('emqx-0', { env: [{ name: 'A', value: '1' }] })] }), [], []);
    expect(names(ev.pods)).toEqual(['emqx-0', 'emqx-1']);
    expect(ev.env).toEqual([
      { owner: 'pod/emqx-0', container: 'emqx', name: 'A', value: '1', source: 'env' },
      { owner: 'StatefulSet/emqx', container: 'emqx', name: 'EMQX_NODE__COOKIE', value: 'c', source: 'env' },
    ]);
    expect(ev.nothingRuns).toBe(false);
  });

  it('ConfigMaps, Secrets and PVCs each go where they belong, never into one another', () => {
    const c: Container = {
      name: 'emqx',
      // A ConfigMap that is not there but a Secret of that name is, and the other way round.
      envFrom: [{ configMapRef: { name: 'emqx-secret' } }, { secretRef: { name: 'emqx-env' } }, { configMapRef: { name: 'data-emqx-0' } }],
    };
    const p: Pod = { ...pod('emqx-0'), spec: { containers: [c] } };
    const config: LiveObject[] = [
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'emqx-env', uid: 'cm' }, data: { EMQX_CLUSTER__DISCOVERY_STRATEGY: 'k8s' } },
      { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'emqx-secret', uid: 's' }, type: 'Opaque', data: { PASSWORD: 'c2VjcmV0' } },
      { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'data-emqx-0', uid: 'pvc0' }, status: { phase: 'Bound' } },
      { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'data-emqx-1', uid: 'pvc1' } },
    ];
    const ev = evidenceOf(read({ running: [p], config }), [], []);
    expect(ev.env).toEqual([]);
    expect(ev.pvcs).toEqual([
      { name: 'data-emqx-0', phase: 'Bound' },
      { name: 'data-emqx-1', phase: 'Pending' },
    ]);
    expect(JSON.stringify(ev)).not.toContain('c2VjcmV0');
  });

  it('a Secret gives the names of its data and stringData keys', () => {
    const c: Container = { name: 'emqx', envFrom: [{ secretRef: { name: 'emqx-secret' } }] };
    const p: Pod = { ...pod('emqx-0'), spec: { containers: [c] } };
    const secret: LiveObject = { kind: 'Secret', metadata: { name: 'emqx-secret' }, data: { A: 'YQ==' }, stringData: { B: 'b' } };
    expect(evidenceOf(read({ running: [p], config: [secret] }), [], []).env.map((e) => [e.name, e.source, e.value])).toEqual([
      ['A', 'secret', undefined],
      ['B', 'secret', undefined],
    ]);
  });

  it('StorageClasses: default by either annotation, only when it says "true"', () => {
    const sc = (name: string, annotations?: Record<string, string>): LiveObject => ({ apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name, ...(annotations ? { annotations } : {}) } });
    const ev = evidenceOf(
      read({
        classes: [
          sc('standard', { 'storageclass.kubernetes.io/is-default-class': 'true' }),
          sc('legacy', { 'storageclass.beta.kubernetes.io/is-default-class': 'true' }),
          sc('slow', { 'storageclass.kubernetes.io/is-default-class': 'false' }),
          sc('fast'),
        ],
      }),
      [],
      [],
    );
    expect(ev.storageClasses).toEqual([
      { name: 'standard', isDefault: true },
      { name: 'legacy', isDefault: true },
      { name: 'slow', isDefault: false },
      { name: 'fast', isDefault: false },
    ]);
    expect(evidenceOf(read({}), [], []).storageClasses).toBeUndefined();
  });

  it('the namespace phase, the apply error and the gaps are passed on', () => {
    const ev = evidenceOf(read({ running: [], namespace: { kind: 'Namespace', metadata: { name: 'lab' }, status: { phase: 'Terminating' } } }), [], ['secrets: forbidden'], 'error: x');
    expect([ev.namespacePhase, ev.applyError, ev.gaps, ev.nothingRuns]).toEqual(['Terminating', 'error: x', ['secrets: forbidden'], true]);
  });

  it('events: in time order, without the lab\'s own progress ConfigMap', () => {
    const e = (name: string, at: string, involvedObject: KubeEvent['involvedObject']): KubeEvent => ({
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name, namespace: 'lab' },
      involvedObject,
      reason: 'R',
      message: name,
      lastTimestamp: at,
    });
    const events = [
      e('late', '2026-03-01T10:00:09Z', { kind: 'Pod', name: 'emqx-0' }),
      e('progress', '2026-03-01T10:00:05Z', { kind: 'ConfigMap', name: 'emqx-lab-progress' }),
      e('early', '2026-03-01T10:00:01Z', { kind: 'Pod', name: 'emqx-0' }),
      e('middle', '2026-03-01T10:00:03Z', { kind: 'StatefulSet', name: 'emqx' }),
    ];
    expect(evidenceOf(read({ events }), [], []).events.map((x) => x.metadata.name)).toEqual(['early', 'middle', 'late']);
  });
});

describe('eventTime', () => {
  const meta = { name: 'e', creationTimestamp: '2026-03-01T10:00:00Z' };
  it.each([
    ['lastTimestamp first', { metadata: meta, lastTimestamp: '2026-03-01T10:00:03Z', eventTime: '2026-03-01T10:00:02.000000Z', firstTimestamp: '2026-03-01T10:00:01Z' }, '2026-03-01T10:00:03Z'],
    ['then eventTime (events.k8s.io)', { metadata: meta, eventTime: '2026-03-01T10:00:02.000000Z', firstTimestamp: '2026-03-01T10:00:01Z' }, '2026-03-01T10:00:02.000000Z'],
    ['then firstTimestamp', { metadata: meta, firstTimestamp: '2026-03-01T10:00:01Z' }, '2026-03-01T10:00:01Z'],
    ['then the object\'s creation', { metadata: meta }, '2026-03-01T10:00:00Z'],
    ['none at all', { metadata: { name: 'e' } }, ''],
  ] as const)('%s', (_n, e, t) => expect(eventTime(e as KubeEvent)).toBe(t));
});

describe('readLog', () => {
  it('keeps the non-blank lines, and asks for the tail of the right container', async () => {
    const kube = fakeKube({ logs: async () => '2026-03-01T10:00:00Z [info] starting\n\n   \n\t\n2026-03-01T10:00:01Z [error] crashed\n' });
    const gaps: string[] = [];
    expect(await readLog(kube, gaps, { pod: 'emqx-0', container: 'emqx', previous: true })).toEqual({
      pod: 'emqx-0',
      container: 'emqx',
      previous: true,
      lines: ['2026-03-01T10:00:00Z [info] starting', '2026-03-01T10:00:01Z [error] crashed'],
    });
    expect(kube.log[0].args).toEqual(['emqx-0', { container: 'emqx', tail: 200, previous: true }]);
    expect(gaps).toEqual([]);
  });

  it('a log that cannot be read is a gap named after the pod', async () => {
    const kube = fakeKube({ logs: async () => Promise.reject(new KubeError('invalid', 'Error from server (BadRequest): previous terminated container "emqx" in pod "emqx-0" not found', [])) });
    const gaps: string[] = [];
    expect(await readLog(kube, gaps, { pod: 'emqx-0', container: 'emqx', previous: true })).toBeUndefined();
    expect(gaps).toEqual(['logs emqx-0: Error from server (BadRequest): previous terminated container "emqx" in pod "emqx-0" not found']);
  });
});

describe('collectEvidence', () => {
  const forbidden = (what: string) => new KubeError('forbidden', `Error from server (Forbidden): ${what} is forbidden`, []);

  it('asks kubectl for each part once, with the right kinds', async () => {
    const kube = fakeKube({ list: async () => [], get: async () => undefined });
    await collectEvidence(kube);
    expect(kube.log.filter((l) => l.method === 'list').map((l) => l.args[0])).toEqual([
      ['Pod', 'Deployment', 'StatefulSet'],
      'Event',
      ['PersistentVolumeClaim', 'ConfigMap'],
      'Secret',
      'StorageClass',
    ]);
    expect(kube.log.filter((l) => l.method === 'get').map((l) => l.args)).toEqual([['Namespace', 'lab']]);
  });

  it('each refused part is a gap named after it', async () => {
    const kube = fakeKube({
      list: async (kinds) => {
        const k = Array.isArray(kinds) ? kinds : [kinds];
        if (k.includes('Pod')) throw forbidden('pods');
        if (k.includes('Event')) throw forbidden('events');
        if (k.includes('ConfigMap')) throw forbidden('configmaps');
        if (k.includes('Secret')) throw forbidden('secrets');
        throw forbidden('storageclasses.storage.k8s.io');
      },
      get: async () => Promise.reject(forbidden('namespaces "lab"')),
    });
    const ev = await collectEvidence(kube);
    expect([...ev.gaps].sort()).toEqual([
      'configmaps: Error from server (Forbidden): configmaps is forbidden',
      'events: Error from server (Forbidden): events is forbidden',
      'namespace: Error from server (Forbidden): namespaces "lab" is forbidden',
      'pods: Error from server (Forbidden): pods is forbidden',
      'secrets: Error from server (Forbidden): secrets is forbidden',
      'storageclasses: Error from server (Forbidden): storageclasses.storage.k8s.io is forbidden',
    ]);
    expect([ev.pods, ev.events, ev.pvcs, ev.env, ev.logs, ev.storageClasses, ev.namespacePhase, ev.nothingRuns]).toEqual([[], [], [], [], [], undefined, undefined, undefined]);
  });

  /** A namespace as kubectl shows it: each list answers the kinds it was asked for. */
  function cluster(objects: LiveObject[], events: KubeEvent[], logs: Record<string, string> = {}) {
    return fakeKube({
      list: async (kinds) => {
        const k = Array.isArray(kinds) ? kinds : [kinds];
        return [...objects, ...events].filter((o) => k.includes(o.kind ?? ''));
      },
      get: async (kind, name) => ({ apiVersion: 'v1', kind, metadata: { name }, status: { phase: 'Active' } }),
      logs: async (p, o = {}) => {
        const text = logs[`${p}/${o.container}${o.previous ? '/previous' : ''}`];
        if (text === undefined) throw new KubeError('invalid', `Error from server (BadRequest): container "${o.container}" in pod "${p}" is waiting to start`, []);
        return text;
      },
    });
  }

  const ev = (name: string, kind: string, objName: string, uid: string | undefined, at: string): KubeEvent => ({
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name, namespace: 'lab', creationTimestamp: at },
    involvedObject: { kind, name: objName, ...(uid ? { uid } : {}) },
    reason: 'Reason',
    message: name,
    lastTimestamp: at,
  });
  const sts = { ...workload('StatefulSet', 'emqx', { replicas: 1 }), metadata: { name: 'emqx', uid: 'uid-sts-now' } };
  const objects: LiveObject[] = [
    podWith('emqx-0', [{ state: running, restarts: 2 }]),
    sts,
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'emqx-env', uid: 'uid-cm-now' }, data: {} },
    { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'data-emqx-0', uid: 'uid-pvc-now' }, status: { phase: 'Bound' } },
  ];
  const events = [
    ev('pod-live', 'Pod', 'emqx-0', 'uid-emqx-0', '2026-03-01T10:00:01Z'),
    ev('pod-gone', 'Pod', 'emqx-old', 'uid-emqx-old', '2026-03-01T10:00:02Z'),
    ev('sts-live', 'StatefulSet', 'emqx', 'uid-sts-now', '2026-03-01T10:00:03Z'),
    ev('sts-gone', 'StatefulSet', 'emqx', 'uid-sts-before', '2026-03-01T10:00:04Z'),
    ev('deploy-gone', 'Deployment', 'emqx', 'uid-deploy-before', '2026-03-01T10:00:05Z'),
    ev('pvc-live', 'PersistentVolumeClaim', 'data-emqx-0', 'uid-pvc-now', '2026-03-01T10:00:06Z'),
    ev('pvc-gone', 'PersistentVolumeClaim', 'data-emqx-0', 'uid-pvc-before', '2026-03-01T10:00:07Z'),
    ev('cm-live', 'ConfigMap', 'emqx-env', 'uid-cm-now', '2026-03-01T10:00:08Z'),
    ev('cm-gone', 'ConfigMap', 'emqx-env', 'uid-cm-before', '2026-03-01T10:00:09Z'),
    ev('svc', 'Service', 'emqx-headless', 'uid-svc', '2026-03-01T10:00:10Z'),
    ev('progress', 'ConfigMap', 'emqx-lab-progress', undefined, '2026-03-01T10:00:11Z'),
  ];

  it('events about objects that are gone are history: dropped for every kind read in full', async () => {
    const e = await collectEvidence(cluster(objects, events, { 'emqx-0/emqx': 'up\n', 'emqx-0/emqx/previous': 'down\n' }));
    expect(e.events.map((x) => x.metadata.name)).toEqual(['pod-live', 'sts-live', 'pvc-live', 'cm-live', 'svc']);
  });

  it('when pods and workloads could not be read, events about them are all kept', async () => {
    const kube = cluster(objects, events);
    const list = kube.list;
    (kube as { list: typeof list }).list = async (kinds, o) => {
      if (Array.isArray(kinds) && kinds.includes('Pod')) throw forbidden('pods');
      return list(kinds, o);
    };
    const e = await collectEvidence(kube);
    expect(e.events.map((x) => x.metadata.name)).toEqual(['pod-live', 'pod-gone', 'sts-live', 'sts-gone', 'deploy-gone', 'pvc-live', 'cm-live', 'svc']);
  });

  it('when ConfigMaps and PVCs could not be read, events about them are all kept', async () => {
    const kube = cluster(objects, events, { 'emqx-0/emqx': 'up\n', 'emqx-0/emqx/previous': 'down\n' });
    const list = kube.list;
    (kube as { list: typeof list }).list = async (kinds, o) => {
      if (Array.isArray(kinds) && kinds.includes('ConfigMap')) throw forbidden('configmaps');
      return list(kinds, o);
    };
    const e = await collectEvidence(kube);
    expect(e.events.map((x) => x.metadata.name)).toEqual(['pod-live', 'sts-live', 'pvc-live', 'pvc-gone', 'cm-live', 'cm-gone', 'svc']);
  });

  it('logs of the current and previous containers; one that cannot be read is a gap, not an empty entry', async () => {
    const e = await collectEvidence(cluster(objects, [], { 'emqx-0/emqx/previous': 'boot\n[error] crash\n' }));
    expect(e.logs).toEqual([{ pod: 'emqx-0', container: 'emqx', previous: true, lines: ['boot', '[error] crash'] }]);
    expect(e.gaps).toEqual(['logs emqx-0: Error from server (BadRequest): container "emqx" in pod "emqx-0" is waiting to start']);
    expect([e.namespacePhase, e.nothingRuns, e.pvcs]).toEqual(['Active', false, [{ name: 'data-emqx-0', phase: 'Bound' }]]);
  });
});

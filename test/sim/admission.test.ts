import { describe, expect, it } from 'vitest';
import { apply, cluster, eventText, namespace, pass, pods, ready, until } from './helpers.js';

const pod = (name: string, resources = '') => `apiVersion: v1
kind: Pod
metadata: {name: ${name}}
spec:
  containers:
  - name: main
    image: busybox:1.36
    command: [sleep, infinity]
${resources}`;

const QUOTA = `apiVersion: v1
kind: ResourceQuota
metadata: {name: room}
spec:
  hard: {pods: "2", requests.cpu: "1", requests.memory: 1Gi, limits.cpu: "2", limits.memory: 2Gi}
`;
const LIMITS = `apiVersion: v1
kind: LimitRange
metadata: {name: defaults}
spec:
  limits:
  - type: Container
    default: {cpu: 500m, memory: 512Mi}
    defaultRequest: {cpu: 250m, memory: 256Mi}
`;

describe('ResourceQuota, LimitRange, DaemonSet', () => {
  it('without defaults, a pod that declares no resources is refused by the quota', async () => {
    const w = await cluster();
    namespace(w);
    apply(w, QUOTA);
    const r = apply(w, pod('a'));
    expect(r.errors).toEqual(['Error from server (Forbidden): error when creating "test.yaml": pods "a" is forbidden: failed quota: room: must specify limits.cpu for: main; limits.memory for: main; requests.cpu for: main; requests.memory for: main']);
  });

  it('LimitRange fills in resources; the quota counts them and refuses what exceeds it', async () => {
    const w = await cluster();
    namespace(w);
    apply(w, QUOTA + '---\n' + LIMITS);
    expect(apply(w, pod('a')).lines).toEqual(['pod/a created']);
    const a = w.get('pods', 'lab', 'a')!;
    expect(a.spec.containers[0].resources).toEqual({ limits: { cpu: '500m', memory: '512Mi' }, requests: { cpu: '250m', memory: '256Mi' } });
    expect(a.metadata.annotations!['kubernetes.io/limit-ranger']).toBe('LimitRanger plugin set: cpu, memory request for container main; cpu, memory limit for container main');
    pass(w, 1);
    expect(w.get('resourcequotas', 'lab', 'room')!.status.used).toEqual({ pods: '1', 'requests.cpu': '250m', 'requests.memory': '256Mi', 'limits.cpu': '500m', 'limits.memory': '512Mi' });
    const big = apply(w, pod('b', '    resources:\n      requests: {cpu: "1", memory: 128Mi}\n      limits: {cpu: "1", memory: 128Mi}\n'));
    expect(big.errors).toEqual(['Error from server (Forbidden): error when creating "test.yaml": pods "b" is forbidden: exceeded quota: room, requested: requests.cpu=1, used: requests.cpu=250m, limited: requests.cpu=1']);
    apply(w, pod('c'));
    const third = apply(w, pod('d'));
    expect(third.errors[0]).toContain('exceeded quota: room, requested: pods=1, used: pods=2, limited: pods=2');
  });

  it('LimitRange defaults init containers too; quota and QoS count them (biggest init container vs the sum)', async () => {
    const w = await cluster();
    namespace(w);
    apply(w, QUOTA + '---\n' + LIMITS);
    const withInit = (name: string, initResources = '') => `apiVersion: v1
kind: Pod
metadata: {name: ${name}}
spec:
  initContainers:
  - name: setup
    image: busybox:1.36
    command: ["true"]
${initResources}  containers:
  - name: main
    image: busybox:1.36
    command: [sleep, infinity]
`;
    expect(apply(w, withInit('a')).lines).toEqual(['pod/a created']);
    const a = w.get('pods', 'lab', 'a')!;
    expect(a.spec.initContainers[0].resources).toEqual({ limits: { cpu: '500m', memory: '512Mi' }, requests: { cpu: '250m', memory: '256Mi' } });
    expect(a.metadata.annotations!['kubernetes.io/limit-ranger']).toBe(
      'LimitRanger plugin set: cpu, memory request for container main; cpu, memory limit for container main; cpu, memory request for init container setup; cpu, memory limit for init container setup',
    );
    expect(a.status.qosClass).toBe('Burstable');
    // An init container runs alone: the pod counts max(sum of containers, biggest init container).
    const big = '    resources:\n      requests: {cpu: 600m, memory: 300Mi}\n      limits: {cpu: "1", memory: 600Mi}\n';
    expect(apply(w, withInit('b', big)).lines).toEqual(['pod/b created']);
    const b = w.get('pods', 'lab', 'b')!;
    expect(b.spec.initContainers[0].resources).toEqual({ limits: { cpu: '1', memory: '600Mi' }, requests: { cpu: '600m', memory: '300Mi' } });
    expect(b.metadata.annotations!['kubernetes.io/limit-ranger']).toBe('LimitRanger plugin set: cpu, memory request for container main; cpu, memory limit for container main');
    pass(w, 1);
    expect(w.get('resourcequotas', 'lab', 'room')!.status.used).toEqual({ pods: '2', 'requests.cpu': '850m', 'requests.memory': '556Mi', 'limits.cpu': '1500m', 'limits.memory': '1112Mi' });
    const third = apply(w, withInit('c', big));
    expect(third.errors).toEqual(['Error from server (Forbidden): error when creating "test.yaml": pods "c" is forbidden: exceeded quota: room, requested: limits.cpu=1,pods=1,requests.cpu=600m, used: limits.cpu=1500m,pods=2,requests.cpu=850m, limited: limits.cpu=2,pods=2,requests.cpu=1']);
  });

  it('without defaults, an init container without resources fails the quota; a LimitRange is stored defaulted', async () => {
    const w = await cluster();
    namespace(w);
    apply(w, QUOTA);
    const r = apply(w, `apiVersion: v1
kind: Pod
metadata: {name: a}
spec:
  initContainers: [{name: setup, image: busybox:1.36, command: ["true"]}, {name: fetch, image: busybox:1.36, command: ["true"]}]
  containers:
  - name: main
    image: busybox:1.36
    resources: {limits: {cpu: 100m, memory: 64Mi}}
`);
    expect(r.errors).toEqual(['Error from server (Forbidden): error when creating "test.yaml": pods "a" is forbidden: failed quota: room: must specify limits.cpu for: fetch,setup; limits.memory for: fetch,setup; requests.cpu for: fetch,setup; requests.memory for: fetch,setup']);
    apply(w, `apiVersion: v1
kind: LimitRange
metadata: {name: caps}
spec:
  limits:
  - type: Container
    max: {cpu: "1", memory: 1Gi}
    default: {memory: 256Mi}
    min: {cpu: 10m, ephemeral-storage: 100Mi}
`);
    // SetDefaults_LimitRangeItem, in its order: default limit from max, default request from the default
    // limit, and only then from min.
    expect(w.get('limitranges', 'lab', 'caps')!.spec.limits[0]).toEqual({
      type: 'Container',
      max: { cpu: '1', memory: '1Gi' },
      min: { cpu: '10m', 'ephemeral-storage': '100Mi' },
      default: { cpu: '1', memory: '256Mi' },
      defaultRequest: { cpu: '1', memory: '256Mi', 'ephemeral-storage': '100Mi' },
    });
  });

  it('object counts and PVC storage are quota-tracked too', async () => {
    const w = await cluster();
    namespace(w);
    apply(w, 'apiVersion: v1\nkind: ResourceQuota\nmetadata: {name: room}\nspec:\n  hard: {persistentvolumeclaims: "2", requests.storage: 1Gi, count/configmaps: "2"}\n');
    const pvc = (n: string, size: string) => `apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata: {name: ${n}}\nspec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: ${size}}}}\n`;
    expect(apply(w, pvc('a', '600Mi')).lines).toEqual(['persistentvolumeclaim/a created']);
    expect(apply(w, pvc('b', '600Mi')).errors).toEqual(['Error from server (Forbidden): error when creating "test.yaml": persistentvolumeclaims "b" is forbidden: exceeded quota: room, requested: requests.storage=600Mi, used: requests.storage=600Mi, limited: requests.storage=1Gi']);
    pass(w, 1);
    expect(w.get('resourcequotas', 'lab', 'room')!.status.used).toEqual({ persistentvolumeclaims: '1', 'requests.storage': '600Mi', 'count/configmaps': '1' });
    expect(apply(w, 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c1}\n').lines).toEqual(['configmap/c1 created']);
    expect(apply(w, 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c2}\n').errors[0]).toContain('configmaps "c2" is forbidden: exceeded quota: room, requested: count/configmaps=1, used: count/configmaps=2, limited: count/configmaps=2');
  });

  it('a ReplicaSet refused by the quota records FailedCreate events', async () => {
    const w = await cluster();
    namespace(w);
    apply(w, QUOTA);
    apply(w, `apiVersion: apps/v1
kind: Deployment
metadata: {name: d}
spec:
  replicas: 1
  selector: {matchLabels: {app: d}}
  template:
    metadata: {labels: {app: d}}
    spec: {containers: [{name: main, image: busybox:1.36, command: [sleep, infinity]}]}
`);
    pass(w, 1);
    expect(pods(w)).toHaveLength(0);
    // Validating admission (ResourceQuota) sees the generated name (apiserver registry/rest/create.go AdmissionToValidateObjectFunc).
    expect(eventText(w)).toMatch(/FailedCreate: Error creating: pods "d-[a-z0-9]+-[a-z0-9]{5}" is forbidden: failed quota: room: must specify/);
  });

  it('a DaemonSet runs one pod on every node it tolerates, and pulling makes the image present on each', async () => {
    const w = await cluster();
    namespace(w);
    apply(w, `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: prepull}
spec:
  selector: {matchLabels: {app: prepull}}
  template:
    metadata: {labels: {app: prepull}}
    spec:
      tolerations: [{operator: Exists}]
      initContainers: [{name: pull, image: "emqx/emqx:5.8.9", command: ["true"]}]
      containers: [{name: pause, image: "registry.k8s.io/pause:3.10"}]
`);
    until(w, () => pods(w).length === 3 && pods(w).every(ready), 120);
    expect(new Set(pods(w).map((p) => p.spec.nodeName)).size).toBe(3);
    for (const n of w.list('nodes')) expect(n.status.images.flatMap((i: { names: string[] }) => i.names)).toContain('docker.io/emqx/emqx:5.8.9');
    expect(w.get('daemonsets', 'lab', 'prepull')!.status).toMatchObject({ desiredNumberScheduled: 3, numberReady: 3 });
  });

  it('without a toleration the control-plane taint keeps DaemonSet pods off that node', async () => {
    const w = await cluster();
    namespace(w);
    apply(w, `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: agent}
spec:
  selector: {matchLabels: {app: agent}}
  template:
    metadata: {labels: {app: agent}}
    spec: {containers: [{name: pause, image: "registry.k8s.io/pause:3.10"}]}
`);
    pass(w, 5);
    expect(pods(w)).toHaveLength(2);
    expect(pods(w).map((p) => p.spec.nodeName)).not.toContain('emqx-lab-control-plane');
  });
});

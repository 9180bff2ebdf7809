/**
 * A fresh simulated cluster, shaped like a three-node kind cluster named emqx-lab: one control plane (tainted,
 * as kind does), two workers, the `standard` StorageClass (rancher local-path, WaitForFirstConsumer), the
 * built-in namespaces, ClusterRoles and bindings, and the kubernetes and kube-dns Services.
 */
import { randomBytes } from 'node:crypto';
import { World } from '../api/world.js';
import { CLUSTER } from './cluster.js';
import type { Obj, SimState } from './types.js';
import { builtinRbac } from './init-rbac.js';
import { SYSTEM_IMAGES, systemPods } from './init-system.js';

export { CLUSTER };

/** How long before "now" the fresh cluster was created: its system pods are up and their events expired. */
const AGE_MS = 65 * 60 * 1000;

export function freshState(wallNow: number, speed: number): SimState {
  const start = wallNow - AGE_MS;
  const s: SimState = {
    format: 1,
    clock: { wall: wallNow, sim: wallNow, speed },
    now: start,
    rv: 1000,
    objs: {},
    timers: {},
    rt: { pods: {}, nodes: {}, emqx: {}, vols: {}, logs: {}, ipNext: {}, svcNext: 2, seq: 0, memo: {} },
    key: randomBytes(32).toString('hex'),
  };
  const w = new World(s, start);
  for (const n of CLUSTER.nodes) {
    w.create(nodeObj(n));
    s.rt.nodes[n.name] = { images: Object.fromEntries(SYSTEM_IMAGES.map((i) => [i, start])), pullBusyUntil: start };
  }
  for (const ns of ['default', 'kube-node-lease', 'kube-public', 'kube-system', 'local-path-storage']) {
    w.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns, labels: { 'kubernetes.io/metadata.name': ns } }, spec: { finalizers: ['kubernetes'] }, status: { phase: 'Active' } });
  }
  w.create({
    apiVersion: 'storage.k8s.io/v1',
    kind: 'StorageClass',
    metadata: { name: 'standard', annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } },
    provisioner: 'rancher.io/local-path',
    reclaimPolicy: 'Delete',
    volumeBindingMode: 'WaitForFirstConsumer',
  });
  for (const o of builtinRbac()) w.create(o);
  w.create(service('kubernetes', 'default', '10.96.0.1', [{ name: 'https', port: 443, protocol: 'TCP', targetPort: 6443 }], undefined, { component: 'apiserver', provider: 'kubernetes' }));
  w.create({
    apiVersion: 'v1',
    kind: 'Endpoints',
    metadata: { name: 'kubernetes', namespace: 'default', labels: { 'endpointslice.kubernetes.io/skip-mirror': 'true' } },
    subsets: [{ addresses: [{ ip: CLUSTER.nodes[0].ip }], ports: [{ name: 'https', port: 6443, protocol: 'TCP' }] }],
  });
  w.create(service('kube-dns', 'kube-system', '10.96.0.10', [
    { name: 'dns', port: 53, protocol: 'UDP', targetPort: 53 },
    { name: 'dns-tcp', port: 53, protocol: 'TCP', targetPort: 53 },
    { name: 'metrics', port: 9153, protocol: 'TCP', targetPort: 9153 },
  ], { 'k8s-app': 'kube-dns' }, { 'k8s-app': 'kube-dns', 'kubernetes.io/name': 'CoreDNS' }));
  for (const p of systemPods(CLUSTER.nodes.map((n) => n.name))) w.create(p);
  return s;
}

function nodeObj(n: (typeof CLUSTER.nodes)[number]): Obj {
  const labels: Record<string, string> = {
    'beta.kubernetes.io/arch': 'amd64',
    'beta.kubernetes.io/os': 'linux',
    'kubernetes.io/arch': 'amd64',
    'kubernetes.io/hostname': n.name,
    'kubernetes.io/os': 'linux',
  };
  if (n.controlPlane) {
    labels['node-role.kubernetes.io/control-plane'] = '';
    labels['node.kubernetes.io/exclude-from-external-load-balancers'] = '';
  }
  const res = { cpu: CLUSTER.cpu, 'ephemeral-storage': '102625208Ki', 'hugepages-1Gi': '0', 'hugepages-2Mi': '0', memory: CLUSTER.memory, pods: '110' };
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name: n.name,
      labels,
      annotations: {
        'kubeadm.alpha.kubernetes.io/cri-socket': 'unix:///run/containerd/containerd.sock',
        'node.alpha.kubernetes.io/ttl': '0',
        'volumes.kubernetes.io/controller-managed-attach-detach': 'true',
      },
    },
    spec: {
      podCIDR: n.cidr,
      podCIDRs: [n.cidr],
      providerID: `kind://docker/emqx-lab/${n.name}`,
      ...(n.controlPlane ? { taints: [{ effect: 'NoSchedule', key: 'node-role.kubernetes.io/control-plane' }] } : {}),
    },
    status: {
      addresses: [{ address: n.ip, type: 'InternalIP' }, { address: n.name, type: 'Hostname' }],
      allocatable: res,
      capacity: res,
      conditions: [
        ['MemoryPressure', 'False', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available'],
        ['DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'],
        ['PIDPressure', 'False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'],
        ['Ready', 'True', 'KubeletReady', 'kubelet is posting ready status'],
      ].map(([type, status, reason, message]) => ({ type, status, reason, message })),
      daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
      images: [],
      nodeInfo: {
        architecture: 'amd64',
        bootID: '',
        containerRuntimeVersion: 'containerd://2.0.2',
        kernelVersion: '6.8.0-47-generic',
        kubeProxyVersion: CLUSTER.k8sVersion,
        kubeletVersion: CLUSTER.k8sVersion,
        machineID: '',
        operatingSystem: 'linux',
        osImage: 'Debian GNU/Linux 12 (bookworm)',
        systemUUID: '',
      },
    },
  };
}

export function service(name: string, ns: string, ip: string, ports: unknown[], selector?: Record<string, string>, labels?: Record<string, string>): Obj {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace: ns, ...(labels ? { labels } : {}) },
    spec: {
      clusterIP: ip,
      clusterIPs: [ip],
      internalTrafficPolicy: 'Cluster',
      ipFamilies: ['IPv4'],
      ipFamilyPolicy: 'SingleStack',
      ports,
      ...(selector ? { selector } : {}),
      sessionAffinity: 'None',
      type: 'ClusterIP',
    },
    status: { loadBalancer: {} },
  };
}

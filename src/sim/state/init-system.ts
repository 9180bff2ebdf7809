/** kind's own workloads: control-plane static pods, kindnet and kube-proxy on every node, CoreDNS, local-path. */
import type { Obj } from './types.js';

const V = 'v1.32.2';
export const SYSTEM_IMAGES = [
  'registry.k8s.io/etcd:3.5.16-0',
  `registry.k8s.io/kube-apiserver:${V}`,
  `registry.k8s.io/kube-controller-manager:${V}`,
  `registry.k8s.io/kube-scheduler:${V}`,
  `registry.k8s.io/kube-proxy:${V}`,
  'registry.k8s.io/coredns/coredns:v1.11.3',
  'docker.io/kindest/kindnetd:v20250214-acbabc1a',
  'docker.io/kindest/local-path-provisioner:v20250214-acbabc1a',
  'docker.io/kindest/local-path-helper:v20241212-8ac705d0',
  'registry.k8s.io/pause:3.10',
];

const TOLERATE_ALL = [{ operator: 'Exists' }];
const CP_TOLERATIONS = [
  { key: 'CriticalAddonsOnly', operator: 'Exists' },
  { effect: 'NoSchedule', key: 'node-role.kubernetes.io/control-plane' },
];

function container(name: string, image: string, cpu?: string, memory?: string): Record<string, unknown> {
  const requests: Record<string, string> = {};
  if (cpu) requests.cpu = cpu;
  if (memory) requests.memory = memory;
  return { name, image, imagePullPolicy: 'IfNotPresent', resources: cpu || memory ? { requests } : {} };
}

function staticPod(component: string, image: string, node: string, cpu: string): Obj {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: `${component}-${node}`, namespace: 'kube-system', labels: { component, tier: 'control-plane' } },
    spec: { nodeName: node, hostNetwork: true, priorityClassName: 'system-node-critical', tolerations: [{ effect: 'NoExecute', operator: 'Exists' }], containers: [container(component, image, cpu)] },
  };
}

function daemonSet(name: string, image: string, labels: Record<string, string>, cpu?: string, memory?: string): Obj {
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name, namespace: 'kube-system', labels },
    spec: {
      selector: { matchLabels: labels },
      template: { metadata: { labels }, spec: { hostNetwork: true, tolerations: TOLERATE_ALL, containers: [container(name, image, cpu, memory)] } },
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } },
    },
  };
}

function deployment(name: string, ns: string, replicas: number, image: string, labels: Record<string, string>, cpu?: string, memory?: string): Obj {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: ns, labels },
    spec: {
      replicas,
      selector: { matchLabels: labels },
      template: { metadata: { labels }, spec: { tolerations: CP_TOLERATIONS, nodeSelector: { 'kubernetes.io/os': 'linux' }, containers: [container(name, image, cpu, memory)] } },
    },
  };
}

/** The system objects of a fresh cluster; controllers turn the DaemonSets and Deployments into pods. */
export function systemPods(nodes: string[]): Obj[] {
  const cp = nodes[0];
  return [
    staticPod('etcd', 'registry.k8s.io/etcd:3.5.16-0', cp, '100m'),
    staticPod('kube-apiserver', `registry.k8s.io/kube-apiserver:${V}`, cp, '250m'),
    staticPod('kube-controller-manager', `registry.k8s.io/kube-controller-manager:${V}`, cp, '200m'),
    staticPod('kube-scheduler', `registry.k8s.io/kube-scheduler:${V}`, cp, '100m'),
    daemonSet('kindnet', 'docker.io/kindest/kindnetd:v20250214-acbabc1a', { app: 'kindnet', 'k8s-app': 'kindnet', tier: 'node' }, '100m', '50Mi'),
    daemonSet('kube-proxy', `registry.k8s.io/kube-proxy:${V}`, { 'k8s-app': 'kube-proxy' }),
    deployment('coredns', 'kube-system', 2, 'registry.k8s.io/coredns/coredns:v1.11.3', { 'k8s-app': 'kube-dns' }, '100m', '70Mi'),
    deployment('local-path-provisioner', 'local-path-storage', 1, 'docker.io/kindest/local-path-provisioner:v20250214-acbabc1a', { app: 'local-path-provisioner' }),
  ];
}

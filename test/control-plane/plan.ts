/**
 * What one plane runs, with which flags: the plan `harness supervise` carries out. Flags follow what
 * kind's kubeadm configuration gives each component where it matters to a learner (RBAC, the Node
 * authorizer, ServiceAccount tokens with TokenRequest, the admission plugins, 10.96.0.0/16 Services,
 * 10.244.0.0/16 pods); the rest is what a test plane needs (loopback only, random ports, no fsync).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface Ports {
  etcdClient: number;
  etcdPeer: number;
  apiserver: number;
  /** kwok's kubelet-like server (logs, exec, port-forward of every fake node). */
  kwok: number;
  /** With the runtime: `harness kubelet`, the nodes' kubelet API in front of the runtime and kwok. */
  kubelet?: number;
}

/**
 * The lab's runtime behind the kwok pods (src/runtime): the Node program that plays every container with
 * the simulator's kubelet and EMQX model. `node` is the Node binary, `argv` what follows it.
 */
export interface RuntimePlan {
  node: string;
  argv: string[];
}

/**
 * With the runtime, kwok leaves pods alone: this one pod Stage (it replaces kwok's default pod stages) matches
 * no pod, so pod status, Ready, deletion and events are the runtime's, as a kubelet's would be.
 */
const RUNTIME_POD_STAGE = [
  'apiVersion: kwok.x-k8s.io/v1alpha1',
  'kind: Stage',
  'metadata:',
  '  name: pod-runtime-plays-it',
  'spec:',
  '  resourceRef:',
  '    apiGroup: v1',
  '    kind: Pod',
  '  selector:',
  '    matchExpressions:',
  "    - key: '.metadata.name'",
  "      operator: 'DoesNotExist'",
  '  next:',
  '    delete: false',
].join('\n');

export interface PlanProcess {
  name: string;
  argv: string[];
  env?: Record<string, string>;
  oneshot?: boolean;
  waitTCP?: string;
  waitURL?: string;
  waitCA?: string;
}

export interface Plan {
  dir: string;
  processes: PlanProcess[];
  removeDir: boolean;
  timeoutSeconds: number;
}

export const SERVICE_CIDR = '10.96.0.0/16';
export const POD_CIDR = '10.244.0.0/16';
export const SA_ISSUER = 'https://kubernetes.default.svc.cluster.local';
/** The control-plane node's address on kind's docker network, which kind's API server advertises. */
const ADVERTISE_ADDRESS = '172.18.0.2';

/**
 * Writes the component configuration files into `dir` and returns the plan. `bin` holds the binaries;
 * `dir` already holds the pki and kubeconfigs from `harness pki`.
 */
export function writePlan(
  bin: string,
  dir: string,
  ports: Ports,
  kubeVersion: string,
  removeDir: boolean,
  kwokConfig = '',
  runtime?: RuntimePlan,
): Plan {
  const pki = (f: string) => join(dir, 'pki', f);
  const b = (name: string) => join(bin, name);
  const egressSocket = join(dir, 'egress.sock');

  // The API server's connections into the cluster (kubelets: logs, exec, port-forward) go through
  // `harness egress`, which sends the nodes' kubelet port to kwok.
  writeFileSync(
    join(dir, 'egress-selector.yaml'),
    [
      'apiVersion: apiserver.k8s.io/v1beta1',
      'kind: EgressSelectorConfiguration',
      'egressSelections:',
      '- name: cluster',
      '  connection:',
      '    proxyProtocol: HTTPConnect',
      '    transport:',
      '      uds:',
      `        udsName: ${egressSocket}`,
      '',
    ].join('\n'),
  );

  // kwok reads Stage/Logs/Exec/PortForward objects from this file, so no kwok CRD is installed. No Stage
  // here: kwok then plays its default node and pod stages (pods Running and Ready, an IP from the node's
  // pod CIDR). The ClusterLogs rule gives every container an empty log, so `kubectl logs` answers as for
  // a container that printed nothing, instead of kwok's "no logs found". `kwokConfig` (YAML documents:
  // Stage, Exec, ClusterExec, Logs, PortForward, ...) comes after it; kwok reads the file once, at start.
  // Pod Stages given there replace kwok's default pod stages altogether.
  const emptyLog = join(dir, 'kwok', 'empty.log');
  writeFileSync(emptyLog, '');
  const defaults = [
    'apiVersion: kwok.x-k8s.io/v1alpha1',
    'kind: ClusterLogs',
    'metadata:',
    '  name: empty-logs',
    'spec:',
    '  logs:',
    `  - logsFile: ${emptyLog}`,
  ].join('\n');
  writeFileSync(join(dir, 'kwok', 'kwok.yaml'), `${[defaults, runtime ? RUNTIME_POD_STAGE : '', kwokConfig.trim()].filter(Boolean).join('\n---\n')}\n`);

  const apiserverURL = `https://127.0.0.1:${ports.apiserver}`;
  const processes: PlanProcess[] = [
    {
      name: 'etcd',
      argv: [
        b('etcd'),
        '--name=emqx-lab-control-plane',
        `--data-dir=${join(dir, 'etcd')}`,
        `--listen-client-urls=http://127.0.0.1:${ports.etcdClient}`,
        `--advertise-client-urls=http://127.0.0.1:${ports.etcdClient}`,
        `--listen-peer-urls=http://127.0.0.1:${ports.etcdPeer}`,
        `--initial-advertise-peer-urls=http://127.0.0.1:${ports.etcdPeer}`,
        `--initial-cluster=emqx-lab-control-plane=http://127.0.0.1:${ports.etcdPeer}`,
        // Test data, thrown away at stop: no fsync saves seconds on every start.
        '--unsafe-no-fsync=true',
        '--log-level=warn',
      ],
    },
    {
      name: 'egress',
      argv: [
        b('harness'), 'egress', '-socket', egressSocket, '-kubelet', `127.0.0.1:${runtime && ports.kubelet ? ports.kubelet : ports.kwok}`,
        // With the runtime, the API server's proxy to a pod IP (services/NAME:PORT/proxy) reaches its model.
        ...(runtime ? ['-pods', join(dir, 'runtime', 'pf.sock'), '-pod-cidr', POD_CIDR] : []),
      ],
    },
    {
      name: 'kube-apiserver',
      waitTCP: `127.0.0.1:${ports.etcdClient}`,
      argv: [
        b('kube-apiserver'),
        `--advertise-address=${ADVERTISE_ADDRESS}`,
        '--bind-address=127.0.0.1',
        `--secure-port=${ports.apiserver}`,
        `--etcd-servers=http://127.0.0.1:${ports.etcdClient}`,
        `--client-ca-file=${pki('ca.crt')}`,
        `--tls-cert-file=${pki('apiserver.crt')}`,
        `--tls-private-key-file=${pki('apiserver.key')}`,
        '--authorization-mode=Node,RBAC',
        // kubeadm's NodeRestriction; the others are on by default in 1.32 and named so nobody wonders.
        '--enable-admission-plugins=NodeRestriction,NamespaceLifecycle,LimitRanger,ServiceAccount,DefaultStorageClass,StorageObjectInUseProtection,ResourceQuota,PodSecurity',
        '--allow-privileged=true',
        '--enable-bootstrap-token-auth=true',
        `--service-cluster-ip-range=${SERVICE_CIDR}`,
        `--service-account-issuer=${SA_ISSUER}`,
        `--service-account-key-file=${pki('sa.pub')}`,
        `--service-account-signing-key-file=${pki('sa.key')}`,
        `--api-audiences=${SA_ISSUER}`,
        `--kubelet-client-certificate=${pki('apiserver-kubelet-client.crt')}`,
        `--kubelet-client-key=${pki('apiserver-kubelet-client.key')}`,
        `--kubelet-certificate-authority=${pki('ca.crt')}`,
        '--kubelet-preferred-address-types=InternalIP,ExternalIP,Hostname',
        `--egress-selector-config-file=${join(dir, 'egress-selector.yaml')}`,
        '--profiling=false',
      ],
    },
    {
      name: 'kube-controller-manager',
      waitURL: `${apiserverURL}/readyz`,
      waitCA: pki('ca.crt'),
      argv: [
        b('kube-controller-manager'),
        `--kubeconfig=${join(dir, 'controller-manager.kubeconfig')}`,
        '--bind-address=127.0.0.1',
        '--secure-port=0',
        '--leader-elect=false',
        '--cluster-name=emqx-lab',
        '--controllers=*,bootstrapsigner,tokencleaner',
        '--use-service-account-credentials=true',
        `--root-ca-file=${pki('ca.crt')}`,
        `--service-account-private-key-file=${pki('sa.key')}`,
        `--cluster-signing-cert-file=${pki('ca.crt')}`,
        `--cluster-signing-key-file=${pki('ca.key')}`,
        '--allocate-node-cidrs=true',
        `--cluster-cidr=${POD_CIDR}`,
        `--service-cluster-ip-range=${SERVICE_CIDR}`,
        '--profiling=false',
      ],
    },
    {
      name: 'kube-scheduler',
      waitURL: `${apiserverURL}/readyz`,
      waitCA: pki('ca.crt'),
      argv: [
        b('kube-scheduler'),
        `--kubeconfig=${join(dir, 'scheduler.kubeconfig')}`,
        '--bind-address=127.0.0.1',
        '--secure-port=0',
        '--leader-elect=false',
        '--profiling=false',
      ],
    },
    {
      name: 'kwok',
      waitURL: `${apiserverURL}/readyz`,
      waitCA: pki('ca.crt'),
      // kwok also loads ~/.kwok/kwok.yaml when it exists; its work dir is the plane's own.
      env: { KWOK_WORKDIR: join(dir, 'kwok') },
      argv: [
        b('kwok'),
        `--kubeconfig=${join(dir, 'kwok.kubeconfig')}`,
        `--config=${join(dir, 'kwok', 'kwok.yaml')}`,
        '--manage-all-nodes=true',
        `--server-address=127.0.0.1:${ports.kwok}`,
        `--tls-cert-file=${pki('kubelet.crt')}`,
        `--tls-private-key-file=${pki('kubelet.key')}`,
        // What nodes advertise as their kubelet port (the egress proxy sends it to kwok's server).
        '--node-port=10250',
        `--cidr=${POD_CIDR}`,
        // The kubelet's default: nodes keep a Lease in kube-node-lease, as on kind.
        '--node-lease-duration-seconds=40',
      ],
    },
    {
      name: 'provisioner',
      waitURL: `${apiserverURL}/readyz`,
      waitCA: pki('ca.crt'),
      argv: [b('harness'), 'provisioner', '-kubeconfig', join(dir, 'harness.kubeconfig'), '-dir', dir],
    },
    {
      name: 'bootstrap',
      oneshot: true,
      argv: [b('harness'), 'bootstrap', '-kubeconfig', join(dir, 'harness.kubeconfig'), '-kube-version', kubeVersion, '-timeout', '60s'],
    },
  ];
  if (runtime && ports.kubelet) {
    const runtimeDir = join(dir, 'runtime');
    processes.splice(processes.length - 1, 0,
      {
        name: 'runtime',
        waitURL: `${apiserverURL}/readyz`,
        waitCA: pki('ca.crt'),
        argv: [runtime.node, ...runtime.argv, '--kubeconfig', join(dir, 'harness.kubeconfig'), '--dir', runtimeDir],
      },
      {
        name: 'kubelet',
        argv: [
          b('harness'), 'kubelet', '-listen', `127.0.0.1:${ports.kubelet}`, '-kwok', `127.0.0.1:${ports.kwok}`, '-runtime', runtimeDir,
          '-tls-cert-file', pki('kubelet.crt'), '-tls-private-key-file', pki('kubelet.key'),
        ],
      },
    );
  }
  const plan: Plan = { dir, processes, removeDir, timeoutSeconds: 90 };
  writeFileSync(join(dir, 'plan.json'), `${JSON.stringify(plan, null, 2)}\n`);
  return plan;
}

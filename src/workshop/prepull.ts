/**
 * The pre-pull DaemonSet, for clusters the lab cannot load images into directly: in a namespace of its own
 * (labelled as the lab's), one pod per node, tolerating every taint so the control plane gets the images
 * too. Each course image is an init container that starts (which needs the image on the node) and exits at
 * once; a tiny pause container then keeps the pod up. A node is done when all its init containers have
 * finished; the kit reports each node as it gets there, then deletes the namespace.
 */
import type { LiveObject, Pod } from '../kube/objects.js';

export const PREPARE_NAMESPACE = 'emqx-lab-prepare';
export const PREPULL_NAME = 'emqx-lab-prepull';
export const PREPULL_SELECTOR = `app.kubernetes.io/name=${PREPULL_NAME}`;
/** The same image every node's container runtime uses for its pod sandboxes: usually already there. */
export const PAUSE_IMAGE = 'registry.k8s.io/pause:3.10';

const LABELS = { 'app.kubernetes.io/part-of': 'emqx-lab', 'emqx-lab.io/role': 'prepare' };

export function prepullObjects(images: string[]): object[] {
  return [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: PREPARE_NAMESPACE, labels: LABELS } },
    {
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name: PREPULL_NAME, namespace: PREPARE_NAMESPACE, labels: LABELS },
      spec: {
        selector: { matchLabels: { 'app.kubernetes.io/name': PREPULL_NAME } },
        template: {
          metadata: { labels: { 'app.kubernetes.io/name': PREPULL_NAME, ...LABELS } },
          spec: {
            tolerations: [{ operator: 'Exists' }],
            automountServiceAccountToken: false,
            terminationGracePeriodSeconds: 1,
            initContainers: images.map((image, i) => ({
              name: `pull-${i + 1}`,
              image,
              imagePullPolicy: 'IfNotPresent',
              command: ['sh', '-c', 'exit 0'],
              resources: { requests: { cpu: '10m', memory: '16Mi' } },
            })),
            containers: [{ name: 'done', image: PAUSE_IMAGE, resources: { requests: { cpu: '1m', memory: '8Mi' } } }],
          },
        },
      },
    },
  ];
}

export interface NodePull {
  node: string;
  done: boolean;
  /** Images already on the node (their init container has run). */
  pulled: number;
  /** What holds it up, in the container runtime's words (ErrImagePull: ...). */
  problem?: string;
}

/** Per node, from the DaemonSet's pods: done when every init container has terminated with exit 0. */
export function pullState(pods: Pod[], images: number): NodePull[] {
  const out: NodePull[] = [];
  for (const p of pods) {
    const node = p.spec?.nodeName;
    if (!node || p.metadata.deletionTimestamp) continue;
    const inits = p.status?.initContainerStatuses ?? [];
    const finished = inits.filter((c) => c.state?.terminated?.exitCode === 0 || c.lastState?.terminated !== undefined || c.state?.running !== undefined).length;
    const done = inits.length === images && inits.every((c) => c.state?.terminated?.exitCode === 0);
    const waiting = inits.find((c) => c.state?.waiting?.reason && c.state.waiting.reason !== 'PodInitializing')?.state?.waiting;
    const problem = waiting && /Err|BackOff|Invalid/.test(waiting.reason ?? '') ? `${waiting.reason}${waiting.message ? `: ${waiting.message}` : ''}` : undefined;
    out.push({ node, done, pulled: done ? images : finished, problem });
  }
  return out.sort((a, b) => a.node.localeCompare(b.node));
}

/** How many pods the DaemonSet wants (one per node it runs on); 0 until the controller has looked. */
export function desiredPods(ds: LiveObject | undefined): number {
  return Number((ds?.status as { desiredNumberScheduled?: number } | undefined)?.desiredNumberScheduled ?? 0);
}

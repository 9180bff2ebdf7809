/**
 * A learner's kubeconfig: the trainer's cluster entry (server, CA, TLS settings as `kubectl config view
 * --minify --flatten` gives them; never the trainer's user), a user with the learner ServiceAccount's token,
 * and one context whose default namespace is theirs. The first line marks the file as the room's, so `down`
 * deletes only files it wrote. Pure.
 */
import { stringify } from 'yaml';

export const KUBECONFIG_MARK = '# emqx-lab workshop kubeconfig';

/** The cluster fields a learner needs, copied as they are (certificate data already inline). */
const CLUSTER_FIELDS = ['server', 'certificate-authority-data', 'insecure-skip-tls-verify', 'tls-server-name', 'proxy-url'] as const;

export interface ClusterEntry {
  name: string;
  cluster: Record<string, unknown>;
}

type J = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The current context's cluster from `config view --minify --flatten -o json`. */
export function clusterFromConfig(view: J): ClusterEntry | undefined {
  const current = view['current-context'];
  const ctx = (view.contexts ?? []).find((c: J) => c.name === current) ?? view.contexts?.[0];
  const entry = (view.clusters ?? []).find((c: J) => c.name === ctx?.context?.cluster) ?? view.clusters?.[0];
  if (!entry?.cluster?.server) return undefined;
  const cluster: Record<string, unknown> = {};
  for (const k of CLUSTER_FIELDS) if (entry.cluster[k] !== undefined) cluster[k] = entry.cluster[k];
  return { name: entry.name, cluster };
}

export interface LearnerKubeconfig {
  /** Context name: the trainer's context with the learner's namespace appended. */
  context: string;
  namespace: string;
  token: string;
  cluster: ClusterEntry;
  /** Comment lines put at the top (how to use the file), without the `#`. */
  header: string[];
}

export function learnerKubeconfigYaml(k: LearnerKubeconfig): string {
  const user = `${k.namespace}`;
  const doc = {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: k.cluster.name, cluster: k.cluster.cluster }],
    users: [{ name: user, user: { token: k.token } }],
    contexts: [{ name: k.context, context: { cluster: k.cluster.name, user, namespace: k.namespace } }],
    'current-context': k.context,
  };
  const head = [KUBECONFIG_MARK, ...k.header.map((l) => `# ${l}`.trimEnd())].join('\n');
  return `${head}\n${stringify(doc, { lineWidth: 0 })}`;
}

export function isRoomKubeconfig(text: string): boolean {
  return text.startsWith(KUBECONFIG_MARK);
}

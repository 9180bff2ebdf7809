/**
 * The node name docker-entrypoint.sh (5.8.x) and bin/emqx give a node (facts §3): EMQX_NODE_NAME, else
 * EMQX_NODE__NAME, else `$EMQX_NAME@$EMQX_HOST` with the host derived from the pod IP, or for k8s discovery
 * in dns/hostname mode from the IP or /etc/hosts. In hostname mode a pod without a matching FQDN in
 * /etc/hosts makes the script fail (`set -e`) before it prints anything.
 */
import { etcHosts } from './dns.js';

export interface PodIdentity {
  ip: string;
  hostname: string;
  subdomain?: string;
  ns: string;
}

export type NodeNameResult = { name: string } | { fail: true };

export function entrypointNodeName(env: Map<string, string>, pod: PodIdentity): NodeNameResult {
  const explicit = env.get('EMQX_NODE_NAME') || env.get('EMQX_NODE__NAME');
  if (explicit) return { name: explicit };
  const app = env.get('EMQX_NAME') || 'emqx';
  let host = env.get('EMQX_HOST');
  if (!host) {
    const strategy = env.get('EMQX_CLUSTER__DISCOVERY_STRATEGY');
    const type = env.get('EMQX_CLUSTER__K8S__ADDRESS_TYPE');
    const ns = env.get('EMQX_CLUSTER__K8S__NAMESPACE');
    const hosts = etcHosts(pod.ip, pod.hostname, pod.subdomain, pod.ns);
    const dnsName = env.get('EMQX_CLUSTER__DNS__NAME');
    if (strategy === 'dns' && env.get('EMQX_CLUSTER__DNS__RECORD_TYPE') === 'srv' && dnsName && hosts.includes(`${pod.hostname}.${dnsName}`)) {
      host = `${pod.hostname}.${dnsName}`;
    } else if (strategy === 'k8s' && type === 'dns' && ns) {
      host = `${pod.ip.replace(/\./g, '-')}.${ns}.${env.get('EMQX_CLUSTER__K8S__SUFFIX') || 'pod.cluster.local'}`;
    } else if (strategy === 'k8s' && type === 'hostname' && ns) {
      const suffix = env.get('EMQX_CLUSTER__K8S__SUFFIX') || 'svc.cluster.local';
      const line = hosts.split('\n').find((l) => l.startsWith(pod.ip)) ?? '';
      let re: RegExp;
      try {
        re = new RegExp(`${pod.hostname}.*.${ns}.${suffix}`);
      } catch {
        return { fail: true };
      }
      const m = re.exec(line);
      if (!m) return { fail: true };
      host = m[0];
    } else {
      host = pod.ip;
    }
  }
  return { name: `${app}@${host}` };
}

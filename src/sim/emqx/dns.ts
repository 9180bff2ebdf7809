/**
 * Cluster DNS as CoreDNS in kind answers it (cluster domain cluster.local, `pods insecure`): Service names,
 * headless Service members by hostname (only addresses the Endpoints publish), dashed pod IPs under
 * pod.cluster.local, and the pod's resolv.conf search list (ndots 5).
 */
import { World } from '../api/world.js';

const DOMAIN = 'cluster.local';

function dashed(ip: string): string {
  return ip.replace(/\./g, '-');
}

function publishedAddresses(w: World, ns: string, svc: string): { ip: string; hostname?: string }[] {
  const ep = w.get('endpoints', ns, svc);
  return (ep?.subsets ?? []).flatMap((s: { addresses?: { ip: string; hostname?: string }[] }) => s.addresses ?? []);
}

function answer(w: World, fqdn: string): string[] {
  const name = fqdn.replace(/\.$/, '').toLowerCase();
  if (/^\d+\.\d+\.\d+\.\d+$/.test(name)) return [name];
  if (!name.endsWith(`.${DOMAIN}`)) return [];
  const parts = name.slice(0, -(DOMAIN.length + 1)).split('.');
  if (parts.length === 3 && parts[2] === 'pod') {
    const m = /^(\d+)-(\d+)-(\d+)-(\d+)$/.exec(parts[0]);
    return m && w.get('namespaces', undefined, parts[1]) ? [`${m[1]}.${m[2]}.${m[3]}.${m[4]}`] : [];
  }
  if (parts.length === 3 && parts[2] === 'svc') {
    const svc = w.get('services', parts[1], parts[0]);
    if (!svc) return [];
    if (svc.spec.clusterIP && svc.spec.clusterIP !== 'None') return [svc.spec.clusterIP];
    return publishedAddresses(w, parts[1], parts[0]).map((a) => a.ip);
  }
  if (parts.length === 4 && parts[3] === 'svc') {
    const [host, svcName, ns] = parts;
    const svc = w.get('services', ns, svcName);
    if (!svc || svc.spec.clusterIP !== 'None') return [];
    return publishedAddresses(w, ns, svcName).filter((a) => a.hostname === host || (!a.hostname && dashed(a.ip) === host)).map((a) => a.ip);
  }
  return [];
}

/** The addresses `host` resolves to from a pod in `fromNs` (empty: NXDOMAIN). */
export function resolve(w: World, host: string, fromNs: string): string[] {
  if (host.endsWith('.')) return answer(w, host);
  const dots = host.split('.').length - 1;
  const search = [`${fromNs}.svc.${DOMAIN}`, `svc.${DOMAIN}`, DOMAIN];
  const tries = dots >= 5 ? [host, ...search.map((s) => `${host}.${s}`)] : [...search.map((s) => `${host}.${s}`), host];
  for (const t of tries) {
    const a = answer(w, t);
    if (a.length) return a;
  }
  return [];
}

/** SRV targets of a headless Service name (what EMQX's dns strategy with record_type srv reads). */
export function srvTargets(w: World, name: string, fromNs: string): string[] {
  const fq = name.endsWith(`.${DOMAIN}`) ? name : `${name}.${fromNs}.svc.${DOMAIN}`;
  const parts = fq.slice(0, -(DOMAIN.length + 1)).split('.');
  if (parts.length !== 3 || parts[2] !== 'svc') return [];
  const svc = w.get('services', parts[1], parts[0]);
  if (!svc || svc.spec.clusterIP !== 'None') return [];
  return publishedAddresses(w, parts[1], parts[0]).map((a) => `${a.hostname ?? dashed(a.ip)}.${parts[0]}.${parts[1]}.svc.${DOMAIN}`);
}

/** What a pod's /etc/hosts says (kubelet-managed): its IP, and its FQDN when it has a subdomain. */
export function etcHosts(podIp: string, hostname: string, subdomain: string | undefined, ns: string): string {
  const lines = ['# Kubernetes-managed hosts file.', '127.0.0.1\tlocalhost', '::1\tlocalhost ip6-localhost ip6-loopback', 'fe00::0\tip6-localnet', 'fe00::0\tip6-mcastprefix', 'fe00::1\tip6-allnodes', 'fe00::2\tip6-allrouters'];
  lines.push(subdomain ? `${podIp}\t${hostname}.${subdomain}.${ns}.svc.${DOMAIN}\t${hostname}` : `${podIp}\t${hostname}`);
  return `${lines.join('\n')}\n`;
}

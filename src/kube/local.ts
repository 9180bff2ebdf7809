/**
 * Does a context look like a learner's own local cluster? The lab creates and deletes objects, so anything
 * else (a company cluster, a cloud one) is refused unless the learner says --yes.
 */

const LOCAL_NAMES = [
  /^kind-/,
  /^minikube$/,
  /^docker-desktop$/,
  /^docker-for-desktop$/,
  /^rancher-desktop$/,
  /^k3d-/,
  /^orbstack$/,
  /^colima(-|$)/,
  /^emqx-lab-sim$/,
];

export function looksLocalName(context: string): boolean {
  return LOCAL_NAMES.some((re) => re.test(context));
}

/** A server URL on this machine (kind and k3d publish the API server on 127.0.0.1). URL keeps an IPv6 host's brackets. */
export function looksLocalServer(server: string | undefined): boolean {
  if (!server) return false;
  try {
    const host = new URL(server).hostname;
    return host === '127.0.0.1' || host === 'localhost' || host === '[::1]';
  } catch {
    return false;
  }
}

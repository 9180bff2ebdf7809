/**
 * The runtime's way to the API server: the server address, its CA and a client certificate, read from a
 * kubeconfig whose current context names them inline (the control plane's harness writes such files).
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

export interface Credentials {
  server: string;
  ca: Buffer;
  cert: Buffer;
  key: Buffer;
}

type Named<T> = { name: string } & T;

export function readKubeconfig(path: string): Credentials {
  const kc = parse(readFileSync(path, 'utf8')) as {
    'current-context': string;
    contexts: Named<{ context: { cluster: string; user: string } }>[];
    clusters: Named<{ cluster: { server: string; 'certificate-authority-data': string } }>[];
    users: Named<{ user: { 'client-certificate-data': string; 'client-key-data': string } }>[];
  };
  const ctx = kc.contexts.find((c) => c.name === kc['current-context'])?.context;
  const cluster = kc.clusters.find((c) => c.name === ctx?.cluster)?.cluster;
  const user = kc.users.find((u) => u.name === ctx?.user)?.user;
  if (!cluster || !user) throw new Error(`${path}: no cluster or user for the current context`);
  const b64 = (s: string) => Buffer.from(s, 'base64');
  return { server: cluster.server, ca: b64(cluster['certificate-authority-data']), cert: b64(user['client-certificate-data']), key: b64(user['client-key-data']) };
}

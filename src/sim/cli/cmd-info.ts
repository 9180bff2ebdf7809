/** kubectl version, api-resources, api-versions, cluster-info. */
import { apiVersionOf, KINDS } from '../api/kinds.js';
import { toJson, toYaml, table } from '../print/format.js';
import { CLUSTER } from '../state/cluster.js';
import { bool, str } from './argv.js';
import type { Cli } from './cli.js';

export function versionInfo(): { clientVersion: Record<string, string>; kustomizeVersion: string; serverVersion: Record<string, string> } {
  const v = (git: string, commit: string, date: string, go: string) => ({
    major: '1', minor: '32', gitVersion: git, gitCommit: commit, gitTreeState: 'clean', buildDate: date, goVersion: go, compiler: 'gc', platform: 'linux/amd64',
  });
  return {
    clientVersion: v('v1.32.2', '67a30c0adcf52bd3f56ff0893ce19966be12991f', '2025-02-12T21:26:09Z', 'go1.23.6'),
    kustomizeVersion: 'v5.5.0',
    serverVersion: v(CLUSTER.k8sVersion, '67a30c0adcf52bd3f56ff0893ce19966be12991f', '2025-02-26T23:08:00Z', 'go1.23.6'),
  };
}

export async function cmdVersion(c: Cli): Promise<number> {
  const v = versionInfo();
  const client = bool(c.p, 'client');
  const data = client ? { clientVersion: v.clientVersion, kustomizeVersion: v.kustomizeVersion } : v;
  const out = str(c.p, 'output');
  if (out === 'json') c.out(toJson(data).replace(/\n {4}/g, '\n  ').replace(/\n {8}/g, '\n    '));
  else if (out === 'yaml') c.out(await toYaml(data));
  else {
    c.out(`Client Version: ${v.clientVersion.gitVersion}\nKustomize Version: ${v.kustomizeVersion}\n`);
    if (!client) c.out(`Server Version: ${v.serverVersion.gitVersion}\n`);
  }
  return 0;
}

export async function cmdApiResources(c: Cli): Promise<number> {
  const wide = str(c.p, 'output') === 'wide';
  const nameOnly = str(c.p, 'output') === 'name';
  let kinds = [...KINDS].sort((a, b) => (a.group === b.group ? a.res.localeCompare(b.res) : a.group.localeCompare(b.group)));
  const nsFlag = c.p.flags.get('namespaced');
  if (nsFlag !== undefined) kinds = kinds.filter((k) => k.namespaced === nsFlag);
  const group = str(c.p, 'api-group');
  if (group !== undefined) kinds = kinds.filter((k) => k.group === group);
  if (nameOnly) {
    c.out(kinds.map((k) => `${k.group ? `${k.res}.${k.group}` : k.res}\n`).join(''));
    return 0;
  }
  const head = ['NAME', 'SHORTNAMES', 'APIVERSION', 'NAMESPACED', 'KIND', ...(wide ? ['VERBS', 'CATEGORIES'] : [])];
  const rows = kinds.map((k) => [k.res, k.short.join(','), apiVersionOf(k), String(k.namespaced), k.kind, ...(wide ? [`[${k.verbs.join(' ')}]`, k.all ? 'all' : ''] : [])]);
  c.out(table(bool(c.p, 'no-headers') ? rows : [head, ...rows]));
  return 0;
}

export async function cmdApiVersions(c: Cli): Promise<number> {
  const set = new Set(KINDS.map(apiVersionOf));
  c.out([...set].sort().map((v) => `${v}\n`).join(''));
  return 0;
}

export async function cmdClusterInfo(c: Cli): Promise<number> {
  if (c.p.args[0] === 'dump') {
    c.err('error: "kubectl cluster-info dump" is not modelled by the emqx-lab simulator\n');
    return 1;
  }
  c.out(`\x1b[0;32mKubernetes control plane\x1b[0m is running at \x1b[0;33m${CLUSTER.server}\x1b[0m\n\x1b[0;32mCoreDNS\x1b[0m is running at \x1b[0;33m${CLUSTER.server}/api/v1/namespaces/kube-system/services/kube-dns:dns/proxy\x1b[0m\n\nTo further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.\n`);
  return 0;
}

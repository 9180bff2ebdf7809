import { describe, expect, it } from 'vitest';
import type { World } from '../../src/sim/api/world.js';
import type { Obj } from '../../src/sim/state/types.js';
import { apply, cluster, emqxDeployment, exec, logs, namespace, pass, pods, RBAC, ready, service, until } from './helpers.js';

const K8S = (svc: string, extra: Record<string, string> = {}) => ({
  EMQX_CLUSTER__DISCOVERY_STRATEGY: 'k8s',
  EMQX_CLUSTER__K8S__SERVICE_NAME: svc,
  EMQX_CLUSTER__K8S__NAMESPACE: 'lab',
  EMQX_CLUSTER__K8S__ADDRESS_TYPE: 'ip',
  ...extra,
});

function clusterJson(w: World, p: Obj): { running_nodes: string[]; stopped_nodes: string[] } {
  return JSON.parse(exec(w, p, ['emqx', 'ctl', 'cluster', 'status', '--json']).stdout);
}

const allReady = (w: World, n: number) => () => pods(w).filter((p) => !p.metadata.deletionTimestamp).length === n && pods(w).every((p) => ready(p) && !p.metadata.deletionTimestamp);

describe('EMQX k8s discovery and clustering', () => {
  it('without RBAC: Discovery error {403,#Ref<...>} (no body: ekka 0.23.2 never reads it), then Core node discovery error, every 5 s plus the node\'s pause; no cluster', async () => {
    const w = await cluster();
    namespace(w);
    apply(w, service('broker', 'broker') + '---\n' + emqxDeployment({ replicas: 3, env: K8S('broker') }));
    until(w, allReady(w, 3), 200);
    pass(w, 40);
    const p = pods(w)[0];
    const all = logs(w, p).split('\n');
    const lines = all.filter((l) => l.includes('Discovery error'));
    expect(lines.length).toBeGreaterThanOrEqual(4);
    expect(lines[0]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}\+00:00 \[error\] Ekka\(AutoCluster\): Discovery error: \{403,#Ref<0\.\d+\.\d+\.\d+>\}$/);
    // No trace of the API server's answer: not the user, not the word forbidden.
    expect(logs(w, p)).not.toMatch(/serviceaccount|forbidden|Status/);
    // Each round asks twice: discover_and_join/2, then is_node_registered/0 → core_node_discovery_callback/0.
    const i = all.findIndex((l) => l.includes('] Ekka(AutoCluster): Discovery error:'));
    expect(all[i + 1]).toMatch(/\[error\] Ekka\(AutoCluster\): Core node discovery error: \{403,#Ref<0\.\d+\.\d+\.\d+>\}$/);
    // A new request, a new reference.
    const ref = (l: string) => /#Ref<[^>]+>/.exec(l)![0];
    expect(ref(all[i + 1])).not.toBe(ref(all[i]));
    expect(ref(lines[1])).not.toBe(ref(lines[0]));
    const t = (l: string) => Date.parse(l.slice(0, 26) + 'Z');
    const gap = t(lines[1]) - t(lines[0]);
    expect(gap).toBeGreaterThan(5000);
    expect(gap).toBeLessThanOrEqual(8000);
    expect(t(lines[2]) - t(lines[1])).toBe(gap);
    for (const x of pods(w)) expect(clusterJson(w, x).running_nodes).toEqual([`emqx@${x.status.podIP}`]);
  });

  it('the 403 does not depend on who is refused: the pod\'s ServiceAccount is found with kubectl, not in the log', async () => {
    const w = await cluster();
    namespace(w);
    apply(w, 'apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: other}\n---\n' + service('broker', 'broker') + '---\n' + emqxDeployment({ replicas: 1, env: K8S('broker'), sa: 'other' }));
    until(w, allReady(w, 1), 200);
    pass(w, 10);
    const text = logs(w, pods(w)[0]);
    expect(text).toMatch(/Discovery error: \{403,#Ref<0\.\d+\.\d+\.\d+>\}/);
    expect(text).not.toMatch(/serviceaccount|:other/);
    expect(pods(w)[0].spec.serviceAccountName).toBe('other');
  });

  it('no token mounted: ekka logs that it cannot read it, and the anonymous request gets 403', async () => {
    const w = await cluster();
    namespace(w);
    apply(w, service('broker', 'broker') + '---\n' + emqxDeployment({ replicas: 1, env: K8S('broker') }).replace('      containers:', '      automountServiceAccountToken: false\n      containers:'));
    until(w, allReady(w, 1), 200);
    pass(w, 10);
    const text = logs(w, pods(w)[0]);
    expect(text).toMatch(/\[error\] Ekka\(k8s\): Cannot read token: enoent\n.*\[error\] Ekka\(AutoCluster\): Discovery error: \{403,#Ref</);
  });

  it.each([
    ['https://kubernetes.default.svc.cluster.local:443', undefined],
    ['https://10.96.0.1:443', undefined],
    ['https://172.18.0.2:6443', undefined],
    ['https://127.0.0.1:43567', 'econnrefused'],
    ['https://localhost:6443', 'econnrefused'],
    ['https://kubernetes:443', 'nxdomain'],
    ['https://kubernetes.default.svc:6443', 'connect_timeout'],
    ['http://kubernetes.default.svc:443', '{400,#Ref<'],
  ])('apiserver %s: hackney reason %s (bare, not httpc\'s failed_connect)', async (apiserver, reason) => {
    const w = await cluster();
    namespace(w);
    apply(w, RBAC('broker') + '---\n' + service('broker', 'broker') + '---\n' + emqxDeployment({ replicas: 1, env: K8S('broker', { EMQX_CLUSTER__K8S__APISERVER: apiserver }), sa: 'broker' }));
    until(w, allReady(w, 1), 200);
    pass(w, 40);
    const text = logs(w, pods(w)[0]);
    if (reason === undefined) expect(text).not.toContain('Discovery error');
    else {
      expect(text).toContain(`[error] Ekka(AutoCluster): Discovery error: ${reason}`);
      expect(text).toContain(`[error] Ekka(AutoCluster): Core node discovery error: ${reason}`);
      expect(text).not.toContain('failed_connect');
    }
  });

  it('with a ServiceAccount allowed to get endpoints the nodes find each other: one cluster of 3', async () => {
    const w = await cluster();
    namespace(w);
    apply(w, RBAC('broker') + '---\n' + service('broker', 'broker') + '---\n' + emqxDeployment({ replicas: 3, env: K8S('broker'), sa: 'broker' }));
    until(w, allReady(w, 3), 200);
    until(w, () => pods(w).every((p) => clusterJson(w, p).running_nodes.length === 3), 120);
    const names = pods(w).map((p) => `emqx@${p.status.podIP}`).sort();
    for (const p of pods(w)) expect(clusterJson(w, p)).toEqual({ stopped_nodes: [], running_nodes: names });
    expect(exec(w, pods(w)[0], ['emqx', 'ctl', 'cluster', 'status']).stdout).toMatch(/^Cluster status: #\{running_nodes => \['emqx@[\d.]+','emqx@[\d.]+',\n {18}'emqx@[\d.]+'\],|^Cluster status: #\{running_nodes =>\n/);
  });

  it('RBAC added later: the loop keeps trying and the running nodes cluster without a restart', async () => {
    const w = await cluster();
    namespace(w);
    apply(w, service('broker', 'broker') + '---\n' + emqxDeployment({ replicas: 2, env: K8S('broker') }));
    until(w, allReady(w, 2), 200);
    apply(w, 'apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata: {name: ep}\nrules: [{apiGroups: [""], resources: [endpoints], verbs: [get]}]\n---\napiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata: {name: ep}\nsubjects: [{kind: ServiceAccount, name: default, namespace: lab}]\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: ep}\n');
    until(w, () => pods(w).every((p) => clusterJson(w, p).running_nodes.length === 2), 60);
  });

  it('a wrong service name: Discovery error {404,#Ref<...>}, and nothing names the Service it looked for', async () => {
    const w = await cluster();
    namespace(w);
    apply(w, RBAC('broker') + '---\n' + service('broker', 'broker') + '---\n' + emqxDeployment({ replicas: 1, env: K8S('broker-svc'), sa: 'broker' }));
    until(w, allReady(w, 1), 200);
    pass(w, 10);
    const text = logs(w, pods(w)[0]);
    expect(text).toMatch(/\[error\] Ekka\(AutoCluster\): Discovery error: \{404,#Ref<0\.\d+\.\d+\.\d+>\}\n.*\[error\] Ekka\(AutoCluster\): Core node discovery error: \{404,#Ref</);
    // Only the boot echo of the setting names the Service; no error line does.
    expect(text.split('\n').filter((l) => l.includes('broker-svc'))).toEqual(['EMQX_CLUSTER__K8S__SERVICE_NAME [cluster.k8s.service_name]: broker-svc']);
  });

  it('hostname mode against a Service whose addresses carry no hostname: Discover error {badkey,<<"hostname">>} with extract_host/2 in the stack, whatever the suffix', async () => {
    for (const suffix of ['svc.cluster.local', '']) {
      const w = await cluster();
      namespace(w);
      const env = K8S('broker', { EMQX_CLUSTER__K8S__ADDRESS_TYPE: 'hostname', EMQX_CLUSTER__K8S__SUFFIX: suffix, EMQX_HOST: 'x.example' });
      apply(w, RBAC('broker') + '---\n' + service('broker', 'broker') + '---\n' + emqxDeployment({ replicas: 1, env, sa: 'broker' }));
      until(w, allReady(w, 1), 200);
      pass(w, 10);
      const p = pods(w)[0];
      const lines = logs(w, p).split('\n');
      const round = lines.find((l) => l.includes('Discover error'))!;
      // One line (log.console.single_line defaults to true: "~p~n~p" becomes "..., [...]").
      expect(round).toMatch(/\[error\] Ekka\(AutoCluster\): Discover error: \{badkey,<<"hostname">>\}, \[\{maps,get,\[<<"hostname">>,#\{<<"ip">> => <<"10\.244\.\d+\.\d+">>,<<"nodeName">> => <<"emqx-lab-[a-z0-9-]+">>,<<"targetRef">> => #\{<<"kind">> => <<"Pod">>,<<"name">> => <<"broker-/);
      expect(round).toContain('[{error_info,#{module => erl_stdlib_errors}}]},{ekka_cluster_k8s,extract_host,2,[{file,"ekka_cluster_k8s.erl"},{line,124}]},');
      expect(round).toContain('{ekka_cluster_k8s,discover,1,[{file,"ekka_cluster_k8s.erl"},{line,48}]},{ekka_autocluster,discover_and_join,2,[{file,"ekka_autocluster.erl"},{line,220}]}');
      const core = lines[lines.indexOf(round) + 1];
      expect(core).toMatch(/\[error\] Ekka\(AutoCluster\): Core node discovery error \{badkey,<<"hostname">>\}: \[\{maps,get,/);
      expect(core).toContain('{ekka_autocluster,core_node_discovery_callback,0,[{file,"ekka_autocluster.erl"},{line,104}]}');
    }
  });

  it('the info-level "not responding" line shows only with log level info (node-name mismatch)', async () => {
    const w = await cluster();
    namespace(w);
    const env = K8S('broker', { EMQX_CLUSTER__K8S__ADDRESS_TYPE: 'dns', EMQX_CLUSTER__K8S__SUFFIX: 'pod.cluster.local', EMQX_HOST: '' });
    // dns names built by ekka, but the node is named after its IP (EMQX_NODE__NAME given): they never match.
    apply(w, RBAC('broker') + '---\n' + service('broker', 'broker') + '---\n' + emqxDeployment({ replicas: 2, env: { ...env, EMQX_NODE__NAME: 'emqx@$(POD_IP)', EMQX_LOG__CONSOLE__LEVEL: 'info' }, sa: 'broker', extra: '' }).replace('        env:\n', '        env:\n        - {name: POD_IP, valueFrom: {fieldRef: {fieldPath: status.podIP}}}\n'));
    until(w, allReady(w, 2), 200);
    pass(w, 20);
    expect(logs(w, pods(w)[0])).toMatch(/\[info\] Ekka\(AutoCluster\): discovered nodes are not responding: \['emqx@10-244-\d+-\d+\.lab\.pod\.cluster\.local'/);
    for (const p of pods(w)) expect(clusterJson(w, p).running_nodes).toHaveLength(1);
  });

  it('dns mode with the entrypoint naming the node: the nodes cluster', async () => {
    const w = await cluster();
    namespace(w);
    const env = K8S('broker', { EMQX_CLUSTER__K8S__ADDRESS_TYPE: 'dns', EMQX_CLUSTER__K8S__SUFFIX: 'pod.cluster.local' });
    apply(w, RBAC('broker') + '---\n' + service('broker', 'broker') + '---\n' + emqxDeployment({ replicas: 2, env, sa: 'broker' }));
    until(w, allReady(w, 2), 200);
    until(w, () => pods(w).every((p) => clusterJson(w, p).running_nodes.length === 2), 60);
    expect(clusterJson(w, pods(w)[0]).running_nodes[0]).toMatch(/^emqx@10-244-\d+-\d+\.lab\.pod\.cluster\.local$/);
  });

  it('a node that goes away is listed in stopped_nodes; a replacement pod is a new node (new IP)', async () => {
    const w = await cluster();
    namespace(w);
    apply(w, RBAC('broker') + '---\n' + service('broker', 'broker') + '---\n' + emqxDeployment({ replicas: 2, env: K8S('broker'), sa: 'broker' }));
    until(w, allReady(w, 2), 200);
    until(w, () => pods(w).every((p) => clusterJson(w, p).running_nodes.length === 2), 60);
    const [a, b] = pods(w);
    const { apiDelete } = await import('../../src/sim/api/server.js');
    const { ADMIN } = await import('../../src/sim/api/rbac.js');
    apiDelete(w, ADMIN, b);
    until(w, allReady(w, 2), 200);
    until(w, () => clusterJson(w, a).running_nodes.length === 2, 60);
    const view = clusterJson(w, a);
    expect(view.stopped_nodes).toEqual([`emqx@${b.status.podIP}`]);
    expect(view.running_nodes).not.toContain(`emqx@${b.status.podIP}`);
  });
});

describe('EMQX versions', () => {
  it('5.9+ images (single-node licence) do not form a cluster even with working discovery', async () => {
    const w = await cluster();
    namespace(w);
    apply(w, RBAC('broker') + '---\n' + service('broker', 'broker') + '---\n' + emqxDeployment({ replicas: 2, env: K8S('broker'), sa: 'broker', image: 'emqx/emqx:latest' }));
    until(w, allReady(w, 2), 200);
    pass(w, 30);
    for (const p of pods(w)) {
      expect(clusterJson(w, p).running_nodes).toHaveLength(1);
      expect(exec(w, p, ['emqx', 'ctl', 'status']).stdout).toMatch(/ 6\.0\.1 is started/);
    }
  });
});

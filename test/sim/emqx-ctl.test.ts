/**
 * `emqx ctl`, /status and the schema details of EMQX 5.8.9 that issue 12 corrected (docs/facts.md §11):
 * what the CLI answers while a node waits for its tables, `cluster leave`, the usage texts, the JSON status,
 * the open-source schema's enums, the table-wait log and what a join prints.
 */
import { describe, expect, it } from 'vitest';
import type { World } from '../../src/sim/api/world.js';
import { apiDelete } from '../../src/sim/api/server.js';
import { ADMIN } from '../../src/sim/api/rbac.js';
import { parseEnvConfig } from '../../src/sim/emqx/config.js';
import { emqxHttp, nodeOfPod } from '../../src/sim/emqx/http.js';
import type { Obj } from '../../src/sim/state/types.js';
import { apply, cluster, emqxDeployment, exec, logs, namespace, pass, pod, pods, RBAC, ready, service, until, waiting } from './helpers.js';

const DASHES = '-'.repeat(110);

const sts = (policy: string, replicas = 3) => `apiVersion: apps/v1
kind: StatefulSet
metadata: {name: mq}
spec:
  serviceName: mq-headless
  replicas: ${replicas}
  podManagementPolicy: ${policy}
  selector: {matchLabels: {app: mq}}
  template:
    metadata: {labels: {app: mq}}
    spec:
      serviceAccountName: mq
      containers:
      - name: emqx
        image: emqx/emqx:5.8.9
        ports: [{name: mqtt, containerPort: 1883}, {name: dashboard, containerPort: 18083}]
        env:
        - {name: EMQX_CLUSTER__DISCOVERY_STRATEGY, value: k8s}
        - {name: EMQX_CLUSTER__K8S__SERVICE_NAME, value: mq-headless}
        - {name: EMQX_CLUSTER__K8S__NAMESPACE, value: lab}
        - {name: EMQX_CLUSTER__K8S__ADDRESS_TYPE, value: hostname}
        - {name: EMQX_CLUSTER__K8S__SUFFIX, value: svc.cluster.local}
        readinessProbe:
          httpGet: {path: /status, port: 18083}
          initialDelaySeconds: 10
          periodSeconds: 5
        volumeMounts: [{name: data, mountPath: /opt/emqx/data}]
  volumeClaimTemplates:
  - metadata: {name: data}
    spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 20Mi}}}
`;

const node = (n: number) => `emqx@mq-${n}.mq-headless.lab.svc.cluster.local`;
const running = (w: World, p: Obj) => JSON.parse(exec(w, p, ['emqx', 'ctl', 'cluster', 'status', '--json']).stdout).running_nodes as string[];
const clustered = (w: World, n: number) => () => pods(w).length === n && pods(w).every((p) => ready(p) && !p.metadata.deletionTimestamp) && pods(w).every((p) => running(w, p).length === n);

/** Three nodes with data, stopped mq-0 first and mq-2 last, then started again one by one (OrderedReady). */
async function waitingNode(): Promise<World> {
  const w = await cluster();
  namespace(w);
  apply(w, RBAC('mq') + '---\n' + `apiVersion: v1\nkind: Service\nmetadata: {name: mq-headless}\nspec: {clusterIP: None, publishNotReadyAddresses: true, selector: {app: mq}, ports: [{name: ekka, port: 4370}]}\n` + '---\n' + sts('OrderedReady'));
  until(w, clustered(w, 3), 600);
  apiDelete(w, ADMIN, w.get('statefulsets', 'lab', 'mq')!, { cascade: 'orphan' });
  for (const name of ['mq-0', 'mq-1', 'mq-2']) {
    apiDelete(w, ADMIN, pod(w, name));
    until(w, () => !w.get('pods', 'lab', name), 60);
  }
  apply(w, sts('OrderedReady'));
  until(w, () => pods(w).length === 1 && pods(w)[0].status?.containerStatuses?.[0]?.state?.running !== undefined, 60);
  return w;
}

describe('emqx ctl while a node waits for its tables (the CLI is registered before mria starts)', () => {
  it('status says starting and exits 0; ping answers; cluster status shows the others stopped; admins is not there yet', async () => {
    const w = await waitingNode();
    pass(w, 10);
    const p = pod(w, 'mq-0');
    expect(ready(p)).toBe(false);
    expect(exec(w, p, ['emqx', 'ctl', 'status'])).toEqual({ stdout: `Node '${node(0)}' 5.8.9 is starting\n`, stderr: '', code: 0 });
    expect(exec(w, p, ['emqx', 'ping'])).toEqual({ stdout: 'pong\n', stderr: '', code: 0 });
    expect(exec(w, p, ['emqx', 'ctl', 'cluster', 'status', '--json'])).toEqual({
      stdout: `{\n  "stopped_nodes" : [\n    "${node(1)}",\n    "${node(2)}"\n  ],\n  "running_nodes" : [\n    "${node(0)}"\n  ]\n}\n`,
      stderr: '',
      code: 0,
    });
    const admins = exec(w, p, ['emqx', 'ctl', 'admins', 'add', 'alice', 'Alice-2024', 'x']);
    expect(admins.code).toBe(1);
    expect(admins.stderr).toBe('');
    expect(admins.stdout.startsWith(`Usage: emqx ctl\n${DASHES}\nstatus # Show broker status\n${DASHES}\ncluster join <Node>`)).toBe(true);
    expect(admins.stdout).not.toContain('admins');
    // No diagnosis-bait: nothing claims the node is unreachable.
    expect(JSON.stringify([admins, exec(w, p, ['emqx', 'ctl', 'status'])])).not.toContain('not responding');
  });

  it('mria logs the wait first after 30 s (mnesia:wait_for_tables(_, 30000)), then every 30 s', async () => {
    const w = await waitingNode();
    const start = w.now;
    pass(w, 25);
    expect(logs(w, pod(w, 'mq-0'))).not.toContain('still waiting');
    pass(w, 70);
    const t = (l: string) => Date.parse(l.slice(0, 26) + 'Z');
    const lines = logs(w, pod(w, 'mq-0')).split('\n').filter((l) => l.includes('mria_mnesia: still waiting for table(s)'));
    expect(lines.length).toBeGreaterThanOrEqual(2);
    expect(t(lines[0]) - start).toBeGreaterThanOrEqual(30_000 - 1000);
    expect(t(lines[1]) - t(lines[0])).toBe(30_000);
    expect(lines[0]).toMatch(/^\S+ \[warning\] mria_mnesia: still waiting for table\(s\): \['\$mria_rlog_sync'\]$/);
  });

  it('a liveness probe running `emqx ctl status` passes while the node waits (exit 0)', async () => {
    const w = await cluster();
    namespace(w);
    const withProbe = sts('OrderedReady').replace('        readinessProbe:', '        livenessProbe:\n          exec: {command: [emqx, ctl, status]}\n          initialDelaySeconds: 5\n          periodSeconds: 5\n          failureThreshold: 2\n        readinessProbe:');
    apply(w, RBAC('mq') + '---\n' + `apiVersion: v1\nkind: Service\nmetadata: {name: mq-headless}\nspec: {clusterIP: None, publishNotReadyAddresses: true, selector: {app: mq}, ports: [{name: ekka, port: 4370}]}\n` + '---\n' + withProbe);
    until(w, clustered(w, 3), 600);
    apiDelete(w, ADMIN, w.get('statefulsets', 'lab', 'mq')!, { cascade: 'orphan' });
    for (const name of ['mq-0', 'mq-1', 'mq-2']) {
      apiDelete(w, ADMIN, pod(w, name));
      until(w, () => !w.get('pods', 'lab', name), 60);
    }
    apply(w, withProbe);
    pass(w, 120);
    expect(pod(w, 'mq-0').status.containerStatuses[0].restartCount).toBe(0);
    expect(exec(w, pod(w, 'mq-0'), ['emqx', 'ctl', 'status']).stdout).toContain('is starting');
  });
});

describe('emqx ctl outputs', () => {
  async function twoNodes(): Promise<World> {
    const w = await cluster();
    namespace(w);
    const env = { EMQX_CLUSTER__DISCOVERY_STRATEGY: 'k8s', EMQX_CLUSTER__K8S__SERVICE_NAME: 'broker', EMQX_CLUSTER__K8S__NAMESPACE: 'lab' };
    apply(w, RBAC('broker') + '---\n' + service('broker', 'broker') + '---\n' + emqxDeployment({ replicas: 2, env, sa: 'broker' }));
    until(w, () => pods(w).length === 2 && pods(w).every(ready) && pods(w).every((p) => running(w, p).length === 2), 300);
    return w;
  }

  it('cluster leave: the autocluster notice first, then the result, then the status (and the notice comes only once)', async () => {
    const w = await twoNodes();
    // The younger node leaves: re-enabled, its discovery joins the oldest node again.
    const p = [...pods(w)].sort((a, b) => nodeOfPod(w, b.metadata.uid!)!.startedAt! - nodeOfPod(w, a.metadata.uid!)!.startedAt!)[0];
    const name = `emqx@${p.status.podIP}`;
    const out = exec(w, p, ['emqx', 'ctl', 'cluster', 'leave']);
    expect(out.code).toBe(0);
    expect(out.stdout).toBe(
      `Automatic cluster discovery is disabled on this node: '${name}' to avoid re-joining the same cluster again, if the node is not stopped soon. To enable it run: 'emqx ctl cluster discovery enable' or restart the node.\n` +
        'Leave the cluster successfully.\n' +
        `Cluster status: #{running_nodes => ['${name}'],stopped_nodes => []}\n`,
    );
    pass(w, 30);
    expect(running(w, p)).toEqual([name]);
    expect(exec(w, p, ['emqx', 'ctl', 'cluster', 'leave']).stdout).toBe('Failed to leave the cluster: node_not_in_cluster\n');
    expect(exec(w, p, ['emqx', 'ctl', 'cluster', 'discovery', 'enable']).stdout).toBe('Automatic cluster discovery enabled.\n');
    until(w, () => running(w, p).length === 2, 60);
  });

  it('a join restarts the applications: the listeners stop and start again (no second banner)', async () => {
    const w = await twoNodes();
    const texts = pods(w).map((p) => logs(w, p));
    const joined = texts.find((t) => t.includes('Stop listener http:dashboard on :18083 successfully.'))!;
    expect(joined).toBeDefined();
    const after = joined.slice(joined.indexOf('Stop listener'));
    expect(after.split('\n').slice(0, 10)).toEqual([
      'Stop listener http:dashboard on :18083 successfully.',
      'Listener ssl:default on 0.0.0.0:8883 stopped.',
      'Listener tcp:default on 0.0.0.0:1883 stopped.',
      'Listener ws:default on 0.0.0.0:8083 stopped.',
      'Listener wss:default on 0.0.0.0:8084 stopped.',
      'Listener ssl:default on 0.0.0.0:8883 started.',
      'Listener tcp:default on 0.0.0.0:1883 started.',
      'Listener ws:default on 0.0.0.0:8083 started.',
      'Listener wss:default on 0.0.0.0:8084 started.',
      'Listener http:dashboard on :18083 started.',
    ]);
    expect(joined.match(/is running now!/g)).toHaveLength(1);
  });

  it('usage: a known command with wrong arguments prints its usage and exits 0; an unknown one prints the help and exits 1', async () => {
    const w = await twoNodes();
    const p = pods(w)[0];
    expect(exec(w, p, ['emqx', 'ctl', 'admins', 'list'])).toEqual({
      stdout:
        'admins add <Username> <Password> <Description> # Add dashboard user\n' +
        'admins passwd <Username> <Password>            # Reset dashboard user password\n' +
        'admins del <Username>                          # Delete dashboard user\n',
      stderr: '',
      code: 0,
    });
    expect(exec(w, p, ['emqx', 'ctl', 'cluster']).stdout).toBe(
      'cluster join <Node>        # Join the cluster\n' +
        'cluster leave              # Leave the cluster\n' +
        'cluster force-leave <Node> # Force the node leave from cluster\n' +
        'cluster status [--json]    # Cluster status\n' +
        'cluster discovery enable   # Enable and run automatic cluster discovery (if configured)\n',
    );
    const unknown = exec(w, p, ['emqx', 'ctl', 'nodes']);
    expect(unknown.code).toBe(1);
    expect(unknown.stdout).toContain(`${DASHES}\nadmins add <Username>`);
    expect(exec(w, p, ['emqx', 'ctl']).code).toBe(0);
  });

  it('GET /status?format=json has exactly node_name, rel_vsn, broker_status, app_status; the nodes API reports OTP 26.2.5.14-1', async () => {
    const w = await twoNodes();
    const e = nodeOfPod(w, pods(w)[0].metadata.uid!);
    const r = emqxHttp(w, e, { method: 'GET', path: '/status?format=json', headers: {}, body: '' });
    if (r === 'refused') throw new Error('refused');
    expect(Object.keys(JSON.parse(r.body)).sort()).toEqual(['app_status', 'broker_status', 'node_name', 'rel_vsn']);
    expect(JSON.parse(r.body)).toMatchObject({ rel_vsn: 'v5.8.9', broker_status: 'started', app_status: 'running' });
    const login = emqxHttp(w, e, { method: 'POST', path: '/api/v5/login', headers: {}, body: JSON.stringify({ username: 'admin', password: 'public' }) });
    if (login === 'refused') throw new Error('refused');
    const nodes = emqxHttp(w, e, { method: 'GET', path: '/api/v5/nodes', headers: { authorization: `Bearer ${JSON.parse(login.body).token}` }, body: '' });
    if (nodes === 'refused') throw new Error('refused');
    expect(JSON.parse(nodes.body)[0].otp_release).toBe('26.2.5.14-1/14.2.5.11');
  });
});

describe('the open-source schema of 5.8.9', () => {
  it('no cluster.core_nodes, no log level none, node.role only core (replicant is Enterprise), aaaa and inet6_tls exist', () => {
    const p = parseEnvConfig([
      ['EMQX_CLUSTER__CORE_NODES', 'emqx@a'],
      ['EMQX_LOG__CONSOLE__LEVEL', 'none'],
      ['EMQX_NODE__ROLE', 'replicant'],
      ['EMQX_CLUSTER__DNS__RECORD_TYPE', 'aaaa'],
      ['EMQX_CLUSTER__PROTO_DIST', 'inet6_tls'],
    ]);
    expect(p.unknown).toEqual(['EMQX_CLUSTER__CORE_NODES']);
    expect(p.enumErrors).toEqual([
      { path: 'log.console.level', value: 'none', reason: 'not_a_enum_symbol' },
      { path: 'node.role', value: 'replicant', reason: 'not_a_enum_symbol' },
    ]);
    expect(p.values.get('cluster.dns.record_type')).toBe('aaaa');
    expect(p.values.get('cluster.proto_dist')).toBe('inet6_tls');
    expect(parseEnvConfig([['EMQX_CLUSTER__DISCOVERY_STRATEGY', 'kubernetes']]).enumErrors[0].reason).toBe('unable_to_convert_to_enum_symbol');
  });

  it('node.role replicant: the node does not boot (not_a_enum_symbol, the value printed as an atom)', async () => {
    const w = await cluster();
    namespace(w);
    apply(w, emqxDeployment({ env: { EMQX_NODE__ROLE: 'replicant' } }));
    until(w, () => waiting(pods(w)[0]) === 'CrashLoopBackOff', 120);
    const text = logs(w, pods(w)[0]);
    expect(text).toContain('escript: exception throw: {emqx_conf_schema,[#{reason => not_a_enum_symbol,');
    expect(text).toContain('value => replicant,path => "node.role",');
  });
});

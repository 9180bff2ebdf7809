import { describe, expect, it } from 'vitest';
import type { World } from '../../src/sim/api/world.js';
import { apiDelete } from '../../src/sim/api/server.js';
import { ADMIN } from '../../src/sim/api/rbac.js';
import { emqxHttp, nodeOfPod } from '../../src/sim/emqx/http.js';
import type { Obj } from '../../src/sim/state/types.js';
import { apply, cluster, exec, logs, namespace, pass, pod, pods, RBAC, ready, service, until } from './helpers.js';

const sts = (opts: { replicas?: number; policy?: string; pvc?: boolean; password?: string } = {}) => `apiVersion: apps/v1
kind: StatefulSet
metadata: {name: mq}
spec:
  serviceName: mq-headless
  replicas: ${opts.replicas ?? 3}
  podManagementPolicy: ${opts.policy ?? 'Parallel'}
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
        - {name: EMQX_DASHBOARD__DEFAULT_PASSWORD, value: "${opts.password ?? 'first-Pass1'}"}
        readinessProbe:
          httpGet: {path: /status, port: 18083}
          initialDelaySeconds: 10
          periodSeconds: 5
${opts.pvc ? '        volumeMounts: [{name: data, mountPath: /opt/emqx/data}]\n  volumeClaimTemplates:\n  - metadata: {name: data}\n    spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 20Mi}}}\n' : ''}`;

function setup(w: World, opts: Parameters<typeof sts>[0] = {}): void {
  namespace(w);
  apply(w, RBAC('mq') + '---\n' + service('mq-headless', 'mq', true, true) + '---\n' + sts(opts));
}

const running = (w: World, p: Obj) => JSON.parse(exec(w, p, ['emqx', 'ctl', 'cluster', 'status', '--json']).stdout).running_nodes as string[];
const clustered = (w: World, n: number) => () => pods(w).length === n && pods(w).every((p) => ready(p) && !p.metadata.deletionTimestamp) && pods(w).every((p) => running(w, p).length === n);

function login(w: World, p: Obj, username: string, password: string): number {
  const r = emqxHttp(w, nodeOfPod(w, p.metadata.uid!), { method: 'POST', path: '/api/v5/login', headers: {}, body: JSON.stringify({ username, password }) });
  return r === 'refused' ? 0 : r.status;
}

function scale(w: World, opts: Parameters<typeof sts>[0], replicas: number): void {
  apply(w, sts({ ...opts, replicas }));
}

describe('EMQX on a StatefulSet: stable names, data on PVCs', () => {
  it('hostname mode with the governing headless Service: stable DNS node names, one cluster; a deleted pod rejoins under its name', async () => {
    const w = await cluster();
    setup(w);
    until(w, clustered(w, 3), 300);
    expect(running(w, pod(w, 'mq-0')).sort()).toEqual(['emqx@mq-0.mq-headless.lab.svc.cluster.local', 'emqx@mq-1.mq-headless.lab.svc.cluster.local', 'emqx@mq-2.mq-headless.lab.svc.cluster.local']);
    apiDelete(w, ADMIN, pod(w, 'mq-0'));
    pass(w, 5);
    until(w, clustered(w, 3), 300);
    const view = JSON.parse(exec(w, pod(w, 'mq-1'), ['emqx', 'ctl', 'cluster', 'status', '--json']).stdout);
    expect(view.stopped_nodes).toEqual([]);
  });

  it('a user created before stopping ALL pods survives on PVCs (scale to 0 and back)', async () => {
    const w = await cluster();
    const opts = { pvc: true };
    setup(w, opts);
    until(w, clustered(w, 3), 300);
    expect(exec(w, pod(w, 'mq-0'), ['emqx', 'ctl', 'admins', 'add', 'learner', 'lab-Pass-1', 'created by a test']).stdout).toBe('ok\n');
    expect(login(w, pod(w, 'mq-2'), 'learner', 'lab-Pass-1')).toBe(200);
    scale(w, opts, 0);
    until(w, () => pods(w).length === 0, 300);
    scale(w, opts, 3);
    until(w, clustered(w, 3), 300);
    for (const p of pods(w)) expect(login(w, p, 'learner', 'lab-Pass-1')).toBe(200);
  });

  it('without a PVC the same user is gone after all pods were stopped', async () => {
    const w = await cluster();
    const opts = { pvc: false };
    setup(w, opts);
    until(w, clustered(w, 3), 300);
    exec(w, pod(w, 'mq-0'), ['emqx', 'ctl', 'admins', 'add', 'learner', 'lab-Pass-1', 'x']);
    scale(w, opts, 0);
    until(w, () => pods(w).length === 0, 300);
    scale(w, opts, 3);
    until(w, clustered(w, 3), 300);
    for (const p of pods(w)) expect(login(w, p, 'learner', 'lab-Pass-1')).toBe(401);
  });

  it('the dashboard password from the environment seeds the first boot only', async () => {
    const w = await cluster();
    setup(w, { pvc: true, replicas: 1 });
    until(w, clustered(w, 1), 300);
    expect(login(w, pod(w, 'mq-0'), 'admin', 'first-Pass1')).toBe(200);
    expect(login(w, pod(w, 'mq-0'), 'admin', 'public')).toBe(401);
    apply(w, sts({ pvc: true, replicas: 1, password: 'second-Pass2' }));
    pass(w, 5);
    until(w, clustered(w, 1), 300);
    expect(pod(w, 'mq-0').spec.containers[0].env.find((e: { name: string }) => e.name === 'EMQX_DASHBOARD__DEFAULT_PASSWORD').value).toBe('second-Pass2');
    expect(login(w, pod(w, 'mq-0'), 'admin', 'first-Pass1')).toBe(200);
    expect(login(w, pod(w, 'mq-0'), 'admin', 'second-Pass2')).toBe(401);
  });

  it('emqx ctl admins add validates like EMQX 5.8 (and exits 0 even on errors)', async () => {
    const w = await cluster();
    setup(w, { replicas: 1 });
    until(w, clustered(w, 1), 300);
    const add = (...a: string[]) => exec(w, pod(w, 'mq-0'), ['emqx', 'ctl', 'admins', 'add', ...a]);
    expect(add('bad-name', 'abcdef12', 'd')).toEqual({ stdout: 'Error: Bad Username. Only upper and lower case letters, numbers and underscores are supported\n', stderr: '', code: 0 });
    expect(add('ok_name', 'short1', 'd').stdout).toBe('Error: The range of password length is 8~64\n');
    expect(add('ok_name', 'onlyletters', 'd').stdout).toMatch(/^Error: Bad password\. At least two different kind of characters/);
    expect(add('ok_name', 'letters123', 'd').stdout).toBe('ok\n');
    expect(add('ok_name', 'letters123', 'd').stdout).toBe('Error: username_already_exists\n');
  });

  it('OrderedReady with existing data: a pod that did not stop last waits for tables (mnesia), and never becomes ready', async () => {
    const w = await cluster();
    const opts = { pvc: true, policy: 'OrderedReady' };
    setup(w, opts);
    until(w, clustered(w, 3), 600);
    // Stop the nodes in the order mq-0, mq-1, mq-2 (mq-2 stops last and holds the newest tables).
    apiDelete(w, ADMIN, w.get('statefulsets', 'lab', 'mq')!, { cascade: 'orphan' });
    for (const name of ['mq-0', 'mq-1', 'mq-2']) {
      apiDelete(w, ADMIN, pod(w, name));
      until(w, () => !w.get('pods', 'lab', name), 60);
    }
    apply(w, sts({ ...opts, replicas: 3 }));
    pass(w, 120);
    expect(pods(w).map((p) => p.metadata.name)).toEqual(['mq-0']);
    expect(ready(pod(w, 'mq-0'))).toBe(false);
    expect(logs(w, pod(w, 'mq-0'))).toMatch(/\[warning\] mria_mnesia: still waiting for table\(s\): \['\$mria_rlog_sync'\]/);
    expect(exec(w, pod(w, 'mq-0'), ['emqx', 'ctl', 'status']).stdout).toContain('is starting');
  });

  it('Parallel with existing data: all start, the last to stop loads its tables, the others join it', async () => {
    const w = await cluster();
    const opts = { pvc: true, policy: 'Parallel' };
    setup(w, opts);
    until(w, clustered(w, 3), 600);
    exec(w, pod(w, 'mq-1'), ['emqx', 'ctl', 'admins', 'add', 'keeper', 'keep-it-1', 'x']);
    apiDelete(w, ADMIN, w.get('statefulsets', 'lab', 'mq')!, { cascade: 'orphan' });
    for (const name of ['mq-0', 'mq-1', 'mq-2']) {
      apiDelete(w, ADMIN, pod(w, name));
      until(w, () => !w.get('pods', 'lab', name), 60);
    }
    apply(w, sts({ ...opts, replicas: 3 }));
    until(w, clustered(w, 3), 600);
    expect(login(w, pod(w, 'mq-0'), 'keeper', 'keep-it-1')).toBe(200);
  });
});

/**
 * Port-forwards serve real MQTT, one broker per EMQX node, in separate processes: a message published on
 * one node reaches a subscriber on another only when the two nodes are clustered at that moment.
 */
import { execa, type ResultPromise } from 'execa';
import mqtt from 'mqtt';
import { afterEach, describe, expect, it } from 'vitest';
import { kubectl, poll, SIM, simHome } from './spawn.js';

const open: ResultPromise[] = [];
afterEach(async () => {
  for (const p of open.splice(0)) p.kill('SIGTERM');
});

function manifest(rbac: boolean): string {
  const sa = rbac
    ? `apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: mq, namespace: lab}\n---\napiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata: {name: mq, namespace: lab}\nrules: [{apiGroups: [""], resources: [endpoints], verbs: [get]}]\n---\napiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata: {name: mq, namespace: lab}\nsubjects: [{kind: ServiceAccount, name: mq}]\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: mq}\n---\n`
    : '';
  return `apiVersion: v1
kind: Namespace
metadata: {name: lab}
---
${sa}apiVersion: v1
kind: Service
metadata: {name: mq, namespace: lab}
spec:
  selector: {app: mq}
  ports: [{name: mqtt, port: 1883, targetPort: 1883}, {name: dashboard, port: 18083, targetPort: 18083}]
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: mq, namespace: lab}
spec:
  replicas: 2
  selector: {matchLabels: {app: mq}}
  template:
    metadata: {labels: {app: mq}}
    spec:
${rbac ? '      serviceAccountName: mq\n' : ''}      containers:
      - name: emqx
        image: emqx/emqx:5.8.9
        ports: [{containerPort: 1883}, {containerPort: 18083}]
        env:
        - {name: EMQX_CLUSTER__DISCOVERY_STRATEGY, value: k8s}
        - {name: EMQX_CLUSTER__K8S__SERVICE_NAME, value: mq}
        - {name: EMQX_CLUSTER__K8S__NAMESPACE, value: lab}
        readinessProbe:
          httpGet: {path: /status, port: 18083}
          periodSeconds: 5
`;
}

async function forward(home: string, target: string, remote: number): Promise<number> {
  const p = execa(process.execPath, [SIM, '--namespace', 'lab', 'port-forward', '--address', '127.0.0.1', target, `0:${remote}`], {
    env: { EMQX_LAB_HOME: home, EMQX_LAB_SIM_SPEED: '50' },
    extendEnv: false,
    reject: false,
    buffer: false,
    stdin: 'ignore',
  });
  open.push(p);
  return new Promise((resolve, reject) => {
    let out = '';
    p.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /Forwarding from 127\.0\.0\.1:(\d+) -> (\d+)/.exec(out);
      if (m) resolve(Number(m[1]));
    });
    void p.then((r) => reject(new Error(`port-forward ended: ${String(r.stderr)}`)));
  });
}

async function roundTrip(pubPort: number, subPort: number): Promise<string | undefined> {
  const sub = await mqtt.connectAsync(`mqtt://127.0.0.1:${subPort}`, { reconnectPeriod: 0, connectTimeout: 5000 });
  const pub = await mqtt.connectAsync(`mqtt://127.0.0.1:${pubPort}`, { reconnectPeriod: 0, connectTimeout: 5000 });
  try {
    const got = new Promise<string | undefined>((resolve) => {
      sub.on('message', (_t, m) => resolve(m.toString()));
      setTimeout(() => resolve(undefined), 2000);
    });
    await sub.subscribeAsync('lab/t', { qos: 1 });
    await pub.publishAsync('lab/t', 'across', { qos: 1 });
    return await got;
  } finally {
    await sub.endAsync();
    await pub.endAsync();
  }
}

async function setup(rbac: boolean): Promise<{ home: string; pods: string[] }> {
  const home = simHome();
  expect((await kubectl(home, ['apply', '-f', '-'], { input: manifest(rbac) })).code).toBe(0);
  const r = await poll(home, ['get', 'pods', '-n', 'lab', '-o', 'jsonpath={range .items[*]}{.metadata.name} {.status.conditions[?(@.type=="Ready")].status}{"\\n"}{end}'], (x) => x.stdout.trim().split('\n').length === 2 && !x.stdout.includes('False') && x.stdout.includes('True'), 25_000);
  return { home, pods: r.stdout.trim().split('\n').map((l) => l.split(' ')[0]) };
}

describe('port-forward: real MQTT per EMQX node', { timeout: 60_000 }, () => {
  it('clustered nodes: a message published on one node reaches a subscriber on the other', async () => {
    const { home, pods } = await setup(true);
    await poll(home, ['exec', '-n', 'lab', pods[0], '--', 'emqx', 'ctl', 'cluster', 'status', '--json'], (r) => JSON.parse(r.stdout || '{"running_nodes":[]}').running_nodes.length === 2, 60_000);
    const a = await forward(home, `pod/${pods[0]}`, 1883);
    const b = await forward(home, `pod/${pods[1]}`, 1883);
    expect(await roundTrip(a, b)).toBe('across');
    expect(await roundTrip(a, a)).toBe('across');
  });

  it('separate nodes (no RBAC, no cluster): the message stays on its node', async () => {
    const { home, pods } = await setup(false);
    const a = await forward(home, `pod/${pods[0]}`, 1883);
    const b = await forward(home, `pod/${pods[1]}`, 1883);
    expect(await roundTrip(a, b)).toBeUndefined();
    expect(await roundTrip(b, b)).toBe('across');
  });

  it('a Service forward picks a ready pod; 18083 serves /status and the login API', async () => {
    const { home } = await setup(true);
    const port = await forward(home, 'svc/mq', 18083);
    const status = await fetch(`http://127.0.0.1:${port}/status`);
    expect(status.status).toBe(200);
    expect(await status.text()).toMatch(/^Node emqx@10\.244\.\d+\.\d+ is started\nemqx is running$/);
    const json = await (await fetch(`http://127.0.0.1:${port}/api/v5/status?format=json`)).json();
    expect(json).toMatchObject({ broker_status: 'started', app_status: 'running', rel_vsn: 'v5.8.9' });
    const login = await fetch(`http://127.0.0.1:${port}/api/v5/login`, { method: 'POST', body: JSON.stringify({ username: 'admin', password: 'public' }) });
    const { token } = (await login.json()) as { token: string };
    const nodes = await fetch(`http://127.0.0.1:${port}/api/v5/cluster`, { headers: { authorization: `Bearer ${token}` } });
    expect(((await nodes.json()) as { nodes: string[] }).nodes.length).toBeGreaterThanOrEqual(1);
    expect((await fetch(`http://127.0.0.1:${port}/api/v5/cluster`)).status).toBe(401);
  });

  it('ends with an error when its pod goes away', async () => {
    const { home, pods } = await setup(false);
    const p = execa(process.execPath, [SIM, '-n', 'lab', 'port-forward', `pod/${pods[0]}`, '0:1883'], { env: { EMQX_LAB_HOME: home, EMQX_LAB_SIM_SPEED: '50' }, extendEnv: false, reject: false, stdin: 'ignore' });
    open.push(p);
    await new Promise((r) => setTimeout(r, 800));
    await kubectl(home, ['delete', 'pod', pods[0], '-n', 'lab', '--wait=false']);
    const r = await p;
    expect(r.exitCode).toBe(1);
    expect(String(r.stderr)).toContain('error: lost connection to pod');
    expect(String(r.stdout)).toMatch(/Forwarding from 127\.0\.0\.1:\d+ -> 1883\nForwarding from \[::1\]:\d+ -> 1883/);
  });
});

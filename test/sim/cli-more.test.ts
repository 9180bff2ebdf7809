import { describe, expect, it } from 'vitest';
import { kubectl, poll, simHome } from './spawn.js';

const SETUP = `apiVersion: v1
kind: Namespace
metadata: {name: lab}
---
apiVersion: v1
kind: Service
metadata: {name: mq, namespace: lab}
spec:
  selector: {app: mq}
  ports: [{name: dashboard, port: 18083, targetPort: 18083}]
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: mq, namespace: lab}
spec:
  replicas: 1
  selector: {matchLabels: {app: mq}}
  template:
    metadata: {labels: {app: mq}}
    spec:
      containers:
      - name: emqx
        image: emqx/emqx:5.8.9
        ports: [{containerPort: 18083}]
        readinessProbe: {httpGet: {path: /status, port: 18083}, initialDelaySeconds: 10, periodSeconds: 5}
`;

describe('the simulator as kubectl: proxies, rollouts, logs, describe', () => {
  it('get --raw through the service proxy: no endpoints first, then the node answers', async () => {
    const h = simHome();
    await kubectl(h, ['apply', '-f', '-'], { input: SETUP, speed: 1 });
    const early = await kubectl(h, ['get', '--raw', '/api/v1/namespaces/lab/services/mq:18083/proxy/status'], { speed: 1 });
    expect(early).toEqual({ stdout: '', stderr: 'Error from server (ServiceUnavailable): no endpoints available for service "mq:18083"\n', code: 1 });
    expect((await kubectl(h, ['get', '--raw', '/api/v1/namespaces/lab/services/nope:18083/proxy/status'])).stderr).toBe('Error from server (NotFound): services "nope" not found\n');
    await kubectl(h, ['rollout', 'status', 'deploy/mq', '-n', 'lab', '--timeout=60s']);
    const ok = await kubectl(h, ['get', '--raw', '/api/v1/namespaces/lab/services/mq:18083/proxy/status']);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/^Node emqx@10\.244\.\d+\.\d+ is started\nemqx is running$/);
    const j = JSON.parse((await kubectl(h, ['get', '--raw', '/api/v1/namespaces/lab/services/mq:18083/proxy/api/v5/status?format=json'])).stdout);
    expect(j).toMatchObject({ app_status: 'running', broker_status: 'started' });
    const ep = JSON.parse((await kubectl(h, ['get', '--raw', '/api/v1/namespaces/lab/endpoints/mq'])).stdout);
    expect(ep.subsets[0].addresses).toHaveLength(1);
  });

  it('rollout status waits; rollout restart sets restartedAt and rolls to new pods', async () => {
    const h = simHome();
    await kubectl(h, ['apply', '-f', '-'], { input: SETUP });
    const st = await kubectl(h, ['rollout', 'status', 'deploy/mq', '-n', 'lab', '--timeout=60s']);
    expect(st.stdout.trim().split('\n').pop()).toBe('deployment "mq" successfully rolled out');
    const before = (await kubectl(h, ['get', 'pods', '-n', 'lab', '-o', 'name'])).stdout;
    expect((await kubectl(h, ['rollout', 'restart', 'deployment/mq', '-n', 'lab'])).stdout).toBe('deployment.apps/mq restarted\n');
    const d = JSON.parse((await kubectl(h, ['get', 'deploy', 'mq', '-n', 'lab', '-o', 'json'])).stdout);
    expect(d.spec.template.metadata.annotations['kubectl.kubernetes.io/restartedAt']).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    await kubectl(h, ['rollout', 'status', 'deploy/mq', '-n', 'lab', '--timeout=60s']);
    await poll(h, ['get', 'pods', '-n', 'lab', '-o', 'name'], (r) => r.stdout.trim().split('\n').length === 1 && r.stdout !== before);
    expect((await kubectl(h, ['rollout', 'history', 'deploy/mq', '-n', 'lab'])).stdout).toBe('deployment.apps/mq \nREVISION  CHANGE-CAUSE\n1         <none>\n2         <none>\n\n');
  });

  it('logs of a workload, -l with --prefix, --previous without one; describe shows events', async () => {
    const h = simHome();
    await kubectl(h, ['apply', '-f', '-'], { input: SETUP });
    await kubectl(h, ['rollout', 'status', 'deploy/mq', '-n', 'lab', '--timeout=60s']);
    const logs = await kubectl(h, ['logs', 'deploy/mq', '-n', 'lab', '--tail=1']);
    expect(logs.stdout).toBe('EMQX 5.8.9 is running now!\n');
    const pref = await kubectl(h, ['logs', '-n', 'lab', '-l', 'app=mq', '--prefix', '--tail=1']);
    expect(pref.stdout).toMatch(/^\[pod\/mq-[a-z0-9]+-[a-z0-9]{5}\/emqx\] EMQX 5\.8\.9 is running now!\n$/);
    const prev = await kubectl(h, ['logs', 'deploy/mq', '-n', 'lab', '--previous']);
    expect(prev.code).toBe(1);
    expect(prev.stderr).toMatch(/Error from server \(BadRequest\): previous terminated container "emqx" in pod "mq-[a-z0-9-]+" not found/);
    const desc = await kubectl(h, ['describe', 'deploy/mq', '-n', 'lab']);
    expect(desc.stdout).toMatch(/^Name:\s+mq\nNamespace:\s+lab\n/);
    expect(desc.stdout).toMatch(/Normal\s+ScalingReplicaSet\s+\S+\s+deployment-controller\s+Scaled up replica set mq-\w+ from 0 to 1/);
  });

  it('wait --for condition and --for=delete', async () => {
    const h = simHome();
    await kubectl(h, ['apply', '-f', '-'], { input: SETUP });
    const w = await kubectl(h, ['wait', '--for=condition=Available', 'deployment/mq', '-n', 'lab', '--timeout=60s']);
    expect(w.stdout).toBe('deployment.apps/mq condition met\n');
    const t = await kubectl(h, ['wait', '--for=condition=Ready', 'pod', '-l', 'app=nothing', '-n', 'lab', '--timeout=1s']);
    expect(t.code).toBe(1);
  });
});

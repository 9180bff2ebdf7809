/**
 * The lab's runtime behind the kwok pods (src/runtime, docs/dev/RUNTIME.md), checked with the real kubectl
 * on the real control plane: the simulator's kubelet and EMQX model decide pod status and events, and exec,
 * logs and port-forward reach the model. Each test has a namespace of its own and they run at once (most of
 * their time is EMQX starting and probes ticking, at wall-clock speed).
 */
import { execa } from 'execa';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import mqtt from 'mqtt';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { realKubectl } from './harness.js';
import { runtimeSpeed } from './runtime.js';

const plane = inject('controlPlane');
const hasRuntime = !!plane && existsSync(join(plane.dir, 'runtime', 'api.sock'));
/** The model's clock against the wall clock (docs/dev/RUNTIME.md, Time). */
const speed = plane ? runtimeSpeed(plane.dir) : 1;

interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

async function k(args: string[], input?: string): Promise<Ran> {
  const r = await execa(realKubectl, [`--kubeconfig=${plane!.kubeconfig}`, ...args], { input, reject: false, timeout: 90_000, stripFinalNewline: false });
  return { code: r.exitCode ?? -1, stdout: String(r.stdout), stderr: String(r.stderr) };
}

async function ok(args: string[], input?: string): Promise<string> {
  const r = await k(args, input);
  if (r.code !== 0) throw new Error(`kubectl ${args.join(' ')} failed (${r.code}): ${r.stderr}`);
  return r.stdout;
}

type J = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const json = async (args: string[]): Promise<J> => JSON.parse(await ok([...args, '-o', 'json'])) as J;

async function eventually<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 90_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await probe();
      if (v !== undefined) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > until) throw new Error(`not within ${timeoutMs / 1000} s: ${what}${last ? ` (${(last as Error).message})` : ''}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

const namespaces: string[] = [];
/** A namespace of the test's own (a fresh name each run: an earlier run's may still be terminating). */
async function namespace(prefix: string): Promise<string> {
  const name = `${prefix}-${Math.random().toString(36).slice(2, 7)}`;
  await ok(['create', 'namespace', name]);
  namespaces.push(name);
  return name;
}

/** An EMQX 5.8.9 container as the course writes it (probes and ports of the official chart). */
function emqxContainer(extra: J = {}): J {
  const probe = { httpGet: { path: '/status', port: 'dashboard' } };
  return {
    name: 'emqx',
    image: 'emqx/emqx:5.8.9',
    ports: [{ name: 'mqtt', containerPort: 1883 }, { name: 'dashboard', containerPort: 18083 }, { name: 'ekka', containerPort: 4370 }],
    readinessProbe: { ...probe, initialDelaySeconds: 10, periodSeconds: 5, failureThreshold: 30 },
    livenessProbe: { ...probe, initialDelaySeconds: 60, periodSeconds: 30, failureThreshold: 10 },
    ...extra,
  };
}

const apply = (ns: string, objs: J[]) => ok(['-n', ns, 'apply', '-f', '-'], JSON.stringify({ apiVersion: 'v1', kind: 'List', items: objs }));

const ready = (p: J) => p.status?.conditions?.some((c: J) => c.type === 'Ready' && c.status === 'True');

/** `kubectl port-forward` to TARGET:PORT; resolves with the local port once it listens. */
async function forward(ns: string, target: string, port: number): Promise<{ port: number; stop(): void }> {
  const child = execa(realKubectl, [`--kubeconfig=${plane!.kubeconfig}`, '-n', ns, 'port-forward', '--address', '127.0.0.1', target, `0:${port}`], { reject: false });
  const local = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /127\.0\.0\.1:(\d+) ->/.exec(out);
      if (m) resolve(Number(m[1]));
    });
    void child.then((r) => reject(new Error(`port-forward ended: ${r.stderr}`)));
  });
  return { port: local, stop: () => child.kill() };
}

/** Subscribe on one MQTT port, publish on another; resolves with what arrived within 5 s. */
async function roundTrip(subPort: number, pubPort: number, topic: string): Promise<string | undefined> {
  const sub = await mqtt.connectAsync(`mqtt://127.0.0.1:${subPort}`, { reconnectPeriod: 0 });
  const pub = await mqtt.connectAsync(`mqtt://127.0.0.1:${pubPort}`, { reconnectPeriod: 0 });
  try {
    const got = new Promise<string | undefined>((resolve) => {
      sub.on('message', (_t, m) => resolve(m.toString()));
      setTimeout(() => resolve(undefined), 5000);
    });
    await sub.subscribeAsync(topic, { qos: 1 });
    await pub.publishAsync(topic, 'hello from the other node', { qos: 1 });
    return await got;
  } finally {
    await Promise.all([sub.endAsync(), pub.endAsync()]);
  }
}

afterAll(async () => {
  if (plane) await Promise.all(namespaces.map((ns) => k(['delete', 'namespace', ns, '--wait=false'])));
});

describe.skipIf(!hasRuntime).concurrent('the runtime behind the kwok pods', () => {
  it('runs EMQX in a pod: Ready through its readiness probe, kubelet events, exec, logs and port-forward', { timeout: 180_000 }, async () => {
    const ns = await namespace('rt-pod');
    // The Service first: its variables are in the environment of containers started after it exists.
    await apply(ns, [{ apiVersion: 'v1', kind: 'Service', metadata: { name: 'emqx' }, spec: { selector: { app: 'emqx' }, ports: [{ name: 'mqtt', port: 1883 }, { name: 'dashboard', port: 18083 }] } }]);
    await apply(ns, [{ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'emqx', labels: { app: 'emqx' } }, spec: { containers: [emqxContainer()] } }]);
    const pod = await eventually('pod emqx Ready', async () => {
      const p = await json(['-n', ns, 'get', 'pod', 'emqx']);
      return ready(p) ? p : undefined;
    });
    // Not before the probe's initial delay (10 s of the model's time; timestamps are whole seconds): Ready
    // comes from the probe, not from a timer of kwok's.
    const readyAt = Date.parse(pod.status.conditions.find((c: J) => c.type === 'Ready').lastTransitionTime);
    const startedAt = Date.parse(pod.status.containerStatuses[0].state.running.startedAt);
    expect(readyAt - startedAt).toBeGreaterThanOrEqual(10_000 / speed - 1000);
    expect(pod.status).toMatchObject({ phase: 'Running', hostIP: expect.stringMatching(/^172\.18\.0\.[34]$/), podIP: expect.stringMatching(/^10\.244\.\d+\.([2-9]|\d\d+)$/) });
    expect(pod.status.containerStatuses[0]).toMatchObject({ name: 'emqx', ready: true, restartCount: 0, started: true, image: 'docker.io/emqx/emqx:5.8.9', containerID: expect.stringMatching(/^containerd:\/\/[0-9a-f]{64}$/) });

    const events = (await json(['-n', ns, 'get', 'events', '--field-selector', 'involvedObject.name=emqx'])).items.map((e: J) => `${e.reason} ${e.reportingComponent || e.source?.component}`);
    expect(events).toEqual(expect.arrayContaining(['Scheduled default-scheduler', 'Pulled kubelet', 'Created kubelet', 'Started kubelet']));

    expect((await ok(['-n', ns, 'exec', 'emqx', '--', 'emqx', 'ctl', 'status'])).trim()).toBe(`Node 'emqx@${pod.status.podIP}' 5.8.9 is started`);
    // A command's exit code passes through, as a kubelet reports it.
    const failed = await k(['-n', ns, 'exec', 'emqx', '--', 'sh', '-c', 'echo out; exit 3']);
    expect(failed).toEqual({ code: 3, stdout: 'out\n', stderr: 'command terminated with exit code 3\n' });
    const missing = await k(['-n', ns, 'exec', 'emqx', '--', 'curl', 'http://localhost']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^error: Internal error occurred: Internal error occurred: error executing command in container: failed to exec in container: failed to start exec "[0-9a-f]{64}": OCI runtime exec failed: exec failed: unable to start container process: exec: "curl": executable file not found in \$PATH: unknown\n$/);
    expect(await ok(['-n', ns, 'exec', 'emqx', '--', 'env'])).toMatch(/^EMQX_SERVICE_HOST=10\.96\.\d+\.\d+$/m);
    // exec -i: kubectl's stdin reaches the command (the kubelet front reads it from the stream); without -i
    // the command reads nothing (issue 16 point 14: step 9 passes its password this way).
    expect(await k(['-n', ns, 'exec', '-i', 'emqx', '-c', 'emqx', '--', 'sh', '-c', 'read -r p && exec echo "got $p"'], 'secret\n')).toEqual({ code: 0, stdout: 'got secret\n', stderr: '' });
    expect(await k(['-n', ns, 'exec', 'emqx', '--', 'sh', '-c', 'read -r p && exec echo "got $p"'], 'secret\n')).toEqual({ code: 1, stdout: '', stderr: 'command terminated with exit code 1\n' });

    const log = await ok(['-n', ns, 'logs', 'emqx', '--tail=2']);
    expect(log).toBe('Listener http:dashboard on :18083 started.\nEMQX 5.8.9 is running now!\n');
    expect((await k(['-n', ns, 'logs', 'emqx', '--previous'])).stderr).toBe('Error from server (BadRequest): previous terminated container "emqx" in pod "emqx" not found\n');

    const http = await forward(ns, 'pod/emqx', 18083);
    const mq = await forward(ns, 'svc/emqx', 1883);
    try {
      const status = await fetch(`http://127.0.0.1:${http.port}/status`);
      expect([status.status, await status.text()]).toEqual([200, `Node emqx@${pod.status.podIP} is started\nemqx is running`]);
      const login = await fetch(`http://127.0.0.1:${http.port}/api/v5/login`, { method: 'POST', body: JSON.stringify({ username: 'admin', password: 'public' }) });
      expect(((await login.json()) as J).token).toMatch(/\S+\.\S+/);
      expect(await roundTrip(mq.port, mq.port, 'lab/one')).toBe('hello from the other node');
    } finally {
      http.stop();
      mq.stop();
    }
    // The API server's service proxy reaches the pod too.
    expect(await ok(['get', '--raw', `/api/v1/namespaces/${ns}/services/emqx:18083/proxy/status`])).toContain('emqx is running');

    // Graceful deletion: the container stops (EMQX takes a couple of seconds), then the pod is gone.
    const t0 = Date.now();
    await ok(['-n', ns, 'delete', 'pod', 'emqx', '--wait=true']);
    expect(Date.now() - t0).toBeLessThan(15_000);
    const after = (await json(['-n', ns, 'get', 'events', '--field-selector', 'involvedObject.name=emqx'])).items.map((e: J) => `${e.reason}: ${e.message}`);
    expect(after).toContain('Killing: Stopping container emqx');
  });

  it('crash-loops on a bad enum value, and logs --previous shows the crash; an unknown tag or a missing key never starts', { timeout: 180_000 }, async () => {
    const ns = await namespace('rt-crash');
    await apply(ns, [
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg' }, data: { EMQX_CLUSTER__DISCOVERY_STRATEGY: 'kubernetes' } },
      { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'bad-enum' }, spec: { containers: [emqxContainer({ envFrom: [{ configMapRef: { name: 'cfg' } }] })] } },
      { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'bad-tag' }, spec: { containers: [emqxContainer({ image: 'emqx/emqx:5.8.99' })] } },
      { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'no-key' }, spec: { containers: [emqxContainer({ env: [{ name: 'EMQX_NODE__COOKIE', valueFrom: { configMapKeyRef: { name: 'cfg', key: 'cookie' } } }] })] } },
    ]);
    const state = async (name: string) => (await json(['-n', ns, 'get', 'pod', name])).status?.containerStatuses?.[0];
    const crashed = await eventually('bad-enum restarted and in CrashLoopBackOff', async () => {
      const s = await state('bad-enum');
      return s?.state?.waiting?.reason === 'CrashLoopBackOff' && s.restartCount >= 1 ? s : undefined;
    });
    expect(crashed.lastState.terminated).toMatchObject({ exitCode: 1, reason: 'Error' });
    expect(await ok(['-n', ns, 'logs', 'bad-enum', '--previous'])).toContain('reason => unable_to_convert_to_enum_symbol');
    const pull = await eventually('bad-tag fails to pull', async () => {
      const s = await state('bad-tag');
      return ['ErrImagePull', 'ImagePullBackOff'].includes(s?.state?.waiting?.reason) ? s : undefined;
    });
    expect(pull.state.waiting.message).toContain('docker.io/emqx/emqx:5.8.99: not found');
    expect((await k(['-n', ns, 'logs', 'bad-tag'])).stderr).toMatch(/^Error from server \(BadRequest\): container "emqx" in pod "bad-tag" is waiting to start: (image can't be pulled|trying and failing to pull image)\n$/);
    const config = await eventually('no-key cannot be configured', async () => {
      const s = await state('no-key');
      return s?.state?.waiting?.reason === 'CreateContainerConfigError' ? s : undefined;
    });
    expect(config.state.waiting.message).toBe(`couldn't find key cookie in ConfigMap ${ns}/cfg`);
    const execNotRunning = await k(['-n', ns, 'exec', 'no-key', '--', 'emqx', 'ctl', 'status']);
    expect(execNotRunning).toMatchObject({ code: 1, stderr: 'error: Internal error occurred: unable to upgrade connection: container not found ("emqx")\n' });

    // A process that ignores SIGTERM is killed when the grace period ends (wall-clock time, whatever the speed).
    await apply(ns, [{ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'sleeper' }, spec: { terminationGracePeriodSeconds: 4, containers: [{ name: 'sleep', image: 'busybox:1.36', command: ['sleep', '3600'] }] } }]);
    await eventually('sleeper running', async () => ((await json(['-n', ns, 'get', 'pod', 'sleeper'])).status?.containerStatuses?.[0]?.state?.running ? true : undefined));
    const t0 = Date.now();
    await ok(['-n', ns, 'delete', 'pod', 'sleeper', '--wait=true']);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(3_000);
    expect(Date.now() - t0).toBeLessThan(15_000);
  });

  it('discovers peers through the real API server: 403 without a RoleBinding, then one cluster across pods', { timeout: 240_000 }, async () => {
    const ns = await namespace('rt-discovery');
    const env = [
      ['EMQX_CLUSTER__DISCOVERY_STRATEGY', 'k8s'],
      ['EMQX_CLUSTER__K8S__APISERVER', 'https://kubernetes.default.svc:443'],
      ['EMQX_CLUSTER__K8S__NAMESPACE', ns],
      ['EMQX_CLUSTER__K8S__SERVICE_NAME', 'emqx'],
      ['EMQX_CLUSTER__K8S__ADDRESS_TYPE', 'ip'],
    ].map(([name, value]) => ({ name, value }));
    await apply(ns, [
      { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'emqx' } },
      { apiVersion: 'v1', kind: 'Service', metadata: { name: 'emqx' }, spec: { selector: { app: 'emqx' }, ports: [{ name: 'mqtt', port: 1883 }] } },
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'emqx' },
        spec: { replicas: 2, selector: { matchLabels: { app: 'emqx' } }, template: { metadata: { labels: { app: 'emqx' } }, spec: { serviceAccountName: 'emqx', containers: [emqxContainer({ env })] } } },
      },
    ]);
    const pods = await eventually('two pods Ready', async () => {
      const items = (await json(['-n', ns, 'get', 'pods', '-l', 'app=emqx'])).items as J[];
      return items.length === 2 && items.every(ready) ? items : undefined;
    });
    const names = pods.map((p) => p.metadata.name as string);
    await eventually('the 403 in the log', async () => ((await ok(['-n', ns, 'logs', names[0]])).match(/\[error\] Ekka\(AutoCluster\): Discovery error: \{403,#Ref<[\d.]+>\}$/m) ? true : undefined));
    expect(await ok(['-n', ns, 'exec', names[0], '--', 'emqx', 'ctl', 'cluster', 'status', '--json'])).toContain('"stopped_nodes" : [');

    await apply(ns, [
      { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name: 'emqx' }, rules: [{ apiGroups: [''], resources: ['endpoints'], verbs: ['get'] }] },
      { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: 'emqx' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'emqx' }, subjects: [{ kind: 'ServiceAccount', name: 'emqx', namespace: ns }] },
    ]);
    const expected = pods.map((p) => `emqx@${p.status.podIP}`).sort();
    for (const name of names) {
      await eventually(`${name} sees both nodes running`, async () => {
        const v = JSON.parse(await ok(['-n', ns, 'exec', name, '--', 'emqx', 'ctl', 'cluster', 'status', '--json'])) as { running_nodes: string[] };
        return JSON.stringify(v.running_nodes) === JSON.stringify(expected) ? true : undefined;
      });
    }
    const a = await forward(ns, `pod/${names[0]}`, 1883);
    const b = await forward(ns, `pod/${names[1]}`, 1883);
    try {
      expect(await roundTrip(a.port, b.port, 'lab/across')).toBe('hello from the other node');
    } finally {
      a.stop();
      b.stop();
    }
  });

  it('keeps /opt/emqx/data on the claim\'s PersistentVolume: a user made before stopping all pods is there after', { timeout: 240_000 }, async () => {
    const ns = await namespace('rt-volume');
    await apply(ns, [
      {
        apiVersion: 'apps/v1',
        kind: 'StatefulSet',
        metadata: { name: 'emqx' },
        spec: {
          serviceName: 'emqx',
          replicas: 1,
          selector: { matchLabels: { app: 'emqx' } },
          template: { metadata: { labels: { app: 'emqx' } }, spec: { containers: [emqxContainer({ env: [{ name: 'EMQX_HOST', value: 'emqx-0.emqx' }], volumeMounts: [{ name: 'data', mountPath: '/opt/emqx/data' }] })] } },
          volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }],
        },
      },
    ]);
    const podReady = () =>
      eventually('emqx-0 Ready', async () => {
        const p = await json(['-n', ns, 'get', 'pod', 'emqx-0']);
        return ready(p) && !p.metadata.deletionTimestamp ? p : undefined;
      });
    const first = await podReady();
    // As step 9 does it: the password on stdin, never in kubectl's argv.
    expect(await ok(['-n', ns, 'exec', '-i', 'emqx-0', '--', 'sh', '-c', 'read -r p && exec emqx ctl admins add learner "$p" "made before"'], 'Passw0rd!\n')).toBe('ok\n');
    const pvc = await json(['-n', ns, 'get', 'pvc', 'data-emqx-0']);
    const pv = await json(['get', 'pv', pvc.spec.volumeName]);
    expect(readdirSync(join(pv.spec.hostPath.path, 'mnesia'))).toEqual(['emqx@emqx-0.emqx']);

    await ok(['-n', ns, 'scale', 'statefulset', 'emqx', '--replicas=0']);
    await eventually('no pod left', async () => ((await json(['-n', ns, 'get', 'pods'])).items.length === 0 ? true : undefined));
    await ok(['-n', ns, 'scale', 'statefulset', 'emqx', '--replicas=1']);
    const second = await podReady();
    expect(second.metadata.uid).not.toBe(first.metadata.uid);
    const login = (pod: string) =>
      eventually(`${pod} answers a login`, async () => {
        const http = await forward(ns, `pod/${pod}`, 18083);
        try {
          return (await fetch(`http://127.0.0.1:${http.port}/api/v5/login`, { method: 'POST', body: JSON.stringify({ username: 'learner', password: 'Passw0rd!' }) })).status;
        } finally {
          http.stop();
        }
      });
    expect(await login('emqx-0')).toBe(200);

    // Without a claim the data lives in the pod (an emptyDir here) and goes with it.
    const scratch = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'scratch' }, spec: { containers: [emqxContainer({ volumeMounts: [{ name: 'data', mountPath: '/opt/emqx/data' }] })], volumes: [{ name: 'data', emptyDir: {} }] } };
    const scratchReady = () => eventually('scratch Ready', async () => (ready(await json(['-n', ns, 'get', 'pod', 'scratch'])) ? true : undefined));
    await apply(ns, [scratch]);
    await scratchReady();
    await ok(['-n', ns, 'exec', 'scratch', '--', 'emqx', 'ctl', 'admins', 'add', 'learner', 'Passw0rd!', 'made before']);
    expect(await login('scratch')).toBe(200);
    await ok(['-n', ns, 'delete', 'pod', 'scratch']);
    await apply(ns, [scratch]);
    await scratchReady();
    expect(await login('scratch')).toBe(401);
  });
});

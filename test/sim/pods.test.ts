import { describe, expect, it } from 'vitest';
import { apply, cluster, eventText, exec, logs, namespace, pass, pod, ready, until, waiting } from './helpers.js';

const bare = (name: string, image: string, extra = '') => `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
spec:
  containers:
  - name: main
    image: ${image}
${extra}`;

describe('pods and the kubelet', () => {
  it('pulls an image once per node: the first pull takes time, later pods find it present', async () => {
    const w = await cluster();
    namespace(w);
    apply(w, bare('p1', 'emqx/emqx:5.8.9'));
    pass(w, 2);
    expect(waiting(pod(w, 'p1'))).toBe('ContainerCreating');
    until(w, () => pod(w, 'p1').status.phase === 'Running', 60);
    const node = pod(w, 'p1').spec.nodeName;
    const images = w.get('nodes', undefined, node)!.status.images.flatMap((i: { names: string[] }) => i.names);
    expect(images).toContain('docker.io/emqx/emqx:5.8.9');
    expect(eventText(w)).toMatch(/Successfully pulled image "emqx\/emqx:5\.8\.9" in [\d.]+s \([\d.]+s including waiting\)\. Image size: \d+ bytes\./);
    apply(w, bare('p2', 'emqx/emqx:5.8.9', `  nodeName: ${node}\n`));
    pass(w, 3);
    expect(pod(w, 'p2').status.phase).toBe('Running');
    expect(eventText(w)).toContain('Container image "emqx/emqx:5.8.9" already present on machine');
  });

  it('a tag that does not exist: ErrImagePull, then ImagePullBackOff with a growing back-off', async () => {
    const w = await cluster();
    namespace(w);
    apply(w, bare('p', 'emqx/emqx:5.8.99'));
    until(w, () => waiting(pod(w, 'p')) === 'ErrImagePull', 30);
    expect(pod(w, 'p').status.containerStatuses[0].state.waiting.message).toBe(
      'rpc error: code = NotFound desc = failed to pull and unpack image "docker.io/emqx/emqx:5.8.99": failed to resolve reference "docker.io/emqx/emqx:5.8.99": docker.io/emqx/emqx:5.8.99: not found',
    );
    pass(w, 2);
    expect(waiting(pod(w, 'p'))).toBe('ImagePullBackOff');
    pass(w, 120);
    const pulling = w.list('events', 'lab').find((e) => e.reason === 'Pulling')!;
    expect(pulling.count).toBeGreaterThanOrEqual(3);
    expect(pulling.count).toBeLessThan(7);
    expect(eventText(w)).toContain('Back-off pulling image "emqx/emqx:5.8.99"');
  });

  it('a container that exits is restarted with back-off: CrashLoopBackOff and restartCount', async () => {
    const w = await cluster();
    namespace(w);
    apply(w, bare('p', 'busybox:1.36', '    command: ["sh", "-c", "echo bye; exit 3"]\n'));
    until(w, () => (pod(w, 'p').status.containerStatuses?.[0]?.restartCount ?? 0) >= 1, 60);
    until(w, () => waiting(pod(w, 'p')) === 'CrashLoopBackOff', 60);
    const st = pod(w, 'p').status.containerStatuses[0];
    expect(st.lastState.terminated).toMatchObject({ exitCode: 3, reason: 'Error' });
    expect(st.state.waiting.message).toMatch(/^back-off \d+s restarting failed container=main pod=p_lab\(/);
    expect(logs(w, pod(w, 'p'))).toBe('bye');
    pass(w, 300);
    expect(pod(w, 'p').status.containerStatuses[0].restartCount).toBeLessThan(8);
    expect(eventText(w)).toContain('Back-off restarting failed container main in pod p_lab(');
  });

  it('busybox without a command completes at once and crash-loops; sleep runs until killed', async () => {
    const w = await cluster();
    namespace(w);
    apply(w, bare('a', 'busybox:1.36'));
    apply(w, bare('b', 'busybox:1.36', '    command: ["sleep", "3600"]\n'));
    until(w, () => waiting(pod(w, 'a')) === 'CrashLoopBackOff', 60);
    expect(pod(w, 'a').status.containerStatuses[0].lastState.terminated.reason).toBe('Completed');
    expect(pod(w, 'b').status.phase).toBe('Running');
    expect(ready(pod(w, 'b'))).toBe(true);
  });

  it('readiness follows the probe timing: initialDelaySeconds and periodSeconds in simulated time', async () => {
    const w = await cluster();
    namespace(w);
    apply(w, bare('p', 'emqx/emqx:5.8.9', '    readinessProbe:\n      httpGet: {path: /status, port: 18083}\n      initialDelaySeconds: 30\n      periodSeconds: 7\n'));
    until(w, () => pod(w, 'p').status.phase === 'Running', 60);
    const started = Date.parse(pod(w, 'p').status.containerStatuses[0].state.running.startedAt);
    until(w, () => ready(pod(w, 'p')), 120);
    const at = w.now - started;
    expect(at).toBeGreaterThanOrEqual(30_000);
    expect(at).toBeLessThan(30_000 + 7_000 + 2_000);
  });

  it('an unreachable probe path never passes and is reported as Unhealthy', async () => {
    const w = await cluster();
    namespace(w);
    apply(w, bare('p', 'emqx/emqx:5.8.9', '    readinessProbe:\n      httpGet: {path: /healthz, port: 18083}\n      periodSeconds: 5\n'));
    pass(w, 90);
    expect(ready(pod(w, 'p'))).toBe(false);
    expect(eventText(w)).toContain('Readiness probe failed: HTTP probe failed with statuscode: 404');
  });

  it('a failing liveness probe restarts the container', async () => {
    const w = await cluster();
    namespace(w);
    apply(w, bare('p', 'busybox:1.36', '    command: ["sleep", "3600"]\n    livenessProbe:\n      tcpSocket: {port: 8080}\n      periodSeconds: 5\n      failureThreshold: 2\n'));
    until(w, () => (pod(w, 'p').status.containerStatuses?.[0]?.restartCount ?? 0) >= 1, 200);
    expect(eventText(w)).toContain('Container main failed liveness probe, will be restarted');
    expect(eventText(w)).toMatch(/Liveness probe failed: dial tcp 10\.244\.\d+\.\d+:8080: connect: connection refused/);
  });

  it('deleting a pod: Terminating for at most the grace period, then gone; exec works while running', async () => {
    const w = await cluster();
    namespace(w);
    apply(w, bare('p', 'busybox:1.36', '    command: ["sleep", "3600"]\n'));
    until(w, () => ready(pod(w, 'p')), 60);
    expect(exec(w, pod(w, 'p'), ['hostname']).stdout).toBe('p\n');
    const { apiDelete } = await import('../../src/sim/api/server.js');
    const { ADMIN } = await import('../../src/sim/api/rbac.js');
    apiDelete(w, ADMIN, pod(w, 'p'), { grace: 5 });
    pass(w, 2);
    expect(pod(w, 'p').metadata.deletionTimestamp).toBeDefined();
    pass(w, 4);
    expect(w.get('pods', 'lab', 'p')).toBeUndefined();
    expect(eventText(w)).toContain('Stopping container main');
  });

  it('a new image in the pod spec restarts that container in place', async () => {
    const w = await cluster();
    namespace(w);
    apply(w, bare('p', 'busybox:1.36', '    command: ["sleep", "infinity"]\n'));
    until(w, () => ready(pod(w, 'p')), 60);
    const uid = pod(w, 'p').metadata.uid;
    expect(apply(w, bare('p', 'busybox:1.37', '    command: ["sleep", "infinity"]\n')).lines).toEqual(['pod/p configured']);
    until(w, () => pod(w, 'p').status.containerStatuses[0].restartCount === 1 && ready(pod(w, 'p')), 120);
    expect(pod(w, 'p').metadata.uid).toBe(uid);
    expect(eventText(w)).toContain('Container main definition changed, will be restarted');
    expect(apply(w, bare('p', 'busybox:1.37', '    command: ["sleep", "3600"]\n')).errors[0]).toMatch(/^The Pod "p" is invalid: spec: Forbidden: pod updates may not change fields other than `spec.containers\[\*\].image`/);
  });

  it('no node fits: Pending with FailedScheduling in the scheduler\'s words', async () => {
    const w = await cluster();
    namespace(w);
    apply(w, bare('big', 'busybox:1.36', '    command: ["sleep", "infinity"]\n    resources: {requests: {cpu: "64"}}\n'));
    pass(w, 5);
    expect(pod(w, 'big').status.phase).toBe('Pending');
    expect(pod(w, 'big').status.conditions[0]).toMatchObject({ type: 'PodScheduled', status: 'False', reason: 'Unschedulable' });
    expect(eventText(w)).toContain('FailedScheduling: 0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 Insufficient cpu. preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.');
  });

  it('the scheduler fits the biggest init container, not only the sum of the containers', async () => {
    const w = await cluster();
    namespace(w);
    apply(w, `apiVersion: v1
kind: Pod
metadata: {name: warm}
spec:
  initContainers: [{name: prep, image: busybox:1.36, command: ["true"], resources: {requests: {cpu: "64"}}}]
  containers: [{name: main, image: busybox:1.36, command: [sleep, infinity], resources: {requests: {cpu: 100m}}}]
`);
    pass(w, 5);
    expect(pod(w, 'warm').status.phase).toBe('Pending');
    expect(eventText(w)).toContain('FailedScheduling: 0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 Insufficient cpu.');
  });
});

import { describe, expect, it } from 'vitest';
import { apply, cluster, eventText, exec, namespace, pass, pod, pods, ready, until, waiting } from './helpers.js';

const withEnv = (extra: string) => `apiVersion: v1
kind: Pod
metadata:
  name: p
  labels: {tier: web}
spec:
  serviceAccountName: default
  containers:
  - name: main
    image: busybox:1.36
    command: ["sleep", "infinity"]
${extra}`;

describe('ConfigMaps, Secrets and the environment', () => {
  it('env from values, $(VAR) expansion, valueFrom and envFrom with prefix, downward API', async () => {
    const w = await cluster();
    namespace(w);
    apply(w, `apiVersion: v1
kind: ConfigMap
metadata: {name: settings}
data: {COLOR: blue, SIZE: "3"}
---
apiVersion: v1
kind: Secret
metadata: {name: creds}
stringData: {PASSWORD: s3cret}
`);
    apply(w, withEnv(`    envFrom:
    - configMapRef: {name: settings}
      prefix: APP_
    - secretRef: {name: creds}
    env:
    - {name: GREETING, value: "hello $(APP_COLOR) $(MISSING) $$(APP_SIZE)"}
    - {name: POD, valueFrom: {fieldRef: {fieldPath: metadata.name}}}
    - {name: NS, valueFrom: {fieldRef: {fieldPath: metadata.namespace}}}
    - {name: IP, valueFrom: {fieldRef: {fieldPath: status.podIP}}}
    - {name: NODE, valueFrom: {fieldRef: {fieldPath: spec.nodeName}}}
    - {name: SA, valueFrom: {fieldRef: {fieldPath: spec.serviceAccountName}}}
    - {name: HOST_URL, value: "http://$(POD).svc:$(APP_SIZE)"}
    - {name: COLOR2, valueFrom: {configMapKeyRef: {name: settings, key: COLOR}}}
`));
    until(w, () => ready(pod(w, 'p')), 60);
    const env = Object.fromEntries(exec(w, pod(w, 'p'), ['env']).stdout.trim().split('\n').map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
    expect(env).toMatchObject({
      APP_COLOR: 'blue',
      APP_SIZE: '3',
      PASSWORD: 's3cret',
      GREETING: 'hello blue $(MISSING) $(APP_SIZE)',
      POD: 'p',
      NS: 'lab',
      IP: pod(w, 'p').status.podIP,
      NODE: pod(w, 'p').spec.nodeName,
      SA: 'default',
      HOST_URL: 'http://p.svc:3',
      COLOR2: 'blue',
      KUBERNETES_SERVICE_HOST: '10.96.0.1',
    });
    expect(exec(w, pod(w, 'p'), ['printenv', 'APP_COLOR']).stdout).toBe('blue\n');
  });

  it('a ConfigMap change does not restart or change running pods; a new pod sees the new value', async () => {
    const w = await cluster();
    namespace(w);
    apply(w, 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings}\ndata: {COLOR: blue}\n');
    apply(w, withEnv('    envFrom:\n    - configMapRef: {name: settings}\n'));
    until(w, () => ready(pod(w, 'p')), 60);
    const uid = pod(w, 'p').metadata.uid;
    expect(apply(w, 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings}\ndata: {COLOR: red}\n').lines).toEqual(['configmap/settings configured']);
    pass(w, 120);
    expect(pod(w, 'p').metadata.uid).toBe(uid);
    expect(pod(w, 'p').status.containerStatuses[0].restartCount).toBe(0);
    expect(exec(w, pod(w, 'p'), ['printenv', 'COLOR']).stdout).toBe('blue\n');
    apply(w, withEnv('    envFrom:\n    - configMapRef: {name: settings}\n').replace('name: p\n', 'name: q\n'));
    until(w, () => ready(pod(w, 'q')), 60);
    expect(exec(w, pod(w, 'q'), ['printenv', 'COLOR']).stdout).toBe('red\n');
  });

  it('a missing ConfigMap (not optional) keeps the container in CreateContainerConfigError until it exists', async () => {
    const w = await cluster();
    namespace(w);
    apply(w, withEnv('    envFrom:\n    - configMapRef: {name: nowhere}\n    - configMapRef: {name: maybe, optional: true}\n'));
    until(w, () => waiting(pod(w, 'p')) === 'CreateContainerConfigError', 60);
    expect(pod(w, 'p').status.containerStatuses[0].state.waiting.message).toBe('configmap "nowhere" not found');
    expect(eventText(w)).toContain('Error: configmap "nowhere" not found');
    apply(w, 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: nowhere}\ndata: {A: b}\n');
    until(w, () => ready(pod(w, 'p')), 60);
    expect(pods(w)).toHaveLength(1);
  });

  it('a missing key in a Secret is reported with the kubelet wording', async () => {
    const w = await cluster();
    namespace(w);
    apply(w, 'apiVersion: v1\nkind: Secret\nmetadata: {name: creds}\nstringData: {user: admin}\n');
    apply(w, withEnv('    env:\n    - {name: PW, valueFrom: {secretKeyRef: {name: creds, key: password}}}\n'));
    until(w, () => waiting(pod(w, 'p')) === 'CreateContainerConfigError', 60);
    expect(pod(w, 'p').status.containerStatuses[0].state.waiting.message).toBe("couldn't find key password in Secret lab/creds");
  });
});

/**
 * References between objects in one complete course set: keys of ConfigMaps and Secrets (data, binaryData,
 * stringData), volumes of every source, $(VAR) expansion, probe ports, selectors of each workload kind,
 * governing and selecting Services, RBAC, and duplicates. The whole finding list is compared.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { lintManifests } from '../../src/lint/manifests.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'emqx-lab-lint-refs-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const YAML = `apiVersion: v1
kind: ConfigMap
metadata:
  name: conf
data:
  app.conf: x
binaryData:
  blob.bin: AA==
---
apiVersion: v1
kind: Secret
metadata:
  name: creds
data:
  password: eA==
stringData:
  token: x
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: data
spec:
  accessModes: [ReadWriteOnce]
  resources: {requests: {storage: 1Gi}}
---
apiVersion: v1
kind: ServiceAccount
metadata:
  name: emqx-sa
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: emqx-role
---
apiVersion: v1
kind: Service
metadata:
  name: emqx-headless
spec:
  clusterIP: None
  selector: {app: emqx}
  ports: [{port: 1883}]
---
apiVersion: v1
kind: Pod
metadata:
  name: p
  labels: {app: emqx}
spec:
  serviceAccountName: emqx-sa
  volumes:
    - name: v1
      configMap:
        name: conf
        items:
          - {key: blob.bin, path: b}
          - {key: app.cnf, path: c}
    - name: v2
      configMap:
        name: nope
        items:
          - {path: d}
          - {key: k, path: e}
    - name: v3
      secret: {secretName: creds}
    - name: v4
      secret: {secretName: credz}
    - name: v5
      persistentVolumeClaim: {claimName: data}
  containers:
    - name: a
      image: busybox
      startupProbe: {tcpSocket: {port: htp}}
      envFrom:
        - configMapRef: {name: conf}
      env:
        - {name: X, value: "$(UNSET)"}
        - name: T
          valueFrom: {secretKeyRef: {name: creds, key: token}}
        - name: P
          valueFrom: {secretKeyRef: {name: creds, key: password}}
    - name: b
      image: busybox
      ports: [{name: http, containerPort: 80}]
      env:
        - {name: A, value: "1"}
        - {name: B, value: "$(A)-$(C)"}
        - {name: C, value: "3"}
      readinessProbe: {httpGet: {port: a1}}
      livenessProbe: {httpGet: {port: 1a}}
      startupProbe: {tcpSocket: {port: "12"}}
---
apiVersion: v1
kind: Pod
metadata:
  name: q
  labels: {app: other}
spec:
  containers:
    - name: c
      image: busybox
      volumeMounts: [{name: data, mountPath: /d}]
---
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: s
spec:
  serviceName: emqx-hedless
  selector: {matchLabels: {app: emqx, role: core}}
  template:
    metadata: {labels: {app: emqx}}
    spec:
      containers:
        - name: c
          image: busybox
          volumeMounts: [{name: dta, mountPath: /d}]
  volumeClaimTemplates:
    - metadata: {name: data}
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: d
spec:
  serviceName: x
  selector:
    matchLabels: {app: d}
    matchExpressions: [{key: tier, operator: In, values: [a, b]}]
  template:
    metadata: {labels: {app: e}}
    spec:
      containers:
        - name: c
          image: busybox
          volumeMounts: [{name: data, mountPath: /d}]
  volumeClaimTemplates:
    - metadata: {name: data}
---
apiVersion: apps/v1
kind: ReplicaSet
metadata:
  name: r
spec:
  selector: {matchLabels: {app: r}}
  template:
    metadata: {labels: {app: x}}
    spec:
      containers: [{name: c, image: busybox}]
---
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: ds
spec:
  selector: {matchLabels: {app: ds}}
  template:
    metadata: {labels: {app: dx}}
    spec:
      containers: [{name: c, image: busybox}]
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: pdb
spec:
  minAvailable: 1
  selector: {matchLabels: {app: nothing}}
---
apiVersion: v1
kind: Service
metadata:
  name: none
spec:
  selector: {app: emqx, tier: x}
  ports: [{port: 1}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: rb
roleRef: {kind: Role, name: emqx-rol}
subjects:
  - {kind: ServiceAccount, name: emqx-sb}
  - {kind: ServiceAccount, name: default}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: crb
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cr}
subjects:
  - {kind: ServiceAccount, name: missing, namespace: "\${NAMESPACE}"}
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: conf
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: conf
`;

it('a course set with every kind of broken and intact reference', async () => {
  const p = join(dir, 'refs.yaml');
  writeFileSync(p, YAML);
  const r = await lintManifests([p], { lang: 'en', course: true });
  const found = r.problems
    .filter((x) => x.rule !== 'lab-label')
    .map((x) => `${x.line}:${x.col} ${x.severity} ${x.rule} ${x.message.split(p).join('refs.yaml')}`);
  expect(found).toEqual([
    '64:13 error kube-schema missing required field spec.volumes[1].configMap.items[0].key',
    '128:3 error kube-field unknown field spec.serviceName',
    '139:3 error kube-field unknown field spec.volumeClaimTemplates',
    '184:1 error kube-schema missing required field roleRef.apiGroup',
    '59:14 error ref-config ConfigMap "conf" has no key "app.cnf" (did you mean app.conf?)',
    '62:9 error ref-config ConfigMap "nope" is not defined in these files',
    '69:16 error ref-config Secret "credz" is not defined in these files (did you mean creds?)',
    '75:34 error ref-port probe port "htp" is not a named port of this container',
    "89:21 error ref-env $(C) is not a variable defined before this one in the container's env: Kubernetes leaves the text as it is",
    '91:34 error ref-port probe port "a1" is not a named port of this container',
    '92:33 error ref-port probe port "1a" is not a named port of this container',
    '104:23 error ref-volume volumeMount "data" names no volume: the API server rejects it',
    '119:27 error ref-volume volumeMount "dta" names no volume and no volumeClaimTemplate (did you mean data?): the StatefulSet is accepted, but every pod it creates is refused (event FailedCreate: Not found: "dta")',
    "112:39 error ref-selector the selector wants role=core but the pod template's labels do not have it: the API server rejects the StatefulSet",
    '111:3 error ref-service serviceName "emqx-hedless" names no Service in these files (did you mean emqx-headless?): the pods get no stable DNS names',
    '138:27 error ref-volume volumeMount "data" names no volume: the API server rejects it',
    "130:19 error ref-selector the selector wants app=d but the pod template's labels have app=e: the API server rejects the Deployment",
    "131:24 error ref-selector the selector wants tier In a,b but the pod template's labels do not have it: the API server rejects the Deployment",
    "147:28 error ref-selector the selector wants app=r but the pod template's labels have app=x: the API server rejects the ReplicaSet",
    "158:28 error ref-selector the selector wants app=ds but the pod template's labels have app=dx: the API server rejects the DaemonSet",
    '177:3 error ref-service the Service selects app=emqx,tier=x, which no pod in these files has: it will have no endpoints',
    '184:23 error ref-rbac Role "emqx-rol" is not defined in these files (did you mean emqx-role?)',
    '186:28 error ref-rbac ServiceAccount "emqx-sb" is not defined in these files (did you mean emqx-sa?)',
    '200:3 error ref-duplicate ConfigMap "conf" is defined twice (also at refs.yaml:4:3): the last one wins',
    '205:3 error ref-duplicate ConfigMap "conf" is defined twice (also at refs.yaml:4:3): the last one wins',
  ]);
});

/**
 * Lint rules on small manifests written for each behaviour (references between objects, EMQX settings and
 * discovery, course rules, schema keywords), and the YAML reader's refusals: each problem at its exact
 * file:line:col with its severity, rule and message.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { courseRoot, loadOrReport } from '../../src/lint/load-or-report.js';
import { lintManifests } from '../../src/lint/manifests.js';
import { classify, lintPaths } from '../../src/lint/run.js';
import { sortProblems, type LintProblem } from '../../src/lint/types.js';
import { parseYamlText, readYamlFile, segments } from '../../src/lint/yaml-file.js';
import { labelsOf, type ManifestObject } from '../../src/lint/objects.js';
import { closest } from '../../src/lint/suggest.js';
import { checkModeline } from '../../src/lint/modeline.js';
import { packageRoot } from '../../src/util/paths.js';
import { MockWritable, MockReadable } from '../ui/mocks.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'emqx-lab-lint-rules-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const put = (name: string, text: string) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};
const show = (ps: LintProblem[]) => ps.map((p) => `${p.file.split(`${dir}/`).join('')}:${p.line}:${p.col} ${p.severity} ${p.rule} ${p.message}`);
/** Plain manifests (a learner's workspace): missing references are warnings. */
const lintLoose = async (...names: string[]) => show((await lintPaths(names, { lang: 'en', cwd: dir })).problems);
/** Course manifests, in the order lint found them. */
const lintCourse = async (name: string) => show((await lintManifests([join(dir, name)], { lang: 'en', course: true })).problems);

describe('references from a pod template: selectors, volumes, ServiceAccount, envFrom', () => {
  const YAML = `apiVersion: v1
kind: ConfigMap
metadata:
  name: emqx-conf
data:
  acl.conf: "x"
---
apiVersion: v1
kind: Secret
metadata:
  name: emqx-certs
stringData:
  tls.crt: x
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: emqx
spec:
  selector:
    matchLabels:
      app: emqx
      tier: core
    matchExpressions:
      - {key: app, operator: In, values: [emqx, mqtt]}
      - {key: app, operator: In, values: [other]}
      - {key: tier, operator: NotIn, values: [core]}
      - {key: zone, operator: NotIn, values: [a]}
      - {key: app, operator: NotIn, values: [emqx]}
      - {key: app, operator: Exists}
      - {key: zone, operator: Exists}
      - {key: zone, operator: DoesNotExist}
      - {key: app, operator: DoesNotExist}
      - {key: app, operator: Gt, values: ["1"]}
      - {key: zone, operator: In, values: [a]}
  template:
    metadata:
      labels:
        app: emqx
        tier: edge
    spec:
      serviceAccount: emqx-sa
      volumes:
        - name: conf
          configMap:
            name: emqx-conf
            items:
              - key: acl.conf
                path: acl.conf
              - key: acl.cnf
                path: x
        - name: certs
          secret:
            secretName: emqx-cert
        - name: opt
          secret:
            secretName: maybe
            optional: true
        - name: data
          persistentVolumeClaim:
            claimName: emqx-data
      containers:
        - name: emqx
          image: emqx/emqx:5.8.9
          envFrom:
            - secretRef:
                name: emqx-env
            - configMapRef:
                name: emqx-conf
`;
  it('reports each unmet selector expression, missing Secret, claim, ServiceAccount and key at its line', async () => {
    put('refs.yaml', YAML);
    expect(await lintLoose('refs.yaml')).toEqual([
      "refs.yaml:23:7 error ref-selector the selector wants tier=core but the pod template's labels have tier=edge: the API server rejects the Deployment",
      "refs.yaml:26:9 error ref-selector the selector wants app In other but the pod template's labels do not have it: the API server rejects the Deployment",
      "refs.yaml:29:9 error ref-selector the selector wants app NotIn emqx but the pod template's labels do not have it: the API server rejects the Deployment",
      "refs.yaml:31:9 error ref-selector the selector wants zone Exists but the pod template's labels do not have it: the API server rejects the Deployment",
      "refs.yaml:33:9 error ref-selector the selector wants app DoesNotExist but the pod template's labels do not have it: the API server rejects the Deployment",
      "refs.yaml:35:9 error ref-selector the selector wants zone In a but the pod template's labels do not have it: the API server rejects the Deployment",
      'refs.yaml:42:7 warning ref-rbac ServiceAccount "emqx-sa" is not defined in these files: no pod can be created until it exists',
      'refs.yaml:50:17 error ref-config ConfigMap "emqx-conf" has no key "acl.cnf" (did you mean acl.conf?)',
      'refs.yaml:54:13 warning ref-config Secret "emqx-cert" is not defined in these files (did you mean emqx-certs?)',
      'refs.yaml:61:13 warning ref-volume PersistentVolumeClaim "emqx-data" is not defined in these files',
      'refs.yaml:67:17 warning ref-config Secret "emqx-env" is not defined in these files',
    ]);
  });

  it('makes the same missing references errors in a course (the set must be complete)', async () => {
    put('refs.yaml', YAML);
    const errors = (await lintManifests([join(dir, 'refs.yaml')], { lang: 'en', course: true })).problems.filter(
      (p) => p.rule === 'ref-config' || p.rule === 'ref-rbac' || p.rule === 'ref-volume',
    );
    expect(errors.map((p) => `${p.line}:${p.col} ${p.severity} ${p.rule}`)).toEqual([
      '50:17 error ref-config',
      '54:13 error ref-config',
      '61:13 warning ref-volume',
      '42:7 error ref-rbac',
      '67:17 error ref-config',
    ]);
  });
});

describe('EMQX settings a container really gets (envFrom, then env) and Kubernetes discovery', () => {
  it('checks a ConfigMap taken by envFrom, single-underscore and unknown k8s keys, EMQX_NAME digits, ports of EMQX containers only', async () => {
    put(
      'emqx.yaml',
      `apiVersion: v1
kind: ConfigMap
metadata:
  name: emqx-env
data:
  EMQX_CLUSTER__DISCOVERY_STRATEGY: k8s
  EMQX_CLUSTER__K8S__ADDRESS_TYPE: hostname
  EMQX_CLUSTER__K8S__APISERVER: kubernetes.default.svc
---
apiVersion: v1
kind: Pod
metadata:
  name: sidecar
  labels:
    app: tool
spec:
  serviceAccountName: emqx
  containers:
    - name: busy
      image: busybox:1.36
      ports:
        - containerPort: 8081
    - name: broker
      image: example.com/broker:1
      envFrom:
        - prefix: X_
        - configMapRef:
            name: emqx-env
      env:
        - name: EMQX_NAME
          value: "1"
        - name: EMQX_CLUSTER_FOO
          value: bar
        - name: EMQX_CLUSTER__K8S__FOO__BAR
          value: x
        - name: EMQX_NODE__COOKIE
          valueFrom:
            secretKeyRef:
              name: cookie
              key: cookie
      ports:
        - containerPort: 8081
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: emqx
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: view
subjects:
  - kind: User
    name: alice
  - kind: ServiceAccount
    name: emqx
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: view
rules:
  - apiGroups: [""]
    resources: ["pods"]
    verbs: ["get"]
`,
    );
    // The binding names the ClusterRole view: a Role of the same name here says nothing about it.
    expect(await lintLoose('emqx.yaml')).toEqual([
      'emqx.yaml:6:3 warning emqx-discovery discovery reads the Endpoints of Service "emqx", which these files do not define: discovery fails with 404',
      'emqx.yaml:7:3 error emqx-discovery address_type hostname needs pods with hostnames under a headless Service (a StatefulSet); with a Pod discovery fails with {badkey,<<"hostname">>}: use ip',
      'emqx.yaml:17:3 warning ref-rbac ServiceAccount "emqx" is not defined in these files: no pod can be created until it exists',
      'emqx.yaml:31:11 error emqx-value EMQX_NAME "1" ends in a digit: EMQX then derives a port offset from it (emqx#14235): use a name such as emqx',
      'emqx.yaml:32:11 error emqx-env EMQX_CLUSTER_FOO is not read by EMQX: levels are separated by double underscores: use EMQX_CLUSTER__FOO',
      'emqx.yaml:34:11 error emqx-env EMQX_CLUSTER__K8S__FOO__BAR is not a cluster.k8s setting, so EMQX ignores it; cluster.k8s has apiserver, service_name, address_type, namespace, suffix',
      'emqx.yaml:39:15 warning ref-config Secret "cookie" is not defined in these files',
      'emqx.yaml:42:11 warning emqx-port port 8081 (mgmt) is gone since EMQX 5.1: the REST API and dashboard are on 18083',
      'emqx.yaml:56:5 warning ref-rbac ServiceAccount "emqx" is not defined in these files',
    ]);
  });

  it('does not ask a course to define the ServiceAccount default that a RoleBinding names (every namespace has it)', async () => {
    put(
      'sa.yaml',
      `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: reader
rules:
  - apiGroups: [""]
    resources: ["endpoints"]
    verbs: ["get"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: reader
subjects:
  - kind: ServiceAccount
    name: default
  - kind: ServiceAccount
    name: emqx
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: Role
  name: reader
`,
    );
    expect((await lintCourse('sa.yaml')).filter((p) => p.includes(' ref-rbac '))).toEqual([
      'sa.yaml:18:5 error ref-rbac ServiceAccount "emqx" is not defined in these files',
    ]);
  });

  it('in hostname mode wants service_name to be the governing Service, and a Role that allows get on endpoints', async () => {
    put(
      'disc.yaml',
      `apiVersion: apps/v1
kind: Deployment
metadata:
  name: emqx
spec:
  selector:
    matchLabels:
      app: emqx
  template:
    metadata:
      labels:
        app: emqx
    spec:
      subdomain: emqx-hl
      serviceAccountName: emqx
      containers:
        - name: emqx
          image: emqx/emqx:5.8.9
          env:
            - name: EMQX_CLUSTER__DISCOVERY_STRATEGY
              value: k8s
            - name: EMQX_CLUSTER__K8S__ADDRESS_TYPE
              value: hostname
---
apiVersion: v1
kind: Service
metadata:
  name: emqx-hl
spec:
  clusterIP: None
  selector:
    app: emqx
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: emqx
rules:
  - just-a-string
  - apiGroups: [""]
    resources: ["pods"]
    verbs: ["get"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: emqx
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: Role
  name: emqx
subjects:
  - kind: ServiceAccount
    name: emqx
---
apiVersion: v1
kind: ServiceAccount
metadata:
  name: emqx
`,
    );
    expect(await lintLoose('disc.yaml')).toEqual([
      'disc.yaml:21:15 warning emqx-discovery discovery reads the Endpoints of Service "emqx", which these files do not define (did you mean emqx-hl?): discovery fails with 404',
      'disc.yaml:23:15 error emqx-discovery in hostname mode service_name must be the StatefulSet\'s serviceName: "emqx" has no pod hostnames ({badkey,<<"hostname">>}): use emqx-hl',
      'disc.yaml:38:1 warning emqx-discovery Role "emqx" does not allow get on endpoints, the one call discovery makes: it fails with 403',
      'disc.yaml:39:5 error kube-schema rules[0]: expected object, got string',
    ]);
  });

  it('checks the names an envFrom prefix makes of a Secret\'s keys, where the key is written', async () => {
    put(
      'prefix.yaml',
      `apiVersion: v1
kind: Secret
metadata:
  name: emqx-secret
stringData:
  CLUSTER_DISCOVERY_STRATEGY: dns
  CLUSTER__DISCOVERY_STRATEGY: k8s
---
apiVersion: v1
kind: Pod
metadata:
  name: emqx
spec:
  containers:
    - name: emqx
      image: emqx/emqx:5.8.9
      envFrom:
        - prefix: EMQX_
          secretRef:
            name: emqx-secret
`,
    );
    expect(await lintLoose('prefix.yaml')).toEqual([
      'prefix.yaml:6:3 error emqx-env EMQX_CLUSTER_DISCOVERY_STRATEGY is not read by EMQX: levels are separated by double underscores: use EMQX_CLUSTER__DISCOVERY_STRATEGY',
      'prefix.yaml:7:3 warning emqx-discovery discovery reads the Endpoints of Service "emqx", which these files do not define: discovery fails with 404',
    ]);
  });

  it('says nothing about discovery when service_name comes from a valueFrom (its value is unknown here)', async () => {
    put(
      'vf.yaml',
      `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: emqx
spec:
  serviceName: emqx-headless
  selector:
    matchLabels:
      app: emqx
  template:
    metadata:
      labels:
        app: emqx
    spec:
      containers:
        - name: emqx
          image: emqx/emqx:5.8.9
          env:
            - name: EMQX_CLUSTER__DISCOVERY_STRATEGY
              value: k8s
            - name: EMQX_CLUSTER__K8S__SERVICE_NAME
              valueFrom:
                configMapKeyRef:
                  name: names
                  key: svc
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: names
data:
  svc: emqx-headless
`,
    );
    expect(await lintLoose('vf.yaml')).toEqual([
      'vf.yaml:6:3 warning ref-service serviceName "emqx-headless" names no Service in these files: the pods get no stable DNS names',
    ]);
  });
});

describe('course rules: the lab label, no hard-coded namespace; schema enum and format errors', () => {
  it('reports each object without the lab label, a subject namespace and a cluster.k8s.namespace written out', async () => {
    put(
      'course.yaml',
      `apiVersion: v1
kind: ConfigMap
metadata:
  name: no-labels
data:
  EMQX_CLUSTER__K8S__NAMESPACE: emqx-lab
  EMQX_CLUSTER__K8S__SUFFIX: \${NAMESPACE}
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: other-labels
  labels:
    app: emqx
data:
  EMQX_CLUSTER__K8S__NAMESPACE: \${NAMESPACE}
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: wrong-label
  labels:
    app.kubernetes.io/part-of: other
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: emqx
  labels:
    app.kubernetes.io/part-of: emqx-lab
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: view
subjects:
  - kind: ServiceAccount
    name: emqx
    namespace: \${NAMESPACE}
  - kind: ServiceAccount
    name: emqx
    namespace: kube-system
  - kind: Group
    name: devs
---
apiVersion: v1
kind: Pod
metadata:
  name: emqx
  labels:
    app.kubernetes.io/part-of: emqx-lab
    "bad key!": x
spec:
  securityContext:
    appArmorProfile:
      type: Strict
  containers:
    - name: emqx
      image: emqx/emqx:5.8.9
      ports:
        - containerPort: 99999999999
  volumes: []
---
apiVersion: v1
kind: ServiceAccount
metadata:
  name: emqx
  labels:
    app.kubernetes.io/part-of: emqx-lab
`,
    );
    const LABEL = 'every course object carries the lab label app.kubernetes.io/part-of: emqx-lab (reset and prune touch nothing without it)';
    expect(await lintCourse('course.yaml')).toEqual([
      `course.yaml:3:1 error lab-label ${LABEL}`,
      `course.yaml:13:3 error lab-label ${LABEL}`,
      `course.yaml:23:5 error lab-label ${LABEL}`,
      'course.yaml:41:5 error lab-namespace subjects[].namespace hard-codes the namespace "kube-system": write ${NAMESPACE} so the manifest works in any namespace',
      'course.yaml:60:11 error kube-schema spec.containers[0].ports[0].containerPort: not a valid int32',
      'course.yaml:55:7 error kube-schema spec.securityContext.appArmorProfile.type: "Strict" is not one of Localhost, RuntimeDefault, Unconfined',
      'course.yaml:51:5 error kube-name label key "bad key!" is not valid: [prefix/]name, the name at most 63 letters, digits, "-", "_", "."',
      'course.yaml:6:3 error lab-namespace EMQX_CLUSTER__K8S__NAMESPACE hard-codes the namespace "emqx-lab": write ${NAMESPACE} so the manifest works in any namespace',
    ]);
  });

  it('leaves the namespace setting alone outside a course', async () => {
    put('plain.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  EMQX_CLUSTER__K8S__NAMESPACE: emqx-lab\n');
    expect(await lintLoose('plain.yaml')).toEqual([]);
  });
});

describe('reading a YAML file: what cannot be read or turned into data is a problem at 1:1 or at the document', () => {
  it('names a missing file, a folder, a file over 512 KB and one that is not UTF-8', () => {
    mkdirSync(join(dir, 'folder.yaml'));
    put('big.yaml', 'a: b\n'.repeat(120_000));
    writeFileSync(join(dir, 'latin1.yaml'), Buffer.from([0x61, 0x3a, 0x20, 0xe9, 0x0a]));
    const one = (name: string) => {
      const r = readYamlFile(join(dir, name), 'en');
      expect(r.file).toBeUndefined();
      return show(r.problems);
    };
    expect(one('nope.yaml')).toEqual([`nope.yaml:1:1 error path file not found: ${dir}/nope.yaml`]);
    expect(one('folder.yaml')).toEqual([`folder.yaml:1:1 error path ${dir}/folder.yaml is not a file (a folder or something else)`]);
    expect(one('big.yaml')).toEqual([`big.yaml:1:1 error path ${dir}/big.yaml is larger than 512 KB: lesson and manifest files are small; this is not one`]);
    expect(one('latin1.yaml')).toEqual([`latin1.yaml:1:1 error path ${dir}/latin1.yaml is not UTF-8 text (another encoding, or not text at all): save it as UTF-8`]);
  });

  it('refuses nesting past 200 levels, where it starts', () => {
    const deep = parseYamlText(`${'['.repeat(250)}${']'.repeat(250)}\n`, join(dir, 'deep.yaml'), 'en');
    expect(deep.file).toBeUndefined();
    expect(show(deep.problems)).toEqual(['deep.yaml:1:201 error yaml the YAML is nested more than 200 levels deep']);
  });

  it('keeps a document whose aliases expand too far as a document without data, and lint reports it once', async () => {
    const bomb = 'a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n';
    const r = parseYamlText(`kind: x\n---\n${bomb}`, join(dir, 'bomb.yaml'), 'en');
    expect(show(r.problems)).toEqual(['bomb.yaml:3:1 error yaml the YAML expands too many aliases (a file built to exhaust memory)']);
    expect(r.file?.docs.map((d) => d.value)).toEqual([{ kind: 'x' }, undefined]);
    put('bomb.yaml', `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n---\n${bomb}`);
    const linted = await lintManifests([join(dir, 'bomb.yaml')], { lang: 'en', course: false });
    expect(show(linted.problems)).toEqual(['bomb.yaml:6:1 error yaml the YAML expands too many aliases (a file built to exhaust memory)']);
    expect(linted.objects.map((o) => `${o.kind}/${o.name}`)).toEqual(['ConfigMap/x']);
  });

  it('reads an empty pointer as the document root', () => {
    expect(segments('')).toEqual([]);
    expect(segments('/spec/ports/0/a~1b~0c')).toEqual(['spec', 'ports', 0, 'a/b~c']);
  });
});

describe('lint runs: Ctrl-C, a course without lessons, a folder with nothing to lint', () => {
  it('stops before the first file once aborted', async () => {
    put('bad.yaml', 'kind: [\n');
    const ac = new AbortController();
    ac.abort();
    expect(await lintManifests([join(dir, 'bad.yaml')], { lang: 'en', course: false, signal: ac.signal })).toEqual({ problems: [], objects: [] });
    expect(await lintPaths(['bad.yaml'], { lang: 'en', cwd: dir, signal: ac.signal })).toEqual({ problems: [], files: 0 });
    expect((await lintPaths(['bad.yaml'], { lang: 'en', cwd: dir })).problems).toHaveLength(1);
  });

  it('reports a lesson folder without lesson.yaml, the missing catalogue, an empty lessons/ and an empty folder', async () => {
    mkdirSync(join(dir, 'c', 'lessons', '01-x'), { recursive: true });
    mkdirSync(join(dir, 'c2', 'lessons'), { recursive: true });
    mkdirSync(join(dir, 'emptydir'));
    expect(classify(join(dir, 'emptydir'))).toEqual({ type: 'unknown', path: join(dir, 'emptydir') });
    const r = await lintPaths(['c', 'c2', 'emptydir'], { lang: 'en', cwd: dir });
    expect(show(r.problems)).toEqual([
      `c/lessons/01-x/lesson.yaml:1:1 error lesson file not found: ${dir}/c/lessons/01-x/lesson.yaml`,
      `c/lessons/diagnoses.yaml:1:1 error diagnoses file not found: ${dir}/c/lessons/diagnoses.yaml`,
      `c2/lessons:1:1 error course no lesson folders (NN-id) found here`,
      `c2/lessons/diagnoses.yaml:1:1 error diagnoses file not found: ${dir}/c2/lessons/diagnoses.yaml`,
      `emptydir:1:1 error path not a course, lesson or manifest file: ${dir}/emptydir`,
    ]);
    expect(r.files).toBe(3);
  });
});

describe('problem order and suggestions', () => {
  const p = (file: string, line: number, col: number, message: string): LintProblem => ({ file, line, col, message, severity: 'error', rule: 'yaml' });
  it('sorts by file, line, column, then message, and drops exact repeats', () => {
    const sorted = sortProblems([p('b', 1, 1, 'x'), p('a', 2, 1, 'x'), p('a', 1, 5, 'y'), p('a', 1, 5, 'b'), p('a', 1, 2, 'z'), p('a', 2, 1, 'x')]);
    expect(sorted.map((x) => `${x.file}:${x.line}:${x.col} ${x.message}`)).toEqual(['a:1:2 z', 'a:1:5 b', 'a:1:5 y', 'a:2:1 x', 'b:1:1 x']);
  });

  it('never suggests the word itself, and prefers a case-only difference', () => {
    expect(closest('labels', ['labels', 'labelz'])).toBe('labelz');
    expect(closest('Labels', ['lables', 'labels'])).toBe('labels');
    expect(closest('emqx', ['emqx', 'emqy'])).toBe('emqy');
    expect(closest('data', ['emqx-data', 'logs'])).toBe('emqx-data');
    expect(closest('data', ['emqx-data', 'data-2'])).toBeUndefined();
  });
});

describe('loading the course for list and show', () => {
  const io = () => ({ stdout: new MockWritable(), stderr: new MockWritable(), stdin: new MockReadable() });
  it('takes EMQX_LAB_COURSE when set, else the shipped course', () => {
    expect(courseRoot({ EMQX_LAB_COURSE: '/x/course' })).toBe('/x/course');
    expect(courseRoot({ EMQX_LAB_COURSE: '' })).toBe(packageRoot());
    expect(courseRoot({})).toBe(packageRoot());
  });

  it('returns the course when it loads clean, and writes nothing', () => {
    const o = io();
    const course = loadOrReport({ env: { EMQX_LAB_COURSE: 'test/fixtures/lint/course' }, lang: 'en', io: o });
    expect(course?.steps.length).toBeGreaterThan(0);
    expect(o.stderr.text()).toBe('');
  });

  it('prints the first five problems and how many there are, and returns nothing', () => {
    mkdirSync(join(dir, 'lessons'));
    for (const n of ['01-a', '02-b', '03-c', '04-d', '05-e', '06-f']) mkdirSync(join(dir, 'lessons', n));
    const o = io();
    expect(loadOrReport({ env: { EMQX_LAB_COURSE: dir }, lang: 'en', io: o })).toBeUndefined();
    const missing = (f: string) => `${dir}/lessons/${f}:1:1 file not found: ${dir}/lessons/${f}\n`;
    expect(o.stderr.text()).toBe(
      [missing('diagnoses.yaml'), ...['01-a', '02-b', '03-c', '04-d'].map((n) => missing(`${n}/lesson.yaml`))].join('') +
        'emqx-lab: the course has 7 problems; run emqx-lab lint for all of them\n',
    );
    expect(o.stdout.text()).toBe('');
  });
});

describe('shapes the schema already refuses do not crash the reference and EMQX rules', () => {
  it('reports a string where an object belongs once (schema), a CronJob template, a Service without spec', async () => {
    put(
      'odd.yaml',
      `apiVersion: apps/v1
kind: Deployment
metadata:
  name: emqx
spec:
  selector:
    matchLabels:
      app: emqx
    matchExpressions:
      - just-a-string
  template:
    metadata:
      labels:
        app: emqx
    spec:
      containers:
        - name: emqx
          image: emqx/emqx:5.8.9
          envFrom:
            - just-a-string
          env:
            - just-a-string
          ports:
            - just-a-string
---
apiVersion: batch/v1
kind: CronJob
metadata:
  name: backup
spec:
  schedule: "0 * * * *"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: Never
          containers:
            - name: backup
              image: busybox:1.36
              envFrom:
                - configMapRef:
                    name: backup-conf
---
apiVersion: v1
kind: Service
metadata:
  name: nospec
---
apiVersion: v1
kind: Service
metadata:
  name: headless
spec:
  clusterIPs: ["None"]
---
apiVersion: v1
kind: Service
metadata:
  name: one-ip
spec:
  clusterIPs: ["10.96.0.7"]
---
apiVersion: v1
kind: Container
metadata:
  name: c
`,
    );
    expect(await lintLoose('odd.yaml')).toEqual([
      'odd.yaml:10:9 error kube-schema spec.selector.matchExpressions[0]: expected object, got string',
      'odd.yaml:20:15 error kube-schema spec.template.spec.containers[0].envFrom[0]: expected object, got string',
      'odd.yaml:22:15 error kube-schema spec.template.spec.containers[0].env[0]: expected object, got string',
      'odd.yaml:24:15 error kube-schema spec.template.spec.containers[0].ports[0]: expected object, got string',
      'odd.yaml:42:21 warning ref-config ConfigMap "backup-conf" is not defined in these files',
      'odd.yaml:44:1 error kube-schema missing required field spec.ports',
      'odd.yaml:60:1 error kube-schema missing required field spec.ports',
      'odd.yaml:64:1 error kube-kind unknown kind "Container" in v1',
    ]);
  });
});

describe('lesson rules: follow-up checks, names a StatefulSet brings, mistakes that cannot apply', () => {
  it('reports a repeated follow-up id, an unknown follow-up hint, and a mistake with no target in a file of several objects', async () => {
    cpSync('test/fixtures/lint/course', join(dir, 'course'), { recursive: true });
    const manifests = join(dir, 'course', 'manifests', '02-service');
    writeFileSync(
      join(manifests, 'statefulset.yaml'),
      readFileSync('test/fixtures/lint/course/manifests/02-service/deployment.yaml', 'utf8')
        .replace('kind: Deployment', 'kind: StatefulSet')
        .replace(/\nspec:\n/, '\nspec:\n  serviceName: emqx\n'),
    );
    writeFileSync(join(manifests, 'both.yaml'), `${readFileSync(join(manifests, 'service.yaml'), 'utf8')}---\n${readFileSync(join(manifests, 'service.yaml'), 'utf8').replace(/name: emqx\n/, 'name: emqx-2\n')}`);
    const lessonFile = join(dir, 'course', 'lessons', '02-service', 'lesson.yaml');
    writeFileSync(
      lessonFile,
      readFileSync(lessonFile, 'utf8')
        .replace('manifests: [deployment.yaml, service.yaml]', 'manifests: [deployment.yaml, service.yaml, statefulset.yaml, both.yaml]')
        .replace(
          '        count: 1\n        hints: [look]\n',
          `        count: 1\n        hints: [look]\n      - id: available\n        title: { en: Again, zh: 再次 }\n        kind: podsReady\n        selector: app.kubernetes.io/name=emqx\n        count: 1\n        hints: [nope]\n`,
        )
        .replace(
          'hints:\n  - id: look',
          `  - id: pod-zero
    title: { en: Pod zero, zh: 零号 Pod }
    kind: resource
    resource: { kind: Pod, name: emqx-0 }
    hints: [look]
  - id: pod-x
    title: { en: Pod x, zh: x 号 Pod }
    kind: resource
    resource: { kind: Pod, name: emqx-x }
    hints: [look]
hints:
  - id: look`,
        )
        .concat(`mistakes:
  - id: omitted
    title: { en: Omitted, zh: 省略 }
    changes:
      - file: service.yaml
        omit: true
    expect: { diagnosis: image-pull }
  - id: which-one
    title: { en: Which one, zh: 哪一个 }
    changes:
      - file: both.yaml
        patch:
          - { op: remove, path: /spec }
    expect: { diagnosis: image-pull }
  - id: elsewhere
    title: { en: Elsewhere, zh: 别处 }
    changes:
      - file: other.yaml
        patch:
          - { op: remove, path: /spec }
    expect: { diagnosis: image-pull }
`),
    );
    const { problems } = await lintPaths([join(dir, 'course', 'lessons', '02-service')], { lang: 'en', cwd: dir });
    expect(show(problems.filter((p) => p.rule !== 'modeline'))).toEqual([
      'course/lessons/02-service/lesson.yaml:29:9 error lesson duplicate check id "available"',
      'course/lessons/02-service/lesson.yaml:34:17 error lesson the check names hint "nope", which this lesson does not define',
      "course/lessons/02-service/lesson.yaml:44:5 warning check-ref the check names Pod/emqx-x, which this step's manifests do not declare",
      'course/lessons/02-service/lesson.yaml:59:9 error mistake both.yaml holds several objects: the mistake needs a target',
      // Reported once, by the loader: lint's own mistake rules leave a file outside the lesson alone.
      'course/lessons/02-service/lesson.yaml:66:9 error lesson "other.yaml" is not one of this lesson\'s manifests',
      `course/manifests/02-service/both.yaml:4:3 error ref-duplicate Service "emqx" is defined twice (also at ${manifests}/service.yaml:4:3): the last one wins`,
      'course/manifests/02-service/statefulset.yaml:9:3 error ref-service serviceName "emqx" names a Service that is not headless (clusterIP: None): the pods get no stable DNS names',
    ]);
  });
});

describe('the modeline check leaves alone what it cannot judge', () => {
  it('says nothing of a missing path, a folder, or a schema named by URL; warns when the line is absent', () => {
    mkdirSync(join(dir, 'lesson-dir.yaml'));
    expect(checkModeline(join(dir, 'none.yaml'), 'lesson', 'en')).toEqual([]);
    expect(checkModeline(join(dir, 'lesson-dir.yaml'), 'lesson', 'en')).toEqual([]);
    expect(checkModeline(put('url.yaml', '# yaml-language-server: $schema=https://example.com/lesson.schema.json\nformat: 1\n'), 'lesson', 'en')).toEqual([]);
    expect(show(checkModeline(put('plain.yaml', 'format: 1\n'), 'diagnoses', 'en'))).toEqual([
      'plain.yaml:1:1 warning modeline no "# yaml-language-server: $schema=..." line naming diagnoses.schema.json: editors cannot complete or check this file',
    ]);
  });
});

describe('an object\'s labels', () => {
  it('are its metadata.labels, or none when they are missing or not a map', () => {
    const o = (raw: Record<string, unknown>) => ({ raw }) as unknown as ManifestObject;
    expect(labelsOf(o({ metadata: { labels: { app: 'emqx' } } }))).toEqual({ app: 'emqx' });
    expect(labelsOf(o({ metadata: { labels: ['app'] } }))).toEqual({});
    expect(labelsOf(o({ metadata: {} }))).toEqual({});
  });
});

/**
 * The broken-file corpus (test/fixtures/lint/): every kind of problem lint knows, each at its exact
 * file:line:col with its exact message. `@` stands for the fixture's own path.
 */
import { describe, expect, it } from 'vitest';
import { formatLintProblem } from '../../src/commands/lint.js';
import { lintMessages } from '../../src/i18n/lint.js';
import type { Lang } from '../../src/i18n/lang.js';
import { lintPaths } from '../../src/lint/run.js';

const FIX = 'test/fixtures/lint';
const cwd = process.cwd();

async function lines(path: string, lang: Lang = 'en'): Promise<string[]> {
  const { problems } = await lintPaths([path], { lang, cwd });
  return problems.map((p) => formatLintProblem(p, lintMessages[lang].warningPrefix).split(path).join('@'));
}

describe('lint: broken manifest files', () => {
  const cases: [string, string[]][] = [
    ['config-refs.yaml', [
      "@:19:17 warning: ConfigMap \"emqx-confg\" is not defined in these files",
      "@:25:19 Secret \"emqx-dashboard\" has no key \"pasword\" (did you mean password?)",
    ]],
    ['duplicate-key.yaml', [
      "@:10:7 duplicate key \"port\": YAML keeps only one of them",
    ]],
    ['empty.yaml', [
      "@:1:1 the manifest file holds no Kubernetes object",
    ]],
    ['emqx-configmap.yaml', [
      "@:6:3 EMQX_CLUSTER__DISCOVERY_STRATEGY: \"K8s\" is not a value EMQX 5 accepts (manual, static, singleton, dns, etcd, k8s): use k8s; the node fails to start with unable_to_convert_to_enum_symbol",
      "@:7:3 EMQX_CLUSTER_K8S_ADDRESS_TYPE is not read by EMQX: levels are separated by double underscores: use EMQX_CLUSTER__K8S__ADDRESS_TYPE",
      "@:14:3 EMQX_CLUSTER__DISCOVERY is the EMQX 4.x name: 5.x ignores it (unknown_env_vars) and the node stays alone: use EMQX_CLUSTER__DISCOVERY_STRATEGY",
    ]],
    ['emqx-env.yaml', [
      "@:20:15 EMQX_NAME \"emqx1\" ends in a digit: EMQX then derives a port offset from it (emqx#14235): use a name such as emqx",
      "@:21:15 EMQX_CLUSTER__DISCOVERY is the EMQX 4.x name: 5.x ignores it (unknown_env_vars) and the node stays alone: use EMQX_CLUSTER__DISCOVERY_STRATEGY",
      "@:23:15 EMQX_CLUSTER__K8S__APP_NAME is gone in EMQX 5.x and ignored: the node name prefix comes from EMQX_NAME (default emqx), the same on every pod",
      "@:25:15 EMQX_CLUSTER_DISCOVERY_STRATEGY is not read by EMQX: levels are separated by double underscores: use EMQX_CLUSTER__DISCOVERY_STRATEGY",
      "@:28:15 EMQX_CLUSTER__DISCOVERY_STRATEGY: \"kubernetes\" is not a value EMQX 5 accepts (manual, static, singleton, dns, etcd, k8s): use k8s; the node fails to start with unable_to_convert_to_enum_symbol",
      "@:30:15 EMQX_CLUSTER__K8S__ADDRESS_TYPE: \"hosname\" is not a value EMQX 5 accepts (ip, dns, hostname): use hostname; the node fails to start with unable_to_convert_to_enum_symbol",
      "@:31:15 EMQX_CLUSTER__K8S__SERVICENAME is not a cluster.k8s setting, so EMQX ignores it (did you mean EMQX_CLUSTER__K8S__SERVICE_NAME?); cluster.k8s has apiserver, service_name, address_type, namespace, suffix",
      "@:34:15 warning: the apiserver https://10.96.0.1:443 is an IP address: it works only while it is the kubernetes Service IP or a control-plane address (the IPs the API server's certificate lists) and pods can reach it; the name keeps working: use https://kubernetes.default.svc:443",
      "@:35:15 warning: EMQX_CLUSTER__AUTOHEEL is not a cluster setting EMQX 5 knows, so it is ignored (did you mean EMQX_CLUSTER__AUTOHEAL?)",
    ]],
    ['emqx-apiserver.yaml', [
      "@:7:3 the apiserver https://127.0.0.1:43567 is a loopback address: inside a pod that is the pod itself, so discovery fails with econnrefused (kubectl cluster-info shows the address for your laptop): use https://kubernetes.default.svc:443",
      "@:14:3 warning: the apiserver https://10.96.0.1:443 is an IP address: it works only while it is the kubernetes Service IP or a control-plane address (the IPs the API server's certificate lists) and pods can reach it; the name keeps working: use https://kubernetes.default.svc:443",
      "@:21:3 warning: the apiserver http://kubernetes.default.svc:443 uses plain http: the API server speaks TLS, so the answer is 400 (Discovery error: {400,...}) unless a proxy such as kubectl proxy listens there: use https://kubernetes.default.svc:443",
      "@:29:3 EMQX_NODE__ROLE: \"replicant\" is not a value EMQX 5 accepts (core); the node fails to start with not_a_enum_symbol",
      "@:30:3 EMQX_LOG__CONSOLE__LEVEL: \"none\" is not a value EMQX 5 accepts (debug, info, notice, warning, error, critical, alert, emergency, all); the node fails to start with not_a_enum_symbol",
      "@:33:3 warning: EMQX_CLUSTER__CORE_NODES is not a cluster setting EMQX 5 knows, so it is ignored",
    ]],
    ['emqx-hostname.yaml', [
      "@:21:56 address_type hostname needs pods with hostnames under a headless Service (a StatefulSet); with a Deployment discovery fails with {badkey,<<\"hostname\">>}: use ip",
    ]],
    ['emqx-image.yaml', [
      "@:7:18 image \"emqx/emqx:latest\" is a moving 5.9+ build: from 5.9 a cluster of more than one node needs a licence: pin emqx/emqx:5.8.9",
      "@:8:18 image \"emqx/emqx\" has no tag, so it pulls latest, a 5.9+ build that needs a licence to cluster: pin emqx/emqx:5.8.9",
      "@:9:18 image \"emqx/emqx:5.9.1\": from EMQX 5.9 a cluster of more than one node needs a licence: pin emqx/emqx:5.8.9",
      "@:10:18 image \"docker.io/emqx/emqx:6.0.0\": from EMQX 5.9 a cluster of more than one node needs a licence: pin emqx/emqx:5.8.9",
      "@:11:18 warning: image \"emqx/emqx:5.8\" is a moving tag: pin emqx/emqx:5.8.9",
      "@:12:18 warning: image \"emqx/emqx:4.4.19\" is EMQX 4.x, whose settings differ from the 5.x ones this course uses: pin emqx/emqx:5.8.9",
      "@:18:25 warning: port 8081 (mgmt) is gone since EMQX 5.1: the REST API and dashboard are on 18083",
      "@:19:18 warning: image \"emqx/emqx:5.7.1\" is not the release this course is written for (and may not exist): pin emqx/emqx:5.8.9",
      "@:20:18 warning: image \"emqx/emqx:5.8.99\" is not the release this course is written for (and may not exist): pin emqx/emqx:5.8.9",
      "@:21:18 warning: image \"emqx/emqx:nightly\" is not the release this course is written for (and may not exist): pin emqx/emqx:5.8.9",
    ]],
    ['emqx-statefulset.yaml', [
      "@:8:3 warning: discovery reads the Endpoints of Service \"emqx\", which these files do not define (did you mean emqx-headless?): discovery fails with 404",
      "@:8:3 in hostname mode service_name must be the StatefulSet's serviceName: \"emqx\" has no pod hostnames ({badkey,<<\"hostname\">>}): use emqx-headless",
    ]],
    ['env-expansion.yaml', [
      "@:21:15 $(POD_NAME) is not a variable defined before this one in the container's env: Kubernetes leaves the text as it is",
      "@:21:15 EMQX_HOST names Service \"emqx\", but the pods' DNS names are under \"emqx-headless\": the other nodes cannot reach this name (\"not responding to pings\"): use emqx-headless",
      "@:46:3 Service \"emqx-headless\" is defined twice (also at @:37:3): the last one wins",
      "@:47:1 missing required field spec.ports",
    ]],
    ['names.yaml', [
      "@:4:3 name \"EMQX_Config\" is not valid: lowercase letters, digits, \"-\" and \".\", starting and ending with a letter or digit",
      "@:6:5 label app.kubernetes.io/name: value \"-emqx\" is not valid: at most 63 letters, digits, \"-\", \"_\", \".\", starting and ending with a letter or digit",
      "@:11:1 missing required field metadata.name",
    ]],
    ['not-object.yaml', [
      "@:1:1 a manifest document must be a Kubernetes object (a mapping with apiVersion and kind)",
      "@:4:1 a Kubernetes object needs kind",
    ]],
    ['placeholder.yaml', [
      "@:6:3 unknown placeholder ${NAMESPCE} (did you mean ${NAMESPACE}?): only ${NAMESPACE} is filled in",
    ]],
    ['rbac-permission.yaml', [
      "@:11:1 warning: Role \"emqx\" does not allow get on endpoints, the one call discovery makes: it fails with 403",
      "@:34:5 warning: the pods run as ServiceAccount \"default\", which no RoleBinding here binds: discovery's GET on endpoints fails with 403",
    ]],
    ['rbac-refs.yaml', [
      "@:12:5 warning: ServiceAccount \"emqx-sa\" is not defined in these files",
      "@:14:3 roleRef.apiGroup \"rbac.authorization.kubernetes.io\" does not exist: use rbac.authorization.k8s.io",
      "@:16:3 warning: Role \"emqx-role\" is not defined in these files",
      "@:23:3 warning: ServiceAccount \"emq\" is not defined in these files (did you mean emqx?): no pod can be created until it exists",
    ]],
    ['resources.yaml', [
      "@:10:21 spec.containers[0].resources.requests.memory: \"256MB\" is not a quantity (such as 256Mi, 1Gi, 500m or 2)",
      "@:10:36 spec.containers[0].resources.requests.cpu: \"100mi\" is not a quantity (such as 256Mi, 1Gi, 500m or 2)",
      "@:14:21 warning: a memory request of 256Gi is more than a lab node has: the pod stays Pending (Insufficient memory); check the unit",
      "@:14:36 the cpu request 2 is above its limit 1500m: the API server rejects it",
    ]],
    ['selector.yaml', [
      "@:8:7 the selector wants app=emqx but the pod template's labels do not have it: the API server rejects the Deployment",
      "@:20:39 probe port \"dashbaord\" is not a named port of this container (did you mean dashboard?)",
      "@:27:3 warning: the Service selects app=emqx, which no pod in these files has: it will have no endpoints",
    ]],
    ['service-ports.yaml', [
      "@:6:1 missing required field spec.ports",
      "@:28:1 missing required field spec.ports",
    ]],
    ['statefulset-service.yaml', [
      "@:6:3 serviceName \"emqx\" names a Service that is not headless (clusterIP: None): the pods get no stable DNS names",
      "@:34:3 warning: serviceName \"emqx-hl\" names no Service in these files: the pods get no stable DNS names",
    ]],
    ['tab-indent.yaml', [
      "@:4:1 tabs are not allowed as indentation in YAML: use spaces",
    ]],
    ['type-error.yaml', [
      "@:5:1 missing required field spec.selector",
      "@:6:3 spec.replicas: expected integer, got string",
      "@:16:15 spec.template.spec.containers[0].ports[0].containerPort: expected integer, got string",
      "@:27:7 spec.ports[0].targetPort: expected string | integer, got boolean",
    ]],
    ['unknown-apiversion.yaml', [
      "@:2:1 unknown apiVersion \"rbac.authorization.kubernetes.io/v1beta1\" for kind Role: use rbac.authorization.k8s.io/v1",
      "@:12:1 unknown kind \"Deploymnet\" in v1 (did you mean Deployment in apps/v1?)",
      "@:17:1 unknown kind \"deployment\" in apps/v1 (did you mean Deployment?)",
      "@:21:1 apiVersion apps/v1beta2 is no longer served (removed in Kubernetes 1.16): use apps/v1 for StatefulSet",
    ]],
    ['unknown-field.yaml', [
      "@:5:3 unknown field metadata.lables (did you mean labels?)",
      "@:8:3 unknown field spec.replicaz (did you mean replicas?)",
      "@:20:11 unknown field spec.template.spec.containers[0].imagePullPolicyy (did you mean imagePullPolicy?)",
      "@:23:15 unknown field spec.template.spec.containers[0].env[0].valu (did you mean value?)",
    ]],
    ['volume-keys.yaml', [
      "@:10:45 EMQX_LOG__CONSOLE__LEVEL: \"warn\" is not a value EMQX 5 accepts (debug, info, notice, warning, error, critical, alert, emergency, all): use warning; the node fails to start with unable_to_convert_to_enum_symbol",
      "@:18:15 ConfigMap \"emqx-files\" has no key \"acl.conf\" (did you mean acl.con?)",
    ]],
    ['volume-mount.yaml', [
      "@:20:15 volumeMount \"data\" names no volume and no volumeClaimTemplate (did you mean emqx-data?): the StatefulSet is accepted, but every pod it creates is refused (event FailedCreate: Not found: \"data\")",
    ]],
    ['yaml-syntax.yaml', [
      "@:7:3 YAML syntax error: Flow sequence in block collection must be sufficiently indented and end with a ]",
    ]],
  ];
  it.each(cases)('%s', async (file, expected) => {
    expect(await lines(`${FIX}/manifests/${file}`)).toEqual(expected);
  });
});

describe('lint: a broken course', () => {
  const C = `${FIX}/broken-course`;
  it('reports every lesson-level problem, sorted by file and line', async () => {
    expect(await lines(C)).toEqual([
      '@/lessons/01-bare-pod/lesson.yaml:1:1 warning: no "# yaml-language-server: $schema=..." line naming lesson.schema.json: editors cannot complete or check this file',
      '@/lessons/01-bare-pod/lesson.yaml:5:23 file not found: @/manifests/01-bare-pod/missing.yaml',
      '@/lessons/01-bare-pod/lesson.yaml:13:5 duplicate check id "ready"',
      '@/lessons/01-bare-pod/lesson.yaml:18:29 not a valid regular expression: ^emqx@( (/^emqx@(/: Unterminated group)',
      '@/lessons/01-bare-pod/lesson.yaml:19:13 the check names hint "aply", which this lesson does not define',
      '@/lessons/01-bare-pod/lesson.yaml:24:5 not a valid regular expression: [unclosed (/[unclosed/: Unterminated character class)',
      "@/lessons/01-bare-pod/lesson.yaml:29:5 warning: the check names Deployment/emqx, which this step's manifests do not declare",
      '@/lessons/01-bare-pod/lesson.yaml:33:12 unknown diagnosis "no-such-diagnosis" (not in lessons/diagnoses.yaml)',
      '@/lessons/01-bare-pod/lesson.yaml:35:5 duplicate hint id "apply"',
      "@/lessons/01-bare-pod/lesson.yaml:44:28 the mistake's patch cannot replace /spec/containerz/0/image: pod.yaml has no such path",
      '@/lessons/01-bare-pod/lesson.yaml:46:5 duplicate mistake id "wrong-path"',
      '@/lessons/01-bare-pod/lesson.yaml:50:9 the mistake targets Pod/emqx-0, which pod.yaml does not contain',
      '@/lessons/01-bare-pod/lesson.yaml:53:15 unknown diagnosis "no-such-diagnosis" (not in lessons/diagnoses.yaml)',
      '@/lessons/01-bare-pod/zh.md:1:1 the step has no Chinese text (zh.md)',
      '@/lessons/02-deployment/lesson.yaml:1:1 lesson format 99 is newer than this emqx-lab understands (1); update emqx-lab',
      '@/lessons/03-service/lesson.yaml:1:1 warning: no "# yaml-language-server: $schema=..." line naming lesson.schema.json: editors cannot complete or check this file',
      '@/lessons/03-service/zh.md:1:1 the Chinese text is empty',
      '@/lessons/04-service/lesson.yaml:1:1 warning: no "# yaml-language-server: $schema=..." line naming lesson.schema.json: editors cannot complete or check this file',
      '@/lessons/04-service/lesson.yaml:2:1 duplicate step id "service"',
      '@/lessons/05-broken-yaml/lesson.yaml:4:1 YAML syntax error: Flow map in block collection must be sufficiently indented and end with a }',
      '@/lessons/06-schema/lesson.yaml:7:5 checks.0.hints: Invalid input: expected array, received undefined',
      '@/lessons/06-schema/lesson.yaml:11:5 unknown field "hintz"',
      '@/lessons/diagnoses.yaml:1:1 warning: no "# yaml-language-server: $schema=..." line naming diagnoses.schema.json: editors cannot complete or check this file',
      '@/lessons/diagnoses.yaml:9:5 duplicate diagnosis id "image-pull"',
      '@/lessons/diagnoses.yaml:11:9 not a valid regular expression: Discovery error: {403(',
      "@/manifests/01-bare-pod/pod.yaml:5:3 course manifests carry no metadata.namespace: the lab fills in the learner's namespace when it renders them",
      '@/manifests/01-bare-pod/pod.yaml:6:3 every course object carries the lab label app.kubernetes.io/part-of: emqx-lab (reset and prune touch nothing without it)',
      '@/manifests/01-bare-pod/pod.yaml:14:11 spec.containers[0].env[0].value hard-codes the namespace "emqx-lab": write ${NAMESPACE} so the manifest works in any namespace',
    ]);
  });

  it('lints one lesson folder, or the lesson file, with its manifests and only its own problems', async () => {
    const full = async (p: string) => (await lintPaths([p], { lang: 'en', cwd })).problems.map((x) => `${x.file}:${x.line}:${x.col} ${x.message}`);
    const folder = await full(`${C}/lessons/01-bare-pod`);
    expect(folder).toEqual(await full(`${C}/lessons/01-bare-pod/lesson.yaml`));
    expect(folder).toHaveLength(17);
    expect(folder.filter((l) => l.startsWith(`${C}/manifests/01-bare-pod/pod.yaml:`))).toHaveLength(3);
    expect(folder.some((l) => l.startsWith(`${C}/lessons/diagnoses.yaml`))).toBe(false);
    // The catalogue next to the lesson is still read, for the diagnosis ids.
    expect(folder.filter((l) => l.includes('unknown diagnosis "no-such-diagnosis"'))).toHaveLength(2);
  });

  it("lints a course's manifests/NN-id folder as its step", async () => {
    const full = async (p: string) => (await lintPaths([p], { lang: 'en', cwd })).problems;
    expect(await full(`${C}/manifests/01-bare-pod`)).toEqual(await full(`${C}/lessons/01-bare-pod`));
  });

  it('lints the diagnosis catalogue on its own', async () => {
    expect(await lines(`${C}/lessons/diagnoses.yaml`)).toEqual([
      '@:1:1 warning: no "# yaml-language-server: $schema=..." line naming diagnoses.schema.json: editors cannot complete or check this file',
      '@:9:5 duplicate diagnosis id "image-pull"',
      '@:11:9 not a valid regular expression: Discovery error: {403(',
    ]);
  });

  it('names a union branch the author meant, or the keys that would fit (lesson schema)', async () => {
    const { problems } = await lintPaths([`${FIX}/unions/lessons/01-unions`], { lang: 'en', cwd });
    expect(problems.map((p) => `${p.line}:${p.col} ${p.message}`)).toEqual([
      '12:9 unknown field "scal" (deletePod | scale | exec | mergePatch | rolloutRestart)',
      '13:62 checks.0.action.1.scale.replicas: Invalid input: expected number, received string',
      '20:33 checks.0.then.0.expect.emqxStatus.nodeName: Invalid input: expected string, received number',
      '26:19 unknown field "txt" (emqxStatus | emqxClusterStatus | text)',
    ]);
  });
});

describe('lint: paths', () => {
  it('reports a path that does not exist and a file that is not YAML', async () => {
    const { problems } = await lintPaths([`${FIX}/nope.yaml`, `${FIX}/course/lessons/01-bare-pod/en.md`], { lang: 'en', cwd });
    expect(problems.map((p) => `${p.file}:${p.line}:${p.col} ${p.message}`)).toEqual([
      `${FIX}/course/lessons/01-bare-pod/en.md:1:1 not a course, lesson or manifest file: ${FIX}/course/lessons/01-bare-pod/en.md`,
      `${FIX}/nope.yaml:1:1 file not found: ${FIX}/nope.yaml`,
    ]);
  });

  it('lints a folder of plain manifests as one set: references between files resolve', async () => {
    const alone = await lintPaths([`${FIX}/workspace/deployment.yaml`], { lang: 'en', cwd });
    expect(alone.problems.map((p) => p.rule)).toEqual(['ref-rbac', 'ref-config']);
    expect(alone.problems.every((p) => p.severity === 'warning')).toBe(true);
    const together = await lintPaths([`${FIX}/workspace`], { lang: 'en', cwd });
    expect(together.problems).toEqual([]);
    expect(together.files).toBe(3);
  });

  it('is clean on the fixture course, and on the same files given one by one', async () => {
    // The modeline check reads schema/*.json, which `npm run schema` writes; test/lint/modeline.test.ts covers it.
    const real = (ps: { rule: string }[]) => ps.filter((p) => p.rule !== 'modeline');
    expect(real((await lintPaths([`${FIX}/course`], { lang: 'en', cwd })).problems)).toEqual([]);
    const each = await lintPaths(
      [`${FIX}/course/lessons/03-rbac`, `${FIX}/course/lessons/01-bare-pod/lesson.yaml`, `${FIX}/course/lessons/diagnoses.yaml`],
      { lang: 'en', cwd },
    );
    expect(real(each.problems)).toEqual([]);
  });
});

describe('lint: messages in Chinese', () => {
  it('words the same problems in Chinese at the same places', async () => {
    const zh = await lines(`${FIX}/manifests/emqx-env.yaml`, 'zh');
    const en = await lines(`${FIX}/manifests/emqx-env.yaml`, 'en');
    expect(zh.map((l) => l.split(' ')[0])).toEqual(en.map((l) => l.split(' ')[0]));
    expect(zh[1]).toBe(
      '@:21:15 EMQX_CLUSTER__DISCOVERY 是 EMQX 4.x 的名称：5.x 会忽略它（unknown_env_vars），节点始终单独运行：请使用 EMQX_CLUSTER__DISCOVERY_STRATEGY',
    );
    expect(zh[7]).toMatch(/^@:34:15 警告：apiserver https:\/\/10\.96\.0\.1:443 是 IP 地址：只有当它是 kubernetes Service 的 IP/);
    expect((await lines(`${FIX}/manifests/emqx-apiserver.yaml`, 'zh'))[0]).toBe(
      '@:7:3 apiserver https://127.0.0.1:43567 是回环地址：在 Pod 里它指的是 Pod 自己，节点发现会因 econnrefused 失败（kubectl cluster-info 显示的是你电脑上用的地址）：请使用 https://kubernetes.default.svc:443',
    );
    expect(await lines(`${FIX}/manifests/unknown-field.yaml`, 'zh')).toContain('@:8:3 未知字段 spec.replicaz（是不是想写 replicas？）');
  });
});

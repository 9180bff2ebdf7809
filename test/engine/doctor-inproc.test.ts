/**
 * `emqx-lab doctor` in-process: runDoctor over a fake Kube, item by item (kubectl, context, cluster,
 * namespace, permissions, storage, images), with the exact message and fix each state gives.
 */
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCourse } from '../../src/course/load.js';
import { neededPermissions, permissionsItem } from '../../src/engine/doctor-permissions.js';
import { courseImages, imageOnNode, runDoctor, type DoctorItem } from '../../src/engine/doctor.js';
import { doctorMessages } from '../../src/i18n/doctor.js';
import { KubeError, labKubeError, type RunResult } from '../../src/kube/result.js';
import { fakeKube, type FakeKube } from '../fixtures/engine/fake-kube.js';

const FIXTURE = join(import.meta.dirname, '..', 'fixtures', 'engine', 'course');
const { course } = loadCourse(FIXTURE);
const NS = 'lab';
const m = doctorMessages.en;
const PERMS = neededPermissions(course, NS, 'en').length;

const ran = (args: string[], o: Partial<RunResult> = {}): RunResult => ({ args, exitCode: 0, stdout: '', stderr: '', timedOut: false, canceled: false, missing: false, ...o });
/** `auth can-i --list` of a cluster admin: everything granted, one process. */
const ADMIN = 'Resources   Non-Resource URLs   Resource Names   Verbs\n*.*         []                  []               [*]\n';

const defaultClass = (name: string, key = 'storageclass.kubernetes.io/is-default-class', value = 'true') => ({
  apiVersion: 'storage.k8s.io/v1',
  kind: 'StorageClass',
  metadata: { name, annotations: { [key]: value } },
});
const plainClass = (name: string) => ({ apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name } });
const node = (name: string, names: string[][] | undefined, extra: Record<string, unknown> = {}) => ({
  apiVersion: 'v1',
  kind: 'Node',
  metadata: { name },
  ...extra,
  status: { ...(names ? { images: names.map((n) => ({ names: n })) } : {}), ...((extra.status as object) ?? {}) },
});

type Stubs = Parameters<typeof fakeKube>[0];
interface ClusterState {
  namespace?: unknown;
  classes?: unknown[];
  nodes?: unknown[];
}

/** A healthy local kind cluster; `over` replaces any call. */
function cluster(state: ClusterState = {}, over: Stubs = {}, sim = false): FakeKube {
  const { namespace, classes = [defaultClass('standard')], nodes = [node('kind-worker', [['docker.io/emqx/emqx:5.8.9', 'docker.io/emqx/emqx@sha256:abc']])] } = state;
  return fakeKube(
    {
      clientVersion: async () => 'v1.32.2',
      currentContext: async () => 'kind-lab',
      clusterInfo: async () => ({ server: 'https://127.0.0.1:40123' }),
      version: async () => ({ client: 'v1.32.2', server: 'v1.31.4' }),
      get: async (kind, name) => (kind === 'Namespace' && name === NS ? namespace : undefined),
      raw: async (args) => ran(args, { stdout: ADMIN }),
      list: async (kinds) => {
        if (kinds === 'StorageClass') return classes;
        if (kinds === 'Node') return nodes;
        throw new Error(`unexpected list ${String(kinds)}`);
      },
      ...over,
    },
    NS,
    sim,
  );
}

const OK_TAIL: DoctorItem[] = [
  { id: 'namespace', status: 'ok', message: `namespace ${NS} does not exist yet; apply and solve create it` },
  { id: 'permissions', status: 'ok', message: `all ${PERMS} permissions the course needs are granted in ${NS}` },
  { id: 'storage', status: 'ok', message: 'default StorageClass: standard' },
  { id: 'images', status: 'ok', message: 'emqx/emqx:5.8.9 present on all 1 node(s)' },
];

const item = async (kube: FakeKube, id: DoctorItem['id'], lang: 'en' | 'zh' = 'en') =>
  (await runDoctor(kube, course, lang, { kubectlName: 'kubectl' })).items.find((i) => i.id === id);

describe('doctor on a healthy local cluster', () => {
  it('reports every item ok, the context from kubectl and the namespace', async () => {
    const kube = cluster();
    const r = await runDoctor(kube, course, 'en', { kubectlName: 'kubectl' });
    expect(r).toEqual({
      ok: true,
      context: 'kind-lab',
      namespace: NS,
      items: [
        { id: 'kubectl', status: 'ok', message: 'kubectl v1.32.2' },
        { id: 'context', status: 'ok', message: 'context kind-lab (https://127.0.0.1:40123) looks local' },
        { id: 'cluster', status: 'ok', message: 'cluster reachable, Kubernetes v1.31.4' },
        ...OK_TAIL,
      ],
    });
    expect(kube.calls).toMatchObject({ clientVersion: 1, currentContext: 1, clusterInfo: 1, version: 1, get: 1, raw: 1, list: 2 });
    expect(kube.log.find((c) => c.method === 'get')?.args).toEqual(['Namespace', NS]);
  });

  it('--context names the context: kubectl is not asked for the current one', async () => {
    const kube = cluster();
    const r = await runDoctor(kube, course, 'en', { context: 'minikube', kubectlName: 'kubectl' });
    expect(r.context).toBe('minikube');
    expect(r.items[1]).toEqual({ id: 'context', status: 'ok', message: 'context minikube (https://127.0.0.1:40123) looks local' });
    expect(kube.calls.currentContext).toBe(0);
  });

  it('an unknown kubectl or server version is shown as "?"', async () => {
    const kube = cluster({}, { clientVersion: async () => undefined, version: async () => ({ client: 'v1' }) });
    const r = await runDoctor(kube, course, 'en', { kubectlName: 'kubectl' });
    expect(r.items.slice(0, 3)).toEqual([
      { id: 'kubectl', status: 'ok', message: 'kubectl ?' },
      { id: 'context', status: 'ok', message: 'context kind-lab (https://127.0.0.1:40123) looks local' },
      { id: 'cluster', status: 'ok', message: 'cluster reachable, Kubernetes ?' },
    ]);
    expect(r.ok).toBe(true);
  });

  it('speaks the learner\'s language', async () => {
    const r = await runDoctor(cluster(), course, 'zh', { kubectlName: 'kubectl' });
    expect(r.items.map((i) => i.message)).toEqual([
      'kubectl v1.32.2',
      '上下文 kind-lab（https://127.0.0.1:40123）看起来是本地集群',
      '集群可以连接，Kubernetes v1.31.4',
      `命名空间 ${NS} 还不存在；apply 和 solve 会创建它`,
      `课程需要的 ${PERMS} 项权限在 ${NS} 中全部具备`,
      '默认 StorageClass：standard',
      '全部 1 个节点上都有 emqx/emqx:5.8.9',
    ]);
  });
});

describe('doctor on the simulator', () => {
  it("names the simulator's kubectl and its own context without asking for versions or servers", async () => {
    const kube = cluster({}, { currentContext: async () => 'emqx-lab-sim' }, true);
    const r = await runDoctor(kube, course, 'en', { context: 'kind-ignored', kubectlName: 'kubectl' });
    expect(r).toEqual({
      ok: true,
      context: 'emqx-lab-sim',
      namespace: NS,
      items: [
        { id: 'kubectl', status: 'ok', message: "the simulator's kubectl (no cluster or Docker needed)" },
        { id: 'context', status: 'ok', message: 'context emqx-lab-sim looks local' },
        { id: 'cluster', status: 'ok', message: 'cluster reachable, Kubernetes v1.31.4' },
        ...OK_TAIL,
      ],
    });
    expect(kube.calls.clientVersion).toBe(0);
    expect(kube.calls.clusterInfo).toBe(0);
    expect(kube.calls.currentContext).toBe(1);
  });

  it('the simulator counts as local whatever its context is called', async () => {
    const kube = cluster({}, { currentContext: async () => 'prod' }, true);
    expect(await item(kube, 'context')).toEqual({ id: 'context', status: 'ok', message: 'context prod looks local' });
  });
});

describe('doctor without kubectl', () => {
  it('fails kubectl with the install fix and marks everything else not checked', async () => {
    const kube = cluster({}, { clientVersion: async () => Promise.reject(new KubeError('notInstalled', 'spawn kubectl ENOENT', ['version'])) });
    const r = await runDoctor(kube, course, 'en', { kubectlName: '/opt/k/kubectl' });
    expect(r).toEqual({
      ok: false,
      context: undefined,
      namespace: NS,
      items: [
        { id: 'kubectl', status: 'fail', message: 'kubectl ("/opt/k/kubectl") is not installed or not on PATH', fix: m.kubectlFix },
        ...(['context', 'cluster', 'namespace', 'permissions', 'storage', 'images'] as const).map((id) => ({ id, status: 'fail', message: 'not checked: kubectl is missing' })),
      ],
    });
    expect(kube.calls.currentContext).toBe(0);
  });

  it('another kubectl failure while asking its version is not a missing kubectl: it propagates', async () => {
    const boom = new KubeError('other', 'weird', ['version']);
    const kube = cluster({}, { clientVersion: async () => Promise.reject(boom) });
    await expect(runDoctor(kube, course, 'en', { kubectlName: 'kubectl' })).rejects.toBe(boom);
  });
});

describe("doctor's context item", () => {
  it('a context that looks neither local by name nor by server: a warning with the fix', async () => {
    const kube = cluster({}, { currentContext: async () => 'prod-eu', clusterInfo: async () => ({ server: 'https://10.1.2.3:6443' }) });
    const r = await runDoctor(kube, course, 'en', { kubectlName: 'kubectl' });
    expect(r.items[1]).toEqual({
      id: 'context',
      status: 'warn',
      message: 'context prod-eu (https://10.1.2.3:6443) does not look like a local cluster; commands will refuse it unless --yes',
      fix: m.contextFix,
    });
    // A warning is not a failure: the rest is still checked and the report stays ok.
    expect(r.ok).toBe(true);
    expect(r.context).toBe('prod-eu');
    expect(r.items).toHaveLength(7);
  });

  it('a context with an unusual name on a server of this machine is local', async () => {
    const kube = cluster({}, { currentContext: async () => 'my-lab', clusterInfo: async () => ({ server: 'https://localhost:6443' }) });
    expect(await item(kube, 'context')).toEqual({ id: 'context', status: 'ok', message: 'context my-lab (https://localhost:6443) looks local' });
  });

  it('a local name without a known server is local, and the message leaves the server out', async () => {
    const kube = cluster({}, { currentContext: async () => 'k3d-lab', clusterInfo: async () => ({}) });
    expect(await item(kube, 'context')).toEqual({ id: 'context', status: 'ok', message: 'context k3d-lab looks local' });
  });

  it('a remote name without a known server is a warning', async () => {
    const kube = cluster({}, { currentContext: async () => 'corp', clusterInfo: async () => ({}) });
    expect(await item(kube, 'context')).toMatchObject({ status: 'warn', message: 'context corp does not look like a local cluster; commands will refuse it unless --yes' });
  });

  it('no context at all: fails with kubectl\'s words and the fix, the rest needs a cluster', async () => {
    const kube = cluster({}, { currentContext: async () => Promise.reject(new KubeError('config', 'error: current-context is not set', ['config'])) });
    const r = await runDoctor(kube, course, 'en', { kubectlName: 'kubectl' });
    expect(r).toEqual({
      ok: false,
      context: undefined,
      namespace: NS,
      items: [
        { id: 'kubectl', status: 'ok', message: 'kubectl v1.32.2' },
        { id: 'context', status: 'fail', message: 'no kube context: error: current-context is not set', fix: m.noContextFix },
        ...(['cluster', 'namespace', 'permissions', 'storage', 'images'] as const).map((id) => ({ id, status: 'fail', message: 'not checked: no cluster to ask' })),
      ],
    });
    expect(kube.calls.version).toBe(0);
  });

  it("the lab's own words for a context failure are translated", async () => {
    const e = labKubeError('config', (lang) => (lang === 'zh' ? '没有配置' : 'nothing configured'), ['config']);
    const kube = cluster({}, { clusterInfo: async () => Promise.reject(e) });
    const r = await runDoctor(kube, course, 'zh', { kubectlName: 'kubectl' });
    expect(r.items[1]).toEqual({ id: 'context', status: 'fail', message: '没有 kube 上下文：没有配置', fix: doctorMessages.zh.noContextFix });
    // The context was known before the server failed.
    expect(r.context).toBe('kind-lab');
  });

  it('a bug (not a kubectl failure) while reading the context propagates', async () => {
    const kube = cluster({}, { currentContext: async () => Promise.reject(new TypeError('bug')) });
    await expect(runDoctor(kube, course, 'en', { kubectlName: 'kubectl' })).rejects.toThrow(TypeError);
  });
});

describe("doctor's cluster item", () => {
  it('a cluster that does not answer: fails with the server, the reason and the fix', async () => {
    const kube = cluster({}, { version: async () => Promise.reject(new KubeError('unreachable', 'dial tcp 127.0.0.1:40123: connect: connection refused', ['version'])) });
    const r = await runDoctor(kube, course, 'en', { kubectlName: 'kubectl' });
    expect(r).toEqual({
      ok: false,
      context: 'kind-lab',
      namespace: NS,
      items: [
        { id: 'kubectl', status: 'ok', message: 'kubectl v1.32.2' },
        { id: 'context', status: 'ok', message: 'context kind-lab (https://127.0.0.1:40123) looks local' },
        {
          id: 'cluster',
          status: 'fail',
          message: 'the cluster at https://127.0.0.1:40123 does not answer: the cluster does not answer (dial tcp 127.0.0.1:40123: connect: connection refused)',
          fix: m.clusterFix,
        },
        ...(['namespace', 'permissions', 'storage', 'images'] as const).map((id) => ({ id, status: 'fail', message: 'not checked: no cluster to ask' })),
      ],
    });
    expect(kube.calls.get).toBe(0);
    expect(kube.calls.list).toBe(0);
  });

  it('without a known server the message names none', async () => {
    const kube = cluster({}, { clusterInfo: async () => ({}), version: async () => Promise.reject(new KubeError('timeout', 'x', ['version'])) });
    expect(await item(kube, 'cluster')).toEqual({ id: 'cluster', status: 'fail', message: 'the cluster does not answer: kubectl took too long and was stopped', fix: m.clusterFix });
  });

  it('a bug while asking the version propagates', async () => {
    const kube = cluster({}, { version: async () => Promise.reject(new RangeError('bug')) });
    await expect(runDoctor(kube, course, 'en', { kubectlName: 'kubectl' })).rejects.toThrow(RangeError);
  });
});

describe("doctor's namespace item", () => {
  it('an existing namespace (no phase reported, or Active) is ok', async () => {
    expect(await item(cluster({ namespace: { kind: 'Namespace', metadata: { name: NS } } }), 'namespace')).toEqual({ id: 'namespace', status: 'ok', message: `namespace ${NS} exists` });
    expect(await item(cluster({ namespace: { kind: 'Namespace', metadata: { name: NS }, status: { phase: 'Active' } } }), 'namespace')).toEqual({
      id: 'namespace',
      status: 'ok',
      message: `namespace ${NS} exists`,
    });
  });

  it('a namespace being deleted fails the report, with how to wait it out', async () => {
    const r = await runDoctor(cluster({ namespace: { kind: 'Namespace', metadata: { name: NS }, status: { phase: 'Terminating' } } }), course, 'en', { kubectlName: 'kubectl' });
    expect(r.items[3]).toEqual({
      id: 'namespace',
      status: 'fail',
      message: `namespace ${NS} is being deleted`,
      fix: `Wait until it is gone (kubectl get namespace ${NS}), or use another one with --namespace.`,
    });
    expect(r.ok).toBe(false);
  });

  it('a namespace that cannot be read is a warning with the reason', async () => {
    const kube = cluster({}, { get: async () => Promise.reject(new KubeError('forbidden', 'namespaces "lab" is forbidden', ['get'])) });
    const r = await runDoctor(kube, course, 'en', { kubectlName: 'kubectl' });
    expect(r.items[3]).toEqual({ id: 'namespace', status: 'warn', message: `could not read namespace ${NS}: not allowed: namespaces "lab" is forbidden` });
    expect(r.ok).toBe(true);
  });

  it('a bug while reading the namespace propagates', async () => {
    const kube = cluster({}, { get: async () => Promise.reject(new Error('bug in get')) });
    await expect(runDoctor(kube, course, 'en', { kubectlName: 'kubectl' })).rejects.toThrow('bug in get');
  });
});

describe("doctor's permissions item inside the report", () => {
  it('a denied permission fails the whole report', async () => {
    const kube = cluster({}, { raw: async (args) => ran(args, { stdout: 'Resources   Non-Resource URLs   Resource Names   Verbs\n' }), canI: async () => false });
    const r = await runDoctor(kube, course, 'en', { kubectlName: 'kubectl' });
    expect(r.items[4]).toMatchObject({ id: 'permissions', status: 'fail', fix: m.permsFix });
    expect(r.ok).toBe(false);
  });
});

describe("doctor's permissions item: failures that are not kubectl's", () => {
  it('a bug while listing the rules propagates instead of becoming a warning', async () => {
    const bug = new TypeError('bug in raw');
    await expect(permissionsItem(fakeKube({ raw: async () => Promise.reject(bug) }, NS), course, 'en')).rejects.toBe(bug);
  });

  it('a bug while asking singly propagates too', async () => {
    const bug = new Error('bug in canI');
    const kube = fakeKube({ raw: async (args) => ran(args, { exitCode: 1, stderr: 'Error from server (Forbidden): selfsubjectrulesreviews.authorization.k8s.io is forbidden\n' }), canI: async () => Promise.reject(bug) }, NS);
    await expect(permissionsItem(kube, course, 'en')).rejects.toBe(bug);
  });
});

describe("doctor's storage item", () => {
  it('the default class is found by either annotation', async () => {
    expect(await item(cluster({ classes: [plainClass('slow'), defaultClass('fast')] }), 'storage')).toEqual({ id: 'storage', status: 'ok', message: 'default StorageClass: fast' });
    expect(await item(cluster({ classes: [defaultClass('old', 'storageclass.beta.kubernetes.io/is-default-class')] }), 'storage')).toEqual({
      id: 'storage',
      status: 'ok',
      message: 'default StorageClass: old',
    });
  });

  it('no default (an annotation saying "false" is none): a warning naming the classes, with the fix', async () => {
    expect(await item(cluster({ classes: [plainClass('a'), defaultClass('b', 'storageclass.kubernetes.io/is-default-class', 'false')] }), 'storage')).toEqual({
      id: 'storage',
      status: 'warn',
      message: 'no default StorageClass (classes: a, b); the PVCs of the last step would stay Pending',
      fix: m.storageFix,
    });
  });

  it('no class at all', async () => {
    expect(await item(cluster({ classes: [] }), 'storage')).toEqual({
      id: 'storage',
      status: 'warn',
      message: 'no default StorageClass; the PVCs of the last step would stay Pending',
      fix: m.storageFix,
    });
  });

  it('classes that cannot be listed: "cannot tell", without a fix', async () => {
    const kube = cluster({}, {
      list: async (kinds) => {
        if (kinds === 'StorageClass') throw new KubeError('forbidden', 'storageclasses is forbidden', ['get']);
        return [node('n', [['emqx/emqx:5.8.9']])];
      },
    });
    expect(await item(kube, 'storage')).toEqual({ id: 'storage', status: 'warn', message: 'cannot tell: not allowed: storageclasses is forbidden' });
  });

  it('a bug while listing classes propagates', async () => {
    const kube = cluster({}, { list: async (kinds) => (kinds === 'StorageClass' ? Promise.reject(new Error('storage bug')) : []) });
    await expect(runDoctor(kube, course, 'en', { kubectlName: 'kubectl' })).rejects.toThrow('storage bug');
  });
});

describe("doctor's images item", () => {
  it('present on every schedulable node (with or without docker.io/ and library/): ok, counting those nodes', async () => {
    const nodes = [
      node('w1', [['docker.io/emqx/emqx:5.8.9']]),
      node('w2', [['emqx/emqx:5.8.9']]),
      // A tainted control plane does not need the image.
      node('cp', [['other:1']], { spec: { taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }] } }),
    ];
    expect(await item(cluster({ nodes }), 'images')).toEqual({ id: 'images', status: 'ok', message: 'emqx/emqx:5.8.9 present on all 2 node(s)' });
  });

  it('missing on one schedulable node: a warning with the preload fix', async () => {
    const nodes = [node('w1', [['docker.io/emqx/emqx:5.8.9']]), node('w2', [['docker.io/library/busybox:1.36'], []])];
    expect(await item(cluster({ nodes }), 'images')).toEqual({
      id: 'images',
      status: 'warn',
      message: 'emqx/emqx:5.8.9 not present on every one of 2 node(s); the first start pulls it (needs internet, takes minutes)',
      fix: m.imagesFix,
    });
  });

  it('an image entry without names does not count as the image', async () => {
    const nodes = [{ apiVersion: 'v1', kind: 'Node', metadata: { name: 'w' }, status: { images: [{ sizeBytes: 1 }] } }];
    expect(await item(cluster({ nodes }), 'images')).toMatchObject({ status: 'warn', message: 'emqx/emqx:5.8.9 not present on every one of 1 node(s); the first start pulls it (needs internet, takes minutes)' });
  });

  it('nodes that list no images, or only unschedulable ones: cannot tell', async () => {
    const unknown = { id: 'images', status: 'warn', message: m.imagesUnknown, fix: m.imagesFix };
    expect(await item(cluster({ nodes: [node('w', undefined)] }), 'images')).toEqual(unknown);
    expect(await item(cluster({ nodes: [] }), 'images')).toEqual(unknown);
    expect(await item(cluster({ nodes: [node('w', [['emqx/emqx:5.8.9']], { spec: { unschedulable: true } })] }), 'images')).toEqual(unknown);
  });

  it('nodes that cannot be listed: "cannot tell" with the fix', async () => {
    const kube = cluster({}, { list: async (kinds) => (kinds === 'Node' ? Promise.reject(new KubeError('forbidden', 'nodes is forbidden', ['get'])) : [defaultClass('s')]) });
    expect(await item(kube, 'images')).toEqual({ id: 'images', status: 'warn', message: 'cannot tell: not allowed: nodes is forbidden', fix: m.imagesFix });
  });

  it('a bug while listing nodes propagates', async () => {
    const kube = cluster({}, { list: async (kinds) => (kinds === 'Node' ? Promise.reject(new Error('node bug')) : []) });
    await expect(runDoctor(kube, course, 'en', { kubectlName: 'kubectl' })).rejects.toThrow('node bug');
  });
});

describe('imageOnNode', () => {
  it('matches a name with or without docker.io/ and library/, never another image', () => {
    expect(imageOnNode('emqx/emqx:5.8.9', ['docker.io/emqx/emqx:5.8.9'])).toBe(true);
    expect(imageOnNode('docker.io/emqx/emqx:5.8.9', ['emqx/emqx:5.8.9'])).toBe(true);
    expect(imageOnNode('busybox:1.36', ['docker.io/library/busybox:1.36'])).toBe(true);
    expect(imageOnNode('library/busybox:1.36', ['busybox:1.36'])).toBe(true);
    expect(imageOnNode('emqx/emqx:5.8.9', ['docker.io/emqx/emqx:5.8.8', 'quay.io/emqx/emqx:5.8.9'])).toBe(false);
    expect(imageOnNode('emqx/emqx:5.8.9', ['x/docker.io/emqx/emqx:5.8.9'])).toBe(false);
    expect(imageOnNode('emqx/emqx:5.8.9', [])).toBe(false);
  });
});

describe('courseImages', () => {
  it('the fixture course runs one image, listed once', () => {
    expect(courseImages(course, NS, 'en')).toEqual(['emqx/emqx:5.8.9']);
  });

  it('collects every `image:` string of every step, in first-seen order, nested in lists and objects', () => {
    const root = mkdtempSync(join(tmpdir(), 'emqx-lab-images-'));
    cpSync(FIXTURE, root, { recursive: true });
    writeFileSync(
      join(root, 'manifests', '02-second', 'deployment.yaml'),
      [
        'apiVersion: apps/v1',
        'kind: Deployment',
        'metadata: { name: emqx, labels: { app.kubernetes.io/part-of: emqx-lab } }',
        'spec:',
        '  replicas: 1',
        '  selector: { matchLabels: { app.kubernetes.io/name: emqx } }',
        '  template:',
        '    metadata: { labels: { app.kubernetes.io/name: emqx } }',
        '    spec:',
        '      initContainers: [{ name: init, image: "busybox:1.36" }]',
        '      containers:',
        '        - { name: emqx, image: "emqx/emqx:5.8.9" }',
        '        - { name: side, image: "nginx:1.27", env: [{ name: image, value: "not-an-image" }] }',
        '---',
        'apiVersion: v1',
        'kind: Service',
        'metadata: { name: emqx, labels: { app.kubernetes.io/part-of: emqx-lab } }',
        'spec: { selector: { app.kubernetes.io/name: emqx }, ports: [{ name: mqtt, port: 1883 }] }',
        '',
      ].join('\n'),
    );
    const loaded = loadCourse(root);
    expect(loaded.problems).toEqual([]);
    expect(courseImages(loaded.course, NS, 'en')).toEqual(['emqx/emqx:5.8.9', 'busybox:1.36', 'nginx:1.27']);
  });
});

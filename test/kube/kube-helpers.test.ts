/**
 * The small pure helpers of src/kube: how a failure is worded (describe.ts), which kubectl runs and whether it
 * can run (binary.ts), failure kinds (result.ts), object predicates (objects.ts, nodes.ts), verb order
 * (permissions.ts), and the argv of `config view` (argv.ts).
 */
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configViewAllArgs } from '../../src/kube/argv.js';
import { kubectlName, notExecutable, resolveBinary } from '../../src/kube/binary.js';
import { describeKubeError } from '../../src/kube/describe.js';
import { nodeExclusion } from '../../src/kube/nodes.js';
import { byName, isReady, isTerminating, matchesSelector, selectorFromLabels, type LiveObject, type Pod } from '../../src/kube/objects.js';
import { sortVerbs } from '../../src/kube/permissions.js';
import { classify, detailOf, isKubeError, KubeError, labKubeError, type KubeErrorKind, type RunResult } from '../../src/kube/result.js';
import { simKubectlPath } from '../../src/util/paths.js';

describe('describeKubeError: each kind of failure in the learner\'s words', () => {
  const e = (kind: KubeErrorKind, detail = 'DETAIL') => new KubeError(kind, detail, ['get', 'pods']);
  it.each([
    ['notInstalled', 'kubectl was not found ("DETAIL" is not installed or not on PATH)', '找不到 kubectl（“DETAIL”未安装或不在 PATH 中）'],
    ['config', 'your kubeconfig has a problem: DETAIL', 'kubeconfig 有问题：DETAIL'],
    ['unreachable', 'the cluster does not answer (DETAIL)', '集群没有响应（DETAIL）'],
    ['unauthorized', 'the cluster rejected your credentials (DETAIL)', '集群拒绝了你的凭据（DETAIL）'],
    ['forbidden', 'not allowed: DETAIL', '没有权限：DETAIL'],
    ['notFound', 'not found: DETAIL', '不存在：DETAIL'],
    ['timeout', 'kubectl took too long and was stopped', 'kubectl 耗时过长，已被停止'],
    ['canceled', 'interrupted', '已中断'],
    ['immutable', 'DETAIL', 'kubectl 报错：DETAIL'],
    ['invalid', 'DETAIL', 'kubectl 报错：DETAIL'],
    ['conflict', 'DETAIL', 'kubectl 报错：DETAIL'],
    ['other', 'DETAIL', 'kubectl 报错：DETAIL'],
  ] as const)('%s', (kind, en, zh) => {
    expect(describeKubeError(e(kind), 'en')).toBe(en);
    expect(describeKubeError(e(kind), 'zh')).toBe(zh);
  });

  it('the lab\'s own words inside are translated too', () => {
    const words = labKubeError('notFound', (lang) => (lang === 'en' ? 'the pod' : '这个 pod'), ['get']);
    expect(describeKubeError(words, 'zh')).toBe('不存在：这个 pod');
    expect(describeKubeError(words, 'en')).toBe('not found: the pod');
  });
});

describe('resolveBinary and kubectlName: which kubectl runs', () => {
  it('--sim runs the simulator\'s script with the given node', () => {
    expect(resolveBinary({ sim: true, kubectl: '/x/kubectl' }, { EMQX_LAB_KUBECTL: '/y' }, '/usr/bin/node')).toEqual({ file: '/usr/bin/node', prefix: [simKubectlPath()], sim: true });
  });

  it('--kubectl, then EMQX_LAB_KUBECTL, then kubectl on PATH', () => {
    expect(resolveBinary({ kubectl: '/x/kubectl' }, { EMQX_LAB_KUBECTL: '/y' })).toEqual({ file: '/x/kubectl', prefix: [], sim: false });
    expect(resolveBinary({ sim: false }, { EMQX_LAB_KUBECTL: '/y' })).toEqual({ file: '/y', prefix: [], sim: false });
    expect(resolveBinary({}, {})).toEqual({ file: 'kubectl', prefix: [], sim: false });
    expect(kubectlName({ kubectl: '' }, { EMQX_LAB_KUBECTL: '' })).toBe('kubectl');
  });
});

describe('notExecutable: a kubectl that is there but cannot be run', () => {
  const dir = mkdtempSync(join(tmpdir(), 'emqx-lab-notexec-'));
  const plain = join(dir, 'plain');
  writeFileSync(plain, '#!/bin/sh\n');
  chmodSync(plain, 0o644);
  const runnable = join(dir, 'runnable');
  writeFileSync(runnable, '#!/bin/sh\n');
  chmodSync(runnable, 0o755);

  it('a folder or a file without the execute bit cannot be run', () => {
    expect(notExecutable(dir)).toBe(true);
    // Root may read any file but executes only those with an execute bit.
    expect(notExecutable(plain)).toBe(true);
  });

  it('an executable file, a path that does not exist, and a plain name (looked up on PATH) are not "not executable"', () => {
    expect(notExecutable(runnable)).toBe(false);
    expect(notExecutable(join(dir, 'missing'))).toBe(false);
    expect(notExecutable('kubectl')).toBe(false);
    expect(notExecutable('sh')).toBe(false);
  });
});

describe('result: failure kinds not covered by the stderr table', () => {
  const r = (stderr: string): RunResult => ({ args: ['get'], exitCode: 1, stdout: '', stderr, timedOut: false, canceled: false, missing: false });

  it.each([
    ['Error from server (Unauthorized): the token expired', 'unauthorized'],
    ['error: pods is forbidden: User "u" cannot list', 'forbidden'],
    ['error: something (Forbidden) happened', 'forbidden'],
    ['error: context deadline exceeded', 'timeout'],
    ['error: net/http: request canceled', 'timeout'],
    ['Unable to connect to the server: context deadline exceeded', 'unreachable'],
    ['error: the server could not find the requested resource (get widgets.example.com) NotFound', 'notFound'],
    ['error: NotFoundish', 'other'],
    ['error: something else entirely', 'other'],
  ] as const)('%s → %s', (stderr, kind) => expect(classify(r(stderr))).toBe(kind));

  it('detailOf: the first line that says Error/error/The connection, else the first line', () => {
    expect(detailOf(r('I said\nerror: this one\nError: not this\n'))).toBe('error: this one');
    expect(detailOf(r('just words\nmore\n'))).toBe('just words');
    expect(detailOf(r(''))).toBe('');
  });

  it('isKubeError: any KubeError, or one of the kind asked', () => {
    const e = new KubeError('notFound', 'x', []);
    expect(isKubeError(e)).toBe(true);
    expect(isKubeError(e, 'notFound')).toBe(true);
    expect(isKubeError(e, 'forbidden')).toBe(false);
    expect(isKubeError(new Error('x'))).toBe(false);
    expect(isKubeError(undefined, 'notFound')).toBe(false);
  });
});

describe('objects: Ready pods, name order, label selectors', () => {
  const pod = (conditions?: { type: string; status: string }[]): Pod => ({ metadata: { name: 'p' }, status: conditions ? { conditions } : {} }) as Pod;

  it('a pod is ready only with a Ready condition that is True', () => {
    expect(isReady(pod([{ type: 'Ready', status: 'True' }]))).toBe(true);
    expect(isReady(pod([{ type: 'Initialized', status: 'True' }, { type: 'Ready', status: 'True' }]))).toBe(true);
    expect(isReady(pod([{ type: 'Ready', status: 'False' }]))).toBe(false);
    expect(isReady(pod([{ type: 'ContainersReady', status: 'True' }]))).toBe(false);
    expect(isReady(pod())).toBe(false);
    expect(isReady({ metadata: { name: 'p' } } as Pod)).toBe(false);
  });

  it('byName sorts by name', () => {
    const o = (name: string): LiveObject => ({ metadata: { name } });
    expect([o('b'), o('a'), o('c'), o('a')].sort(byName).map((x) => x.metadata.name)).toEqual(['a', 'a', 'b', 'c']);
    expect(byName(o('a'), o('b'))).toBe(-1);
    expect(byName(o('b'), o('a'))).toBe(1);
    expect(byName(o('a'), o('a'))).toBe(0);
  });

  it('isTerminating: a deletion timestamp is set', () => {
    expect(isTerminating({ metadata: { name: 'p', deletionTimestamp: '2024-01-01T00:00:00Z' } })).toBe(true);
    expect(isTerminating({ metadata: { name: 'p' } })).toBe(false);
  });

  it('selectorFromLabels: k=v terms joined by commas, in the labels\' order', () => {
    expect(selectorFromLabels({ app: 'emqx', tier: 'broker' })).toBe('app=emqx,tier=broker');
    expect(selectorFromLabels({})).toBe('');
  });

  it('matchesSelector: k=v, k==v, k!=v; other forms pass; no selector matches all', () => {
    const labels = { app: 'emqx', tier: 'broker' };
    expect(matchesSelector(labels, undefined)).toBe(true);
    expect(matchesSelector(labels, '')).toBe(true);
    expect(matchesSelector(labels, 'app=emqx')).toBe(true);
    expect(matchesSelector(labels, 'app == emqx, tier=broker')).toBe(true);
    expect(matchesSelector(labels, 'app=web')).toBe(false);
    expect(matchesSelector(labels, 'app!=web')).toBe(true);
    expect(matchesSelector(labels, 'app != emqx')).toBe(false);
    expect(matchesSelector(labels, 'tier=broker,app!=emqx')).toBe(false);
    expect(matchesSelector(undefined, 'app!=emqx')).toBe(true);
    expect(matchesSelector(undefined, 'app=emqx')).toBe(false);
    expect(matchesSelector(labels, 'env in (prod)')).toBe(true);
    expect(matchesSelector(labels, 'env in (prod),app=web')).toBe(false);
  });
});

describe('nodeExclusion: why pods cannot run on a node', () => {
  const node = (o: Record<string, unknown>): LiveObject => ({ metadata: { name: 'n' }, ...o });
  it('cordoned, not ready, tainted, or fine', () => {
    expect(nodeExclusion(node({ spec: { unschedulable: true }, status: { conditions: [{ type: 'Ready', status: 'True' }] } }))).toBe('cordoned');
    expect(nodeExclusion(node({ status: { conditions: [{ type: 'MemoryPressure', status: 'False' }, { type: 'Ready', status: 'Unknown' }] } }))).toBe('notReady');
    expect(nodeExclusion(node({ status: { conditions: [{ type: 'MemoryPressure', status: 'True' }] } }))).toBeUndefined();
    expect(nodeExclusion(node({ spec: { taints: [{ effect: 'PreferNoSchedule' }, { effect: 'NoExecute' }] } }))).toBe('tainted');
    expect(nodeExclusion(node({ spec: { taints: [{ effect: 'NoSchedule' }] }, status: { conditions: [{ type: 'Ready', status: 'True' }] } }))).toBe('tainted');
    expect(nodeExclusion(node({ spec: { taints: [{ effect: 'PreferNoSchedule' }] }, status: { conditions: [{ type: 'Ready', status: 'True' }] } }))).toBeUndefined();
    expect(nodeExclusion(node({}))).toBeUndefined();
  });
});

describe('sortVerbs: the order people read verbs in', () => {
  it('known verbs in RBAC\'s order, others after them alphabetically, duplicates once', () => {
    expect(sortVerbs(['watch', 'escalate', 'delete', 'get', 'bind', 'list', 'get', 'deletecollection', 'create', 'patch', 'update'])).toEqual([
      'get',
      'list',
      'watch',
      'create',
      'update',
      'patch',
      'delete',
      'deletecollection',
      'bind',
      'escalate',
    ]);
    expect(sortVerbs(new Set(['impersonate', 'approve']))).toEqual(['approve', 'impersonate']);
  });
});

describe('configViewAllArgs: the whole kubeconfig, never narrowed to a context or namespace', () => {
  it('keeps --kubeconfig only', () => {
    expect(configViewAllArgs({ namespace: 'lab', context: 'c', kubeconfig: '/k', requestTimeout: '5s' })).toEqual(['--kubeconfig', '/k', 'config', 'view', '-o', 'json']);
  });
});

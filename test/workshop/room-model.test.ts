/** Pure pieces of the room: names, the learner's Role, kubeconfig files, progress records, the grid. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCourse } from '../../src/course/load.js';
import type { LiveObject } from '../../src/kube/objects.js';
import { progressConfigMap, recordOutcome } from '../../src/progress/record.js';
import { emptyProgress } from '../../src/progress/store.js';
import { formatGrid } from '../../src/workshop/grid.js';
import { clusterFromConfig, isRoomKubeconfig, learnerKubeconfigYaml } from '../../src/workshop/kubeconfig.js';
import { courseFootprint } from '../../src/workshop/footprint.js';
import { learnerNamespace, learnerObjects, ROOM_LABEL } from '../../src/workshop/objects.js';
import { checkPrefix } from '../../src/workshop/prefix.js';
import { impersonatedAccounts, learnerRules } from '../../src/workshop/role.js';
import { isLearnerName, readRoom, resolveLearner, writeRoom } from '../../src/workshop/room.js';
import { progressFromRecord } from '../../src/workshop/seed.js';
import { learnerStatus, roomStatus } from '../../src/workshop/status.js';
import { learnerCommand } from '../../src/workshop/up.js';
import { parse } from 'yaml';

const { course } = loadCourse(join(import.meta.dirname, '..', '..'));
const ids = course.steps.map((s) => s.id);

describe('names', () => {
  it.each([
    ['learner', 1, 20, 'learner-01'],
    ['learner', 20, 20, 'learner-20'],
    ['room', 7, 120, 'room-007'],
    ['a', 3, 5, 'a-03'],
  ])('%s #%i of %i is %s', (prefix, i, n, want) => expect(learnerNamespace(prefix, i, n)).toBe(want));

  it.each([
    ['7', 'learner-07'],
    ['07', 'learner-07'],
    ['learner-07', 'learner-07'],
    ['8', undefined],
    ['other-07', undefined],
  ])('learner %s → %s', (ref, want) => expect(resolveLearner('learner', ref, ['learner-01', 'learner-07'])).toBe(want));

  it.each([
    ['learner', 'learner-01', true],
    ['learner', 'learner-x1', false],
    ['learner', 'learners-01', false],
    ['a-b', 'a-b-9', true],
  ])('%s owns %s: %s', (prefix, ns, want) => expect(isLearnerName(prefix, ns)).toBe(want));

  it.each(['Learner', '1abc', 'a_b', 'x-', 'a'.repeat(59)])('prefix %s is refused (exit 2)', (p) => {
    expect(() => checkPrefix(p, 'en')).toThrow(expect.objectContaining({ exitCode: 2 }));
  });
});

describe("the learner's Role", () => {
  const rules = learnerRules(course, 'learner-03', 'en');
  const allows = (group: string, resource: string, verb: string, name?: string) =>
    rules.some((r) => r.apiGroups.includes(group) && r.resources.includes(resource) && r.verbs.includes(verb) && (!r.resourceNames || (name !== undefined && r.resourceNames.includes(name))));

  it('may write every kind the course creates, in the API group of its apiVersion', () => {
    for (const [g, r] of [['', 'pods'], ['apps', 'deployments'], ['apps', 'statefulsets'], ['', 'services'], ['', 'serviceaccounts'], ['rbac.authorization.k8s.io', 'roles'], ['rbac.authorization.k8s.io', 'rolebindings'], ['', 'configmaps'], ['', 'secrets'], ['', 'persistentvolumeclaims']]) {
      for (const verb of ['get', 'list', 'create', 'patch', 'delete']) expect(allows(g, r, verb), `${verb} ${g}/${r}`).toBe(true);
    }
  });

  it('has exec, port-forward, logs, the service proxy, scale and events', () => {
    expect(allows('', 'pods/exec', 'create')).toBe(true);
    expect(allows('', 'pods/portforward', 'create')).toBe(true);
    expect(allows('', 'pods/log', 'get')).toBe(true);
    expect(allows('', 'services/proxy', 'get')).toBe(true);
    expect(allows('apps', 'statefulsets/scale', 'patch')).toBe(true);
    expect(allows('', 'events', 'list')).toBe(true);
    expect(allows('', 'endpoints', 'get')).toBe(true);
  });

  it('impersonates exactly the ServiceAccounts the course checks ask as, and gets only its own namespace', () => {
    expect(impersonatedAccounts(course)).toEqual(['emqx']);
    expect(allows('', 'serviceaccounts', 'impersonate', 'emqx')).toBe(true);
    expect(allows('', 'serviceaccounts', 'impersonate', 'default')).toBe(false);
    expect(allows('', 'namespaces', 'get', 'learner-03')).toBe(true);
    expect(allows('', 'namespaces', 'get', 'learner-04')).toBe(false);
    expect(allows('', 'namespaces', 'list')).toBe(false);
  });

  it('grants no escalate, bind or wildcard, and nothing on nodes', () => {
    const flat = rules.flatMap((r) => [...r.verbs, ...r.resources, ...r.apiGroups]);
    for (const bad of ['*', 'escalate', 'bind', 'nodes', 'clusterroles', 'clusterrolebindings']) expect(flat).not.toContain(bad);
  });

  it("up's objects: none carries the lab label (solve's prune and reset --all must not touch them)", () => {
    const objs = learnerObjects(course, courseFootprint(course, 'en'), 'learner', 3, 'learner-03', 'en') as { kind: string; metadata: { namespace?: string; labels: Record<string, string> } }[];
    expect(objs.map((o) => o.kind)).toEqual(['Namespace', 'ServiceAccount', 'Role', 'RoleBinding', 'ResourceQuota', 'LimitRange']);
    for (const o of objs) {
      expect(o.metadata.labels['app.kubernetes.io/part-of']).toBeUndefined();
      expect(o.metadata.labels[ROOM_LABEL]).toBe('learner');
      if (o.kind !== 'Namespace') expect(o.metadata.namespace).toBe('learner-03');
    }
  });
});

describe('kubeconfig files', () => {
  const view = {
    'current-context': 'kind-emqx-lab',
    contexts: [{ name: 'kind-emqx-lab', context: { cluster: 'kind-emqx-lab', user: 'kind-emqx-lab' } }],
    clusters: [{ name: 'kind-emqx-lab', cluster: { server: 'https://10.0.0.5:6443', 'certificate-authority-data': 'Q0E=', extensions: [{ name: 'x' }] } }],
    users: [{ name: 'kind-emqx-lab', user: { 'client-key-data': 'U0VDUkVU' } }],
  };

  it("copies the cluster entry, never the trainer's user", () => {
    const cluster = clusterFromConfig(view)!;
    expect(cluster).toEqual({ name: 'kind-emqx-lab', cluster: { server: 'https://10.0.0.5:6443', 'certificate-authority-data': 'Q0E=' } });
    const text = learnerKubeconfigYaml({ context: 'kind-emqx-lab-learner-01', namespace: 'learner-01', token: 'tok', cluster, header: ['hello', '你好'] });
    expect(isRoomKubeconfig(text)).toBe(true);
    expect(text).not.toContain('U0VDUkVU');
    expect(text).toContain('# 你好');
    const doc = parse(text) as { users: { user: unknown }[]; contexts: { context: unknown }[]; 'current-context': string };
    expect(doc.users[0].user).toEqual({ token: 'tok' });
    expect(doc.contexts[0].context).toEqual({ cluster: 'kind-emqx-lab', user: 'learner-01', namespace: 'learner-01' });
    expect(doc['current-context']).toBe('kind-emqx-lab-learner-01');
  });

  it.each([
    ['kind-emqx-lab-learner-01', 'https://10.0.0.5:6443', false, 'emqx-lab --kubeconfig learner-01.yaml --namespace learner-01 start'],
    ['venue-learner-01', 'https://10.0.0.5:6443', false, 'emqx-lab --kubeconfig learner-01.yaml --namespace learner-01 --yes start'],
    ['venue-learner-01', 'https://127.0.0.1:6443', false, 'emqx-lab --kubeconfig learner-01.yaml --namespace learner-01 start'],
    ['emqx-lab-sim-learner-01', 'https://sim.emqx-lab.invalid', true, 'emqx-lab --sim --namespace learner-01 start'],
  ])('context %s at %s (sim %s): %s', (context, server, sim, want) => expect(learnerCommand('/x/learner-01.yaml', 'learner-01', context, server, sim)).toBe(want));
});

describe('progress records → the room', () => {
  const at = (min: number) => new Date(Date.UTC(2025, 0, 1, 10, min)).toISOString();
  const now = Date.UTC(2025, 0, 1, 10, 30);
  /** The ConfigMap exactly as the engine's verify writes it, after these outcomes. */
  const record = (ns: string, outcomes: { step: string; passed: boolean; min: number; reason?: string }[]): LiveObject => {
    const p = emptyProgress('ctx', ns);
    for (const o of outcomes) recordOutcome(p, { step: o.step, passed: o.passed, failure: o.passed ? undefined : { check: 'c1', reason: o.reason ?? 'no' } }, at(o.min));
    return progressConfigMap(p, ids, ns, now) as LiveObject;
  };

  it('passed, current and locked steps; time on the current step; the last failure', () => {
    const r = record('learner-01', [
      { step: ids[0], passed: true, min: 0 },
      { step: ids[1], passed: false, min: 10, reason: 'pod emqx-1 is Pending' },
    ]);
    const l = learnerStatus('learner-01', r, ids, now);
    expect(l.cells).toEqual(['passed', 'current', ...ids.slice(2).map(() => 'locked')]);
    expect(l).toMatchObject({ started: true, passed: 1, done: false, current: { step: 2, id: ids[1] }, since: at(10), secondsOnStep: 20 * 60 });
    expect(l.lastFailure).toEqual({ step: 2, id: ids[1], check: 'c1', reason: 'pod emqx-1 is Pending', at: at(10) });
  });

  it('not verified yet on the current step: on it since the step before passed', () => {
    const l = learnerStatus('learner-03', record('learner-03', [{ step: ids[0], passed: true, min: 5 }]), ids, now);
    expect(l).toMatchObject({ current: { step: 2 }, since: at(5), secondsOnStep: 25 * 60 });
    expect(learnerStatus('learner-04', record('learner-04', []), ids, now).secondsOnStep).toBeUndefined();
  });

  it('a failure of a step passed since is not shown; all passed is done', () => {
    const outcomes = ids.map((id, i) => ({ step: id, passed: true, min: i }));
    const l = learnerStatus('learner-02', record('learner-02', [{ step: ids[0], passed: false, min: 0 }, ...outcomes]), ids, now);
    expect(l).toMatchObject({ done: true, passed: ids.length });
    expect(l.lastFailure).toBeUndefined();
    expect(l.current).toBeUndefined();
  });

  it('no record: not started; records of other rooms and other ConfigMaps are ignored', () => {
    const other = { ...record('learner-02', [{ step: ids[0], passed: true, min: 0 }]), metadata: { name: 'emqx-config', namespace: 'learner-02' } } as LiveObject;
    const room = roomStatus(course, 'en', 'learner', ['learner-02', 'learner-01'], [other], now);
    expect(room.learners.map((l) => [l.namespace, l.started])).toEqual([
      ['learner-01', false],
      ['learner-02', false],
    ]);
  });

  it('the grid: one row per learner, marks per step, time on step, the reason cut to the width', () => {
    const rec = record('learner-01', [
      { step: ids[0], passed: true, min: 0 },
      { step: ids[1], passed: false, min: 10, reason: `the rollout is not finished: ${'x'.repeat(200)}` },
    ]);
    const room = roomStatus(course, 'en', 'learner', ['learner-01', 'learner-02'], [rec], now);
    const text = formatGrid(room, 'en', false, 100);
    const lines = text.split('\n');
    expect(lines[0]).toMatch(/^learner\s+1 2 3 4 5 6 7 8 9\s+on step\s+last check failed$/);
    expect(lines[1]).toMatch(/^learner-01 {2}✔ ▸ · · · · · · · {2}step 2 · 20 min {2}2: c1: the rollout is not finished: x+…$/);
    expect(lines[2]).toMatch(/^learner-02 {2}(· ){8}· {2}not started$/);
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(100);
    expect(text).toContain('2 learner(s) · 1 started · 0 finished');
    const zh = formatGrid(room, 'zh', false, 100);
    expect(zh).toContain('第 2 步 · 20 分钟');
    expect(zh).toContain('尚未开始');
    expect(text).not.toContain('\x1b[');
  });

  it("the trainer's local progress is rebuilt from the learner's record (passed steps, since, failure)", () => {
    const r = record('learner-01', [
      { step: ids[0], passed: true, min: 0 },
      { step: ids[1], passed: false, min: 10, reason: 'why' },
    ]);
    const p = progressFromRecord('trainer', 'learner-01', r);
    expect(p.context).toBe('trainer');
    expect(p.steps[ids[0]].passedAt).toBe(at(0));
    expect(p.steps[ids[1]]).toEqual({ startedAt: at(10), lastFailure: { at: at(10), check: 'c1', reason: 'why' } });
    // Written back by verify, it gives the same record.
    expect((progressConfigMap(p, ids, 'learner-01', now) as { data: unknown }).data).toEqual((r as unknown as { data: unknown }).data);
    expect(progressFromRecord('trainer', 'learner-09', undefined).steps).toEqual({});
  });
});

describe('the local record of a room', () => {
  it('round-trips; a broken file reads as none', () => {
    const home = mkdtempSync(join(tmpdir(), 'emqx-lab-room-'));
    try {
      expect(readRoom(home, 'kind-x', 'learner')).toBeUndefined();
      const r = { format: 1, context: 'kind-x', prefix: 'learner', createdAt: 'now', out: '/o', createdDirs: ['/o'], learners: [{ index: 1, namespace: 'learner-01', kubeconfig: '/o/learner-01.yaml' }] };
      writeRoom(home, r);
      expect(readRoom(home, 'kind-x', 'learner')).toEqual(r);
      expect(readRoom(home, 'kind-y', 'learner')).toBeUndefined();
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });
});

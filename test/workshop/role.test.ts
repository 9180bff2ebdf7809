/**
 * The learner's Role from small courses: the ServiceAccounts it may impersonate (found at any depth of the
 * checks), write access to exactly the kinds the course creates and what its workloads make, and rules that
 * are all well-formed (a real resource name, a group, verbs; no wildcard).
 */
import { describe, expect, it } from 'vitest';
import type { PolicyRule } from '../../src/kube/permissions.js';
import { impersonatedAccounts, learnerRules } from '../../src/workshop/role.js';
import { deployment, fakeCourse, pod, statefulSet } from './fake-course.js';

const WRITE = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete', 'deletecollection'];
const canI = (serviceAccount: unknown, extra: object = {}) => ({ id: 'c', kind: 'canI', as: { serviceAccount }, verb: 'get', resource: 'pods', allowed: true, timeout: 5, ...extra });

/** The verbs the rules grant on group/resource (all names, or the name given). */
function verbsOn(rules: PolicyRule[], group: string, resource: string, name?: string): string[] {
  const verbs = new Set<string>();
  for (const r of rules) {
    if (!r.apiGroups.includes(group) || !r.resources.includes(resource)) continue;
    if (r.resourceNames && (name === undefined || !r.resourceNames.includes(name))) continue;
    for (const v of r.verbs) verbs.add(v);
  }
  return [...verbs].sort();
}
const sorted = (l: string[]) => [...l].sort();

const job = (name: string) => `apiVersion: batch/v1
kind: Job
metadata: { name: ${name} }
spec:
  template:
    spec:
      restartPolicy: Never
      containers: [{ name: c, image: busybox:1.36 }]
`;
const replicaSet = (name: string) => `apiVersion: apps/v1
kind: ReplicaSet
metadata: { name: ${name} }
spec:
  replicas: 1
  selector: { matchLabels: { app: ${name} } }
  template:
    metadata: { labels: { app: ${name} } }
    spec:
      containers: [{ name: c, image: busybox:1.36 }]
`;
const networkPolicy = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: deny }
spec:
  podSelector: {}
`;
const configMap = `apiVersion: v1
kind: ConfigMap
metadata: { name: settings }
data: { a: b }
`;
const service = `apiVersion: v1
kind: Service
metadata: { name: web }
spec:
  selector: { app: web }
  ports: [{ port: 80 }]
`;

describe('impersonatedAccounts', () => {
  it('every ServiceAccount a canI check asks as, at any depth, once each, sorted', () => {
    const course = fakeCourse([
      { id: 'a', yaml: pod('p'), checks: [canI('zeta'), { id: 'd', kind: 'disruption', then: [canI('alpha'), [canI('mid')]] }] },
      { id: 'b', yaml: pod('q'), checks: [canI('alpha'), { id: 'x', kind: 'podsReady', nested: { deeper: canI('deep') } }] },
    ]);
    expect(impersonatedAccounts(course)).toEqual(['alpha', 'deep', 'mid', 'zeta']);
  });

  it('only canI checks, and only a named ServiceAccount', () => {
    const course = fakeCourse([
      {
        id: 'a',
        yaml: pod('p'),
        checks: [
          { id: 'x', kind: 'podsReady', as: { serviceAccount: 'not-a-canI' } },
          canI(undefined),
          canI(7),
          { id: 'y', kind: 'canI', verb: 'get' },
          null,
          'text',
        ],
      },
    ]);
    expect(impersonatedAccounts(course)).toEqual([]);
  });

  it('the Role may impersonate exactly those accounts', () => {
    const course = fakeCourse([{ id: 'a', yaml: pod('p'), checks: [canI('emqx'), canI('reader')] }]);
    const rules = learnerRules(course, 'learner-01', 'en');
    expect(verbsOn(rules, '', 'serviceaccounts', 'emqx')).toContain('impersonate');
    expect(verbsOn(rules, '', 'serviceaccounts', 'reader')).toContain('impersonate');
    expect(verbsOn(rules, '', 'serviceaccounts', 'default')).not.toContain('impersonate');
  });
});

describe('what the learner writes', () => {
  const rulesFor = (...yaml: string[]) => learnerRules(fakeCourse(yaml.map((y, i) => ({ id: `s${i}`, yaml: y }))), 'learner-01', 'en');

  it("a kind of the course, in its apiVersion's group, with every verb", () => {
    const rules = rulesFor(networkPolicy);
    expect(verbsOn(rules, 'networking.k8s.io', 'networkpolicies')).toEqual(sorted(WRITE));
    expect(verbsOn(rules, '', 'networkpolicies')).toEqual([]);
    expect(verbsOn(rulesFor(configMap), 'networking.k8s.io', 'networkpolicies')).toEqual([]);
  });

  it.each([
    ['a Deployment', deployment('web', 1), { pods: true, replicasets: true, pvcs: false }],
    ['a StatefulSet', statefulSet('db', 1, { storage: '1Gi' }), { pods: true, replicasets: false, pvcs: true }],
    ['a ReplicaSet', replicaSet('rs'), { pods: true, replicasets: true, pvcs: false }],
    ['a Job', job('once'), { pods: true, replicasets: false, pvcs: false }],
    ['a Pod', pod('p'), { pods: true, replicasets: false, pvcs: false }],
    ['a ConfigMap and a Service', `${configMap}---\n${service}`, { pods: false, replicasets: false, pvcs: false }],
  ])('%s: what it makes is writable too, nothing else', (_what, yaml, want) => {
    const rules = rulesFor(yaml);
    const writable = (group: string, resource: string) => verbsOn(rules, group, resource).includes('create');
    expect(writable('', 'pods'), 'pods').toBe(want.pods);
    expect(writable('apps', 'replicasets'), 'replicasets').toBe(want.replicasets);
    expect(writable('', 'persistentvolumeclaims'), 'persistentvolumeclaims').toBe(want.pvcs);
    if (want.pods) expect(verbsOn(rules, '', 'pods')).toEqual(sorted(WRITE));
    if (want.pvcs) expect(verbsOn(rules, '', 'persistentvolumeclaims')).toEqual(sorted(WRITE));
    if (want.replicasets) expect(verbsOn(rules, 'apps', 'replicasets')).toEqual(sorted(WRITE));
  });

  it('the learner views: scale, the proxies, logs and the read-only kinds', () => {
    const rules = rulesFor(configMap);
    for (const r of ['deployments/scale', 'statefulsets/scale', 'replicasets/scale']) expect(verbsOn(rules, 'apps', r), r).toEqual(expect.arrayContaining(['get', 'update', 'patch']));
    for (const r of ['services/proxy', 'pods/proxy']) expect(verbsOn(rules, '', r), r).toEqual(expect.arrayContaining(['get', 'create']));
    for (const [g, r] of [['', 'pods/log'], ['apps', 'controllerrevisions'], ['apps', 'daemonsets'], ['', 'events'], ['', 'endpoints'], ['', 'replicationcontrollers'], ['', 'resourcequotas'], ['', 'limitranges'], ['events.k8s.io', 'events'], ['discovery.k8s.io', 'endpointslices'], ['batch', 'jobs'], ['batch', 'cronjobs'], ['autoscaling', 'horizontalpodautoscalers']]) {
      expect(verbsOn(rules, g, r), `${g}/${r}`).toEqual(expect.arrayContaining(['get', 'list', 'watch']));
    }
  });

  it('every rule is well-formed: known groups, real resource names, verbs; no wildcard, escalate or bind', () => {
    const rules = rulesFor(deployment('web', 2), statefulSet('db', 1, { storage: '1Gi' }), job('once'), replicaSet('rs'), networkPolicy, configMap, service);
    const groups = new Set(['', 'apps', 'batch', 'autoscaling', 'events.k8s.io', 'discovery.k8s.io', 'rbac.authorization.k8s.io', 'networking.k8s.io']);
    for (const r of rules) {
      expect(r.apiGroups.length, JSON.stringify(r)).toBe(1);
      expect(groups.has(r.apiGroups[0]), JSON.stringify(r)).toBe(true);
      for (const res of r.resources) expect(res, JSON.stringify(r)).toMatch(/^[a-z]+(\/[a-z]+)?$/);
      expect(r.verbs.length, JSON.stringify(r)).toBeGreaterThan(0);
      for (const v of r.verbs) expect(['get', 'list', 'watch', 'create', 'update', 'patch', 'delete', 'deletecollection', 'impersonate']).toContain(v);
    }
  });
});

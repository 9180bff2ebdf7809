import { describe, expect, it } from 'vitest';
import { apiNames, callNeeds } from '../../src/kube/needs.js';
import {
  canIWords,
  granted,
  mergePermissions,
  parseAccessList,
  questionsOf,
  questionText,
  ruleGrants,
  rulesOf,
  type Permission,
  type PolicyRule,
  type Question,
} from '../../src/kube/permissions.js';

const q = (verb: string, resource: string, o: Partial<Question> = {}): Question => ({ verb, apiGroup: '', resource, ...o });

describe('RBAC matching of a rule against a question', () => {
  const pods: PolicyRule = { apiGroups: [''], resources: ['pods', 'pods/exec'], verbs: ['get', 'create'] };
  it.each([
    ['exact', pods, q('get', 'pods'), true],
    ['other verb', pods, q('delete', 'pods'), false],
    ['subresource listed', pods, q('create', 'pods', { subresource: 'exec' }), true],
    ['subresource not listed', pods, q('get', 'pods', { subresource: 'log' }), false],
    ['a resource does not grant its subresources', { ...pods, resources: ['pods'] }, q('get', 'pods', { subresource: 'exec' }), false],
    ['other group', pods, q('get', 'pods', { apiGroup: 'apps' }), false],
    ['wildcard verb', { ...pods, verbs: ['*'] }, q('deletecollection', 'pods'), true],
    ['wildcard resource covers subresources', { apiGroups: [''], resources: ['*'], verbs: ['get'] }, q('get', 'pods', { subresource: 'log' }), true],
    ['*/subresource', { apiGroups: ['apps'], resources: ['*/scale'], verbs: ['patch'] }, q('patch', 'statefulsets', { apiGroup: 'apps', subresource: 'scale' }), true],
    ['*/subresource is not the resource', { apiGroups: ['apps'], resources: ['*/scale'], verbs: ['patch'] }, q('patch', 'statefulsets', { apiGroup: 'apps' }), false],
    ['wildcard group', { apiGroups: ['*'], resources: ['statefulsets'], verbs: ['get'] }, q('get', 'statefulsets', { apiGroup: 'apps' }), true],
    ['named rule, named question', { apiGroups: [''], resources: ['serviceaccounts'], verbs: ['impersonate'], resourceNames: ['emqx'] }, q('impersonate', 'serviceaccounts', { name: 'emqx' }), true],
    ['named rule, other name', { apiGroups: [''], resources: ['serviceaccounts'], verbs: ['impersonate'], resourceNames: ['emqx'] }, q('impersonate', 'serviceaccounts', { name: 'default' }), false],
    ['named rule, any name asked', { apiGroups: [''], resources: ['serviceaccounts'], verbs: ['impersonate'], resourceNames: ['emqx'] }, q('impersonate', 'serviceaccounts'), false],
    ['unnamed rule grants a named question', pods, q('get', 'pods', { name: 'emqx-0' }), true],
  ])('%s', (_name, rule, question, want) => expect(ruleGrants(rule, question)).toBe(want));
});

describe('permissions', () => {
  it('merge unites verbs per (group, resource, subresource, names) and sorts', () => {
    const merged = mergePermissions([
      { apiGroup: 'apps', resource: 'statefulsets', verbs: ['patch'] },
      { apiGroup: '', resource: 'pods', verbs: ['delete', 'get'] },
      { apiGroup: 'apps', resource: 'statefulsets', verbs: ['get', 'patch'] },
      { apiGroup: '', resource: 'pods', subresource: 'exec', verbs: ['create'] },
      { apiGroup: '', resource: 'pods', verbs: ['list'] },
      { apiGroup: '', resource: 'serviceaccounts', verbs: ['impersonate'], resourceNames: ['b', 'a'] },
      { apiGroup: '', resource: 'serviceaccounts', verbs: ['impersonate'], resourceNames: ['a', 'b'] },
    ]);
    expect(merged).toEqual([
      { apiGroup: '', resource: 'pods', verbs: ['get', 'list', 'delete'] },
      { apiGroup: '', resource: 'pods', subresource: 'exec', verbs: ['create'] },
      { apiGroup: '', resource: 'serviceaccounts', verbs: ['impersonate'], resourceNames: ['a', 'b'] },
      { apiGroup: 'apps', resource: 'statefulsets', verbs: ['get', 'patch'] },
    ]);
  });

  it('questions: one per verb and name, each once; worded and asked as kubectl auth can-i takes them', () => {
    const qs = questionsOf([
      { apiGroup: 'apps', resource: 'statefulsets', subresource: 'scale', verbs: ['patch', 'patch'] },
      { apiGroup: '', resource: 'serviceaccounts', verbs: ['impersonate'], resourceNames: ['emqx', 'other'] },
    ]);
    expect(qs.map(questionText)).toEqual(['impersonate serviceaccounts "emqx"', 'impersonate serviceaccounts "other"', 'patch statefulsets.apps/scale']);
    expect(qs.map(canIWords)).toEqual([
      ['impersonate', 'serviceaccounts/emqx'],
      ['impersonate', 'serviceaccounts/other'],
      ['patch', 'statefulsets.apps', '--subresource=scale'],
    ]);
  });

  it('rulesOf grants exactly the permissions given: every question, and no verb, name or subresource more', () => {
    const perms: Permission[] = [
      { apiGroup: '', resource: 'pods', verbs: ['get', 'list'] },
      { apiGroup: '', resource: 'services', verbs: ['get', 'list'] },
      { apiGroup: '', resource: 'pods', subresource: 'exec', verbs: ['create'] },
      { apiGroup: '', resource: 'namespaces', verbs: ['get'], resourceNames: ['lab'] },
      { apiGroup: 'apps', resource: 'deployments', verbs: ['patch'] },
    ];
    const rules = rulesOf(perms);
    expect(rules).toEqual([
      { apiGroups: [''], resources: ['namespaces'], verbs: ['get'], resourceNames: ['lab'] },
      { apiGroups: [''], resources: ['pods', 'services'], verbs: ['get', 'list'] },
      { apiGroups: [''], resources: ['pods/exec'], verbs: ['create'] },
      { apiGroups: ['apps'], resources: ['deployments'], verbs: ['patch'] },
    ]);
    for (const x of questionsOf(perms)) expect(granted(rules, x), questionText(x)).toBe(true);
    for (const x of [q('delete', 'pods'), q('get', 'pods', { subresource: 'log' }), q('get', 'namespaces', { name: 'other' }), q('patch', 'deployments')]) {
      expect(granted(rules, x), questionText(x)).toBe(false);
    }
  });
});

describe('kubectl auth can-i --list', () => {
  // kubectl v1.32's printout (printAccess: CombineResourceGroup, then %v of the lists), as for a learner.
  const learner = [
    'Resources                                       Non-Resource URLs   Resource Names   Verbs',
    'pods                                            []                  []               [get list watch create]',
    'statefulsets.apps/scale                         []                  []               [patch]',
    'pods/exec                                       []                  []               [get create]',
    'roles.rbac.authorization.k8s.io                 []                  []               [get]',
    'serviceaccounts                                 []                  [emqx]           [impersonate]',
    'selfsubjectaccessreviews.authorization.k8s.io   []                  []               [create]',
    '                                                [/api/*]            []               [get]',
    '',
  ].join('\n');

  it('reads one rule per row (group, resource, subresource, names, verbs), skipping the header and URL rows', () => {
    expect(parseAccessList(learner)).toEqual([
      { apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'watch', 'create'] },
      { apiGroups: ['apps'], resources: ['statefulsets/scale'], verbs: ['patch'] },
      { apiGroups: [''], resources: ['pods/exec'], verbs: ['get', 'create'] },
      { apiGroups: ['rbac.authorization.k8s.io'], resources: ['roles'], verbs: ['get'] },
      { apiGroups: [''], resources: ['serviceaccounts'], verbs: ['impersonate'], resourceNames: ['emqx'] },
      { apiGroups: ['authorization.k8s.io'], resources: ['selfsubjectaccessreviews'], verbs: ['create'] },
    ]);
  });

  it('an admin (`*.*  [*]`) is granted everything', () => {
    const admin = parseAccessList('Resources   Non-Resource URLs   Resource Names   Verbs\n*.*         []                  []               [*]\n            [*]                 []               [*]\n');
    expect(granted(admin, q('patch', 'statefulsets', { apiGroup: 'apps', subresource: 'scale' }))).toBe(true);
    expect(granted(admin, q('impersonate', 'serviceaccounts', { name: 'emqx' }))).toBe(true);
  });

  it('an empty list (a webhook decides) grants nothing', () => {
    expect(granted(parseAccessList(''), q('get', 'pods'))).toBe(false);
  });
});

describe('what the kubectl calls need', () => {
  const api = apiNames([{ kind: 'Widget', apiVersion: 'example.com/v1' }]);
  it('kinds take their group from the course first, then from the built-in table, else the core group', () => {
    expect(api.of('Widget')).toEqual({ group: 'example.com', resource: 'widget' });
    expect(api.of('StatefulSet')).toEqual({ group: 'apps', resource: 'statefulsets' });
    expect(api.of('Role')).toEqual({ group: 'rbac.authorization.k8s.io', resource: 'roles' });
    expect(api.of('ConfigMap')).toEqual({ group: '', resource: 'configmaps' });
  });

  it('delete with wait reads and watches the object going; without, only deletes; by selector, lists', () => {
    expect(callNeeds.delete(api, ['Pod'], { wait: true })[0].verbs).toEqual(['get', 'list', 'watch', 'delete']);
    expect(callNeeds.delete(api, ['Pod'], { wait: false })[0].verbs).toEqual(['delete']);
    expect(callNeeds.delete(api, ['Pod'], { wait: false, selector: true })[0].verbs).toEqual(['list', 'delete']);
  });

  it('scale patches the scale subresource of the workload in its group', () => {
    expect(callNeeds.scale(api, 'StatefulSet')).toContainEqual({ apiGroup: 'apps', resource: 'statefulsets', subresource: 'scale', verbs: ['patch'] });
  });
});

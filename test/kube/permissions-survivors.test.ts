// Merging, Role rules and the `auth can-i --list` parser on inputs the table tests of permissions.test.ts leave out.
import { describe, expect, it } from 'vitest';
import { mergePermissions, parseAccessList, ruleGrants, rulesOf, type Permission } from '../../src/kube/permissions.js';

describe('mergePermissions', () => {
  it('sorts a group before the longer groups it prefixes (apps before apps.emqx.io, the EMQX operator\'s)', () => {
    const merged = mergePermissions([
      { apiGroup: 'apps.emqx.io', resource: 'emqxes', verbs: ['get'] },
      { apiGroup: 'apps', resource: 'statefulsets', verbs: ['get'] },
    ]);
    expect(merged).toEqual([
      { apiGroup: 'apps', resource: 'statefulsets', verbs: ['get'] },
      { apiGroup: 'apps.emqx.io', resource: 'emqxes', verbs: ['get'] },
    ]);
  });

  it('orders entries of one resource that differ only by names by their names', () => {
    const merged = mergePermissions([
      { apiGroup: '', resource: 'serviceaccounts', verbs: ['impersonate'], resourceNames: ['b'] },
      { apiGroup: '', resource: 'serviceaccounts', verbs: ['get'], resourceNames: ['a'] },
    ]);
    expect(merged).toEqual([
      { apiGroup: '', resource: 'serviceaccounts', verbs: ['get'], resourceNames: ['a'] },
      { apiGroup: '', resource: 'serviceaccounts', verbs: ['impersonate'], resourceNames: ['b'] },
    ]);
  });

  it('puts the entry for any name before the entries for some names', () => {
    const merged = mergePermissions([
      { apiGroup: '', resource: 'pods', verbs: ['get'], resourceNames: ['a'] },
      { apiGroup: '', resource: 'pods', verbs: ['list'] },
    ]);
    expect(merged).toEqual([
      { apiGroup: '', resource: 'pods', verbs: ['list'] },
      { apiGroup: '', resource: 'pods', verbs: ['get'], resourceNames: ['a'] },
    ]);
  });

  it('puts a resource before its subresources', () => {
    const merged = mergePermissions([
      { apiGroup: '', resource: 'pods', subresource: 'exec', verbs: ['create'] },
      { apiGroup: '', resource: 'pods', verbs: ['get'] },
    ]);
    expect(merged).toEqual([
      { apiGroup: '', resource: 'pods', verbs: ['get'] },
      { apiGroup: '', resource: 'pods', subresource: 'exec', verbs: ['create'] },
    ]);
  });

  it('keeps names [a, b] apart from the single name ab', () => {
    const merged = mergePermissions([
      { apiGroup: '', resource: 'configmaps', verbs: ['get'], resourceNames: ['a', 'b'] },
      { apiGroup: '', resource: 'configmaps', verbs: ['update'], resourceNames: ['ab'] },
    ]);
    expect(merged).toEqual([
      { apiGroup: '', resource: 'configmaps', verbs: ['get'], resourceNames: ['a', 'b'] },
      { apiGroup: '', resource: 'configmaps', verbs: ['update'], resourceNames: ['ab'] },
    ]);
  });

  it('keeps the log subresource apart from a pod named log', () => {
    const merged = mergePermissions([
      { apiGroup: '', resource: 'pods', subresource: 'log', verbs: ['get'] },
      { apiGroup: '', resource: 'pods', verbs: ['delete'], resourceNames: ['log'] },
    ]);
    expect(merged).toEqual([
      { apiGroup: '', resource: 'pods', verbs: ['delete'], resourceNames: ['log'] },
      { apiGroup: '', resource: 'pods', subresource: 'log', verbs: ['get'] },
    ]);
  });
});

describe('rulesOf', () => {
  it('makes separate rules for names [a, b] and the name ab', () => {
    const perms: Permission[] = [
      { apiGroup: '', resource: 'configmaps', verbs: ['get'], resourceNames: ['a', 'b'] },
      { apiGroup: '', resource: 'secrets', verbs: ['get'], resourceNames: ['ab'] },
    ];
    expect(rulesOf(perms)).toEqual([
      { apiGroups: [''], resources: ['configmaps'], verbs: ['get'], resourceNames: ['a', 'b'] },
      { apiGroups: [''], resources: ['secrets'], verbs: ['get'], resourceNames: ['ab'] },
    ]);
  });

  it('rules starting with the same resource are ordered by their verbs', () => {
    const perms: Permission[] = [
      { apiGroup: '', resource: 'pods', verbs: ['list'] },
      { apiGroup: '', resource: 'pods', verbs: ['get'], resourceNames: ['emqx-0'] },
    ];
    expect(rulesOf(perms)).toEqual([
      { apiGroups: [''], resources: ['pods'], verbs: ['get'], resourceNames: ['emqx-0'] },
      { apiGroups: [''], resources: ['pods'], verbs: ['list'] },
    ]);
  });
});

describe('ruleGrants', () => {
  it('a rule of several groups grants a question in any one of them', () => {
    const rule = { apiGroups: ['', 'apps'], resources: ['pods', 'statefulsets'], verbs: ['get'] };
    expect(ruleGrants(rule, { verb: 'get', apiGroup: '', resource: 'pods' })).toBe(true);
    expect(ruleGrants(rule, { verb: 'get', apiGroup: 'apps', resource: 'statefulsets' })).toBe(true);
    expect(ruleGrants(rule, { verb: 'get', apiGroup: 'batch', resource: 'pods' })).toBe(false);
  });
});

describe('parseAccessList', () => {
  it('reads rows that end in white space (a padded last column, CRLF line ends)', () => {
    const out = 'Resources   Non-Resource URLs   Resource Names   Verbs\r\npods        []                  []               [get list]   \r\n';
    expect(parseAccessList(out)).toEqual([{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'list'] }]);
  });
});

import { describe, expect, it } from 'vitest';
import { diagnosisNeeds } from '../../src/diagnosis/needs.js';
import { apiNames } from '../../src/kube/needs.js';

describe('diagnosisNeeds: what diagnosis reads in the lab namespace', () => {
  const needs = diagnosisNeeds(apiNames(), 'emqx-lab');

  it('lists every kind evidence and waiting read, in their API groups', () => {
    const listed = needs.filter((p) => p.verbs.includes('list')).map((p) => `${p.apiGroup}/${p.resource}`);
    expect([...new Set(listed)].sort()).toEqual([
      '/configmaps',
      '/events',
      '/persistentvolumeclaims',
      '/pods',
      '/secrets',
      'apps/deployments',
      'apps/replicasets',
      'apps/statefulsets',
    ]);
  });

  it('reads the logs of the pods (current and previous containers)', () => {
    expect(needs).toContainEqual({ apiGroup: '', resource: 'pods', verbs: ['get'] });
    expect(needs).toContainEqual({ apiGroup: '', resource: 'pods', verbs: ['get'], subresource: 'log' });
  });

  it('gets the lab namespace itself, and only that one', () => {
    expect(needs.filter((p) => p.resource === 'namespaces')).toEqual([
      { apiGroup: '', resource: 'namespaces', verbs: ['get'], resourceNames: ['emqx-lab'] },
    ]);
    expect(needs.at(-1)).toEqual({ apiGroup: '', resource: 'namespaces', verbs: ['get'], resourceNames: ['emqx-lab'] });
  });

  it('never asks for StorageClasses (cluster-scoped: no Role can grant them)', () => {
    expect(needs.some((p) => p.resource === 'storageclasses')).toBe(false);
  });
});

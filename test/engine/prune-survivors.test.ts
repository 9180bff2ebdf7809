/** What solve prunes and what the self-test counts as a stray claim, at the edges; removal's needs. */
import { describe, expect, it } from 'vitest';
import { pruneSelection, strayClaims } from '../../src/engine/prune.js';
import { removalNeeds } from '../../src/engine/removal.js';
import { apiNames } from '../../src/kube/needs.js';
import type { LiveObject } from '../../src/kube/objects.js';

describe('pruneSelection', () => {
  it('keeps a pod a controller owns, but prunes any other undeclared object that has an owner', () => {
    const owner = [{ kind: 'Something', name: 'op', uid: 'u' }];
    const live: LiveObject[] = [
      { kind: 'Pod', metadata: { name: 'owned-pod', ownerReferences: owner } },
      { kind: 'Deployment', metadata: { name: 'owned-deploy', ownerReferences: owner } },
    ];
    expect(pruneSelection(live, [])).toEqual([{ kind: 'Deployment', name: 'owned-deploy' }]);
  });
});

describe('strayClaims', () => {
  it('a StatefulSet claim ends in a whole ordinal: digits with anything before or after are stray', () => {
    const sets = [{ kind: 'StatefulSet', metadata: { name: 'emqx' }, spec: { volumeClaimTemplates: [{ metadata: { name: 'data' } }] } }];
    const pvc = (name: string): LiveObject => ({ kind: 'PersistentVolumeClaim', metadata: { name } });
    expect(strayClaims([pvc('data-emqx-12'), pvc('data-emqx-x1'), pvc('data-emqx-1x')], sets)).toEqual([
      { kind: 'PersistentVolumeClaim', name: 'data-emqx-x1' },
      { kind: 'PersistentVolumeClaim', name: 'data-emqx-1x' },
    ]);
  });
});

describe('removalNeeds', () => {
  it('removal deletes and waits (`--wait=true`): each kind needs get, list, watch and delete', () => {
    const needs = removalNeeds(['Deployment'], apiNames());
    expect(needs.map((p) => p.resource)).toEqual(['pods', 'deployments', 'persistentvolumeclaims', 'configmaps']);
    for (const p of needs) expect([...p.verbs].sort()).toEqual(['delete', 'get', 'list', 'watch']);
  });
});

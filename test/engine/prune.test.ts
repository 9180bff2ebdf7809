import { describe, expect, it } from 'vitest';
import { pruneSelection, strayClaims } from '../../src/engine/prune.js';
import type { LiveObject } from '../../src/kube/objects.js';

const o = (kind: string, name: string, meta: Partial<LiveObject['metadata']> = {}): LiveObject => ({ kind, metadata: { name, ...meta } });

describe('what solve prunes', () => {
  it.each([
    ['an object the step does not declare', [o('Pod', 'emqx')], [], [{ kind: 'Pod', name: 'emqx' }]],
    ['not one it declares', [o('Deployment', 'emqx'), o('Service', 'emqx')], [{ kind: 'Deployment', name: 'emqx' }], [{ kind: 'Service', name: 'emqx' }]],
    ['same name, other kind is another object', [o('StatefulSet', 'emqx')], [{ kind: 'Deployment', name: 'emqx' }], [{ kind: 'StatefulSet', name: 'emqx' }]],
    ['never a PVC (the learner\'s data)', [o('PersistentVolumeClaim', 'emqx-data-emqx-0')], [], []],
    ['never a pod owned by a controller', [o('Pod', 'emqx-7d9f-abc', { ownerReferences: [{ kind: 'ReplicaSet', name: 'emqx-7d9f' }] })], [], []],
    ['never a record', [o('ConfigMap', 'emqx-lab-progress', { labels: { 'emqx-lab.io/record': 'progress' } })], [], []],
    ['not what is already going', [o('Pod', 'emqx', { deletionTimestamp: '2026-01-01T00:00:00Z' })], [], []],
  ])('%s', (_n, live, declared, want) => expect(pruneSelection(live, declared)).toEqual(want));
});

describe('claims the state before a step would not have', () => {
  const sts = (name: string, templates: string[]) => ({ kind: 'StatefulSet', metadata: { name }, spec: { volumeClaimTemplates: templates.map((t) => ({ metadata: { name: t } })) } });
  const pvc = (name: string) => o('PersistentVolumeClaim', name);
  it.each([
    ['no StatefulSet: every claim is stray', [pvc('emqx-data-emqx-0')], [], ['emqx-data-emqx-0']],
    ['a StatefulSet without templates claims nothing', [pvc('emqx-data-emqx-0')], [sts('emqx', [])], ['emqx-data-emqx-0']],
    ['its own claims stay', [pvc('emqx-data-emqx-0'), pvc('emqx-data-emqx-12')], [sts('emqx', ['emqx-data'])], []],
    ['another template or set is stray', [pvc('other-emqx-0'), pvc('emqx-data-emqx2-0'), pvc('emqx-data-emqx-x')], [sts('emqx', ['emqx-data'])], ['other-emqx-0', 'emqx-data-emqx2-0', 'emqx-data-emqx-x']],
  ])('%s', (_n, pvcs, manifests, want) => {
    expect(strayClaims(pvcs, manifests).map((r) => r.name)).toEqual(want);
  });
});

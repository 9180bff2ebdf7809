import { describe, expect, it } from 'vitest';
import { pruneSelection } from '../../src/engine/prune.js';
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

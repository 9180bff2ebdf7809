// nodeExclusion on a node's conditions as the kubelet reports them: Ready is not the first one.
import { describe, expect, it } from 'vitest';
import { nodeExclusion } from '../../src/kube/nodes.js';

describe('nodeExclusion', () => {
  const node = (conditions: { type: string; status: string }[]) => ({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1' }, status: { conditions } });

  it('reads the Ready condition, whatever comes before it', () => {
    const pressure = [
      { type: 'MemoryPressure', status: 'False' },
      { type: 'DiskPressure', status: 'False' },
      { type: 'PIDPressure', status: 'False' },
    ];
    expect(nodeExclusion(node([...pressure, { type: 'Ready', status: 'True' }]))).toBeUndefined();
    expect(nodeExclusion(node([...pressure, { type: 'Ready', status: 'False' }]))).toBe('notReady');
  });
});

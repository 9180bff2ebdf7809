import { describe, expect, it } from 'vitest';
import { apply, cluster, emqxDeployment, namespace, pass, pods, ready, service, until } from './helpers.js';

describe('Services and Endpoints', () => {
  it('a ClusterIP comes from 10.96.0.0/12; a headless Service has clusterIP None', async () => {
    const w = await cluster();
    namespace(w);
    apply(w, service('front', 'x') + '---\n' + service('front-headless', 'x', true));
    expect(w.get('services', 'lab', 'front')!.spec.clusterIP).toMatch(/^10\.(9[6-9]|1[01]\d)\.\d+\.\d+$/);
    expect(w.get('services', 'lab', 'front-headless')!.spec.clusterIP).toBe('None');
  });

  it('not-ready pods are notReadyAddresses, ready ones addresses; publishNotReadyAddresses puts all in addresses', async () => {
    const w = await cluster();
    namespace(w);
    apply(w, emqxDeployment({ replicas: 2 }));
    apply(w, service('front', 'broker') + '---\n' + service('peers', 'broker', true, true));
    until(w, () => pods(w).every((p) => p.status.podIP), 60);
    pass(w, 1);
    const front = () => w.get('endpoints', 'lab', 'front')!;
    expect(front().subsets[0].notReadyAddresses).toHaveLength(2);
    expect(front().subsets[0].addresses).toBeUndefined();
    expect(w.get('endpoints', 'lab', 'peers')!.subsets[0].addresses).toHaveLength(2);
    expect(front().subsets[0].ports).toEqual([{ name: 'mqtt', port: 1883, protocol: 'TCP' }, { name: 'dashboard', port: 18083, protocol: 'TCP' }]);
    until(w, () => pods(w).every(ready), 120);
    pass(w, 1);
    expect(front().subsets[0].addresses.map((a: { ip: string }) => a.ip).sort()).toEqual(pods(w).map((p) => p.status.podIP).sort());
    expect(front().subsets[0].addresses[0]).toMatchObject({ nodeName: expect.any(String), targetRef: { kind: 'Pod', namespace: 'lab' } });
  });

  it('an address carries hostname only when the pod subdomain names that Service', async () => {
    const w = await cluster();
    namespace(w);
    apply(w, `apiVersion: v1
kind: Pod
metadata: {name: p, labels: {app: db}}
spec:
  hostname: p
  subdomain: db-headless
  containers: [{name: m, image: busybox:1.36, command: [sleep, infinity], ports: [{name: mqtt, containerPort: 1883}, {name: dashboard, containerPort: 18083}]}]
`);
    apply(w, service('db-headless', 'db', true) + '---\n' + service('db', 'db'));
    until(w, () => pods(w).every(ready), 60);
    pass(w, 1);
    expect(w.get('endpoints', 'lab', 'db-headless')!.subsets[0].addresses[0].hostname).toBe('p');
    expect(w.get('endpoints', 'lab', 'db')!.subsets[0].addresses[0].hostname).toBeUndefined();
  });

  it('the Endpoints of a deleted Service go with it', async () => {
    const w = await cluster();
    namespace(w);
    apply(w, service('front', 'x'));
    expect(w.get('endpoints', 'lab', 'front')).toBeDefined();
    const { apiDelete } = await import('../../src/sim/api/server.js');
    const { ADMIN } = await import('../../src/sim/api/rbac.js');
    apiDelete(w, ADMIN, w.get('services', 'lab', 'front')!);
    pass(w, 1);
    expect(w.get('endpoints', 'lab', 'front')).toBeUndefined();
  });
});

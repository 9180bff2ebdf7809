import { describe, expect, it } from 'vitest';
import { apply, cluster, emqxDeployment, eventText, namespace, pass, pod, pods, ready, until } from './helpers.js';
import { apiDelete } from '../../src/sim/api/server.js';
import { ADMIN } from '../../src/sim/api/rbac.js';

describe('Deployments, ReplicaSets and their pods', () => {
  it('creates a ReplicaSet named by the template hash and pods named after it', async () => {
    const w = await cluster();
    namespace(w);
    const r = apply(w, emqxDeployment({ replicas: 2 }));
    expect(r.lines).toEqual(['deployment.apps/broker created']);
    const rs = w.list('replicasets', 'lab');
    expect(rs).toHaveLength(1);
    const hash = rs[0].metadata.labels!['pod-template-hash'];
    expect(rs[0].metadata.name).toBe(`broker-${hash}`);
    expect(hash).toMatch(/^[bcdfghjklmnpqrstvwxz2456789]{6,10}$/);
    expect(pods(w).map((p) => p.metadata.name)).toEqual(expect.arrayContaining([expect.stringMatching(new RegExp(`^broker-${hash}-[bcdfghjklmnpqrstvwxz2456789]{5}$`))]));
    expect(eventText(w)).toContain(`Scaled up replica set broker-${hash} from 0 to 2`);
  });

  it('reports status fields as the controller does once pods are ready', async () => {
    const w = await cluster();
    namespace(w);
    apply(w, emqxDeployment({ replicas: 2 }));
    const d = () => w.get('deployments', 'lab', 'broker')!;
    expect(d().status.availableReplicas).toBeUndefined();
    until(w, () => d().status.availableReplicas === 2);
    const s = d().status;
    expect(s).toMatchObject({ replicas: 2, updatedReplicas: 2, readyReplicas: 2, availableReplicas: 2, observedGeneration: 1 });
    expect(s.conditions.map((c: { type: string; reason: string }) => `${c.type}/${c.reason}`)).toEqual(['Available/MinimumReplicasAvailable', 'Progressing/NewReplicaSetAvailable']);
  });

  it('replaces a deleted pod with a new one of another name', async () => {
    const w = await cluster();
    namespace(w);
    apply(w, emqxDeployment());
    until(w, () => pods(w).some(ready));
    const first = pods(w)[0].metadata.name;
    apiDelete(w, ADMIN, pods(w)[0]);
    pass(w, 1);
    const names = pods(w).map((p) => p.metadata.name);
    expect(names).toContain(first);
    expect(names.length).toBe(2);
    until(w, () => !w.get('pods', 'lab', first));
    until(w, () => pods(w).length === 1 && ready(pods(w)[0]));
    expect(pods(w)[0].metadata.name).not.toBe(first);
  });

  it('rolls to a new ReplicaSet on a template change, within maxSurge', async () => {
    const w = await cluster();
    namespace(w);
    apply(w, emqxDeployment({ replicas: 3 }));
    until(w, () => w.get('deployments', 'lab', 'broker')!.status.availableReplicas === 3);
    const r = apply(w, emqxDeployment({ replicas: 3, env: { EMQX_LOG__CONSOLE__LEVEL: 'info' } }));
    expect(r.lines).toEqual(['deployment.apps/broker configured']);
    pass(w, 1);
    expect(w.list('replicasets', 'lab')).toHaveLength(2);
    // maxSurge 25% of 3 rounds up to 1, maxUnavailable rounds down to 0: never more than 4 pods, never fewer than 3 ready.
    let maxPods = 0;
    until(w, () => {
      const active = pods(w).filter((p) => !p.metadata.deletionTimestamp);
      maxPods = Math.max(maxPods, active.length);
      expect(active.filter(ready).length).toBeGreaterThanOrEqual(3);
      const s = w.get('deployments', 'lab', 'broker')!.status;
      return s.updatedReplicas === 3 && s.availableReplicas === 3 && s.replicas === 3;
    }, 900);
    expect(maxPods).toBe(4);
    expect(w.get('deployments', 'lab', 'broker')!.metadata.generation).toBe(2);
  });

  it('apply of the same file is unchanged; rollout restart sets restartedAt and rolls', async () => {
    const w = await cluster();
    namespace(w);
    apply(w, emqxDeployment());
    expect(apply(w, emqxDeployment()).lines).toEqual(['deployment.apps/broker unchanged']);
  });
});

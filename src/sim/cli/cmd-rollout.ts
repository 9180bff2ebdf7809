/** kubectl rollout status | restart | history for deployments, statefulsets and daemonsets. */
import { ApiError, kubectlMessage } from '../api/errors.js';
import { qualifiedSingular, type Kind } from '../api/kinds.js';
import { apiUpdate } from '../api/server.js';
import { iso } from '../api/world.js';
import type { Obj } from '../state/types.js';
import { bool, str } from './argv.js';
import type { Cli } from './cli.js';
import { namespaceOf, userOf } from './context.js';
import { CmdError, cmdError } from './errors.js';
import { copy, getObject } from './query.js';
import { parseResources } from './resolve.js';
import { withWorld } from './session.js';
import { goDuration, sleep } from './wait-util.js';

const ROLLABLE = ['deployments', 'statefulsets', 'daemonsets'];

function target(c: Cli): { kind: Kind; name: string } {
  const sels = parseResources(c.p.args);
  if (!sels) throw cmdError('required resource not specified');
  const s = sels[0];
  if (!ROLLABLE.includes(s.kind.res)) throw cmdError(`no status viewer has been implemented for ${s.kind.kind}`);
  if (!s.names.length) throw cmdError('required resource not specified');
  return { kind: s.kind, name: s.names[0] };
}

/** kubectl's rollout status message for the object's current state, and whether the rollout is done. */
export function rolloutStatus(o: Obj): { msg: string; done: boolean; error?: string } {
  const s = o.status ?? {};
  const gen = o.metadata.generation ?? 0;
  if (o.kind === 'Deployment') {
    if (gen > (s.observedGeneration ?? 0)) return { msg: 'Waiting for deployment spec update to be observed...\n', done: false };
    const prog = (s.conditions ?? []).find((c: { type: string }) => c.type === 'Progressing');
    if (prog?.reason === 'ProgressDeadlineExceeded') return { msg: '', done: false, error: `deployment "${o.metadata.name}" exceeded its progress deadline` };
    const want = o.spec.replicas ?? 1;
    const upd = s.updatedReplicas ?? 0;
    if (upd < want) return { msg: `Waiting for deployment "${o.metadata.name}" rollout to finish: ${upd} out of ${want} new replicas have been updated...\n`, done: false };
    if ((s.replicas ?? 0) > upd) return { msg: `Waiting for deployment "${o.metadata.name}" rollout to finish: ${(s.replicas ?? 0) - upd} old replicas are pending termination...\n`, done: false };
    if ((s.availableReplicas ?? 0) < upd) return { msg: `Waiting for deployment "${o.metadata.name}" rollout to finish: ${s.availableReplicas ?? 0} of ${upd} updated replicas are available...\n`, done: false };
    return { msg: `deployment "${o.metadata.name}" successfully rolled out\n`, done: true };
  }
  if (o.kind === 'StatefulSet') {
    if (o.spec.updateStrategy?.type !== 'RollingUpdate') return { msg: '', done: false, error: 'rollout status is only available for RollingUpdate strategy type' };
    if (!s.observedGeneration || gen > s.observedGeneration) return { msg: 'Waiting for statefulset spec update to be observed...\n', done: false };
    const want = o.spec.replicas ?? 1;
    if ((s.readyReplicas ?? 0) < want) return { msg: `Waiting for ${want - (s.readyReplicas ?? 0)} pods to be ready...\n`, done: false };
    const partition = o.spec.updateStrategy?.rollingUpdate?.partition ?? 0;
    if (partition > 0) {
      if ((s.updatedReplicas ?? 0) < want - partition) return { msg: `Waiting for partitioned roll out to finish: ${s.updatedReplicas ?? 0} out of ${want - partition} new pods have been updated...\n`, done: false };
      return { msg: `partitioned roll out complete: ${s.updatedReplicas ?? 0} new pods have been updated...\n`, done: true };
    }
    if (s.updateRevision !== s.currentRevision) return { msg: `waiting for statefulset rolling update to complete ${s.updatedReplicas ?? 0} pods at revision ${s.updateRevision}...\n`, done: false };
    return { msg: `statefulset rolling update complete ${s.currentReplicas ?? 0} pods at revision ${s.currentRevision}...\n`, done: true };
  }
  if (gen > (s.observedGeneration ?? 0)) return { msg: 'Waiting for daemon set spec update to be observed...\n', done: false };
  if ((s.updatedNumberScheduled ?? 0) < (s.desiredNumberScheduled ?? 0)) return { msg: `Waiting for daemon set "${o.metadata.name}" rollout to finish: ${s.updatedNumberScheduled ?? 0} out of ${s.desiredNumberScheduled} new pods have been updated...\n`, done: false };
  if ((s.numberAvailable ?? 0) < (s.desiredNumberScheduled ?? 0)) return { msg: `Waiting for daemon set "${o.metadata.name}" rollout to finish: ${s.numberAvailable ?? 0} of ${s.desiredNumberScheduled} updated pods are available...\n`, done: false };
  return { msg: `daemon set "${o.metadata.name}" successfully rolled out\n`, done: true };
}

export async function cmdRolloutStatus(c: Cli): Promise<number> {
  const t = target(c);
  const watch = bool(c.p, 'watch', true);
  const timeout = goDuration(str(c.p, 'timeout'), 0);
  const deadline = timeout > 0 ? Date.now() + timeout : Infinity;
  let last = '';
  for (;;) {
    const st = await withWorld(c.env, false, (w) => {
      try {
        return rolloutStatus(getObject(w, userOf(w, c.target, c.p), t.kind, namespaceOf(c.p, c.target, w), t.name));
      } catch (err) {
        if (err instanceof ApiError) throw new CmdError(kubectlMessage(err));
        throw err;
      }
    });
    if (st.error) throw cmdError(st.error);
    if (st.msg !== last) c.out(st.msg);
    last = st.msg;
    if (st.done || !watch) return 0;
    if (Date.now() > deadline) throw cmdError('timed out waiting for the condition');
    if (c.signal.aborted) return 130;
    await sleep(200);
  }
}

export async function cmdRolloutRestart(c: Cli): Promise<number> {
  const t = target(c);
  const line = await withWorld(c.env, true, (w) => {
    const user = userOf(w, c.target, c.p);
    try {
      const o = getObject(w, user, t.kind, namespaceOf(c.p, c.target, w), t.name);
      if (o.spec.paused) throw cmdError(`deployments "${t.name}" is paused; run 'kubectl rollout resume ${qualifiedSingular(t.kind)}/${t.name}' to resume`);
      const next = copy(o);
      delete next.status;
      next.spec.template.metadata = next.spec.template.metadata ?? {};
      next.spec.template.metadata.annotations = { ...(next.spec.template.metadata.annotations ?? {}), 'kubectl.kubernetes.io/restartedAt': iso(w.now) };
      apiUpdate(w, user, o, next, 'patch');
      return `${qualifiedSingular(t.kind)}/${t.name} restarted`;
    } catch (err) {
      if (err instanceof ApiError) throw new CmdError(kubectlMessage(err));
      throw err;
    }
  });
  c.out(`${line}\n`);
  return 0;
}

export async function cmdRolloutHistory(c: Cli): Promise<number> {
  const t = target(c);
  const revs = await withWorld(c.env, false, (w) => {
    const user = userOf(w, c.target, c.p);
    const ns = namespaceOf(c.p, c.target, w);
    let o: Obj;
    try {
      o = getObject(w, user, t.kind, ns, t.name);
    } catch (err) {
      if (err instanceof ApiError) throw new CmdError(kubectlMessage(err));
      throw err;
    }
    if (t.kind.res !== 'deployments') return [1];
    return w.list('replicasets', ns).filter((rs) => rs.metadata.ownerReferences?.some((r) => r.uid === o.metadata.uid)).map((rs) => Number(rs.metadata.annotations?.['deployment.kubernetes.io/revision'] ?? 0)).sort((a, b) => a - b);
  });
  c.out(`${qualifiedSingular(t.kind)}/${t.name} \nREVISION  CHANGE-CAUSE\n${revs.map((r) => `${String(r).padEnd(10)}<none>`).join('\n')}\n\n`);
  return 0;
}

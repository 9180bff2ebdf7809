/** kubectl rollout status | restart | history | undo | pause | resume for deployments, statefulsets and daemonsets. */
import { ApiError, kubectlMessage } from '../api/errors.js';
import { qualifiedRes, qualifiedSingular, type Kind } from '../api/kinds.js';
import { apiUpdate } from '../api/server.js';
import { iso, type World } from '../api/world.js';
import { canonical } from '../api/validate.js';
import type { Obj } from '../state/types.js';
import { bool, str } from './argv.js';
import type { Cli } from './cli.js';
import { namespaceOf, userOf } from './context.js';
import { CmdError, cmdError } from './errors.js';
import { Out, podTemplate } from '../print/describe-util.js';
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
    // A RollingUpdate block (the API server defaults one, with partition 0) makes kubectl report a
    // partitioned roll-out, whatever the partition (StatefulSetStatusViewer).
    const ru = o.spec.updateStrategy?.rollingUpdate;
    if (ru) {
      if (ru.partition !== undefined && (s.updatedReplicas ?? 0) < want - ru.partition) {
        return { msg: `Waiting for partitioned roll out to finish: ${s.updatedReplicas ?? 0} out of ${want - ru.partition} new pods have been updated...\n`, done: false };
      }
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
      if (o.spec.paused) throw cmdError(`${qualifiedRes(t.kind)} "${t.name}" can't restart paused deployment (run rollout resume first)`);
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

const REVISION = 'deployment.kubernetes.io/revision';

/** A Deployment's ReplicaSets by revision (the history kubectl reads). */
function revisions(w: World, d: Obj): Map<number, Obj> {
  const out = new Map<number, Obj>();
  for (const rs of w.list('replicasets', d.metadata.namespace)) {
    if (!rs.metadata.ownerReferences?.some((r) => r.uid === d.metadata.uid)) continue;
    const v = Number(rs.metadata.annotations?.[REVISION]);
    if (Number.isInteger(v)) out.set(v, rs);
  }
  return out;
}

function getOrFail(w: World, c: Cli, t: { kind: Kind; name: string }): Obj {
  try {
    return getObject(w, userOf(w, c.target, c.p), t.kind, namespaceOf(c.p, c.target, w), t.name);
  } catch (err) {
    if (err instanceof ApiError) throw new CmdError(kubectlMessage(err));
    throw err;
  }
}

/** A StatefulSet's or DaemonSet's ControllerRevisions by revision (their template under data.spec). */
function history(w: World, o: Obj): Map<number, Obj> {
  const out = new Map<number, Obj>();
  for (const r of w.list('controllerrevisions', o.metadata.namespace)) {
    if (!r.metadata.ownerReferences?.some((x) => x.uid === o.metadata.uid)) continue;
    const { $patch: _p, ...template } = r.data?.spec?.template ?? {};
    out.set(Number(r.revision), { ...r, spec: { template }, metadata: { ...r.metadata, annotations: r.metadata.annotations } } as Obj);
  }
  return out;
}

/** describe.DescribePodTemplate through a PrefixWriter: raw tabs, no column alignment. */
function templateText(t: Obj): string {
  const o = new Out();
  podTemplate(o, t);
  return `${o.text()}\n`;
}

export async function cmdRolloutHistory(c: Cli): Promise<number> {
  const t = target(c);
  const revision = Number(str(c.p, 'revision') ?? 0);
  const text = await withWorld(c.env, false, (w) => {
    const o = getOrFail(w, c, t);
    const revs = t.kind.res === 'deployments' ? revisions(w, o) : history(w, o);
    if (revision > 0) {
      const rs = revs.get(revision);
      if (!rs) throw cmdError('unable to find the specified revision');
      return `${qualifiedSingular(t.kind)}/${t.name} with revision #${revision}\n${templateText(rs.spec.template)}\n`;
    }
    if (!revs.size) return `${qualifiedSingular(t.kind)}/${t.name} \nNo rollout history found.\n`;
    const rows = [...revs.keys()].sort((a, b) => a - b).map((r) => `${String(r).padEnd(10)}${revs.get(r)!.metadata.annotations?.['kubernetes.io/change-cause'] || '<none>'}`);
    return `${qualifiedSingular(t.kind)}/${t.name} \nREVISION  CHANGE-CAUSE\n${rows.join('\n')}\n\n`;
  });
  c.out(text);
  return 0;
}

/** Equal pod templates, the pod-template-hash label aside (rollback.go equalIgnoreHash). */
function sameTemplate(a: Obj, b: Obj): boolean {
  const strip = (x: Obj) => {
    const y = copy(x);
    if (y.metadata?.labels) delete y.metadata.labels['pod-template-hash'];
    return JSON.stringify(canonical(y));
  };
  return strip(a) === strip(b);
}

/** The Deployment annotations rollback.go keeps from the Deployment, not from the ReplicaSet. */
const SKIP = new Set(['kubectl.kubernetes.io/last-applied-configuration', REVISION, 'deployment.kubernetes.io/revision-history', 'deployment.kubernetes.io/desired-replicas', 'deployment.kubernetes.io/max-replicas', 'deprecated.deployment.rollback.to']);

export async function cmdRolloutUndo(c: Cli): Promise<number> {
  const t = target(c);
  const to = Number(str(c.p, 'to-revision') ?? 0);
  const line = await withWorld(c.env, true, (w) => {
    const user = userOf(w, c.target, c.p);
    const d = getOrFail(w, c, t);
    if (t.kind.res !== 'deployments') throw cmdError(`"kubectl rollout undo ${t.kind.res}" is not modelled by the emqx-lab simulator`);
    if (to < 0) throw cmdError(`unable to find specified revision ${to} in history`);
    const revs = revisions(w, d);
    let rs: Obj | undefined;
    if (to > 0) {
      rs = revs.get(to);
      if (!rs) throw cmdError(`unable to find specified revision ${to} in history`);
    } else {
      const sorted = [...revs.keys()].sort((a, b) => b - a);
      if (sorted.length < 2) throw cmdError(`no rollout history found for deployment "${t.name}"`);
      rs = revs.get(sorted[1]);
    }
    const rev = Number(rs!.metadata.annotations?.[REVISION]);
    if (d.spec.paused) throw cmdError("you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume' and try again");
    if (sameTemplate(rs!.spec.template, d.spec.template)) return `${qualifiedSingular(t.kind)}/${t.name} skipped rollback (current template already matches revision ${rev})`;
    const next = copy(d);
    delete next.status;
    const tpl = copy(rs!.spec.template);
    if (tpl.metadata?.labels) delete tpl.metadata.labels['pod-template-hash'];
    next.spec.template = tpl;
    const annotations: Record<string, string> = {};
    for (const [k, v] of Object.entries((d.metadata.annotations ?? {}) as Record<string, string>)) if (SKIP.has(k)) annotations[k] = v;
    for (const [k, v] of Object.entries((rs!.metadata.annotations ?? {}) as Record<string, string>)) if (!SKIP.has(k)) annotations[k] = v;
    next.metadata.annotations = annotations;
    try {
      apiUpdate(w, user, d, next, 'patch');
    } catch (err) {
      if (err instanceof ApiError) throw cmdError(`failed restoring revision ${rev}: ${err.message}`);
      throw err;
    }
    return `${qualifiedSingular(t.kind)}/${t.name} rolled back`;
  });
  c.out(`${line}\n`);
  return 0;
}

/** rollout pause / resume: spec.paused on a Deployment; other kinds cannot pause. */
export function cmdRolloutPause(pause: boolean) {
  return async (c: Cli): Promise<number> => {
    const t = target(c);
    const line = await withWorld(c.env, true, (w) => {
      const user = userOf(w, c.target, c.p);
      const d = getOrFail(w, c, t);
      const what = `${qualifiedRes(t.kind)} "${t.name}"`;
      if (t.kind.res !== 'deployments') throw cmdError(`${what} ${pause ? 'pausing' : 'resuming'} is not supported`);
      if (!!d.spec.paused === pause) throw cmdError(`${what} ${pause ? 'is already paused' : 'is not paused'}`);
      const next = copy(d);
      delete next.status;
      if (pause) next.spec.paused = true;
      else delete next.spec.paused;
      try {
        apiUpdate(w, user, d, next, 'patch');
      } catch (err) {
        if (err instanceof ApiError) throw new CmdError(kubectlMessage(err));
        throw err;
      }
      return `${qualifiedSingular(t.kind)}/${t.name} ${pause ? 'paused' : 'resumed'}`;
    });
    c.out(`${line}\n`);
    return 0;
  };
}

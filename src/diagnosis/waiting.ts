/**
 * Diagnosing a check while it keeps failing, at a bounded cost: each round is one `kubectl get` (pods,
 * workloads, ReplicaSets, events, ConfigMaps, PVCs) and at most one `kubectl logs` (the containers are read
 * in turn, ones never read first, and remembered), so at most two kubectl processes, like one poll round.
 *
 * A round says which diagnoses match now (for the screens, at once), whether the namespace has settled
 * (settled.ts), and whether a diagnosis the catalogue lets end a wait (`endsWait`) has matched on CURRENT
 * evidence only — pods on the current template, their logs and claims, the workloads' templates, events
 * newer than those pods — in a settled namespace, the same one for at least `holdMs`. Only then may the wait end.
 * Matches whose log lines are what the step's own checks wait for (step 5 expects the 403) never count.
 */
import type { Diagnosis } from '../course/schema.js';
import type { Lang } from '../i18n/lang.js';
import type { Kube } from '../kube/kube.js';
import type { KubeEvent, LiveObject, Pod } from '../kube/objects.js';
import { isKubeError, kubeDetail } from '../kube/result.js';
import { found, type FoundDiagnosis } from './diagnose.js';
import { eventTime, evidenceOf, logTargets, presentEvents, readLog, type Evidence, type LogEvidence } from './evidence.js';
import { matchDiagnoses, type Match } from './match.js';
import { settledness, type Settledness } from './settled.js';

/** One `kubectl get` for a round: what settledness needs and what most matchers look at. */
export const WAITING_KINDS = ['Pod', 'Deployment', 'ReplicaSet', 'StatefulSet', 'Event', 'ConfigMap', 'PersistentVolumeClaim'];

/** The id a wait ends with when nothing runs in the namespace (the catalogue's diagnosis of that name explains it). */
export const NOTHING_APPLIED = 'nothing-applied';

export interface WaitingRound {
  /** Every diagnosis that matches now (catalogue order), without the ones the step expects. */
  diagnosis: FoundDiagnosis[];
  settled: boolean;
  /** An endsWait diagnosis matched on current evidence in a settled namespace, this round. */
  certain?: string;
  /** `certain` has held for the hold: the wait may end. */
  ends: boolean;
  /** Could not read the namespace this round (kubectl's words). */
  error?: string;
}

export interface WaitingOptions {
  lang: Lang;
  now(): number;
  holdMs: number;
  applyError?: string;
  /** Log patterns the step's own checks look for: a match proven only by such lines is expected, not a mistake. */
  expectedLogs?: RegExp[];
}

/** Evidence cut to what describes the present (see settled.ts). */
export function currentEvidence(ev: Evidence, s: Settledness): Evidence {
  const current = (pod: string) => s.currentPods.has(pod);
  const fresh = (e: KubeEvent) =>
    s.freshSince === undefined || (e.involvedObject?.kind === 'Pod' && current(e.involvedObject.name ?? '')) || Date.parse(eventTime(e)) >= s.freshSince;
  // A claim no current pod mounts (left from an earlier try) says nothing about the present.
  const claims = new Set(
    ev.pods
      .filter((p) => current(p.metadata.name))
      .flatMap((p) => ((p.spec as { volumes?: { persistentVolumeClaim?: { claimName?: string } }[] } | undefined)?.volumes ?? []).map((v) => v.persistentVolumeClaim?.claimName ?? '')),
  );
  return {
    ...ev,
    pods: ev.pods.filter((p) => current(p.metadata.name)),
    pvcs: ev.pvcs.filter((c) => claims.has(c.name)),
    logs: ev.logs.filter((l) => current(l.pod)),
    env: ev.env.filter((e) => !e.owner.startsWith('pod/') || current(e.owner.slice(4))),
    events: ev.events.filter(fresh),
  };
}

/** A match is expected when it rests on log lines and each of them is one the step's checks wait for. */
export function isExpected(m: Match, expected: RegExp[] = []): boolean {
  return m.logLines.length > 0 && m.logLines.every((l) => expected.some((r) => r.test(l)));
}

export function waitingDiagnoser(kube: Kube, catalogue: Diagnosis[], o: WaitingOptions) {
  const logs = new Map<string, { entry: LogEvidence; restarts: number }>();
  let turn = 0;
  let holding: { id: string; since: number } | undefined;

  async function readLogs(pods: Pod[], gaps: string[]): Promise<LogEvidence[]> {
    const targets = logTargets(pods);
    const key = (t: { pod: string; container: string; previous: boolean }) => `${t.pod}/${t.container}/${t.previous}`;
    const live = new Map(targets.map((t) => [key(t), t]));
    // A container that restarted since its log was read wrote a new one: read it again.
    for (const [k, v] of logs) if (!live.has(k) || live.get(k)!.restarts !== v.restarts) logs.delete(k);
    const next = targets.find((t) => !logs.has(key(t))) ?? targets[turn++ % Math.max(1, targets.length)];
    if (next) {
      const entry = await readLog(kube, gaps, next);
      if (entry) logs.set(key(next), { entry, restarts: next.restarts });
    }
    return targets.map((t) => logs.get(key(t))?.entry).filter((e): e is LogEvidence => e !== undefined);
  }

  return {
    async round(): Promise<WaitingRound> {
      let objects: LiveObject[];
      try {
        objects = await kube.list<LiveObject>(WAITING_KINDS);
      } catch (e) {
        if (!isKubeError(e)) throw e;
        holding = undefined;
        return { diagnosis: [], settled: false, ends: false, error: kubeDetail(e, o.lang) };
      }
      const gaps: string[] = [];
      const pods = objects.filter((x) => x.kind === 'Pod') as Pod[];
      const read = {
        // ReplicaSets count as present objects for events, not as workloads (their templates are history).
        running: objects.filter((x) => x.kind === 'Pod' || x.kind === 'Deployment' || x.kind === 'StatefulSet'),
        events: presentEvents(objects.filter((x) => x.kind === 'Event') as KubeEvent[], objects, WAITING_KINDS),
        config: objects.filter((x) => x.kind === 'ConfigMap' || x.kind === 'PersistentVolumeClaim'),
        listed: ['Pod', 'Deployment', 'StatefulSet', 'ConfigMap', 'PersistentVolumeClaim'],
      };
      const ev = evidenceOf(read, await readLogs(pods, gaps), gaps, o.applyError);
      const notExpected = (m: Match) => !isExpected(m, o.expectedLogs);
      const matches = matchDiagnoses(catalogue, ev, o.lang).filter(notExpected);
      const s = settledness(objects);
      // Nothing running is certain whatever the catalogue says: nothing changes until somebody applies.
      const certain = !s.settled
        ? undefined
        : (matchDiagnoses(catalogue, currentEvidence(ev, s), o.lang).filter(notExpected).find((m) => m.diagnosis.endsWait)?.diagnosis.id ??
          (ev.nothingRuns ? NOTHING_APPLIED : undefined));
      const now = o.now();
      if (!certain) holding = undefined;
      else if (holding?.id !== certain) holding = { id: certain, since: now };
      return {
        diagnosis: matches.map((m) => found(m, o.lang)),
        settled: s.settled,
        certain,
        ends: Boolean(certain && holding && now - holding.since >= o.holdMs),
      };
    },
  };
}

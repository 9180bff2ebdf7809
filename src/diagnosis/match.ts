/**
 * Matching the diagnosis catalogue (lessons/diagnoses.yaml) against evidence. A diagnosis matches when ALL
 * its matchers match; each matcher that matches returns the piece of evidence it matched (a log line, a
 * pod's waiting reason, an event), which is what the learner is shown as proof. Regexes search (RegExp.test):
 * anchor them with ^ and $ to match a whole value. A boolean matcher given `false` matches the opposite.
 */
import type { Diagnosis } from '../course/schema.js';
import { isUnschedulable } from '../checks/pods.js';
import type { Evidence } from './evidence.js';
import { diagnosisMessages } from '../i18n/diagnosis.js';
import type { Lang } from '../i18n/lang.js';

type Matcher = Diagnosis['match'][number];

export interface Match {
  diagnosis: Diagnosis;
  /** What each matcher matched, in order (for "what the cluster shows"). */
  proof: string[];
  /** The log lines among the proof. */
  logLines: string[];
}

const re = (s: string) => new RegExp(s);

function flag(want: boolean, actual: boolean, proof: string): string | undefined {
  return want === actual ? proof : undefined;
}

/** The evidence one matcher points at, or undefined. The lab's words around it are in the learner's language. */
export function matchOne(m: Matcher, ev: Evidence, lang: Lang): { proof: string; log?: boolean } | undefined {
  const say = diagnosisMessages[lang];
  if (m.log !== undefined) {
    const r = re(m.log);
    for (const l of ev.logs) {
      const line = l.lines.find((x) => r.test(x));
      if (line) return { proof: `${l.previous ? say.previousLog(l.pod) : l.pod}: ${line.trim()}`, log: true };
    }
    return undefined;
  }
  if (m.podWaiting !== undefined) {
    const r = re(m.podWaiting);
    for (const p of ev.pods) {
      for (const s of [...(p.status?.initContainerStatuses ?? []), ...(p.status?.containerStatuses ?? [])]) {
        const reason = s.state?.waiting?.reason;
        if (reason && r.test(reason)) return { proof: `${p.metadata.name}: ${reason}${s.state?.waiting?.message ? ` (${s.state.waiting.message})` : ''}` };
      }
    }
    return undefined;
  }
  if (m.podTerminated !== undefined) {
    const r = re(m.podTerminated);
    for (const p of ev.pods) {
      for (const s of p.status?.containerStatuses ?? []) {
        for (const t of [s.state?.terminated, s.lastState?.terminated]) {
          if (t?.reason && r.test(t.reason)) return { proof: `${p.metadata.name}: ${t.reason}${t.exitCode !== undefined ? say.exitCode(t.exitCode) : ''}` };
        }
      }
    }
    return undefined;
  }
  if (m.podUnschedulable !== undefined) {
    const stuck = ev.pods.find(isUnschedulable);
    const proof = stuck
      ? `${stuck.metadata.name}: ${stuck.status?.conditions?.find((c) => c.type === 'PodScheduled')?.message ?? 'Unschedulable'}`
      : say.noPodUnschedulable;
    const r = flag(m.podUnschedulable, Boolean(stuck), proof);
    return r === undefined ? undefined : { proof: r };
  }
  if (m.event !== undefined) {
    const r = re(m.event);
    // An Event may leave its reason or message out: matched and shown as empty, never as "undefined".
    const said = (x: (typeof ev.events)[number]) => `${x.reason ?? ''}: ${x.message ?? ''}`;
    const e = [...ev.events].reverse().find((x) => r.test(said(x)));
    return e ? { proof: `${e.involvedObject?.kind ?? ''}/${e.involvedObject?.name ?? ''}: ${said(e)}` } : undefined;
  }
  if (m.envName !== undefined) {
    const r = re(m.envName);
    const e = ev.env.find((x) => r.test(x.name));
    return e ? { proof: `${e.owner}: ${e.name}` } : undefined;
  }
  if (m.envValue !== undefined) {
    const rn = re(m.envValue.name);
    const rv = re(m.envValue.value);
    const e = ev.env.find((x) => x.value !== undefined && rn.test(x.name) && rv.test(x.value));
    return e ? { proof: `${e.owner}: ${e.name}=${e.value}` } : undefined;
  }
  if (m.applyError !== undefined) {
    if (!ev.applyError) return undefined;
    const r = re(m.applyError);
    const line = ev.applyError.split('\n').find((l) => r.test(l)) ?? (r.test(ev.applyError) ? ev.applyError : undefined);
    return line ? { proof: line.trim() } : undefined;
  }
  if (m.pvcPending !== undefined) {
    const p = ev.pvcs.find((x) => x.phase === 'Pending');
    const r = flag(m.pvcPending, Boolean(p), p ? `PersistentVolumeClaim/${p.name}: Pending` : say.noPvcPending);
    return r === undefined ? undefined : { proof: r };
  }
  if (m.noDefaultStorageClass !== undefined) {
    // Unknown (no permission to read StorageClasses) matches neither way: better silent than wrong.
    if (!ev.storageClasses) return undefined;
    const none = !ev.storageClasses.some((c) => c.isDefault);
    const names = ev.storageClasses.map((c) => c.name).join(', ') || say.noStorageClasses;
    const r = flag(m.noDefaultStorageClass, none, say.storageClasses(names));
    return r === undefined ? undefined : { proof: r };
  }
  if (m.namespaceTerminating !== undefined) {
    const r = flag(m.namespaceTerminating, ev.namespacePhase === 'Terminating', say.namespacePhase(ev.namespacePhase ?? say.phaseUnknown));
    return r === undefined ? undefined : { proof: r };
  }
  if (m.nothingRuns !== undefined) {
    // Unknown (the pods could not be read) matches neither way.
    if (ev.nothingRuns === undefined) return undefined;
    const r = flag(m.nothingRuns, ev.nothingRuns, ev.nothingRuns ? say.nothingRuns : say.podCount(ev.pods.length));
    return r === undefined ? undefined : { proof: r };
  }
  return undefined;
}

/** Every diagnosis of the catalogue that matches, in catalogue order (specific ones come first there). */
export function matchDiagnoses(catalogue: Diagnosis[], ev: Evidence, lang: Lang): Match[] {
  const out: Match[] = [];
  for (const d of catalogue) {
    const hits = d.match.map((m) => matchOne(m, ev, lang));
    if (hits.every((h) => h !== undefined)) {
      out.push({ diagnosis: d, proof: hits.map((h) => h!.proof), logLines: hits.filter((h) => h!.log).map((h) => h!.proof) });
    }
  }
  return out;
}

/**
 * When a check fails: collect evidence once, match the catalogue, and summarise what the cluster shows
 * (pod states, the latest warning events, the log lines that matter) for the learner.
 */
import type { Diagnosis } from '../course/schema.js';
import type { Lang } from '../i18n/lang.js';
import { podState } from '../checks/pods.js';
import type { Kube } from '../kube/kube.js';
import { collectEvidence, type Evidence } from './evidence.js';
import { matchDiagnoses, type Match } from './match.js';
import { diagnosisMessages } from '../i18n/diagnosis.js';

export interface FoundDiagnosis {
  id: string;
  /** Title and explanation in the learner's language. */
  message: string;
  title: string;
  explain: string;
  hint: string;
  /** The evidence each matcher matched. */
  proof: string[];
}

export interface ClusterShows {
  pods: string[];
  events: string[];
  logs: string[];
}

export interface DiagnosisReport {
  diagnosis: FoundDiagnosis[];
  shows: ClusterShows;
  evidence: Evidence;
}

const MAX_PODS = 8;
const MAX_EVENTS = 5;
const MAX_LOG_LINES = 5;
const NOTABLE_LOG = /\[(error|warning|critical|emergency|alert)\]|\berror\b|ERROR|unknown_env_vars|Discover(y)? error/i;

export function found(m: Match, lang: Lang): FoundDiagnosis {
  const d: Diagnosis = m.diagnosis;
  return {
    id: d.id,
    message: `${d.title[lang]}${lang === 'zh' ? '：' : ': '}${d.explain[lang]}`,
    title: d.title[lang],
    explain: d.explain[lang],
    hint: d.hint[lang],
    proof: m.proof,
  };
}

export function clusterShows(ev: Evidence, matches: Match[], lang: Lang): ClusterShows {
  const pods = ev.pods.slice(0, MAX_PODS).map((p) => `${p.metadata.name}: ${podState(p, lang)}`);
  const seen = new Set<string>();
  const events: string[] = [];
  for (const e of [...ev.events].reverse()) {
    if (e.type !== 'Warning') continue;
    const line = `${e.involvedObject?.kind ?? ''}/${e.involvedObject?.name ?? ''}: ${e.reason ?? ''}: ${(e.message ?? '').trim()}`;
    const key = `${e.involvedObject?.name}|${e.reason}`;
    if (seen.has(key)) continue;
    seen.add(key);
    events.push(line);
    if (events.length >= MAX_EVENTS) break;
  }
  events.reverse();
  let logs = [...new Set(matches.flatMap((m) => m.logLines))];
  if (!logs.length) {
    logs = ev.logs.flatMap((l) => l.lines.filter((x) => NOTABLE_LOG.test(x)).slice(-2).map((x) => `${l.previous ? diagnosisMessages[lang].previousLog(l.pod) : l.pod}: ${x.trim()}`));
  }
  return { pods, events, logs: logs.slice(0, MAX_LOG_LINES).map((l) => (l.length > 240 ? `${l.slice(0, 239)}…` : l)) };
}

export async function diagnose(kube: Kube, catalogue: Diagnosis[], lang: Lang, opts: { applyError?: string } = {}): Promise<DiagnosisReport> {
  const evidence = await collectEvidence(kube, opts);
  const matches = matchDiagnoses(catalogue, evidence, lang);
  return { diagnosis: matches.map((m) => found(m, lang)), shows: clusterShows(evidence, matches, lang), evidence };
}

/**
 * lint against the real API server (issue 10, part 3). Every manifest the lint tests use, every shipped
 * manifest (rendered as the course renders it) and every declared mistake goes, document by document,
 * through `kubectl apply --dry-run=server` on the real control plane, and lint's verdict on that document is
 * compared with the server's:
 *
 * - the server (or real kubectl, before it sends anything) refuses the document: lint reports an error in
 *   it that is a Kubernetes problem (schema, field, kind, name, YAML syntax, or one of the reference rules
 *   whose breach the API server refuses), at its file:line:col. A refusal that depends on what the
 *   namespace holds (Forbidden: a ServiceAccount that does not exist) may be a warning: lint cannot know
 *   the cluster.
 * - the server accepts it: lint claims no refusal in it (no kube-kind/kube-schema/kube-field/kube-name
 *   error, no error saying the API server rejects it).
 *
 * EMQX rules, the course's own rules (lab label, namespace, placeholders) and lint's hygiene rules (a
 * duplicate key, an object defined twice) are lint's own and do not count either way.
 * Writes reports/control-plane/lint.json = {"total", "agree"}, and lint-details.json beside it (both verdicts
 * of every document).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { packageRoot } from '../../src/util/paths.js';
import type { LintProblem, Rule } from '../../src/lint/types.js';
import { realKubectl } from './harness.js';
import { PARTS } from './summary.js';
import { courseUnits, fixtureUnits, mistakeUnits, type Unit } from './lint-units.js';

const plane = inject('controlPlane');
const NAMESPACE = 'lint-server';

/** Rules whose error is a claim about the Kubernetes schema: the API server must refuse what they flag. */
const SCHEMA_RULES = new Set<Rule>(['kube-kind', 'kube-schema', 'kube-field', 'kube-name']);
/** Rules that may be lint's report of a refusal (besides the claims): YAML syntax, references Kubernetes checks. */
const KUBE_RULES = new Set<Rule>([...SCHEMA_RULES, 'yaml', 'resources', 'ref-selector', 'ref-volume', 'ref-rbac']);

const claimsRefusal = (p: LintProblem) => p.severity === 'error' && (SCHEMA_RULES.has(p.rule) || /the API server rejects/.test(p.message));

interface Verdict {
  accepted: boolean;
  /** Refused because of what the namespace holds (admission: Forbidden, NotFound), not the manifest alone. */
  byState: boolean;
  output: string;
}

function kubectl(args: string[], input?: string) {
  const r = spawnSync(realKubectl, [`--kubeconfig=${plane?.kubeconfig}`, ...args], { encoding: 'utf8', input, timeout: 60_000 });
  return { code: r.status ?? -1, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

const verdicts = new Map<string, Verdict>();
function serverVerdict(u: Unit): Verdict {
  const key = `${u.namespace}\0${u.text}`;
  const known = verdicts.get(key);
  if (known) return known;
  const r = kubectl(['apply', '--dry-run=server', '--namespace', u.namespace, '-f', '-'], u.text);
  const output = `${r.stdout}${r.stderr}`.trim();
  const v = { accepted: r.code === 0, byState: /\((Forbidden|NotFound)\)/.test(r.stderr), output };
  verdicts.set(key, v);
  return v;
}

interface Judged {
  unit: Unit;
  verdict: Verdict;
  agree: boolean;
  why?: string;
}

function judge(unit: Unit): Judged {
  const verdict = serverVerdict(unit);
  const at = (p: LintProblem) => `${p.file}:${p.line}:${p.col} ${p.severity === 'warning' ? 'warning: ' : ''}${p.message} [${p.rule}]`;
  if (verdict.accepted) {
    const claims = unit.problems.filter(claimsRefusal);
    return { unit, verdict, agree: !claims.length, why: claims.length ? `the API server accepts it, lint says: ${claims.map(at).join('; ')}` : undefined };
  }
  const reports = unit.problems.filter(
    (p) => KUBE_RULES.has(p.rule) && (p.severity === 'error' || verdict.byState) && p.line >= unit.line,
  );
  return {
    unit,
    verdict,
    agree: reports.length > 0,
    why: reports.length ? undefined : `the API server refuses it (${verdict.output}); lint: ${unit.problems.map(at).join('; ') || 'nothing'}`,
  };
}

describe.skipIf(!plane)('lint and the real API server agree', () => {
  const created: string[] = [];
  let units: Unit[] = [];
  const judged: Judged[] = [];

  beforeAll(async () => {
    const root = packageRoot();
    units = [
      ...(await fixtureUnits(NAMESPACE)),
      ...(await mistakeUnits('test/fixtures/lint/course', NAMESPACE, 'fixture course')),
      ...(await courseUnits(root, NAMESPACE, 'shipped')),
      ...(await mistakeUnits(root, NAMESPACE, 'shipped')),
    ];
    // The namespaces the documents go to must exist (a real learner's does), with their default ServiceAccount.
    for (const ns of new Set(units.map((u) => u.namespace))) {
      if (kubectl(['get', 'namespace', ns]).code === 0) continue;
      const r = kubectl(['create', 'namespace', ns]);
      if (r.code !== 0) throw new Error(r.stderr);
      created.push(ns);
    }
    for (const ns of created) {
      for (let i = 0; kubectl(['get', 'serviceaccount', 'default', '--namespace', ns]).code !== 0; i++) {
        if (i > 300) throw new Error(`no default ServiceAccount in ${ns}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  });

  afterAll(() => {
    if (created.length) kubectl(['delete', 'namespace', ...created, '--wait=true']);
  });

  it('on every document the lint tests, the course and its mistakes use', () => {
    for (const u of units) judged.push(judge(u));
    const total = judged.length;
    const agree = judged.filter((j) => j.agree).length;
    mkdirSync(PARTS, { recursive: true });
    writeFileSync(join(PARTS, 'lint.json'), `${JSON.stringify({ total, agree })}\n`);
    // Each document's two verdicts, for a person looking into a disagreement.
    const details = judged.map((j) => ({
      document: j.unit.label,
      server: j.verdict.accepted ? 'accepted' : j.verdict.output,
      lint: j.unit.problems.map((p) => `${p.line}:${p.col} ${p.severity} ${p.rule}: ${p.message}`),
      agree: j.agree,
      ...(j.why ? { why: j.why } : {}),
    }));
    writeFileSync(join(PARTS, 'lint-details.json'), `${JSON.stringify(details, null, 2)}\n`);
    expect(total).toBeGreaterThan(100);
    // Both verdicts occur: the corpus exercises refusals, and the course is accepted.
    expect(judged.some((j) => !j.verdict.accepted)).toBe(true);
    expect(judged.filter((j) => j.unit.label.startsWith('shipped ') && !j.unit.label.includes(' mistake ')).every((j) => j.verdict.accepted)).toBe(true);
    expect(judged.filter((j) => !j.agree).map((j) => `${j.unit.label}: ${j.why}`)).toEqual([]);
  });
});

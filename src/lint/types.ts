/**
 * What lint reports. A problem sits at the line of the offending key; `rule` names the check that found it
 * (stable, for --json consumers), `severity` decides the exit code: any error exits 2, warnings alone exit 0.
 */
export type Severity = 'error' | 'warning';

export type Rule =
  | 'path'
  | 'yaml'
  | 'lesson'
  | 'diagnoses'
  | 'text'
  | 'course'
  | 'regex'
  | 'mistake'
  | 'check-ref'
  | 'modeline'
  | 'kube-kind'
  | 'kube-schema'
  | 'kube-field'
  | 'kube-name'
  | 'lab-label'
  | 'lab-namespace'
  | 'placeholder'
  | 'ref-volume'
  | 'ref-selector'
  | 'ref-config'
  | 'ref-service'
  | 'ref-rbac'
  | 'ref-port'
  | 'ref-env'
  | 'ref-duplicate'
  | 'resources'
  | 'emqx-env'
  | 'emqx-value'
  | 'emqx-image'
  | 'emqx-port'
  | 'emqx-discovery';

export interface LintProblem {
  file: string;
  line: number;
  col: number;
  severity: Severity;
  message: string;
  rule: Rule;
}

/** Files sort by name, then by position; identical reports (one file reached twice) collapse. */
export function sortProblems(problems: LintProblem[]): LintProblem[] {
  const seen = new Set<string>();
  const unique = problems.filter((p) => {
    const k = `${p.file}\0${p.line}\0${p.col}\0${p.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
  return unique.sort((a, b) =>
    a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.col - b.col || (a.message < b.message ? -1 : 1),
  );
}

/**
 * What lint checks in a lesson beyond the loader (which already does schema, format version, missing files,
 * duplicate ids, unknown hints and diagnoses): regular expressions in checks, hints and ids inside
 * disruption experiments, mistakes whose patch cannot apply to their manifest, checks that name objects
 * the step never declares, and empty texts.
 */
import { join } from 'node:path';
import { displayPath, type Step } from '../course/load.js';
import { applyPatchOp } from '../course/render.js';
import type { Check, FollowUpCheck } from '../course/schema.js';
import { problemAt } from '../course/yaml-source.js';
import { LANGS, type Lang } from '../i18n/lang.js';
import { lintMessages } from '../i18n/lint.js';
import { asArray, getIn, type ManifestObject } from './objects.js';
import type { LintProblem, Rule, Severity } from './types.js';

function regexError(re: string): string | undefined {
  try {
    new RegExp(re);
    return undefined;
  } catch (err) {
    return (err as Error).message.replace(/^Invalid regular expression: /, '');
  }
}

/** The regex-valued fields of one plain check, as [path inside the check, value]. */
function regexFields(c: Check | FollowUpCheck): [PropertyKey[], string][] {
  const out: [PropertyKey[], string][] = [];
  if (c.kind === 'logs') out.push([['matches'], c.matches]);
  if (c.kind === 'exec') {
    const e = c.expect as Record<string, Record<string, unknown> | undefined>;
    const add = (k: string, f: string) => {
      const v = e[k]?.[f];
      if (typeof v === 'string') out.push([['expect', k, f], v]);
    };
    add('emqxStatus', 'nodeName');
    add('emqxClusterStatus', 'nodeNames');
    add('text', 'matches');
  }
  return out;
}

/**
 * Does the step bring this object into being, itself or through a controller? Endpoints come with their
 * Service, StatefulSet pods are <name>-N and their claims <template>-<name>-N.
 */
function declares(objects: ManifestObject[], kind: string, name: string): boolean {
  const has = (k: string, n: string) => objects.some((o) => o.kind === k && o.name === n);
  if (has(kind, name)) return true;
  if (kind === 'Endpoints') return has('Service', name);
  const sets = objects.filter((o) => o.kind === 'StatefulSet');
  if (kind === 'Pod') return sets.some((s) => new RegExp(`^${escape(s.name)}-\\d+$`).test(name));
  if (kind === 'PersistentVolumeClaim') {
    return sets.some((s) =>
      asArray(getIn(s.raw, ['spec', 'volumeClaimTemplates'])).some((t) => {
        const tn = getIn(t, ['metadata', 'name']);
        return typeof tn === 'string' && new RegExp(`^${escape(tn)}-${escape(s.name)}-\\d+$`).test(name);
      }),
    );
  }
  return false;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export function lintLesson(step: Step, objects: ManifestObject[], lang: Lang): LintProblem[] {
  const m = lintMessages[lang];
  const { lesson, source } = step;
  const doc = source.docs[0];
  const out: LintProblem[] = [];
  const at = (path: PropertyKey[], severity: Severity, rule: Rule, message: string) =>
    out.push({ ...problemAt(source, doc, path, message), severity, rule });

  const hintIds = new Set(lesson.hints.map((h) => h.id));
  const checkIds = new Set(lesson.checks.map((c) => c.id));
  const undeclared = (path: PropertyKey[], r: { kind: string; name: string }) => {
    if (!declares(objects, r.kind, r.name)) at(path, 'warning', 'check-ref', m.checkNamesUndeclared(`${r.kind}/${r.name}`));
  };

  const plain = (c: Check | FollowUpCheck, base: PropertyKey[]) => {
    for (const [p, re] of regexFields(c)) {
      const err = regexError(re);
      if (err) at([...base, ...p], 'error', 'regex', m.badRegex(re, err));
    }
    if ((c.kind === 'resource' && !c.absent) || c.kind === 'rollout') undeclared([...base, 'resource'], c.resource);
  };

  lesson.checks.forEach((c, i) => {
    plain(c, ['checks', i]);
    if (c.kind !== 'disruption') return;
    c.then.forEach((f, j) => {
      const base = ['checks', i, 'then', j];
      plain(f, base);
      if (checkIds.has(f.id)) at([...base, 'id'], 'error', 'lesson', m.duplicateCheckId(f.id));
      checkIds.add(f.id);
      f.hints?.forEach((h, k) => {
        if (!hintIds.has(h)) at([...base, 'hints', k], 'error', 'lesson', m.unknownHint(h));
      });
    });
  });

  lesson.mistakes?.forEach((mistake, i) => {
    mistake.changes.forEach((change, j) => {
      if (!change.patch) return;
      const inFile = objects.filter((o) => o.f.path === join(step.manifestDir, change.file));
      if (!lesson.manifests.includes(change.file) || !inFile.length) return; // the loader reports those
      const base = ['mistakes', i, 'changes', j];
      const target = change.target
        ? inFile.find((o) => o.kind === change.target!.kind && o.name === change.target!.name)
        : inFile.length === 1
          ? inFile[0]
          : undefined;
      if (!target) {
        const what = change.target ? `${change.target.kind}/${change.target.name}` : undefined;
        at([...base, change.target ? 'target' : 'file'], 'error', 'mistake', m.mistakeNoTarget(change.file, what));
        return;
      }
      let docValue: unknown = structuredClone(target.raw);
      for (const [k, op] of change.patch.entries()) {
        try {
          docValue = applyPatchOp(docValue, op, lang);
        } catch {
          at([...base, 'patch', k, 'path'], 'error', 'mistake', m.mistakePatchFails(op.op, op.path, change.file));
          return;
        }
      }
    });
  });

  for (const l of LANGS) {
    const text = step.text[l];
    if (text !== undefined && !text.trim()) {
      out.push({ file: displayPath(join(step.dir, `${l}.md`)), line: 1, col: 1, severity: 'error', rule: 'text', message: m.emptyText(l) });
    }
  }
  return out;
}

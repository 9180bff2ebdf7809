/**
 * The shipped course (and the fixture course, which stands in for it while the content is written): it lints
 * clean, its steps are the nine in order, every text exists in both languages, and every manifest renders for
 * any valid namespace into objects that pass the Kubernetes schemas with no unknown field.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments, stringify } from 'yaml';
import { loadCourse, type Course } from '../../src/course/load.js';
import {
  applyPatchOp,
  isValidNamespace,
  LAB_LABEL_KEY,
  LAB_LABEL_VALUE,
  renderStep,
  toYamlStream,
  type KubeObject,
} from '../../src/course/render.js';
import { LANGS } from '../../src/i18n/lang.js';
import { loadModel } from '../../src/lint/kube-models.js';
import { validateObject } from '../../src/lint/kube-validate.js';
import { lintManifests } from '../../src/lint/manifests.js';
import { lintPaths } from '../../src/lint/run.js';
import { packageRoot } from '../../src/util/paths.js';

const SHIPPED = packageRoot();
const FIXTURE = 'test/fixtures/lint/course';
const NAMESPACES = ['emqx-lab', 'team-a', 'a', 'learner-07', '0x', 'n'.repeat(63)];
const CLUSTER_SCOPED = new Set(['Namespace', 'StorageClass', 'ClusterRole', 'ClusterRoleBinding', 'PersistentVolume']);

/** Every string in a value, with the EMQX namespace settings found on the way. */
function walk(value: unknown, visit: (s: string, key: string) => void, key = ''): void {
  if (typeof value === 'string') visit(value, key);
  else if (Array.isArray(value)) value.forEach((v) => walk(v, visit, key));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) walk(v, visit, k);
}

function envValues(o: KubeObject, name: string): string[] {
  const out: string[] = [];
  if (o.kind === 'ConfigMap') {
    const v = (o.data as Record<string, string> | undefined)?.[name];
    if (v !== undefined) out.push(v);
  }
  const json = JSON.stringify(o);
  for (const m of json.matchAll(new RegExp(`"name":"${name}","value":"([^"]*)"`, 'g'))) out.push(m[1]);
  return out;
}

/** `strict`: every problem counts, including a stale editor schema (the fixture course leaves that to the shipped one). */
function courseSuite(label: string, root: string, strict: boolean) {
  describe(label, () => {
    let loaded: { course: Course; problems: unknown[] } | undefined;
    const course = () => (loaded ??= loadCourse(root, 'en')).course;

    it('lints clean: no errors, no warnings', async () => {
      const { problems } = await lintPaths([root], { lang: 'en', cwd: process.cwd() });
      expect(problems.filter((p) => strict || p.rule !== 'modeline').map((p) => `${p.file}:${p.line}:${p.col} ${p.message}`)).toEqual([]);
    });

    it('has every text in both languages', () => {
      expect(course().steps.length).toBeGreaterThan(0);
      for (const s of course().steps) {
        for (const lang of LANGS) {
          expect(s.text[lang]?.trim(), `${s.id} ${lang}.md`).toBeTruthy();
          expect(s.lesson.title[lang], `${s.id} title`).toBeTruthy();
        }
        if (s.text.zh) expect(s.text.zh, `${s.id} zh.md is Chinese`).toMatch(/[\u4e00-\u9fff]/);
      }
    });

    it.each(NAMESPACES)('renders every step for namespace %s into valid objects', async (ns) => {
      expect(isValidNamespace(ns)).toBe(true);
      for (const step of course().steps) {
        const rendered = renderStep(step, ns, 'en');
        expect(rendered.map((r) => r.file)).toEqual(step.lesson.manifests);
        expect(toYamlStream(rendered)).not.toContain('${');
        for (const o of rendered.flatMap((r) => r.objects)) {
          const where = `${step.id}: ${o.kind}/${o.metadata.name}`;
          const model = await loadModel(o.apiVersion, o.kind);
          expect(model, where).toBeDefined();
          const { errors, unknown } = validateObject(model!, o);
          expect(errors, where).toEqual([]);
          expect(unknown, where).toEqual([]);
          expect(o.metadata.labels?.[LAB_LABEL_KEY], where).toBe(LAB_LABEL_VALUE);
          expect(o.metadata.namespace, where).toBe(CLUSTER_SCOPED.has(o.kind) ? undefined : ns);
          if (o.kind === 'RoleBinding') {
            for (const s of o.subjects as { kind: string; namespace?: string }[]) {
              if (s.kind === 'ServiceAccount') expect(s.namespace, where).toBe(ns);
            }
          }
          for (const v of envValues(o, 'EMQX_CLUSTER__K8S__NAMESPACE')) expect(v, where).toBe(ns);
          walk(o, (s) => expect(s, where).not.toMatch(/\$\{[A-Z_]+\}/));
        }
      }
    });

    it('renders every mistake a lesson declares', () => {
      for (const step of course().steps) {
        for (const mistake of step.lesson.mistakes ?? []) {
          expect(() => renderStep(step, 'team-a', 'en', mistake), `${step.id}/${mistake.id}`).not.toThrow();
        }
      }
    });
  });
}

courseSuite('the fixture course', FIXTURE, false);
courseSuite('the shipped course', SHIPPED, true);

describe('the shipped course: order', () => {
  it('unlocks in the order 1..9: bare-pod, deployment, service, scale, env-config, rbac, configmap, statefulset, pvc', () => {
    const { course } = loadCourse(SHIPPED, 'en');
    expect(course.steps.map((s) => [s.number, s.id])).toEqual(
      ['bare-pod', 'deployment', 'service', 'scale', 'env-config', 'rbac', 'configmap', 'statefulset', 'pvc'].map((id, i) => [i + 1, id]),
    );
  });
});

/** Diagnoses only a cluster can show (a StorageClass that does not exist there): no file reveals them. */
const CLUSTER_ONLY = new Set(['storage-class-not-found']);

/** Make each declared mistake in a copy of the step's manifest files, and lint that copy as the step. */
async function lintMistakes(root: string): Promise<{ step: string; mistake: string; diagnosis: string; problems: number }[]> {
  const { course } = loadCourse(root, 'en');
  const out = [];
  for (const step of course.steps) {
    for (const mistake of step.lesson.mistakes ?? []) {
      const dir = mkdtempSync(join(tmpdir(), 'emqx-lab-mistake-'));
      const paths: string[] = [];
      for (const m of step.manifests) {
        const changes = mistake.changes.filter((c) => c.file === m.name);
        if (changes.some((c) => c.omit)) continue;
        const objects = parseAllDocuments(m.text).map((d) => d.toJS() as Record<string, any>).filter(Boolean);
        for (const c of changes) {
          const i = c.target ? objects.findIndex((o) => o.kind === c.target!.kind && o.metadata?.name === c.target!.name) : 0;
          for (const op of c.patch ?? []) objects[i] = applyPatchOp(objects[i], op, 'en') as Record<string, any>;
        }
        paths.push(join(dir, m.name));
        writeFileSync(paths[paths.length - 1], objects.map((o) => stringify(o)).join('---\n'));
      }
      const { problems } = await lintManifests(paths, { lang: 'en', course: true });
      rmSync(dir, { recursive: true, force: true });
      out.push({ step: step.id, mistake: mistake.id, diagnosis: mistake.expect.diagnosis, problems: problems.length });
    }
  }
  return out;
}

describe.each([
  ['the fixture course', FIXTURE],
  ['the shipped course', SHIPPED],
])('%s: lint sees the mistakes its lessons teach', (_label, root) => {
  it('flags every mistake a file can show (all but the ones only a cluster reveals)', async () => {
    const results = await lintMistakes(root);
    expect(results.length).toBeGreaterThan(0);
    const unseen = results.filter((r) => r.problems === 0 && !CLUSTER_ONLY.has(r.diagnosis));
    expect(unseen.map((r) => `${r.step}/${r.mistake} (${r.diagnosis})`)).toEqual([]);
  });
});

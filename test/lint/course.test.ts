/**
 * The shipped course (and the fixture course, which stands in for it while the content is written): it lints
 * clean, its steps are the nine in order, every text exists in both languages, and every manifest renders for
 * any valid namespace into objects that pass the Kubernetes schemas with no unknown field.
 */
import { describe, expect, it } from 'vitest';
import { loadCourse, type Course } from '../../src/course/load.js';
import { isValidNamespace, LAB_LABEL_KEY, LAB_LABEL_VALUE, renderStep, toYamlStream, type KubeObject } from '../../src/course/render.js';
import { LANGS } from '../../src/i18n/lang.js';
import { loadModel } from '../../src/lint/kube-models.js';
import { validateObject } from '../../src/lint/kube-validate.js';
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
        const rendered = renderStep(step, ns);
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
          expect(() => renderStep(step, 'team-a', mistake), `${step.id}/${mistake.id}`).not.toThrow();
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

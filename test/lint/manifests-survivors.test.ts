/**
 * lintManifests on small manifests, one behaviour per case: the whole finding list (line:col, rule, message)
 * and the objects it collected, so a wrong position, rule, message or a missing/extra finding all fail.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Lang } from '../../src/i18n/lang.js';
import { lintManifests } from '../../src/lint/manifests.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'emqx-lab-lint-manifests-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function lint(text: string, course = false, lang: Lang = 'en'): Promise<{ problems: string[]; objects: string[] }> {
  const p = join(dir, 'm.yaml');
  writeFileSync(p, text);
  const r = await lintManifests([p], { lang, course });
  return {
    problems: r.problems.map((x) => `${x.line}:${x.col} ${x.severity} ${x.rule} ${x.message}`),
    objects: r.objects.map((o) => `${o.kind}/${o.name}`),
  };
}

const LAB = 'every course object carries the lab label app.kubernetes.io/part-of: emqx-lab (reset and prune touch nothing without it)';
const LABELS = `  labels:\n    app.kubernetes.io/part-of: emqx-lab\n`;

describe('type meta: missing kind or apiVersion, unknown kinds and versions', () => {
  it('an object without kind is reported and not collected', async () => {
    expect(await lint(`apiVersion: v1\nmetadata:\n  name: a\n`)).toEqual({
      problems: ['1:1 error kube-kind a Kubernetes object needs kind'],
      objects: [],
    });
  });

  it('an object without apiVersion names apiVersion, and is still collected under its kind', async () => {
    expect(await lint(`kind: ConfigMap\nmetadata:\n  name: a\n`)).toEqual({
      problems: ['1:1 error kube-kind a Kubernetes object needs apiVersion'],
      objects: ['ConfigMap/a'],
    });
  });

  it('a kind without a name is collected with an empty name', async () => {
    expect(await lint(`apiVersion: v1\nkind: ConfigMap\nmetadata:\n  generateName: c-\n`)).toEqual({ problems: [], objects: ['ConfigMap/'] });
  });

  it('a scalar or a list document is not an object', async () => {
    const msg = '1:1 error kube-kind a manifest document must be a Kubernetes object (a mapping with apiVersion and kind)';
    expect(await lint('just a string\n')).toEqual({ problems: [msg], objects: [] });
    expect(await lint('- a\n- b\n')).toEqual({ problems: [msg], objects: [] });
  });

  it('an unknown apiVersion and a removed one point at the apiVersion key, wherever it is', async () => {
    const text = `metadata:\n  name: a\napiVersion: apps/v2\nkind: Deployment\n---\nmetadata:\n  name: b\napiVersion: extensions/v1beta1\nkind: Deployment\n`;
    expect(await lint(text)).toEqual({
      problems: [
        '3:1 error kube-kind unknown apiVersion "apps/v2" for kind Deployment: use apps/v1',
        '8:1 error kube-kind apiVersion extensions/v1beta1 is no longer served (removed in Kubernetes 1.22): use apps/v1 for Deployment',
      ],
      objects: ['Deployment/a', 'Deployment/b'],
    });
  });

  it('a misspelt kind is guessed, with its apiVersion when it lives elsewhere; nothing close, no guess', async () => {
    expect((await lint(`apiVersion: v1\nkind: Deploymnet\nmetadata:\n  name: a\n`)).problems).toEqual([
      '2:1 error kube-kind unknown kind "Deploymnet" in v1 (did you mean Deployment in apps/v1?)',
    ]);
    expect((await lint(`apiVersion: apps/v1\nkind: Deploymnet\nmetadata:\n  name: a\n`)).problems).toEqual([
      '2:1 error kube-kind unknown kind "Deploymnet" in apps/v1 (did you mean Deployment?)',
    ]);
    expect((await lint(`apiVersion: v1\nkind: Zzzzzzzzzzzzzzzzzz\nmetadata:\n  name: a\n`)).problems).toEqual([
      '2:1 error kube-kind unknown kind "Zzzzzzzzzzzzzzzzzz" in v1',
    ]);
  });
});

describe('schema messages', () => {
  it('null, array and number values, and an enum, each worded for what was found', async () => {
    const text = `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers: null\n  hostname: [a]\n  restartPolicy: Sometimes\n  nodeSelector: {a: 1}\n`;
    expect((await lint(text)).problems).toEqual([
      '6:3 error kube-schema spec.containers: expected array, got null',
      '7:3 error kube-schema spec.hostname: expected string, got array',
      '9:18 error kube-schema spec.nodeSelector.a: expected string, got number',
      '8:3 error kube-schema spec.restartPolicy: "Sometimes" is not one of Always, Never, OnFailure',
    ]);
    expect((await lint(text, false, 'zh')).problems).toEqual([
      '6:3 error kube-schema spec.containers：应为 array，实际为 null',
      '7:3 error kube-schema spec.hostname：应为 string，实际为 array',
      '9:18 error kube-schema spec.nodeSelector.a：应为 string，实际为 number',
      '8:3 error kube-schema spec.restartPolicy："Sometimes" 不在可选值 Always, Never, OnFailure 之中',
    ]);
  });

  it('an int-or-string of the wrong type names both types', async () => {
    const text = `apiVersion: v1\nkind: Service\nmetadata:\n  name: s\nspec:\n  ports:\n    - port: 80\n      targetPort: [1]\n`;
    expect((await lint(text)).problems).toEqual(['8:7 error kube-schema spec.ports[0].targetPort: expected string | integer, got object']);
  });

  it('the API server rule (Service needs ports) runs only when the schema found nothing', async () => {
    const bad = `apiVersion: v1\nkind: Service\nmetadata:\n  name: s\n  labels:\n    num: 5\n`;
    expect((await lint(bad)).problems).toEqual(['6:5 error kube-schema metadata.labels.num: expected string, got number']);
    const good = `apiVersion: v1\nkind: Service\nmetadata:\n  name: s\n`;
    expect((await lint(good)).problems).toEqual(['1:1 error kube-schema missing required field spec.ports']);
  });
});

describe('placeholders', () => {
  it('${NAMESPACE} is rendered before names are checked; unknown ones are reported, in lists too', async () => {
    const text = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: \${NAMESPACE}-conf\n  labels:\n    lab: \${NAMESPACE}\ndata:\n  a: "\${NAMSPACE}"\n  b: "x"\n`;
    expect((await lint(text)).problems).toEqual([
      '8:3 error placeholder unknown placeholder ${NAMSPACE} (did you mean ${NAMESPACE}?): only ${NAMESPACE} is filled in',
    ]);
    const pod = `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: c\n      image: x\n      args: ["ok", "\${NAMESPACE}", "\${FOO}"]\n`;
    expect((await lint(pod)).problems).toEqual(['9:36 error placeholder unknown placeholder ${FOO}: only ${NAMESPACE} is filled in']);
  });
});

describe('names and labels the API server refuses', () => {
  it('metadata.name is required unless generateName is given', async () => {
    const text = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  generateName: c-\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  labels: {a: b}\n`;
    expect((await lint(text)).problems).toEqual(['8:1 error kube-name missing required field metadata.name']);
  });

  it('Service and Namespace names are DNS-1035 labels of at most 63; others DNS-1123 subdomains of at most 253', async () => {
    const doc = (kind: string, name: string) => `apiVersion: v1\nkind: ${kind}\nmetadata:\n  name: ${name}\nspec:\n  ports: [{port: 80}]\n`;
    const cm = (name: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n`;
    const text = [doc('Service', 'a'.repeat(63)), doc('Service', 'a'.repeat(64)), cm('a'.repeat(253)), cm('a'.repeat(254)), cm('a.b'), doc('Service', 'a.b')].join('---\n');
    const label = 'is not valid here: lowercase letters, digits and "-", starting with a letter, at most 63 characters';
    const sub = 'is not valid: lowercase letters, digits, "-" and ".", starting and ending with a letter or digit';
    expect((await lint(text)).problems).toEqual([
      `11:3 error kube-name name "${'a'.repeat(64)}" ${label}`,
      `23:3 error kube-name name "${'a'.repeat(254)}" ${sub}`,
      `33:3 error kube-name name "a.b" ${label}`,
    ]);
    const ns = `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: a.b\n`;
    expect((await lint(ns)).problems).toEqual([`4:3 error kube-name name "a.b" ${label}`]);
  });

  it('label keys and values: lengths at the limits, prefixes, empty and non-string values', async () => {
    const text = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: l\n  labels:\n    ${'k'.repeat(63)}: ok\n    ${'k'.repeat(64)}: ok\n    ${'p'.repeat(253)}/x: ok\n    ${'p'.repeat(254)}/y: ok\n    Bad_Prefix/z: ok\n    v63: ${'v'.repeat(63)}\n    v64: ${'v'.repeat(64)}\n    empty: ""\n    num: 5\n    bad: "-x"\n`;
    const key = 'is not valid: [prefix/]name, the name at most 63 letters, digits, "-", "_", "."';
    const value = 'is not valid: at most 63 letters, digits, "-", "_", ".", starting and ending with a letter or digit';
    expect((await lint(text)).problems).toEqual([
      '14:5 error kube-schema metadata.labels.num: expected string, got number',
      `7:5 error kube-name label key "${'k'.repeat(64)}" ${key}`,
      `9:5 error kube-name label key "${'p'.repeat(254)}/y" ${key}`,
      `10:5 error kube-name label key "Bad_Prefix/z" ${key}`,
      `12:5 error kube-name label v64: value "${'v'.repeat(64)}" ${value}`,
      `15:5 error kube-name label bad: value "-x" ${value}`,
    ]);
  });
});

describe('course rules', () => {
  it('a wrong lab label value and a namespace are reported only for course manifests', async () => {
    const text = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: w\n  namespace: default\n  labels:\n    app.kubernetes.io/part-of: other\n`;
    expect((await lint(text)).problems).toEqual([]);
    expect((await lint(text, true)).problems).toEqual([
      `7:5 error lab-label ${LAB}`,
      "5:3 error lab-namespace course manifests carry no metadata.namespace: the lab fills in the learner's namespace when it renders them",
    ]);
  });

  it('cluster DNS names with a namespace written out, except kubernetes.default.svc', async () => {
    const text = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: d\n${LABELS}data:\n  a: "https://kubernetes.default.svc:443"\n  b: "kubernetes.other.svc"\n  c: "emqx.default.svc"\n  d: "emqx-headless.lab1.svc.cluster.local"\n`;
    const hard = (f: string, ns: string) => `${f} hard-codes the namespace "${ns}": write \${NAMESPACE} so the manifest works in any namespace`;
    expect((await lint(text)).problems).toEqual([]);
    expect((await lint(text, true)).problems).toEqual([
      `9:3 error lab-namespace ${hard('data.b', 'other')}`,
      `10:3 error lab-namespace ${hard('data.c', 'default')}`,
      `11:3 error lab-namespace ${hard('data.d', 'lab1')}`,
    ]);
  });

  it('RoleBinding and ClusterRoleBinding subjects with a namespace written out; other kinds are not read', async () => {
    const text = `apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata:\n  name: rb\n${LABELS}roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: r}\nsubjects:\n  - {kind: ServiceAccount, name: sa, namespace: lab1}\n  - {kind: ServiceAccount, name: sa, namespace: "\${NAMESPACE}"}\n---\napiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata:\n  name: crb\n${LABELS}roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: r}\nsubjects:\n  - {kind: ServiceAccount, name: sa, namespace: lab2}\n---\napiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: sa2\n${LABELS}subjects:\n  - {kind: ServiceAccount, name: sa, namespace: lab3}\n`;
    const hard = (ns: string) => `subjects[].namespace hard-codes the namespace "${ns}": write \${NAMESPACE} so the manifest works in any namespace`;
    expect((await lint(text, true)).problems).toEqual([
      `9:38 error lab-namespace ${hard('lab1')}`,
      `20:38 error lab-namespace ${hard('lab2')}`,
      '28:1 error kube-field unknown field subjects',
      '7:60 error ref-rbac Role "r" is not defined in these files',
      '9:28 error ref-rbac ServiceAccount "sa" is not defined in these files (did you mean sa2?)',
      '10:28 error ref-rbac ServiceAccount "sa" is not defined in these files (did you mean sa2?)',
    ]);
  });
});

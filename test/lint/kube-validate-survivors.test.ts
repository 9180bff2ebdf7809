/**
 * Schema validation as lint reports it: int-or-string and quantity unions, several required children of one
 * object, unknown fields below keys holding "/" and "~", free-form objects, and guesses for misspelt fields.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { lintManifests } from '../../src/lint/manifests.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'emqx-lab-lint-validate-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function lint(text: string): Promise<string[]> {
  const p = join(dir, 'm.yaml');
  writeFileSync(p, text);
  const r = await lintManifests([p], { lang: 'en', course: false });
  return r.problems.map((x) => `${x.line}:${x.col} ${x.severity} ${x.rule} ${x.message}`);
}

describe('schema errors, one per place', () => {
  it('quantities: a wrong type names the union, a string that is no quantity says so', async () => {
    const text = `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: c\n      image: x\n      resources:\n        limits:\n          cpu: [1]\n          memory: abc\n        requests: {cpu: true}\n`;
    expect(await lint(text)).toEqual([
      '11:11 error kube-schema spec.containers[0].resources.limits.cpu: expected number | string, got object',
      '12:11 error kube-schema spec.containers[0].resources.limits.memory: "abc" is not a quantity (such as 256Mi, 1Gi, 500m or 2)',
      '13:20 error kube-schema spec.containers[0].resources.requests.cpu: expected number | string, got boolean',
    ]);
  });

  it('every missing required child of one object is kept', async () => {
    const text = `apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata:\n  name: rb\nroleRef: {}\n`;
    expect(await lint(text)).toEqual([
      '5:1 error kube-schema missing required field roleRef.apiGroup',
      '5:1 error kube-schema missing required field roleRef.kind',
      '5:1 error kube-schema missing required field roleRef.name',
    ]);
  });

  it('a format error and a type error in sibling fields', async () => {
    const text = `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: c\n      image: x\n      ports:\n        - containerPort: 99999999999\n          protocol: 5\n`;
    expect(await lint(text)).toEqual([
      '10:11 error kube-schema spec.containers[0].ports[0].containerPort: not a valid int32',
      '11:11 error kube-schema spec.containers[0].ports[0].protocol: expected string, got number',
    ]);
  });

  it('a required child missing inside a list item, next to misspelt fields with guesses', async () => {
    const text = `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  lables: {a: b}\nspec:\n  containers:\n    - name: c\n      imag: x\n      ports:\n        - {}\n  securityContext: {}\n  affinity: {nodeAffinity: {}}\n`;
    expect(await lint(text)).toEqual([
      '11:11 error kube-schema missing required field spec.containers[0].ports[0].containerPort',
      '5:3 error kube-field unknown field metadata.lables (did you mean labels?)',
      '9:7 error kube-field unknown field spec.containers[0].imag (did you mean image?)',
    ]);
  });
});

describe('unknown fields', () => {
  it('at the root: no guess from the validator internals', async () => {
    const text = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ntoJSO: 1\nconstructr: 2\ndata:\n  a: b\n`;
    expect(await lint(text)).toEqual([
      '5:1 error kube-field unknown field toJSO',
      '6:1 error kube-field unknown field constructr',
    ]);
  });

  it('lists of any JSON inside a schema are not fields', async () => {
    const text = `apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n  name: a.b.c\nspec:\n  group: b.c\n  names: {kind: A, plural: a}\n  scope: Namespaced\n  versions:\n    - name: v1\n      served: true\n      storage: true\n      schema:\n        openAPIV3Schema:\n          type: object\n          required: [a]\n          properties:\n            a: {type: string, enum: [x, {y: 1}], default: [1, {z: 2}], example: {k: [1]}}\n`;
    expect(await lint(text)).toEqual([]);
  });

  it('are found below map keys holding "/" and "~"; free-form values are not read; no guess from internals', async () => {
    const text = `apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n  name: a.b.c\n  toJSO: 1\n  constructr: 2\nspec:\n  group: b.c\n  names: {kind: A, plural: a}\n  scope: Namespaced\n  versions:\n    - name: v1\n      served: true\n      storage: true\n      schema:\n        openAPIV3Schema:\n          type: object\n          properties:\n            "a/b~c": {tpye: string, default: {foo: 1}}\n`;
    expect(await lint(text)).toEqual([
      '5:3 error kube-field unknown field metadata.toJSO',
      '6:3 error kube-field unknown field metadata.constructr',
      '19:23 error kube-field unknown field spec.versions[0].schema.openAPIV3Schema.properties.a/b~c.tpye (did you mean type?)',
    ]);
  });
});

/**
 * Small engine parts: the self-test's JUnit XML for every phase, what solve and reset ask of RBAC, the
 * immutable-object parser, reset's tolerance of a record it cannot write, and the claims the self-test prunes.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCourse } from '../../src/course/load.js';
import type { EngineDeps } from '../../src/engine/deps.js';
import { junitXml } from '../../src/engine/junit.js';
import { strayClaims } from '../../src/engine/prune.js';
import { resetNeeds, resetStep } from '../../src/engine/reset.js';
import { immutableObject, solveNeeds } from '../../src/engine/solve.js';
import { apiNames } from '../../src/kube/needs.js';
import { KubeError } from '../../src/kube/result.js';
import { fakeClock } from '../fixtures/engine/fake-kube.js';
import { miniCluster } from '../fixtures/engine/mini-cluster.js';

const { course } = loadCourse(join(import.meta.dirname, '..', 'fixtures', 'engine', 'course'));
const [first] = course.steps;

function deps(kube: EngineDeps['kube']): EngineDeps {
  const clock = fakeClock(Date.parse('2026-03-01T10:00:00Z'));
  return { kube, course, namespace: 'lab', progressKey: 'kind-test', lang: 'en', home: mkdtempSync(join(tmpdir(), 'emqx-lab-home-')), now: clock.now, sleep: clock.sleep, signal: new AbortController().signal };
}

describe('the self-test as JUnit XML', () => {
  it('skipped phases, a failed mistake with its reason, a passed one, the restore; escaped text', () => {
    const xml = junitXml({
      passed: false,
      steps: [
        {
          step: 'a<b',
          failFirst: 'skip',
          solve: 'pass',
          verify: 'skip',
          durationMs: 1500,
          reasons: ['x "quoted" & <tag>\u0001'],
          mistakes: [
            { id: 'good', passed: true, expected: 'd', diagnoses: ['d'], verifyFailed: true, durationMs: 250 },
            { id: 'bad', passed: false, expected: 'd', diagnoses: [], verifyFailed: false, reason: 'verify passed', durationMs: 2000 },
            { id: 'silent', passed: false, expected: 'd', diagnoses: [], verifyFailed: true, durationMs: 0 },
          ],
          restore: 'fail',
        },
      ],
    });
    expect(xml).toBe(
      [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<testsuites name="emqx-lab" tests="7">',
        '  <testsuite name="a&lt;b" tests="7" failures="3" skipped="2" time="1.500">',
        '    <testcase classname="a&lt;b" name="failFirst" time="0.000"><skipped/></testcase>',
        '    <testcase classname="a&lt;b" name="solve" time="0.000"/>',
        '    <testcase classname="a&lt;b" name="verify" time="1.500"><skipped/></testcase>',
        '    <testcase classname="a&lt;b" name="mistake:good" time="0.250"/>',
        '    <testcase classname="a&lt;b" name="mistake:bad" time="2.000"><failure message="verify passed"/></testcase>',
        '    <testcase classname="a&lt;b" name="mistake:silent" time="0.000"><failure message="failed"/></testcase>',
        '    <testcase classname="a&lt;b" name="restore" time="0.000"><failure message="x &quot;quoted&quot; &amp; &lt;tag&gt;"/></testcase>',
        '  </testsuite>',
        '</testsuites>',
        '',
      ].join('\n'),
    );
  });
});

describe('what solve and reset need', () => {
  const api = apiNames();
  it('solve: get and delete of solve.before kinds, list and delete of the kinds, the namespace, apply', () => {
    expect(solveNeeds(course, ['Pod', 'Role'], 'lab', api)).toEqual([
      { apiGroup: 'apps', resource: 'deployments', verbs: ['get'] },
      { apiGroup: 'apps', resource: 'deployments', verbs: ['get', 'list', 'watch', 'delete'] },
      { apiGroup: '', resource: 'pods', verbs: ['list'] },
      { apiGroup: 'rbac.authorization.k8s.io', resource: 'roles', verbs: ['list'] },
      { apiGroup: '', resource: 'pods', verbs: ['get', 'list', 'watch', 'delete'] },
      { apiGroup: 'rbac.authorization.k8s.io', resource: 'roles', verbs: ['get', 'list', 'watch', 'delete'] },
      { apiGroup: '', resource: 'namespaces', verbs: ['get'], resourceNames: ['lab'] },
      { apiGroup: '', resource: 'pods', verbs: ['get', 'create', 'patch'] },
      { apiGroup: 'rbac.authorization.k8s.io', resource: 'roles', verbs: ['get', 'create', 'patch'] },
    ]);
  });

  it('reset: list and delete of the kinds, the record, and removal of every lab object', () => {
    expect(resetNeeds(['Pod'], api)).toEqual([
      { apiGroup: '', resource: 'pods', verbs: ['list'] },
      { apiGroup: '', resource: 'pods', verbs: ['get', 'list', 'watch', 'delete'] },
      { apiGroup: '', resource: 'configmaps', verbs: ['get', 'create', 'patch'] },
      { apiGroup: '', resource: 'pods', verbs: ['get', 'list', 'watch', 'delete'] },
      { apiGroup: '', resource: 'persistentvolumeclaims', verbs: ['get', 'list', 'watch', 'delete'] },
      { apiGroup: '', resource: 'configmaps', verbs: ['get', 'list', 'watch', 'delete'] },
    ]);
  });

  it('an apply error that names no invalid object is not an immutable field', () => {
    expect(immutableObject('error: unable to recognize "STDIN": no matches for kind "Role"')).toBeUndefined();
    expect(immutableObject('The Service "emqx-headless" is invalid: spec.clusterIP: Invalid value')).toEqual({ kind: 'Service', name: 'emqx-headless' });
  });
});

describe('reset of a step when the record cannot be written', () => {
  it('still deletes and returns kubectl\'s lines when kubectl refuses the record', async () => {
    const kube = miniCluster({ namespaceExists: true });
    await kube.apply('apiVersion: v1\nkind: Pod\nmetadata:\n  name: emqx\n  labels: {app.kubernetes.io/part-of: emqx-lab, app.kubernetes.io/name: emqx}\nspec:\n  containers: [{name: emqx, image: "emqx/emqx:5.8.9"}]\n');
    kube.apply = (async () => Promise.reject(new KubeError('notFound', 'namespaces "lab" not found', []))) as never;
    expect(await resetStep(deps(kube), first)).toEqual(['pod "emqx" deleted']);
    expect(kube.objects.size).toBe(0);
  });

  it('throws a failure that is not kubectl\'s', async () => {
    const kube = miniCluster({ namespaceExists: true });
    kube.apply = (async () => Promise.reject(new Error('bug'))) as never;
    await expect(resetStep(deps(kube), first)).rejects.toThrow('bug');
  });
});

describe('claims the self-test prunes', () => {
  const pvc = (name: string) => ({ kind: 'PersistentVolumeClaim', metadata: { name } });
  it('keeps only <template>-<statefulset>-<ordinal> of the StatefulSets given; a set without spec or a Deployment keeps nothing', () => {
    const sets = [
      { kind: 'StatefulSet', metadata: { name: 'emqx' }, spec: { volumeClaimTemplates: [{ metadata: { name: 'data' } }, {}] } },
      { kind: 'StatefulSet', metadata: { name: 'bare' } },
      { kind: 'Deployment', metadata: { name: 'web' }, spec: { volumeClaimTemplates: [{ metadata: { name: 'x' } }] } },
    ];
    expect(strayClaims([pvc('data-emqx-0'), pvc('data-emqx-x'), pvc('x-web-0'), pvc('data-bare-0')], sets)).toEqual([
      { kind: 'PersistentVolumeClaim', name: 'data-emqx-x' },
      { kind: 'PersistentVolumeClaim', name: 'x-web-0' },
      { kind: 'PersistentVolumeClaim', name: 'data-bare-0' },
    ]);
  });
});

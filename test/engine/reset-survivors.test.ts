/** Reset of a step removes exactly the step's declared objects that carry the lab label. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCourse } from '../../src/course/load.js';
import type { EngineDeps } from '../../src/engine/deps.js';
import { resetStep } from '../../src/engine/reset.js';
import type { LiveObject } from '../../src/kube/objects.js';
import { fakeClock, pod } from '../fixtures/engine/fake-kube.js';
import { miniCluster } from '../fixtures/engine/mini-cluster.js';

const { course } = loadCourse(join(import.meta.dirname, '..', 'fixtures', 'engine', 'course'));
const [first] = course.steps;

function deps(kube: EngineDeps['kube']): EngineDeps {
  const clock = fakeClock(Date.parse('2026-03-01T10:00:00Z'));
  return { kube, course, namespace: 'lab', progressKey: 'kind-test', lang: 'en', home: mkdtempSync(join(tmpdir(), 'emqx-lab-home-')), now: clock.now, sleep: clock.sleep, signal: new AbortController().signal };
}
const labelled = (name: string, labels: Record<string, string>): LiveObject => ({ ...pod(name), metadata: { ...pod(name).metadata, labels } });
const LAB = { 'app.kubernetes.io/part-of': 'emqx-lab' };

describe('resetStep', () => {
  it('leaves a lab object the step does not declare', async () => {
    const kube = miniCluster({ namespaceExists: true });
    kube.objects.set('Pod/emqx', labelled('emqx', LAB));
    kube.objects.set('Pod/other', labelled('other', LAB));
    expect(await resetStep(deps(kube), first)).toEqual(['pod "emqx" deleted']);
    expect([...kube.objects.keys()]).toEqual(['Pod/other', 'ConfigMap/emqx-lab-progress']);
  });

  it('leaves an object of the declared name that is not the lab\'s', async () => {
    const kube = miniCluster({ namespaceExists: true });
    kube.objects.set('Pod/emqx', labelled('emqx', { app: 'theirs' }));
    expect(await resetStep(deps(kube), first)).toEqual([]);
    expect(kube.objects.has('Pod/emqx')).toBe(true);
  });
});

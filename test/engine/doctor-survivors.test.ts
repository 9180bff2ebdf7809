/**
 * Doctor details: how an image name on a node is compared (only a leading docker.io/ or library/ is the
 * default registry), and the images item naming several images.
 */
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCourse } from '../../src/course/load.js';
import { neededPermissions, permissionsItem } from '../../src/engine/doctor-permissions.js';
import { imageOnNode, runDoctor } from '../../src/engine/doctor.js';
import { questionText } from '../../src/kube/permissions.js';
import type { RunResult } from '../../src/kube/result.js';
import { fakeKube } from '../fixtures/engine/fake-kube.js';

const FIXTURE = join(import.meta.dirname, '..', 'fixtures', 'engine', 'course');
const ADMIN = 'Resources   Non-Resource URLs   Resource Names   Verbs\n*.*         []                  []               [*]\n';
const ran = (args: string[], stdout: string): RunResult => ({ args, exitCode: 0, stdout, stderr: '', timedOut: false, canceled: false, missing: false });

describe('imageOnNode', () => {
  it('drops docker.io/ and library/ only at the start of a name', () => {
    expect(imageOnNode('emqx/emqx:5.8.9', ['docker.io/emqx/emqx:5.8.9'])).toBe(true);
    expect(imageOnNode('busybox:1.36', ['docker.io/library/busybox:1.36'])).toBe(true);
    // A mirror's path that contains docker.io/ or library/ is another image.
    expect(imageOnNode('mirror.local/docker.io/emqx/emqx:5.8.9', ['mirror.local/emqx/emqx:5.8.9'])).toBe(false);
    expect(imageOnNode('mirror.local/library/busybox:1.36', ['mirror.local/busybox:1.36'])).toBe(false);
  });
});

describe('the images item', () => {
  /** The fixture course with a second step running three images. */
  function threeImages() {
    const root = mkdtempSync(join(tmpdir(), 'emqx-lab-images-'));
    cpSync(FIXTURE, root, { recursive: true });
    writeFileSync(
      join(root, 'manifests', '02-second', 'deployment.yaml'),
      [
        'apiVersion: apps/v1',
        'kind: Deployment',
        'metadata: { name: emqx, labels: { app.kubernetes.io/part-of: emqx-lab } }',
        'spec:',
        '  replicas: 1',
        '  selector: { matchLabels: { app.kubernetes.io/name: emqx } }',
        '  template:',
        '    metadata: { labels: { app.kubernetes.io/name: emqx } }',
        '    spec:',
        '      initContainers: [{ name: init, image: "busybox:1.36" }]',
        '      containers:',
        '        - { name: emqx, image: "emqx/emqx:5.8.9" }',
        '        - { name: side, image: "nginx:1.27" }',
        '',
      ].join('\n'),
    );
    const { course, problems } = loadCourse(root);
    expect(problems).toEqual([]);
    return course;
  }

  const cluster = (images: string[]) =>
    fakeKube({
      clientVersion: async () => 'v1.32.2',
      currentContext: async () => 'kind-lab',
      clusterInfo: async () => ({ server: 'https://127.0.0.1:40123' }),
      version: async () => ({ client: 'v1.32.2', server: 'v1.31.4' }),
      get: async () => undefined,
      raw: async (args) => ran(args, ADMIN),
      list: async (kinds) => {
        if (kinds === 'StorageClass') return [];
        if (kinds === 'Node') return [{ apiVersion: 'v1', kind: 'Node', metadata: { name: 'w' }, status: { images: images.map((n) => ({ names: [n] })) } }];
        throw new Error(`unexpected list ${String(kinds)}`);
      },
    }, 'lab');

  it('names every image present, comma-separated', async () => {
    const course = threeImages();
    const r = await runDoctor(cluster(['docker.io/emqx/emqx:5.8.9', 'docker.io/library/busybox:1.36', 'docker.io/library/nginx:1.27']), course, 'en', { kubectlName: 'kubectl' });
    expect(r.items.find((i) => i.id === 'images')).toEqual({ id: 'images', status: 'ok', message: 'emqx/emqx:5.8.9, busybox:1.36, nginx:1.27 present on all 1 node(s)' });
  });

  it('names every image missing, comma-separated', async () => {
    const course = threeImages();
    const r = await runDoctor(cluster(['docker.io/emqx/emqx:5.8.9']), course, 'en', { kubectlName: 'kubectl' });
    expect(r.items.find((i) => i.id === 'images')).toMatchObject({
      id: 'images',
      status: 'warn',
      message: 'busybox:1.36, nginx:1.27 not present on every one of 1 node(s); the first start pulls it (needs internet, takes minutes)',
    });
  });
});

describe('the permissions item', () => {
  it('names every permission refused, comma-separated', async () => {
    const { course } = loadCourse(FIXTURE);
    const needed = neededPermissions(course, 'lab', 'en');
    // No rules listed; the single questions are refused for pods and services only.
    const kube = fakeKube({
      raw: async (args) => ran(args, 'Resources   Non-Resource URLs   Resource Names   Verbs\n'),
      canI: async (_verb, resource) => resource !== 'pods' && resource !== 'services',
    }, 'lab');
    const item = await permissionsItem(kube, course, 'en');
    const denied = needed.filter((q) => q.resource === 'pods' || q.resource === 'services').map(questionText);
    expect(denied.length).toBeGreaterThan(1);
    expect(item).toMatchObject({ id: 'permissions', status: 'fail', message: `not allowed: ${denied.join(', ')}` });
  });
});

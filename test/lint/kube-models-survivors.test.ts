/**
 * Where kubernetes-models says a kind lives (served group-versions first, GA before beta), which names are
 * top-level kinds, and which apiVersion/kind pairs load a model.
 */
import { describe, expect, it } from 'vitest';
import { allKinds, findKind, loadModel } from '../../src/lint/kube-models.js';

describe('findKind', () => {
  it('lists every group-version of a kind, served ones first, GA before beta, any case', () => {
    expect(findKind('deployment')).toEqual({ kind: 'Deployment', apiVersions: ['apps/v1', 'apps/v1beta1', 'apps/v1beta2', 'extensions/v1beta1'] });
    expect(findKind('Ingress')).toEqual({ kind: 'Ingress', apiVersions: ['networking.k8s.io/v1', 'extensions/v1beta1', 'networking.k8s.io/v1beta1'] });
    expect(findKind('NetworkPolicy')).toEqual({ kind: 'NetworkPolicy', apiVersions: ['networking.k8s.io/v1', 'extensions/v1beta1'] });
    expect(findKind('Event')).toEqual({ kind: 'Event', apiVersions: ['events.k8s.io/v1', 'v1', 'events.k8s.io/v1beta1'] });
    expect(findKind('HorizontalPodAutoscaler')).toEqual({
      kind: 'HorizontalPodAutoscaler',
      apiVersions: ['autoscaling/v1', 'autoscaling/v2', 'autoscaling/v2beta1', 'autoscaling/v2beta2'],
    });
    expect(findKind('Pod')).toEqual({ kind: 'Pod', apiVersions: ['v1'] });
  });

  it('finds no list kinds, nested types or partial names', () => {
    expect([findKind('PodList'), findKind('Container'), findKind('Po'), findKind('')]).toEqual([undefined, undefined, undefined, undefined]);
  });
});

describe('allKinds', () => {
  it('holds top-level kinds only', () => {
    const kinds = allKinds();
    expect([kinds.has('Pod'), kinds.has('Deployment'), kinds.has('ConfigMap')]).toEqual([true, true, true]);
    expect([kinds.has('PodList'), kinds.has('Container'), kinds.has('index'), kinds.has('Po')]).toEqual([false, false, false, false]);
    expect([...kinds].every((k) => /^[A-Z][A-Za-z0-9]*$/.test(k))).toBe(true);
  });
});

describe('loadModel', () => {
  it('loads top-level kinds only, by their exact apiVersion and kind', async () => {
    const pod = await loadModel('v1', 'Pod');
    expect([pod?.apiVersion, pod?.kind]).toEqual(['v1', 'Pod']);
    expect(await loadModel('v1', 'Container')).toBeUndefined();
    expect(await loadModel('v1', 'pod')).toBeUndefined();
    expect(await loadModel('apps', 'Deployment')).toBeUndefined();
    expect(await loadModel('v1', 'PodList')).toBeDefined();
  });
});

/**
 * The object helpers lint rules share: what counts as a mapping, path lookup through non-objects, where each
 * workload kind keeps its pod spec and containers, and a Service's plain selector against pod labels.
 */
import { describe, expect, it } from 'vitest';
import { containersOf, getIn, isObj, mapSelects, podLabelsPath, podSpecPath, type ManifestObject } from '../../src/lint/objects.js';

describe('isObj and getIn', () => {
  it('only plain mappings are objects; lookups stop at non-objects', () => {
    expect([isObj({}), isObj('x'), isObj(1), isObj([]), isObj(null), isObj(undefined)]).toEqual([true, false, false, false, false, false]);
    expect([getIn('abc', ['length']), getIn(null, ['a']), getIn({ a: { b: 2 } }, ['a', 'b']), getIn({ a: 5 }, ['a', 'toFixed'])]).toEqual([undefined, undefined, 2, undefined]);
  });
});

describe('pod specs', () => {
  it('each workload kind keeps its pod spec and pod labels at its own place', () => {
    const tpl = ['spec', 'template', 'spec'];
    expect(['Pod', 'Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ReplicationController', 'Job', 'CronJob', 'Service'].map(podSpecPath)).toEqual([
      ['spec'], tpl, tpl, tpl, tpl, tpl, tpl, ['spec', 'jobTemplate', 'spec', 'template', 'spec'], undefined,
    ]);
    expect([podLabelsPath('Pod'), podLabelsPath('Job'), podLabelsPath('ConfigMap')]).toEqual([['metadata', 'labels'], ['spec', 'template', 'metadata', 'labels'], undefined]);
  });

  it('containersOf lists init containers first, then containers, skipping junk', () => {
    const o = { kind: 'Job', name: 'j', raw: { spec: { template: { spec: { initContainers: [{ name: 'i' }, 'junk'], containers: [{ name: 'c' }] } } } } } as unknown as ManifestObject;
    expect(containersOf(o).map(({ c, path }) => [c.name, path.join('.')])).toEqual([
      ['i', 'spec.template.spec.initContainers.0'],
      ['c', 'spec.template.spec.containers.0'],
    ]);
  });
});

describe('mapSelects', () => {
  it('every selector pair must be among the labels, values compared as strings', () => {
    expect(mapSelects({ a: '1' }, { a: 1, b: 'x' })).toBe(true);
    expect(mapSelects({ a: '1', b: '2' }, { a: '1' })).toBe(false);
    expect(mapSelects({ a: '1' }, { a: '2' })).toBe(false);
    expect(mapSelects({ a: 'x' }, {})).toBe(false);
  });
});

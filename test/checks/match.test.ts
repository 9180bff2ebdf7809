import { describe, expect, it } from 'vitest';
import { partialMatch } from '../../src/checks/match.js';

const deploy = {
  spec: {
    replicas: 3,
    template: {
      spec: {
        serviceAccountName: 'emqx',
        containers: [
          { name: 'sidecar', image: 'busybox' },
          { name: 'emqx', image: 'emqx/emqx:5.8.9', env: [{ name: 'A', value: '1' }, { name: 'B', value: '2' }] },
        ],
      },
    },
  },
};

describe('partial match', () => {
  it.each([
    ['a scalar', { spec: { replicas: 3 } }, undefined],
    ['nested maps, unnamed fields ignored', { spec: { template: { spec: { serviceAccountName: 'emqx' } } } }, undefined],
    ['an array item anywhere in the list', { spec: { template: { spec: { containers: [{ name: 'emqx' }] } } } }, undefined],
    ['array items match partially, order free', { spec: { template: { spec: { containers: [{ env: [{ name: 'B' }, { name: 'A', value: '1' }] }] } } } }, undefined],
    ['a different value', { spec: { replicas: 1 } }, { path: 'spec.replicas', expected: 1, actual: 3 }],
    ['a missing field is "not there yet"', { spec: { paused: true } }, { path: 'spec.paused', expected: true, actual: undefined }],
    ['no item like the expected one', { spec: { template: { spec: { containers: [{ name: 'emqx', image: 'emqx/emqx:latest' }] } } } }, expect.objectContaining({ path: 'spec.template.spec.containers', missingItem: true })],
    ['a map where a list is', { spec: { replicas: { x: 1 } } }, { path: 'spec.replicas', expected: { x: 1 }, actual: 3 }],
    ['types matter: "3" is not 3', { spec: { replicas: '3' } }, { path: 'spec.replicas', expected: '3', actual: 3 }],
  ])('%s', (_n, expected, want) => expect(partialMatch(deploy, expected)).toEqual(want));
});

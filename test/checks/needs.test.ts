/**
 * Each check kind declares what it asks of the API server, next to its probe. A sample check of every kind
 * (the table's type asks for one per kind of the schema, so a new kind needs a sample to compile) must
 * declare the calls its probe makes; the registry must hold exactly the schema's kinds.
 */
import { describe, expect, it } from 'vitest';
import { Check, FollowUpCheck, type PlainCheck } from '../../src/course/schema.js';
import { disruption } from '../../src/checks/disruption.js';
import { checkNeeds, PLAIN_KINDS } from '../../src/checks/registry.js';
import type { CheckOf } from '../../src/checks/types.js';
import { apiNames } from '../../src/kube/needs.js';
import { questionsOf, questionText } from '../../src/kube/permissions.js';
import { base, SAMPLES } from '../fixtures/checks/samples.js';

const api = apiNames();
const DISRUPTION: CheckOf<'disruption'> = {
  ...base,
  id: 'd',
  kind: 'disruption',
  setup: [{ exec: { pod: { name: 'emqx-0' }, command: ['true'] } }],
  action: [{ scale: { resource: { kind: 'StatefulSet', name: 'emqx' }, replicas: 0 } }, { deletePod: { selector: 'app=emqx' } }],
  then: [SAMPLES.logs],
  replacement: 'sameName',
  cleanup: [{ mergePatch: { resource: { kind: 'ConfigMap', name: 'emqx-config' }, patch: {} } }, { rolloutRestart: { resource: { kind: 'Deployment', name: 'emqx' } } }],
};

const asked = (c: Check | PlainCheck) => questionsOf(checkNeeds(c, api)).map(questionText);

describe('check kinds declare their needs', () => {
  it('the registry holds exactly the schema kinds (the plain ones, plus disruption beside them)', () => {
    const schemaKinds = Check.options.map((o) => o.shape.kind.value).sort();
    const followUpKinds = FollowUpCheck.options.map((o) => o.shape.kind.value).sort();
    expect([...Object.keys(PLAIN_KINDS), disruption.kind].sort()).toEqual(schemaKinds);
    expect(Object.keys(PLAIN_KINDS).sort()).toEqual(followUpKinds);
    expect(Object.keys(SAMPLES).sort()).toEqual(followUpKinds);
  });

  it.each(Object.values(SAMPLES).map((c) => [c.kind, c] as const))('%s declares well-formed needs for a sample check', (_kind, c) => {
    const needs = checkNeeds(c, api);
    expect(needs.length).toBeGreaterThan(0);
    for (const p of needs) {
      expect(p.verbs.length, JSON.stringify(p)).toBeGreaterThan(0);
      expect(p.resource, JSON.stringify(p)).toMatch(/^[a-z]+$/);
      for (const v of p.verbs) expect(['get', 'list', 'watch', 'create', 'patch', 'update', 'delete', 'impersonate']).toContain(v);
    }
  });

  it('each kind names the calls its probe makes', () => {
    expect(asked(SAMPLES.resource)).toEqual(['get statefulsets.apps']);
    expect(asked(SAMPLES.podsReady)).toEqual(['list pods']);
    expect(asked(SAMPLES.rollout)).toEqual(['get deployments.apps']);
    expect(asked(SAMPLES.exec)).toEqual(['get pods', 'list pods', 'get pods/exec', 'create pods/exec']);
    expect(asked(SAMPLES.logs)).toEqual(['get pods', 'get pods/log']);
    // Only the impersonation: what the account may do is the check's question, not the lab's need.
    expect(asked(SAMPLES.canI)).toEqual(['impersonate serviceaccounts "emqx"']);
    expect(asked(SAMPLES.http)).toEqual(['get services/proxy']);
    expect(asked(SAMPLES.mqtt)).toEqual(['get pods', 'list pods', 'get pods/portforward', 'create pods/portforward']);
  });

  it('http and mqtt through a port-forward to a Service read it and pick one of its pods', () => {
    const viaForward = asked({ ...SAMPLES.http, via: 'portForward', method: 'POST' });
    expect(viaForward).toEqual(expect.arrayContaining(['get services', 'list pods', 'watch pods', 'get pods', 'create pods/portforward', 'get pods/portforward']));
    const toPod = asked({ ...SAMPLES.http, service: undefined, pod: { selector: 'app=emqx' }, port: 18083 });
    expect(toPod).toEqual(['list pods', 'get pods/proxy']);
    expect(asked({ ...SAMPLES.mqtt, acrossPods: undefined, service: { name: 'emqx', port: 1883 } })).toContain('get services');
  });

  it('a disruption declares its actions, its identity check and its follow-ups', () => {
    const all = asked(DISRUPTION);
    expect(all).toEqual(
      expect.arrayContaining([
        'create pods/exec', // setup exec
        'patch statefulsets.apps', // the annotation, and putting the replicas back
        'patch statefulsets.apps/scale', // the scale itself
        'delete pods', // deletePod
        'list pods', // the pods before and after
        'patch configmaps', // cleanup mergePatch
        'patch deployments.apps', // rollout restart
        'get deployments.apps', // waiting for the rollout
        'get pods/log', // the follow-up logs check
      ]),
    );
    // The follow-ups' needs are exactly those of their kinds.
    for (const x of asked(SAMPLES.logs)) expect(all).toContain(x);
  });

  it('a kind without needs would not compile (PlainKind requires them)', () => {
    // @ts-expect-error needs is required of every kind
    const broken: (typeof PLAIN_KINDS)['podsReady'] = { kind: 'podsReady', defaultTimeout: 1, probe: PLAIN_KINDS.podsReady.probe };
    expect(broken.kind).toBe('podsReady');
  });
});

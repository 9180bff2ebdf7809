/**
 * Diagnosis on recorded states (test/fixtures/engine/recorded/*.json, shaped like kubectl's output) against
 * the fixture catalogue: evidence is collected once through a fake Kube, then matched.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readDiagnoses } from '../../src/course/load.js';
import { clusterShows } from '../../src/diagnosis/diagnose.js';
import { collectEvidence } from '../../src/diagnosis/evidence.js';
import { matchDiagnoses } from '../../src/diagnosis/match.js';
import { KubeError } from '../../src/kube/result.js';
import { fakeKube } from '../fixtures/engine/fake-kube.js';

const dir = join(import.meta.dirname, '..', 'fixtures', 'engine', 'recorded');
const { diagnoses: catalogue, problems } = readDiagnoses(join(import.meta.dirname, '..', 'fixtures', 'engine', 'course', 'lessons', 'diagnoses.yaml'));

interface State {
  pods: { items: unknown[] };
  events: { items: unknown[] };
  configmaps: { items: unknown[] };
  secrets: { items: unknown[] };
  storageclasses: { items: unknown[] };
  namespace: unknown;
  logs: Record<string, string>;
  expect: string[];
}

function recordedKube(s: State) {
  return fakeKube({
    list: async (kinds) => {
      const k = Array.isArray(kinds) ? kinds : [kinds];
      if (k.includes('Pod')) return s.pods.items as never;
      if (k.includes('Event')) return s.events.items as never;
      if (k.includes('ConfigMap')) return s.configmaps.items as never;
      if (k.includes('Secret')) return s.secrets.items as never;
      if (k.includes('StorageClass')) return s.storageclasses.items as never;
      return [];
    },
    get: async () => s.namespace as never,
    logs: async (pod, o = {}) => {
      const text = s.logs[`${pod}/${o.container}${o.previous ? '/previous' : ''}`];
      if (text === undefined) throw new KubeError('invalid', `Error from server (BadRequest): previous terminated container "emqx" in pod "${pod}" not found`, []);
      return text;
    },
  });
}

const states = readdirSync(dir).filter((f) => f.endsWith('.json'));

describe('diagnosis on recorded states', () => {
  it('the fixture catalogue loads', () => expect(problems).toEqual([]));

  it.each(states)('%s', async (file) => {
    const s = JSON.parse(readFileSync(join(dir, file), 'utf8')) as State;
    const kube = recordedKube(s);
    const ev = await collectEvidence(kube);
    expect(matchDiagnoses(catalogue, ev, 'en').map((m) => m.diagnosis.id)).toEqual(s.expect);
    // Collected once: a handful of calls, never a poll.
    expect(kube.calls.list).toBe(5);
    expect(kube.calls.get).toBe(1);
    expect(kube.calls.logs).toBeLessThanOrEqual(6);
  });
});

describe('evidence', () => {
  const load = (name: string) => JSON.parse(readFileSync(join(dir, `${name}.json`), 'utf8')) as State;

  it('expands envFrom ConfigMaps and keeps only the NAMES of Secret keys', async () => {
    const ev = await collectEvidence(recordedKube(load('old-env-names-in-configmap')));
    expect(ev.env).toEqual(
      expect.arrayContaining([
        { owner: 'pod/emqx-x', container: 'emqx', name: 'EMQX_CLUSTER__DISCOVERY', value: 'k8s', source: 'configMap' },
        { owner: 'pod/emqx-x', container: 'emqx', name: 'EMQX_DASHBOARD__DEFAULT_PASSWORD', source: 'secret' },
      ]),
    );
    const all = JSON.stringify(ev);
    expect(all).not.toContain('c2VjcmV0');
    expect(all).not.toContain('secret-password');
  });

  it('reads the previous container of a restarted pod, and the workloads\' templates', async () => {
    const ev = await collectEvidence(recordedKube(load('bad-strategy-crashloop')));
    expect(ev.logs.map((l) => [l.pod, l.previous])).toEqual([['emqx-y', true]]);
    const ev2 = await collectEvidence(recordedKube(load('discovery-403')));
    expect(ev2.env.some((e) => e.owner === 'Deployment/emqx')).toBe(true);
    expect(ev2.logs).toHaveLength(3);
  });

  it('a part that cannot be read is a gap, not a failure', async () => {
    const s = load('healthy');
    const kube = recordedKube(s);
    const list = kube.list;
    (kube as { list: typeof list }).list = async (kinds, o) => {
      if (kinds === 'Secret') throw new KubeError('forbidden', 'Error from server (Forbidden): secrets is forbidden', []);
      return list(kinds, o);
    };
    const ev = await collectEvidence(kube);
    expect(ev.gaps).toEqual(['secrets: Error from server (Forbidden): secrets is forbidden']);
    expect(ev.pods).toHaveLength(1);
  });

  it('what the cluster shows: pod states, the latest warnings (once each), the log lines that matter', async () => {
    const s = load('image-pull');
    const ev = await collectEvidence(recordedKube(s));
    const shows = clusterShows(ev, matchDiagnoses(catalogue, ev, 'en'), 'en');
    expect(shows.pods).toEqual(['emqx: ImagePullBackOff']);
    expect(shows.events).toEqual([
      'Pod/emqx: Failed: Failed to pull image "emqx/emqx:5.8.99": rpc error: code = NotFound desc = failed to pull and unpack image "docker.io/emqx/emqx:5.8.99": not found',
      'Pod/emqx: BackOff: Back-off pulling image "emqx/emqx:5.8.99"',
    ]);
    const s2 = load('discovery-403');
    const ev2 = await collectEvidence(recordedKube(s2));
    const shows2 = clusterShows(ev2, matchDiagnoses(catalogue, ev2, 'en'), 'en');
    expect(shows2.logs).toHaveLength(1);
    expect(shows2.logs[0]).toMatch(/^emqx-7d9f-a: .*Discovery error: \{403,/);
  });
});

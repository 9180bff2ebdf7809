/**
 * diagnose.ts: a matched diagnosis in the learner's language (found), and what the cluster shows beside it
 * (clusterShows): pod states, the latest distinct warning events, the log lines that matter, all bounded.
 */
import { describe, expect, it } from 'vitest';
import type { Diagnosis } from '../../src/course/schema.js';
import { clusterShows, found } from '../../src/diagnosis/diagnose.js';
import type { Evidence, LogEvidence } from '../../src/diagnosis/evidence.js';
import type { Match } from '../../src/diagnosis/match.js';
import type { KubeEvent } from '../../src/kube/objects.js';
import { pod } from '../fixtures/engine/fake-kube.js';

const diagnosis: Diagnosis = {
  id: 'old-name',
  endsWait: true,
  match: [{ envName: '^EMQX_CLUSTER__DISCOVERY$' }],
  title: { en: 'Old name', zh: '旧名' },
  explain: { en: 'EMQX 5 renamed it.', zh: 'EMQX 5 改了名。' },
  hint: { en: 'Rename it.', zh: '改名。' },
};
const match = (logLines: string[] = [], proof = ['pod/a: EMQX_CLUSTER__DISCOVERY', ...logLines]): Match => ({ diagnosis, proof, logLines });

const evidence = (o: Partial<Evidence> = {}): Evidence => ({ pods: [], events: [], logs: [], env: [], pvcs: [], gaps: [], ...o });
const warning = (name: string, reason: string, message: string, at: string, kind = 'Pod'): KubeEvent => ({
  kind: 'Event',
  metadata: { name: `${name}.${reason}.${at}` },
  type: 'Warning',
  reason,
  message,
  involvedObject: { kind, name },
  lastTimestamp: at,
});
const log = (p: string, lines: string[], previous = false): LogEvidence => ({ pod: p, container: 'emqx', previous, lines });

describe('found', () => {
  it('title and explanation joined in the learner\'s language, with the proof', () => {
    expect(found(match(), 'en')).toEqual({
      id: 'old-name',
      message: 'Old name: EMQX 5 renamed it.',
      title: 'Old name',
      explain: 'EMQX 5 renamed it.',
      hint: 'Rename it.',
      proof: ['pod/a: EMQX_CLUSTER__DISCOVERY'],
    });
    expect(found(match(), 'zh')).toEqual({
      id: 'old-name',
      message: '旧名：EMQX 5 改了名。',
      title: '旧名',
      explain: 'EMQX 5 改了名。',
      hint: '改名。',
      proof: ['pod/a: EMQX_CLUSTER__DISCOVERY'],
    });
  });
});

describe('what the cluster shows', () => {
  it('the state of at most 8 pods, in the learner\'s language', () => {
    const pods = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i'].map((n) => pod(n));
    pods[1] = pod('b', { waiting: 'CrashLoopBackOff', restarts: 3 });
    expect(clusterShows(evidence({ pods }), [], 'en').pods).toEqual([
      'a: Running, Ready',
      'b: CrashLoopBackOff (3 restarts)',
      'c: Running, Ready',
      'd: Running, Ready',
      'e: Running, Ready',
      'f: Running, Ready',
      'g: Running, Ready',
      'h: Running, Ready',
    ]);
    expect(clusterShows(evidence({ pods: pods.slice(0, 2) }), [], 'zh').pods).toEqual(['a: 运行中，已就绪', 'b: CrashLoopBackOff（重启 3 次）']);
  });

  it('warning events only, the latest of each object and reason, at most 5, oldest first, message trimmed', () => {
    const events: KubeEvent[] = [
      warning('a', 'BackOff', 'first back-off', '2026-01-01T00:00:01Z'),
      { ...warning('a', 'Pulled', 'normal news', '2026-01-01T00:00:02Z'), type: 'Normal' },
      warning('b', 'FailedMount', 'mount 1', '2026-01-01T00:00:03Z'),
      warning('c', 'FailedScheduling', 'no room', '2026-01-01T00:00:04Z'),
      warning('d', 'Unhealthy', '  probe failed \n', '2026-01-01T00:00:05Z'),
      warning('emqx', 'FailedCreate', 'quota', '2026-01-01T00:00:06Z', 'StatefulSet'),
      warning('a', 'BackOff', 'second back-off', '2026-01-01T00:00:07Z'),
      warning('e', 'Failed', 'pull failed', '2026-01-01T00:00:08Z'),
    ];
    expect(clusterShows(evidence({ events }), [], 'en').events).toEqual([
      'Pod/c: FailedScheduling: no room',
      'Pod/d: Unhealthy: probe failed',
      'StatefulSet/emqx: FailedCreate: quota',
      'Pod/a: BackOff: second back-off',
      'Pod/e: Failed: pull failed',
    ]);
    // Six distinct ones, no duplicate: the latest five.
    expect(clusterShows(evidence({ events: events.slice(2) }), [], 'en').events).toEqual([
      'Pod/c: FailedScheduling: no room',
      'Pod/d: Unhealthy: probe failed',
      'StatefulSet/emqx: FailedCreate: quota',
      'Pod/a: BackOff: second back-off',
      'Pod/e: Failed: pull failed',
    ]);
  });

  it('a repeated warning shows once, as its latest; the same reason on another object, or another reason, are other lines', () => {
    const events: KubeEvent[] = [
      warning('a', 'BackOff', 'first', '2026-01-01T00:00:01Z'),
      warning('b', 'BackOff', 'other pod', '2026-01-01T00:00:02Z'),
      warning('a', 'Unhealthy', 'other reason', '2026-01-01T00:00:03Z'),
      warning('a', 'BackOff', 'latest', '2026-01-01T00:00:04Z'),
    ];
    expect(clusterShows(evidence({ events }), [], 'en').events).toEqual(['Pod/b: BackOff: other pod', 'Pod/a: Unhealthy: other reason', 'Pod/a: BackOff: latest']);
  });

  it('an event without object, reason or message still shows, with empty parts', () => {
    const bare: KubeEvent = { kind: 'Event', metadata: { name: 'x' }, type: 'Warning' };
    expect(clusterShows(evidence({ events: [bare] }), [], 'en').events).toEqual(['/: : ']);
  });

  it('the log lines the matches rest on, each once, at most 5', () => {
    const lines = ['a: l1', 'a: l2', 'a: l3'];
    const more = ['a: l3', 'a: l4', 'a: l5', 'a: l6'];
    expect(clusterShows(evidence({ logs: [log('a', ['[error] ignored'])] }), [match(lines), match(more)], 'en').logs).toEqual(['a: l1', 'a: l2', 'a: l3', 'a: l4', 'a: l5']);
  });

  it('without such lines: the last two notable lines of each log, trimmed, previous runs named in the learner\'s language', () => {
    const logs = [
      log('a', ['booting', '[error] one', 'fine', '2026 [warning] two  ', 'ERROR three', 'all good']),
      log('b', ['Discovery error: {403,#Ref<0.1>}', 'unknown_env_vars: ["EMQX_CLUSTER__DISCOVERY"]', 'started'], true),
      log('c', ['nothing to see', '[info] ok']),
    ];
    expect(clusterShows(evidence({ logs }), [], 'en').logs).toEqual([
      'a: 2026 [warning] two',
      'a: ERROR three',
      'b (previous): Discovery error: {403,#Ref<0.1>}',
      'b (previous): unknown_env_vars: ["EMQX_CLUSTER__DISCOVERY"]',
    ]);
    expect(clusterShows(evidence({ logs: logs.slice(1) }), [match()], 'zh').logs).toEqual([
      'b（上一次运行）: Discovery error: {403,#Ref<0.1>}',
      'b（上一次运行）: unknown_env_vars: ["EMQX_CLUSTER__DISCOVERY"]',
    ]);
    for (const line of ['[critical] x', '[emergency] x', '[alert] x', 'an error here', 'Discover error']) {
      expect(clusterShows(evidence({ logs: [log('a', [line])] }), [], 'en').logs, line).toEqual([`a: ${line}`]);
    }
    expect(clusterShows(evidence({ logs: [log('a', ['errors are fine', 'terror', 'info'])] }), [], 'en').logs).toEqual(['a: errors are fine', 'a: terror']);
  });

  it('a line longer than 240 characters is cut to 239 and an ellipsis; 240 stay whole', () => {
    const exact = `a: ${'x'.repeat(237)}`;
    const long = `a: ${'y'.repeat(238)}`;
    expect(exact).toHaveLength(240);
    const shows = clusterShows(evidence(), [match([exact, long])], 'en');
    expect(shows.logs).toEqual([exact, `a: ${'y'.repeat(236)}…`]);
    expect(shows.logs[1]).toHaveLength(240);
  });
});

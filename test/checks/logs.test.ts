/** logs: what the reason quotes of the matching line, and the tail it names when nothing matched. */
import { describe, expect, it } from 'vitest';
import type { PlainCheck } from '../../src/course/schema.js';
import { runCheck } from '../../src/checks/registry.js';
import { checkEnvOf, fakeKube, pod } from '../fixtures/engine/fake-kube.js';

const check = (extra: object) => ({ id: 'c', title: { en: 't', zh: 't' }, hints: ['h'], kind: 'logs', pods: { selector: 'app=emqx' }, matches: 'listener started', ...extra }) as PlainCheck;
const logsOf = (text: string) => fakeKube({ list: async () => [pod('emqx-0')], logs: async () => text });

describe('the matching line in the reason', () => {
  it('is quoted without its surrounding blanks when found', async () => {
    const out = await runCheck(check({}), checkEnvOf(logsOf('boot\n   listener started on 1883  \r\n')), 'once');
    expect(out).toMatchObject({ passed: true, reason: 'emqx-0: log line: listener started on 1883' });
  });

  it('is quoted without its surrounding blanks when it should have been absent', async () => {
    const out = await runCheck(check({ absent: true }), checkEnvOf(logsOf('\tlistener started on 1883 \n')), 'once');
    expect(out).toMatchObject({ passed: false, reason: 'emqx-0: log line: listener started on 1883' });
  });
});

describe('nothing matched', () => {
  it('names the tail the check asked for', async () => {
    const kube = logsOf('boot\n');
    const out = await runCheck(check({ tail: 50 }), checkEnvOf(kube), 'once');
    expect(out).toMatchObject({ passed: false, reason: 'emqx-0: no line of the last 50 log lines matches /listener started/' });
    expect(kube.log.find((l) => l.method === 'logs')!.args).toEqual(['emqx-0', { container: undefined, tail: 50 }]);
  });

  it('names the default tail of 500 lines when the check gives none', async () => {
    const kube = logsOf('boot\n');
    const out = await runCheck(check({}), checkEnvOf(kube), 'once');
    expect(out).toMatchObject({ passed: false, reason: 'emqx-0: no line of the last 500 log lines matches /listener started/' });
    expect(kube.log.find((l) => l.method === 'logs')!.args).toEqual(['emqx-0', { container: undefined, tail: 500 }]);
  });
});

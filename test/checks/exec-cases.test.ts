/** exec: how output is read when it is blank, indented or off, and the defaults a check may leave out. */
import { describe, expect, it } from 'vitest';
import type { PlainCheck } from '../../src/course/schema.js';
import { judgeOutput } from '../../src/checks/exec.js';
import { runCheck } from '../../src/checks/registry.js';
import { checkEnvOf, fakeKube, pod } from '../fixtures/engine/fake-kube.js';

const ok = (stdout: string) => ({ exitCode: 0, stdout, stderr: '' });
const judge = (stdout: string, expect_: object) => judgeOutput(ok(stdout), expect_ as never, 'en');

describe('the first line of the output, as quoted in a reason', () => {
  it('skips blank lines and trims the one it quotes', () => {
    expect(judge('   \n\n   version 5.8.9   \nmore\n', { text: { contains: ['version'] } })).toEqual({ passed: true, reason: 'the output says: version 5.8.9' });
  });

  it('quotes nothing when the output is empty or blank', () => {
    expect(judge('', { text: { contains: [] } })).toEqual({ passed: true, reason: 'the output is as expected' });
    expect(judge('  \n \n', { emqxStatus: { started: true } })).toEqual({ passed: false, reason: 'could not read the output (it was empty)' });
  });
});

describe('emqxStatus', () => {
  it('output that is not a status line cannot be read', () => {
    expect(judge('Usage: emqx ctl status\n', { emqxStatus: { started: true } })).toEqual({ passed: false, reason: 'could not read the output: Usage: emqx ctl status' });
  });

  it('without `started`, a started node is what is wanted', () => {
    expect(judge("Node 'emqx@10.0.0.1' 5.8.9 is started\n", { emqxStatus: {} })).toEqual({ passed: true, reason: 'node emqx@10.0.0.1 is started' });
    expect(judge("Node 'emqx@10.0.0.1' 5.8.9 is starting\n", { emqxStatus: {} })).toEqual({ passed: false, reason: 'node emqx@10.0.0.1 is starting' });
  });

  it('started: false wants a node that is not started', () => {
    expect(judge("Node 'emqx@10.0.0.1' 5.8.9 is started\n", { emqxStatus: { started: false } })).toEqual({ passed: false, reason: 'node emqx@10.0.0.1 is started' });
  });
});

describe('emqxClusterStatus node names', () => {
  it('a running node whose name does not match fails, naming that node', () => {
    const out = "Cluster status: #{running_nodes => ['emqx@10.0.0.1','emqx@bad'],\n    stopped_nodes => []}";
    expect(judge(out, { emqxClusterStatus: { running: 2, nodeNames: '^emqx@10\\.' } })).toEqual({ passed: false, reason: 'node name emqx@bad does not match /^emqx@10\\./' });
  });
});

describe('text expectations', () => {
  it('a missing text is named, with what the output says instead', () => {
    expect(judge('ok\nready\n', { text: { contains: ['ok', 'done'] } })).toEqual({ passed: false, reason: 'the output does not contain "done" (it says: ok)' });
  });

  it('output that does not match the pattern fails', () => {
    expect(judge('version 5.8.8\n', { text: { matches: '^version 5\\.8\\.9$' } })).toEqual({ passed: false, reason: 'the output does not match /^version 5\\.8\\.9$/ (it says: version 5.8.8)' });
  });
});

describe('an exec check that does not say `on`', () => {
  it('wants every pod to pass: one failing pod fails it', async () => {
    const kube = fakeKube({ list: async () => [pod('emqx-0'), pod('emqx-1')], exec: async (name) => ok(name === 'emqx-1' ? 'fine\n' : 'broken\n') });
    const check = { id: 'c', title: { en: 't', zh: 't' }, hints: ['h'], kind: 'exec', pods: { selector: 'app=emqx' }, command: ['cat'], expect: { text: { contains: ['fine'] } } } as PlainCheck;
    expect(await runCheck(check, checkEnvOf(kube), 'once')).toMatchObject({ passed: false, reason: 'emqx-0: the output does not contain "fine" (it says: broken)' });
  });
});

// KubeError's defaults and message, cleanStderr's filtering and detailOf's choice of line, on inputs
// result.test.ts leaves out.
import { describe, expect, it } from 'vitest';
import { classify, cleanStderr, detailOf, KubeError, labKubeError, type RunResult } from '../../src/kube/result.js';

const r = (stderr: string, exitCode: number | undefined = 1): RunResult => ({
  args: ['get', 'pods'],
  exitCode,
  stdout: '',
  stderr,
  timedOut: false,
  canceled: false,
  missing: false,
});

describe('KubeError', () => {
  it('says kind and detail in its message; stdout defaults to nothing and stderr to the detail', () => {
    const e = new KubeError('notInstalled', 'kubectl', ['version']);
    expect(e.message).toBe('kubectl notInstalled: kubectl');
    expect(e.name).toBe('KubeError');
    expect(e.stdout).toBe('');
    expect(e.stderr).toBe('kubectl');
    expect(e.words).toBeUndefined();
  });

  it("labKubeError: the lab's English words are the detail; stdout defaults to nothing; a given stderr is kept", () => {
    const words = (lang: string) => (lang === 'en' ? 'no answer' : '没有回答');
    const bare = labKubeError('other', words, ['get', 'pods']);
    expect(bare.detail).toBe('no answer');
    expect(bare.message).toBe('kubectl other: no answer');
    expect(bare.stdout).toBe('');
    expect(bare.stderr).toBe('no answer');
    const withStderr = labKubeError('other', words, ['get', 'pods'], 'out', 'what kubectl said');
    expect(withStderr.stdout).toBe('out');
    expect(withStderr.stderr).toBe('what kubectl said');
  });
});

describe('cleanStderr', () => {
  it('drops blank lines and trims the whole', () => {
    expect(cleanStderr('  error: one  \n   \n\t\nerror: two\n')).toBe('error: one  \nerror: two');
  });

  it('drops only lines that START as klog lines or warnings', () => {
    const stderr = [
      'W1127 19:52:04.176629    6285 warnings.go:70] metadata.finalizers: deprecated',
      'Warning: policy/v1beta1 PodDisruptionBudget is deprecated',
      'error: the pod said: I1127 19:52:04.176629 started',
      'error: the webhook said: Warning: quota almost used',
    ].join('\n');
    expect(cleanStderr(stderr)).toBe('error: the pod said: I1127 19:52:04.176629 started\nerror: the webhook said: Warning: quota almost used');
  });
});

describe('detailOf', () => {
  it('picks the first line that starts with an error word, trimmed', () => {
    expect(detailOf(r('the request failed with an error somewhere\nerror: unable to upgrade connection   \nmore\n'))).toBe('error: unable to upgrade connection');
  });

  it('else the first line', () => {
    expect(detailOf(r('pods "x" is forbidden\nsecond\n'))).toBe('pods "x" is forbidden');
    expect(detailOf(r(''))).toBe('');
  });
});

describe('classify: server reasons', () => {
  it.each([
    ['ServerTimeout', 'timeout'],
    ['GatewayTimeout', 'timeout'],
    ['Timeout', 'timeout'],
    ['Conflict', 'conflict'],
    ['AlreadyExists', 'conflict'],
    ['Invalid', 'invalid'],
    ['Unauthorized', 'unauthorized'],
    ['InternalError', 'other'],
  ])('Error from server (%s)', (reason, kind) => {
    expect(classify(r(`Error from server (${reason}): something\n`))).toBe(kind);
  });
});

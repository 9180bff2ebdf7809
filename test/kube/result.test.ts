import { describe, expect, it } from 'vitest';
import { classify, check, cleanStderr, detailOf, KubeError, kubeDetail, labKubeError, type RunResult } from '../../src/kube/result.js';
import { describeKubeError } from '../../src/kube/describe.js';
import { kubeMessages } from '../../src/i18n/kube.js';

const r = (stderr: string, exitCode: number | undefined = 1, more: Partial<RunResult> = {}): RunResult => ({
  args: ['get', 'pods'],
  exitCode,
  stdout: '',
  stderr,
  timedOut: false,
  canceled: false,
  missing: false,
  ...more,
});

const klog = 'E1127 19:52:04.176629    6285 memcache.go:265] "Unhandled Error" err="couldn\'t get current server API group list: Get \\"https://127.0.0.1:1/api?timeout=1s\\": dial tcp 127.0.0.1:1: connect: connection refused"\n';

describe('classify: kubectl stderr as it really reads', () => {
  it.each([
    ['refused', `${klog}${klog}The connection to the server 127.0.0.1:1 was refused - did you specify the right host or port?\n`, 'unreachable'],
    ['dns', 'Unable to connect to the server: dial tcp: lookup k8s.example on 10.0.0.1:53: no such host\n', 'unreachable'],
    ['black hole', 'Unable to connect to the server: net/http: request canceled while waiting for connection (Client.Timeout exceeded while awaiting headers)\n', 'unreachable'],
    ['no context', 'error: current-context is not set\n', 'config'],
    ['unknown context', 'Error in configuration: context was not found for specified context: nope\n', 'config'],
    ['minify without context', 'error: current-context must exist in order to minify\n', 'config'],
    ['missing kubeconfig', 'error: stat /nonexist: no such file or directory\n', 'config'],
    ['not found', 'Error from server (NotFound): pods "x" not found\n', 'notFound'],
    ['forbidden', 'Error from server (Forbidden): pods is forbidden: User "system:serviceaccount:lab:learner" cannot list resource "pods" in API group "" in the namespace "kube-system"\n', 'forbidden'],
    ['unauthorized', 'error: You must be logged in to the server (Unauthorized)\n', 'unauthorized'],
    ['immutable sts', 'The StatefulSet "emqx" is invalid: spec: Forbidden: updates to statefulset spec for fields other than \'replicas\', \'ordinals\', \'template\', \'updateStrategy\', \'revisionHistoryLimit\', \'persistentVolumeClaimRetentionPolicy\' and \'minReadySeconds\' are forbidden\n', 'immutable'],
    ['immutable selector', 'The Deployment "emqx" is invalid: spec.selector: Invalid value: v1.LabelSelector{...}: field is immutable\n', 'immutable'],
    ['immutable pod', 'The Pod "emqx" is invalid: spec: Forbidden: pod updates may not change fields other than `spec.containers[*].image`, `spec.initContainers[*].image`, `spec.activeDeadlineSeconds`, `spec.tolerations` (only additions to existing tolerations), `spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)\n', 'immutable'],
    ['unknown kind', 'error: resource mapping not found for name: "emqx" namespace: "" from "STDIN": no matches for kind "Role" in version "rbac.authorization.kubernetes.io/v1"\nensure CRDs are installed first\n', 'invalid'],
    ['bad request', 'Error from server (BadRequest): container "emqx" in pod "emqx-0" is waiting to start: ContainerCreating\n', 'invalid'],
    ['proxy 503', 'Error from server (ServiceUnavailable): no endpoints available for service "emqx"\n', 'other'],
    ['proxied backend down', 'Error from server: error trying to reach service: dial tcp 10.244.0.5:18083: connect: connection refused\n', 'other'],
    ['exists', 'Error from server (AlreadyExists): namespaces "lab" already exists\n', 'conflict'],
    ['server timeout', 'Error from server (Timeout): the server was unable to return a response in the time allotted\n', 'timeout'],
  ])('%s', (_n, stderr, kind) => expect(classify(r(stderr))).toBe(kind));

  it('success is no failure; missing binary, time-out and Ctrl-C have their own kinds', () => {
    expect(classify(r('', 0))).toBeUndefined();
    expect(classify(r('', undefined, { missing: true }))).toBe('notInstalled');
    expect(classify(r('', undefined, { timedOut: true }))).toBe('timeout');
    expect(classify(r('', undefined, { canceled: true }))).toBe('canceled');
  });

  it('keeps the line a person needs, without klog noise or warnings', () => {
    const res = r(`${klog}Warning: the server doesn't have a resource type 'endpoints'\nThe connection to the server 127.0.0.1:1 was refused - did you specify the right host or port?\n`);
    expect(cleanStderr(res.stderr)).toBe('The connection to the server 127.0.0.1:1 was refused - did you specify the right host or port?');
    expect(detailOf(res)).toMatch(/^The connection to the server/);
  });

  it('check() throws a KubeError with stdout kept (apply prints what it did change)', () => {
    const res = r('Error from server (Invalid): bad\n', 1, { stdout: 'service/emqx created\n' });
    try {
      check(res);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(KubeError);
      expect((e as KubeError).kind).toBe('invalid');
      expect((e as KubeError).stdout).toBe('service/emqx created\n');
    }
  });
});

describe("the lab's own words for a failure are in the learner's language, kubectl's are quoted", () => {
  const thrown = (res: RunResult): KubeError => {
    try {
      check(res);
    } catch (e) {
      return e as KubeError;
    }
    throw new Error('check() did not throw');
  };

  it('a silent non-zero exit: the exit code, worded in each language', () => {
    const e = thrown(r('', 7));
    expect(e.detail).toBe('exit code 7');
    expect(describeKubeError(e, 'en')).toBe('exit code 7');
    expect(kubeDetail(e, 'zh')).toBe('kubectl 以退出码 7 结束，没有说明原因');
    expect(describeKubeError(e, 'zh')).not.toMatch(/exit code/);
  });

  it("kubectl's own line is never translated, only framed", () => {
    const e = thrown(r('error: the server rejected it\n', 1));
    expect(kubeDetail(e, 'zh')).toBe('error: the server rejected it');
    expect(describeKubeError(e, 'zh')).toBe('kubectl 报错：error: the server rejected it');
  });

  it('output that is not JSON, an odd can-i answer: the sample quoted inside Chinese words', () => {
    const notJson = labKubeError('other', (lang) => kubeMessages[lang].notJson('<html>'), ['get', 'pods'], '<html>');
    expect(notJson.detail).toBe('kubectl printed something that is not JSON: <html>');
    expect(kubeDetail(notJson, 'zh')).toBe('kubectl 的输出不是 JSON：<html>');
    expect(kubeMessages.zh.canIAnswer('maybe')).toBe('auth can-i 的回答出乎意料：maybe');
  });
});

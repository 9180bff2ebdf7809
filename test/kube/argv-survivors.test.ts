// Argv builders called inside each test (not at collection time), so per-test coverage sees every branch.
import { describe, expect, it } from 'vitest';
import * as a from '../../src/kube/argv.js';

const t: a.KubeTarget = { namespace: 'lab', context: 'kind-x', kubeconfig: '/k', requestTimeout: '15s' };
const g = ['--kubeconfig', '/k', '--context', 'kind-x', '--namespace', 'lab', '--request-timeout=15s'];
const gNoNs = ['--kubeconfig', '/k', '--context', 'kind-x', '--request-timeout=15s'];
const gUntimed = ['--kubeconfig', '/k', '--context', 'kind-x', '--namespace', 'lab'];

describe('get', () => {
  it('joins several kinds with commas and adds the selector after -l', () => {
    expect(a.getArgs(t, ['Pod', 'Service'], { selector: 'app=emqx' })).toEqual([...g, 'get', 'pods,services', '-l', 'app=emqx', '-o', 'json']);
  });

  it('keeps --namespace when only some of the kinds are cluster-scoped', () => {
    expect(a.getArgs(t, ['Pod', 'Namespace'])).toEqual([...g, 'get', 'pods,namespaces', '-o', 'json']);
  });

  it('drops --namespace when every kind is cluster-scoped', () => {
    expect(a.getArgs(t, ['Node', 'StorageClass'])).toEqual([...gNoNs, 'get', 'nodes,storageclasses', '-o', 'json']);
  });
});

describe('delete', () => {
  it('drops --namespace when every object is cluster-scoped', () => {
    expect(a.deleteArgs(t, [{ kind: 'ClusterRole', name: 'r' }, { kind: 'ClusterRoleBinding', name: 'b' }])).toEqual([
      ...gNoNs, 'delete', 'clusterroles/r', 'clusterrolebindings/b', '--ignore-not-found', '--wait=true',
    ]);
  });

  it('keeps --namespace when one object of several is namespaced', () => {
    expect(a.deleteArgs(t, [{ kind: 'ClusterRole', name: 'r' }, { kind: 'Role', name: 'r' }])).toEqual([
      ...g, 'delete', 'clusterroles/r', 'roles/r', '--ignore-not-found', '--wait=true',
    ]);
  });

  it('waits unless told not to', () => {
    expect(a.deleteArgs(t, [{ kind: 'Pod', name: 'p' }])).toEqual([...g, 'delete', 'pods/p', '--ignore-not-found', '--wait=true']);
    expect(a.deleteArgs(t, [{ kind: 'Pod', name: 'p' }], { wait: true })).toEqual([...g, 'delete', 'pods/p', '--ignore-not-found', '--wait=true']);
    expect(a.deleteArgs(t, [{ kind: 'Pod', name: 'p' }], { wait: false })).toEqual([...g, 'delete', 'pods/p', '--ignore-not-found', '--wait=false']);
  });
});

describe('scale, exec, logs, can-i, port-forward', () => {
  it('scales KIND/NAME to a replica count', () => {
    expect(a.scaleArgs(t, 'StatefulSet', 'emqx', 3)).toEqual([...g, 'scale', 'statefulsets/emqx', '--replicas=3']);
  });

  it('passes -i only when stdin is wanted, and always separates the command with --', () => {
    expect(a.execArgs(t, 'emqx-0', ['emqx', 'ctl', 'status'])).toEqual([...g, 'exec', 'emqx-0', '--', 'emqx', 'ctl', 'status']);
    expect(a.execArgs(t, 'emqx-0', ['cat'], undefined, true)).toEqual([...g, 'exec', '-i', 'emqx-0', '--', 'cat']);
  });

  it('adds --tail and --previous only when asked', () => {
    expect(a.logsArgs(t, 'emqx-0')).toEqual([...g, 'logs', 'emqx-0']);
    expect(a.logsArgs(t, 'emqx-0', { tail: 0, previous: false })).toEqual([...g, 'logs', 'emqx-0', '--tail=0']);
    expect(a.logsArgs(t, 'emqx-0', { previous: true })).toEqual([...g, 'logs', 'emqx-0', '--previous']);
  });

  it('adds --as only when impersonating', () => {
    expect(a.canIArgs(t, 'get', 'pods')).toEqual([...g, 'auth', 'can-i', 'get', 'pods']);
    expect(a.canIArgs(t, 'get', 'pods', { as: 'u' })).toEqual([...g, 'auth', 'can-i', 'get', 'pods', '--as=u']);
  });

  it('port-forward never carries --request-timeout', () => {
    expect(a.portForwardArgs(t, 'pod/emqx-0', 18083)).toEqual([...gUntimed, 'port-forward', '--address', '127.0.0.1', 'pod/emqx-0', '0:18083']);
  });
});

describe('passthrough', () => {
  const p = (args: string[]) => a.passthroughArgs({ namespace: 'lab' }, args);

  it.each([
    [['get', 'pods', '--namespace', 'other']],
    [['get', 'pods', '--all-namespaces']],
    [['get', 'pods', '--all-namespaces=true']],
    [['get', 'pods', '-n', 'other']],
    [['get', 'pods', '-nother']],
  ])('%j: the learner chose a namespace, none is added', (args) => {
    expect(p(args)).toEqual(args);
  });

  it('a long flag containing -n is not a namespace choice', () => {
    expect(p(['get', 'pods', '--no-headers'])).toEqual(['--namespace', 'lab', 'get', 'pods', '--no-headers']);
  });

  it('flags after a leading -- are not the learner\'s namespace choice', () => {
    expect(p(['--', 'get', 'pods', '-n', 'other'])).toEqual(['--namespace', 'lab', '--', 'get', 'pods', '-n', 'other']);
  });

  it('never adds --request-timeout (interactive commands and watches run as long as they like)', () => {
    expect(a.passthroughArgs(t, ['get', 'pods', '-w'])).toEqual([...gUntimed, 'get', 'pods', '-w']);
  });
});

import { describe, expect, it } from 'vitest';
import * as a from '../../src/kube/argv.js';

const t: a.KubeTarget = { namespace: 'lab', context: 'kind-x', kubeconfig: '/k', requestTimeout: '15s' };
const g = ['--kubeconfig', '/k', '--context', 'kind-x', '--namespace', 'lab', '--request-timeout=15s'];
const gNoNs = ['--kubeconfig', '/k', '--context', 'kind-x', '--request-timeout=15s'];

describe('argv builders', () => {
  it.each([
    ['get one', a.getArgs(t, 'Pod', { name: 'emqx' }), [...g, 'get', 'pods', 'emqx', '-o', 'json']],
    ['list by selector', a.getArgs(t, 'Pod', { selector: 'app=emqx' }), [...g, 'get', 'pods', '-l', 'app=emqx', '-o', 'json']],
    ['several kinds', a.getArgs(t, ['Pod', 'Service', 'PersistentVolumeClaim']), [...g, 'get', 'pods,services,persistentvolumeclaims', '-o', 'json']],
    ['cluster-scoped', a.getArgs(t, 'Namespace', { name: 'lab' }), [...gNoNs, 'get', 'namespaces', 'lab', '-o', 'json']],
    ['storage classes', a.getArgs(t, 'StorageClass'), [...gNoNs, 'get', 'storageclasses', '-o', 'json']],
    ['unknown kind goes lowercase', a.getArgs(t, 'Widget'), [...g, 'get', 'widget', '-o', 'json']],
    ['apply', a.applyArgs(t), [...g, 'apply', '-f', '-']],
    ['delete', a.deleteArgs(t, [{ kind: 'Pod', name: 'a' }, { kind: 'StatefulSet', name: 'emqx' }]), [...g, 'delete', 'pods/a', 'statefulsets/emqx', '--ignore-not-found', '--wait=true']],
    ['delete no wait', a.deleteArgs(t, [{ kind: 'Pod', name: 'a' }], { wait: false }), [...g, 'delete', 'pods/a', '--ignore-not-found', '--wait=false']],
    ['delete by selector', a.deleteSelectorArgs(t, ['Pod', 'PersistentVolumeClaim'], 'x=y'), [...g, 'delete', 'pods,persistentvolumeclaims', '-l', 'x=y', '--ignore-not-found', '--wait=true']],
    ['scale', a.scaleArgs(t, 'StatefulSet', 'emqx', 0), [...g, 'scale', 'statefulsets/emqx', '--replicas=0']],
    ['merge patch', a.patchMergeArgs(t, 'Deployment', 'emqx', { spec: { replicas: 3 } }), [...g, 'patch', 'deployments/emqx', '--type', 'merge', '-p', '{"spec":{"replicas":3}}']],
    ['rollout restart', a.rolloutRestartArgs(t, 'Deployment', 'emqx'), [...g, 'rollout', 'restart', 'deployments/emqx']],
    ['exec', a.execArgs(t, 'emqx-0', ['emqx', 'ctl', 'status']), [...g, 'exec', 'emqx-0', '--', 'emqx', 'ctl', 'status']],
    ['exec in container', a.execArgs(t, 'emqx-0', ['sh', '-c', 'echo $x'], 'emqx'), [...g, 'exec', 'emqx-0', '-c', 'emqx', '--', 'sh', '-c', 'echo $x']],
    ['exec with stdin', a.execArgs(t, 'emqx-0', ['sh', '-c', 'read -r p'], 'emqx', true), [...g, 'exec', '-i', 'emqx-0', '-c', 'emqx', '--', 'sh', '-c', 'read -r p']],
    ['logs', a.logsArgs(t, 'emqx-0', { tail: 200 }), [...g, 'logs', 'emqx-0', '--tail=200']],
    ['previous logs', a.logsArgs(t, 'emqx-0', { container: 'emqx', tail: 5, previous: true }), [...g, 'logs', 'emqx-0', '-c', 'emqx', '--tail=5', '--previous']],
    ['can-i as SA', a.canIArgs(t, 'get', 'endpoints', { as: a.serviceAccountUser('lab', 'emqx') }), [...g, 'auth', 'can-i', 'get', 'endpoints', '--as=system:serviceaccount:lab:emqx']],
    ['can-i named', a.canIArgs(t, 'get', 'endpoints', { name: 'emqx-headless' }), [...g, 'auth', 'can-i', 'get', 'endpoints/emqx-headless']],
    ['can-i subresource', a.canIArgs(t, 'create', 'pods', { subresource: 'exec' }), [...g, 'auth', 'can-i', 'create', 'pods', '--subresource=exec']],
    ['can-i group-qualified, named', a.canIArgs(t, 'impersonate', 'roles.rbac.authorization.k8s.io', { name: 'emqx' }), [...g, 'auth', 'can-i', 'impersonate', 'roles.rbac.authorization.k8s.io/emqx']],
    ['can-i --list', a.canIListArgs(t), [...g, 'auth', 'can-i', '--list']],
    ['get raw', a.getRawArgs(t, '/api/v1/x'), [...gNoNs, 'get', '--raw', '/api/v1/x']],
    ['port-forward', a.portForwardArgs(t, 'svc/emqx', 1883), ['--kubeconfig', '/k', '--context', 'kind-x', '--namespace', 'lab', 'port-forward', '--address', '127.0.0.1', 'svc/emqx', '0:1883']],
    ['version', a.versionArgs(t), [...gNoNs, 'version', '-o', 'json']],
    ['client version', a.versionArgs(t, { clientOnly: true }), ['--kubeconfig', '/k', '--context', 'kind-x', 'version', '--client', '-o', 'json']],
    ['current context', a.currentContextArgs(t), ['--kubeconfig', '/k', 'config', 'current-context']],
    ['config view', a.configViewArgs(t), ['--kubeconfig', '/k', '--context', 'kind-x', 'config', 'view', '--minify', '-o', 'json']],
    ['create namespace', a.createNamespaceArgs(t), [...gNoNs, 'create', 'namespace', 'lab']],
  ])('%s', (_name, got, want) => expect(got).toEqual(want));

  it('leaves out what is not set', () => {
    expect(a.getArgs({ namespace: 'n' }, 'Pod')).toEqual(['--namespace', 'n', 'get', 'pods', '-o', 'json']);
  });

  it('builds proxy paths to a Service and to a pod', () => {
    expect(a.proxyPath('lab', { service: 'emqx' }, 18083, '/status')).toBe('/api/v1/namespaces/lab/services/emqx:18083/proxy/status');
    expect(a.proxyPath('lab', { pod: 'emqx-0' }, 18083, '/api/v5/status')).toBe('/api/v1/namespaces/lab/pods/emqx-0:18083/proxy/api/v5/status');
  });

  it.each([
    [['get', 'pods'], ['--namespace', 'lab', 'get', 'pods']],
    [['get', 'pods', '-n', 'other'], ['get', 'pods', '-n', 'other']],
    [['get', 'pods', '-nother'], ['get', 'pods', '-nother']],
    [['get', 'pods', '--namespace=other'], ['get', 'pods', '--namespace=other']],
    [['get', 'pods', '-A'], ['get', 'pods', '-A']],
    [['exec', 'emqx', '--', 'sh', '-n', 'x'], ['--namespace', 'lab', 'exec', 'emqx', '--', 'sh', '-n', 'x']],
  ])('passthrough %j keeps the learner\'s namespace choice', (args, want) => {
    expect(a.passthroughArgs({ namespace: 'lab' }, args)).toEqual(want);
  });
});

/**
 * A learner's kubeconfig: the trainer's cluster entry taken from `kubectl config view --minify --flatten -o
 * json` (which cluster, which of its fields), the file written around it, and the mark `down` goes by.
 */
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { clusterFromConfig, isRoomKubeconfig, KUBECONFIG_MARK, learnerKubeconfigYaml } from '../../src/workshop/kubeconfig.js';

const ctx = (name: string, cluster: string) => ({ name, context: { cluster, user: name } });
const cl = (name: string, server: string, more: Record<string, unknown> = {}) => ({ name, cluster: { server, ...more } });

describe('clusterFromConfig', () => {
  it("the current context's cluster, wherever it is in the lists", () => {
    const view = {
      'current-context': 'b',
      contexts: [ctx('a', 'ca'), ctx('b', 'cb')],
      clusters: [cl('ca', 'https://a:6443'), cl('cb', 'https://b:6443')],
    };
    expect(clusterFromConfig(view)).toEqual({ name: 'cb', cluster: { server: 'https://b:6443' } });
  });

  it('no current context that matches: the first context; a context naming no cluster there: the first cluster', () => {
    const clusters = [cl('ca', 'https://a:6443'), cl('cb', 'https://b:6443')];
    expect(clusterFromConfig({ 'current-context': 'gone', contexts: [ctx('x', 'cb'), ctx('y', 'ca')], clusters })).toEqual({ name: 'cb', cluster: { server: 'https://b:6443' } });
    expect(clusterFromConfig({ contexts: [ctx('x', 'cb')], clusters })).toEqual({ name: 'cb', cluster: { server: 'https://b:6443' } });
    expect(clusterFromConfig({ 'current-context': 'x', contexts: [ctx('x', 'nowhere')], clusters })).toEqual({ name: 'ca', cluster: { server: 'https://a:6443' } });
    expect(clusterFromConfig({ 'current-context': 'x', contexts: [{ name: 'x' }], clusters })).toEqual({ name: 'ca', cluster: { server: 'https://a:6443' } });
    expect(clusterFromConfig({ clusters })).toEqual({ name: 'ca', cluster: { server: 'https://a:6443' } });
  });

  it.each([
    ['an empty view', {}],
    ['no clusters', { 'current-context': 'a', contexts: [ctx('a', 'ca')] }],
    ['an empty cluster list', { contexts: [ctx('a', 'ca')], clusters: [] }],
    ['a cluster entry without its cluster', { contexts: [ctx('a', 'ca')], clusters: [{ name: 'ca' }] }],
    ['a cluster without a server', { contexts: [ctx('a', 'ca')], clusters: [{ name: 'ca', cluster: { 'certificate-authority-data': 'Q0E=' } }] }],
    ['an empty server', { contexts: [ctx('a', 'ca')], clusters: [cl('ca', '')] }],
  ])('%s: no cluster', (_what, view) => {
    expect(clusterFromConfig(view)).toBeUndefined();
  });

  it('copies only the fields that are there (no empty keys)', () => {
    const got = clusterFromConfig({ contexts: [ctx('a', 'ca')], clusters: [cl('ca', 'https://a:6443')] })!;
    expect(Object.keys(got.cluster)).toEqual(['server']);
  });

  it('copies the connection fields as they are (false included), nothing else', () => {
    const view = {
      'current-context': 'a',
      contexts: [ctx('a', 'ca')],
      clusters: [
        cl('ca', 'https://a:6443', {
          'certificate-authority-data': 'Q0E=',
          'insecure-skip-tls-verify': false,
          'tls-server-name': 'api.internal',
          'proxy-url': 'socks5://proxy:1080',
          'certificate-authority': '/home/trainer/.minikube/ca.crt',
          extensions: [{ name: 'client.authentication.k8s.io/exec' }],
          'disable-compression': true,
        }),
      ],
    };
    expect(clusterFromConfig(view)).toEqual({
      name: 'ca',
      cluster: {
        server: 'https://a:6443',
        'certificate-authority-data': 'Q0E=',
        'insecure-skip-tls-verify': false,
        'tls-server-name': 'api.internal',
        'proxy-url': 'socks5://proxy:1080',
      },
    });
  });
});

describe('learnerKubeconfigYaml', () => {
  const cluster = { name: 'kind-emqx-lab', cluster: { server: 'https://10.0.0.5:6443', 'certificate-authority-data': 'Q0E=' } };

  it('the whole file: the mark, the header as comments (an empty line a bare #), then the config', () => {
    const text = learnerKubeconfigYaml({ context: 'kind-emqx-lab-learner-01', namespace: 'learner-01', token: 'tok', cluster, header: ['Use it so:', '', '  emqx-lab start'] });
    expect(text).toBe(
      [
        '# emqx-lab workshop kubeconfig',
        '# Use it so:',
        '#',
        '#   emqx-lab start',
        'apiVersion: v1',
        'kind: Config',
        'clusters:',
        '  - name: kind-emqx-lab',
        '    cluster:',
        '      server: https://10.0.0.5:6443',
        '      certificate-authority-data: Q0E=',
        'users:',
        '  - name: learner-01',
        '    user:',
        '      token: tok',
        'contexts:',
        '  - name: kind-emqx-lab-learner-01',
        '    context:',
        '      cluster: kind-emqx-lab',
        '      user: learner-01',
        '      namespace: learner-01',
        'current-context: kind-emqx-lab-learner-01',
        '',
      ].join('\n'),
    );
  });

  it('a long context name with spaces is not folded over lines', () => {
    const context = `${'training room '.repeat(8)}learner-01`;
    const text = learnerKubeconfigYaml({ context, namespace: 'learner-01', token: 't', cluster, header: [] });
    expect(text.split('\n')).toContain(`current-context: ${context}`);
  });

  it('a long token or certificate stays on one line (kubectl reads it whole)', () => {
    const token = `eyJ${'a'.repeat(900)}.${'b'.repeat(300)}`;
    const ca = 'Q'.repeat(2000);
    const text = learnerKubeconfigYaml({ context: 'c', namespace: 'n', token, cluster: { name: 'x', cluster: { server: 'https://x', 'certificate-authority-data': ca } }, header: [] });
    expect(text.split('\n')).toContain(`      token: ${token}`);
    expect(text.split('\n')).toContain(`      certificate-authority-data: ${ca}`);
    expect(text.startsWith(`${KUBECONFIG_MARK}\napiVersion: v1\n`)).toBe(true);
    expect((parse(text) as { users: { user: { token: string } }[] }).users[0].user.token).toBe(token);
  });
});

describe('isRoomKubeconfig', () => {
  it.each([
    [`${KUBECONFIG_MARK}\napiVersion: v1\n`, true],
    [KUBECONFIG_MARK, true],
    [`apiVersion: v1\n${KUBECONFIG_MARK}\n`, false],
    [` ${KUBECONFIG_MARK}\n`, false],
    ['# emqx-lab workshop\napiVersion: v1\n', false],
    ['apiVersion: v1\nkind: Config\n', false],
    ['', false],
  ])('%j → %s', (text, want) => {
    expect(KUBECONFIG_MARK).toBe('# emqx-lab workshop kubeconfig');
    expect(isRoomKubeconfig(text)).toBe(want);
  });
});

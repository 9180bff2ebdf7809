import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { kubectl, poll, simHome } from './spawn.js';

const NS = 'apiVersion: v1\nkind: Namespace\nmetadata: {name: lab}\n';
const POD = 'apiVersion: v1\nkind: Pod\nmetadata: {name: box, labels: {app: box}}\nspec:\n  containers: [{name: main, image: busybox:1.36, command: [sleep, infinity]}]\n';

describe('the simulator as a kubectl program', () => {
  it('config current-context, version, cluster-info, /readyz', async () => {
    const h = simHome();
    expect(await kubectl(h, ['config', 'current-context'])).toEqual({ stdout: 'emqx-lab-sim\n', stderr: '', code: 0 });
    const v = JSON.parse((await kubectl(h, ['version', '-o', 'json'])).stdout);
    expect(v.serverVersion.gitVersion).toBe('v1.32.2');
    expect(v.clientVersion.gitVersion).toMatch(/^v1\.32\./);
    expect((await kubectl(h, ['get', '--raw', '/readyz'])).stdout).toBe('ok');
    const cfg = JSON.parse((await kubectl(h, ['config', 'view', '--minify', '-o', 'json'])).stdout);
    expect(cfg.clusters[0].cluster.server).toBe('https://sim.emqx-lab.invalid');
    expect(cfg['current-context']).toBe('emqx-lab-sim');
  });

  it('three nodes, kind-like; the default StorageClass', async () => {
    const h = simHome();
    const nodes = await kubectl(h, ['get', 'nodes']);
    expect(nodes.stdout.split('\n')[0]).toMatch(/^NAME\s+STATUS\s+ROLES\s+AGE\s+VERSION$/);
    expect(nodes.stdout).toMatch(/emqx-lab-control-plane\s+Ready\s+control-plane\s+\S+\s+v1\.32\.2/);
    expect(nodes.stdout).toMatch(/emqx-lab-worker2\s+Ready\s+<none>/);
    expect((await kubectl(h, ['get', 'sc', '-o', 'name'])).stdout).toBe('storageclass.storage.k8s.io/standard\n');
  });

  it('usage errors and API errors as kubectl prints them, with its exit codes', async () => {
    const h = simHome();
    expect(await kubectl(h, ['get', 'pods', '--foo'])).toEqual({ stdout: '', stderr: "error: unknown flag: --foo\nSee 'kubectl get --help' for usage.\n", code: 1 });
    expect((await kubectl(h, ['get', 'pods', '-x'])).stderr).toBe("error: unknown shorthand flag: 'x' in -x\nSee 'kubectl get --help' for usage.\n");
    expect((await kubectl(h, ['get', 'pods', 'nope', '-n', 'default'])).stderr).toBe('Error from server (NotFound): pods "nope" not found\n');
    expect((await kubectl(h, ['get', 'deploy', 'nope', '-n', 'default'])).code).toBe(1);
    expect((await kubectl(h, ['get', 'deploy', 'nope', '-n', 'default', '--ignore-not-found'])).code).toBe(0);
    expect(await kubectl(h, ['get', 'pods', '-n', 'empty'])).toEqual({ stdout: '', stderr: 'No resources found in empty namespace.\n', code: 0 });
    expect((await kubectl(h, ['get', 'frobs'])).stderr).toBe('error: the server doesn\'t have a resource type "frobs"\n');
    expect((await kubectl(h, ['frob'])).stderr).toBe('error: unknown command "frob" for "kubectl"\n');
    const top = await kubectl(h, ['top', 'pod']);
    expect(top.code).toBe(1);
    expect(top.stderr).toContain('not modelled by the emqx-lab simulator');
    expect((await kubectl(h, ['--context', 'other', 'get', 'pods'])).stderr).toBe('Error in configuration: context was not found for specified context: other\n');
  });

  it('apply -f - prints created/configured/unchanged; get -o json|name|jsonpath|wide; delete waits', async () => {
    const h = simHome();
    expect((await kubectl(h, ['apply', '-f', '-'], { input: NS })).stdout).toBe('namespace/lab created\n');
    expect((await kubectl(h, ['apply', '-n', 'lab', '-f', '-'], { input: POD })).stdout).toBe('pod/box created\n');
    expect((await kubectl(h, ['apply', '-n', 'lab', '-f', '-'], { input: POD })).stdout).toBe('pod/box unchanged\n');
    const pod = JSON.parse((await kubectl(h, ['--namespace', 'lab', '--request-timeout=10s', 'get', 'pods', 'box', '-o', 'json'])).stdout);
    expect(pod.kind).toBe('Pod');
    expect(pod.metadata.annotations['kubectl.kubernetes.io/last-applied-configuration']).toContain('"name":"box"');
    const list = JSON.parse((await kubectl(h, ['get', 'pods,services', '-n', 'lab', '-o', 'json'])).stdout);
    expect(list).toMatchObject({ apiVersion: 'v1', kind: 'List', items: [{ kind: 'Pod' }] });
    expect((await kubectl(h, ['get', 'pods', '-n', 'lab', '-o', 'name'])).stdout).toBe('pod/box\n');
    expect((await kubectl(h, ['get', 'pods', '-n', 'lab', '-o', 'jsonpath={.items[*].metadata.name}'])).stdout).toBe('box');
    expect((await kubectl(h, ['get', 'pods', '-n', 'lab', '-l', 'app in (box,other)', '-o', 'name'])).stdout).toBe('pod/box\n');
    expect((await kubectl(h, ['get', 'pods', '-n', 'lab', '-l', 'app!=box', '-o', 'name'])).stdout).toBe('');
    await poll(h, ['get', 'pods', 'box', '-n', 'lab', '-o', 'jsonpath={.status.phase}'], (r) => r.stdout === 'Running');
    const wide = await kubectl(h, ['get', 'pods', '-n', 'lab', '-o', 'wide', '--show-labels']);
    expect(wide.stdout.split('\n')[0]).toMatch(/^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\s+IP\s+NODE\s+NOMINATED NODE\s+READINESS GATES\s+LABELS$/);
    expect(wide.stdout).toMatch(/box\s+1\/1\s+Running\s+0\s+\S+\s+10\.244\.\d+\.\d+\s+emqx-lab-worker2?\s+<none>\s+<none>\s+app=box/);
    const del = await kubectl(h, ['delete', 'pod', 'box', '-n', 'lab']);
    expect(del).toEqual({ stdout: 'pod "box" deleted\n', stderr: '', code: 0 });
    expect((await kubectl(h, ['get', 'pod', 'box', '-n', 'lab'])).code).toBe(1);
    expect((await kubectl(h, ['-n', 'lab', 'delete', 'pods/box', '--ignore-not-found', '--wait=true'])).code).toBe(0);
  });

  it('exec: output, exit codes of the command, a missing binary', async () => {
    const h = simHome();
    await kubectl(h, ['apply', '-f', '-'], { input: NS });
    await kubectl(h, ['apply', '-n', 'lab', '-f', '-'], { input: POD });
    await poll(h, ['get', 'pods', 'box', '-n', 'lab', '-o', 'jsonpath={.status.phase}'], (r) => r.stdout === 'Running');
    expect(await kubectl(h, ['exec', '-n', 'lab', 'box', '--', 'echo', 'hi'])).toEqual({ stdout: 'hi\n', stderr: '', code: 0 });
    expect(await kubectl(h, ['exec', '-n', 'lab', 'box', '--', 'sh', '-c', 'exit 3'])).toEqual({ stdout: '', stderr: 'command terminated with exit code 3\n', code: 3 });
    const missing = await kubectl(h, ['exec', '-n', 'lab', 'box', '--', 'curl', 'x']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^error: Internal error occurred: Internal error occurred: error executing command in container: failed to exec in container: failed to start exec "[0-9a-f]{64}": OCI runtime exec failed: exec failed: unable to start container process: exec: "curl": executable file not found in \$PATH: unknown\n$/);
    expect((await kubectl(h, ['exec', '-n', 'lab', 'box', '--', 'sh', '-c', 'curl x'])).stderr).toBe('sh: 1: curl: not found\ncommand terminated with exit code 127\n');
    expect((await kubectl(h, ['exec', '-n', 'lab', 'nope', '--', 'ls'])).stderr).toBe('Error from server (NotFound): pods "nope" not found\n');
  });

  it('auth can-i: yes/no with exit 0/1, for the admin and as a ServiceAccount', async () => {
    const h = simHome();
    await kubectl(h, ['apply', '-f', '-'], { input: NS });
    expect(await kubectl(h, ['auth', 'can-i', 'get', 'pods', '-n', 'lab'])).toEqual({ stdout: 'yes\n', stderr: '', code: 0 });
    expect(await kubectl(h, ['auth', 'can-i', 'get', 'endpoints', '-n', 'lab', '--as=system:serviceaccount:lab:default'])).toEqual({ stdout: 'no\n', stderr: '', code: 1 });
  });

  it('a learner kubeconfig with a token: every request authorized as that ServiceAccount', async () => {
    const h = simHome();
    await kubectl(h, ['apply', '-f', '-'], { input: `${NS}---\napiVersion: v1\nkind: Namespace\nmetadata: {name: other}\n` });
    await kubectl(h, ['apply', '-n', 'lab', '-f', '-'], { input: 'apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: learner}\n---\napiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata: {name: learner}\nsubjects: [{kind: ServiceAccount, name: learner, namespace: lab}]\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: edit}\n' });
    const token = (await kubectl(h, ['create', 'token', 'learner', '-n', 'lab', '--duration', '24h'])).stdout.trim();
    expect(token.split('.')).toHaveLength(3);
    const file = join(h, 'learner.kubeconfig');
    writeFileSync(file, `apiVersion: v1\nkind: Config\nclusters: [{name: sim, cluster: {server: https://sim.emqx-lab.invalid}}]\nusers: [{name: learner, user: {token: ${token}}}]\ncontexts: [{name: learner, context: {cluster: sim, user: learner, namespace: lab}}]\ncurrent-context: learner\n`);
    expect(await kubectl(h, ['--kubeconfig', file, 'get', 'pods'])).toEqual({ stdout: '', stderr: 'No resources found in lab namespace.\n', code: 0 });
    expect(await kubectl(h, ['--kubeconfig', file, 'get', 'pods', '-n', 'other'])).toEqual({
      stdout: '',
      stderr: 'Error from server (Forbidden): pods is forbidden: User "system:serviceaccount:lab:learner" cannot list resource "pods" in API group "" in the namespace "other"\n',
      code: 1,
    });
    expect((await kubectl(h, ['--kubeconfig', file, 'auth', 'can-i', 'create', 'deployments', '-n', 'other'])).stdout).toBe('no\n');
    expect((await kubectl(h, ['--kubeconfig', file, 'auth', 'can-i', 'create', 'deployments'])).stdout).toBe('yes\n');
    expect((await kubectl(h, ['--kubeconfig', file, 'get', 'nodes'])).stderr).toBe('Error from server (Forbidden): nodes is forbidden: User "system:serviceaccount:lab:learner" cannot list resource "nodes" in API group "" at the cluster scope\n');
    const bad = join(h, 'bad.kubeconfig');
    writeFileSync(bad, `apiVersion: v1\nkind: Config\nclusters: [{name: sim, cluster: {server: https://sim.emqx-lab.invalid}}]\nusers: [{name: u, user: {token: not.a.token}}]\ncontexts: [{name: c, context: {cluster: sim, user: u}}]\ncurrent-context: c\n`);
    expect((await kubectl(h, ['--kubeconfig', bad, 'get', 'pods'])).stderr).toBe('error: You must be logged in to the server (Unauthorized)\n');
  });

  it('a Role in a namespace lets a token user get that Namespace (kubectl get namespace, --raw, auth can-i)', async () => {
    const h = simHome();
    await kubectl(h, ['apply', '-f', '-'], { input: `${NS}---\napiVersion: v1\nkind: Namespace\nmetadata: {name: other}\n` });
    await kubectl(h, ['apply', '-n', 'lab', '-f', '-'], { input: 'apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: viewer}\n---\napiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata: {name: ns-get}\nrules: [{apiGroups: [""], resources: [namespaces], verbs: [get]}]\n---\napiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata: {name: viewer}\nsubjects: [{kind: ServiceAccount, name: viewer, namespace: lab}]\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: ns-get}\n' });
    const token = (await kubectl(h, ['create', 'token', 'viewer', '-n', 'lab'])).stdout.trim();
    const as = ['--token', token];
    const got = await kubectl(h, [...as, 'get', 'namespace', 'lab', '-o', 'name']);
    expect(got).toEqual({ stdout: 'namespace/lab\n', stderr: '', code: 0 });
    expect(JSON.parse((await kubectl(h, [...as, 'get', '--raw', '/api/v1/namespaces/lab'])).stdout).metadata.name).toBe('lab');
    // Its status subresource is a request in lab too, for a resource the Role does not grant.
    expect((await kubectl(h, [...as, 'get', '--raw', '/api/v1/namespaces/lab/status'])).stderr).toBe('Error from server (Forbidden): namespaces "lab" is forbidden: User "system:serviceaccount:lab:viewer" cannot get resource "namespaces/status" in API group "" in the namespace "lab"\n');
    expect(await kubectl(h, [...as, 'get', 'namespace', 'other'])).toEqual({
      stdout: '',
      stderr: 'Error from server (Forbidden): namespaces "other" is forbidden: User "system:serviceaccount:lab:viewer" cannot get resource "namespaces" in API group "" in the namespace "other"\n',
      code: 1,
    });
    expect((await kubectl(h, [...as, 'get', 'namespaces'])).stderr).toBe('Error from server (Forbidden): namespaces is forbidden: User "system:serviceaccount:lab:viewer" cannot list resource "namespaces" in API group "" at the cluster scope\n');
    // can-i sends its namespace even for a cluster-scoped resource (and warns), so the Role in lab answers.
    expect(await kubectl(h, [...as, 'auth', 'can-i', 'get', 'namespace/lab', '-n', 'lab'])).toEqual({ stdout: 'yes\n', stderr: "Warning: resource 'namespaces' is not namespace scoped\n\n", code: 0 });
    expect((await kubectl(h, [...as, 'auth', 'can-i', 'get', 'namespace/lab', '-A'])).stdout).toBe('no\n');
  });

  it('a corrupt state file: a clear message, exit 3 (an environment error to the lab), and `sim reset` recovers', async () => {
    const h = simHome();
    await kubectl(h, ['get', 'nodes']);
    writeFileSync(join(h, 'sim', 'state.json'), '{ not json');
    const r = await kubectl(h, ['get', 'nodes']);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('state file');
    expect(r.stderr).toContain('sim reset');
    expect((await kubectl(h, ['sim', 'reset'])).code).toBe(0);
    expect((await kubectl(h, ['get', 'nodes'])).code).toBe(0);
  });

  it('concurrent invocations share one cluster without losing writes', async () => {
    const h = simHome();
    await kubectl(h, ['apply', '-f', '-'], { input: NS });
    const names = ['a', 'b', 'c', 'd', 'e', 'f'];
    const results = await Promise.all([
      ...names.map((n) => kubectl(h, ['create', 'configmap', n, '-n', 'lab', `--from-literal=k=${n}`])),
      ...names.map(() => kubectl(h, ['get', 'pods', '-A'])),
    ]);
    expect(results.every((r) => r.code === 0)).toBe(true);
    expect((await kubectl(h, ['get', 'cm', '-n', 'lab', '-o', 'name'])).stdout).toBe(`${names.map((n) => `configmap/${n}`).join('\n')}\nconfigmap/kube-root-ca.crt\n`);
  });

  it('sim advance moves the clock: a fresh pod is old an hour later', async () => {
    const h = simHome();
    await kubectl(h, ['apply', '-f', '-'], { input: NS });
    await kubectl(h, ['apply', '-n', 'lab', '-f', '-'], { input: POD });
    expect((await kubectl(h, ['sim', 'advance', '1h'], { speed: 1 })).code).toBe(0);
    expect((await kubectl(h, ['get', 'pods', '-n', 'lab'], { speed: 1 })).stdout).toMatch(/box\s+1\/1\s+Running\s+0\s+6\dm/);
  });
});

/**
 * A room of four learners in the simulated cluster, through the built CLI: a room too large is refused with
 * the number that fits and nothing made; `up` makes namespaces, accounts, budgets and kubeconfigs; a
 * learner's kubeconfig reaches their own namespace and nothing else; learners end up at different steps
 * (the trainer solves some, one learner's own verify fails); `status` shows it; `down` removes exactly what
 * `up` made. The tests run in order and share the room.
 */
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCourse } from '../../src/course/load.js';
import { neededPermissions } from '../../src/engine/doctor-permissions.js';
import { engineDeps } from '../../src/engine/deps.js';
import { openSession } from '../../src/engine/session.js';
import { runVerify } from '../../src/engine/verify.js';
import { createKube } from '../../src/kube/adapter.js';
import { canIWords, granted, parseAccessList, questionText } from '../../src/kube/permissions.js';
import { resolveBinary } from '../../src/kube/binary.js';
import { execaRunner } from '../../src/kube/run.js';
import { readRoomStatus } from '../../src/workshop/read-room.js';
import type { RoomStatus } from '../../src/workshop/status.js';
import { execa } from 'execa';
import { CLI, simRoom } from './sim-room.js';

const room = simRoom();
const { course } = loadCourse(join(import.meta.dirname, '..', '..'));
const out = join(room.dir, 'room');
const file = (n: number) => join(out, `learner-0${n}.yaml`);
const as = (n: number, args: string[], input?: string) => room.kubectl(['--kubeconfig', file(n), ...args], input);
const LONG = 240_000;

async function labelled(): Promise<string[]> {
  const r = await room.kubectl(['get', 'namespaces', '-l', 'emqx-lab.io/workshop', '-o', 'json']);
  return (JSON.parse(String(r.stdout)) as { items: { metadata: { name: string }; status?: { phase?: string } }[] }).items
    .filter((n) => n.status?.phase !== 'Terminating')
    .map((n) => n.metadata.name)
    .sort();
}

describe('a room in the simulated cluster', () => {
  let fits = 0;

  it('a room too large for the nodes is refused (exit 3) with the number that fits, and nothing is made', async () => {
    const r = await room.cli(['--sim', 'workshop', 'up', '--learners', '500', '--out', out]);
    expect(r.exitCode).toBe(3);
    const m = /can hold (\d+) learner\(s\), not 500/.exec(String(r.stderr));
    expect(m, String(r.stderr)).not.toBeNull();
    fits = Number(m![1]);
    expect(fits).toBeGreaterThanOrEqual(4);
    expect(r.stderr).toContain('Nothing was created');
    expect(r.stderr).toMatch(/each learner needs up to 6 pods at once/);
    expect(r.stderr).toMatch(/control-plane: not used \(tainted/);
    expect(r.stdout).toBe('');
    expect(existsSync(out)).toBe(false);
    expect(await labelled()).toEqual([]);
    expect(existsSync(join(room.env.EMQX_LAB_HOME!, 'workshop'))).toBe(false);
    // One more than fits is refused with the same number; exactly that many passes the check (no --learners N+1 room either).
    const again = await room.cli(['--sim', 'workshop', 'up', '--learners', String(fits + 1), '--out', out]);
    expect(again.exitCode).toBe(3);
    expect(again.stderr).toContain(`can hold ${fits} learner(s), not ${fits + 1}`);
  }, LONG);

  it('up makes four namespaces, each with its account, Role, quota and defaults, and a kubeconfig file', async () => {
    const r = await room.cli(['--sim', 'workshop', 'up', '--learners', '4', '--out', out]);
    expect(r.exitCode, String(r.stderr)).toBe(0);
    expect(r.stdout).toContain(`4 learner(s) fit; this cluster holds ${fits}`);
    expect(r.stdout).toContain('emqx-lab --sim --namespace learner-01 start');
    expect(await labelled()).toEqual(['learner-01', 'learner-02', 'learner-03', 'learner-04']);
    for (const n of [1, 2, 3, 4]) {
      const text = readFileSync(file(n), 'utf8');
      expect(text.startsWith('# emqx-lab workshop kubeconfig')).toBe(true);
      expect(statSync(file(n)).mode & 0o777).toBe(0o600);
      expect(text).toContain(`namespace: learner-0${n}`);
    }
    const objs = await room.kubectl(['get', 'serviceaccounts,roles,rolebindings,resourcequotas,limitranges', '-n', 'learner-03', '-l', 'emqx-lab.io/workshop=learner', '-o', 'json']);
    const kinds = (JSON.parse(String(objs.stdout)) as { items: { kind: string; metadata: { name: string } }[] }).items.map((o) => `${o.kind}/${o.metadata.name}`).sort();
    expect(kinds).toEqual(['LimitRange/emqx-lab-defaults', 'ResourceQuota/emqx-lab-budget', 'Role/emqx-lab-learner', 'RoleBinding/emqx-lab-learner', 'ServiceAccount/emqx-lab-learner']);
    // Again with the room in place: the room's own namespaces are not counted against it.
    const big = await room.cli(['--sim', 'workshop', 'up', '--learners', '500', '--out', out]);
    expect(big.stderr).toContain(`can hold ${fits} learner(s)`);
    expect(await labelled()).toEqual(['learner-01', 'learner-02', 'learner-03', 'learner-04']);
  }, LONG);

  it("a learner's kubeconfig cannot read or change another learner's namespace", async () => {
    const no = await as(1, ['auth', 'can-i', 'get', 'pods', '-n', 'learner-02']);
    expect([no.exitCode, String(no.stdout).trim()]).toEqual([1, 'no']);
    const read = await as(1, ['get', 'pods', '-n', 'learner-02']);
    expect(read.exitCode).toBe(1);
    expect(read.stderr).toMatch(/Forbidden.*system:serviceaccount:learner-01:emqx-lab-learner/);
    const write = await as(1, ['create', 'configmap', 'x', '-n', 'learner-02', '--from-literal=a=b']);
    expect(write.exitCode).toBe(1);
    expect(write.stderr).toMatch(/^error: failed to create configmap: configmaps is forbidden: User "system:serviceaccount:learner-01:emqx-lab-learner" cannot create resource "configmaps" in API group "" in the namespace "learner-02"/);
    const nodes = await as(1, ['get', 'nodes']);
    expect(nodes.stderr).toContain('Forbidden');
    const impersonateOther = await as(1, ['auth', 'can-i', 'get', 'endpoints', '-n', 'learner-02', '--as=system:serviceaccount:learner-02:emqx']);
    expect(impersonateOther.stderr).toContain('Forbidden');
  }, LONG);

  it('…while in its own namespace it may do everything the course needs (and impersonate its emqx account)', async () => {
    const yes = await as(1, ['auth', 'can-i', 'get', 'pods']);
    expect([yes.exitCode, String(yes.stdout).trim()]).toEqual([0, 'yes']);
    const list = await as(1, ['get', 'pods']);
    expect(list.exitCode).toBe(0);
    // Every permission doctor asks (engine/permissions.ts) is in the rules the simulator lists for the learner
    // in its own namespace and in none it lists in a neighbour's (`auth can-i --list`, as doctor reads it)…
    const needed = neededPermissions(course, 'learner-01', 'en');
    const listed = async (ns: string) => parseAccessList(String((await as(1, ['auth', 'can-i', '--list', '-n', ns])).stdout));
    const [ownRules, otherRules] = await Promise.all([listed('learner-01'), listed('learner-02')]);
    for (const q of needed) {
      expect(granted(ownRules, q), questionText(q)).toBe(true);
      expect(granted(otherRules, q), `${questionText(q)} -n learner-02`).toBe(false);
    }
    // …and the authorizer itself says so for the subresources and the named objects (one question each).
    const singles = needed.filter((q) => q.subresource || q.name);
    expect(singles.length).toBeGreaterThanOrEqual(8);
    const [own, other] = await Promise.all([
      Promise.all(singles.map((q) => as(1, ['auth', 'can-i', ...canIWords(q)]))),
      Promise.all(singles.map((q) => as(1, ['auth', 'can-i', ...canIWords(q), '-n', 'learner-02']))),
    ]);
    singles.forEach((q, i) => {
      expect(String(own[i].stdout), questionText(q)).toMatch(/^yes/);
      expect(String(other[i].stdout), `${questionText(q)} -n learner-02`).toMatch(/^no/);
    });
    // The course's canI check asks as system:serviceaccount:<ns>:emqx: an answer, not a Forbidden.
    const asEmqx = await as(1, ['auth', 'can-i', 'get', 'endpoints', '--as=system:serviceaccount:learner-01:emqx']);
    expect(asEmqx.stderr).toBe('');
    expect(String(asEmqx.stdout).trim()).toBe('no');
  }, LONG);

  it('a hostile learner: privileged pods are refused (Pod Security baseline), and no RBAC escalation', async () => {
    const ns = JSON.parse(String((await room.kubectl(['get', 'namespace', 'learner-02', '-o', 'json'])).stdout)) as { metadata: { labels: Record<string, string> } };
    expect(ns.metadata.labels).toMatchObject({ 'pod-security.kubernetes.io/enforce': 'baseline', 'pod-security.kubernetes.io/warn': 'baseline' });
    const hostile = `apiVersion: v1
kind: Pod
metadata: { name: root }
spec:
  hostPID: true
  hostNetwork: true
  containers:
    - name: sh
      image: busybox
      securityContext: { privileged: true }
      volumeMounts: [{ name: host, mountPath: /host }]
  volumes: [{ name: host, hostPath: { path: / } }]
`;
    const pod = await as(2, ['apply', '-f', '-'], hostile);
    expect(pod.exitCode).toBe(1);
    expect(String(pod.stderr)).toBe(
      'Error from server (Forbidden): error when creating "STDIN": pods "root" is forbidden: violates PodSecurity "baseline:latest": host namespaces (hostNetwork=true, hostPID=true), hostPath volumes (volume "host"), privileged (container "sh" must not set securityContext.privileged=true)',
    );
    // A workload with such a template is admitted with the warning; its pods are refused by the ReplicaSet.
    const deploy = `apiVersion: apps/v1
kind: Deployment
metadata: { name: priv }
spec:
  selector: { matchLabels: { app: priv } }
  template:
    metadata: { labels: { app: priv } }
    spec:
      hostNetwork: true
      containers: [{ name: c, image: busybox }]
`;
    const d = await as(2, ['apply', '-f', '-'], deploy);
    expect(d.exitCode, String(d.stderr)).toBe(0);
    expect(String(d.stderr)).toBe('Warning: would violate PodSecurity "baseline:latest": host namespaces (hostNetwork=true)');
    expect(String(d.stdout)).toBe('deployment.apps/priv created');
    await as(2, ['get', 'pods']);
    const events = String((await as(2, ['get', 'events', '-o', 'json'])).stdout);
    expect(events).toMatch(/violates PodSecurity \\"baseline:latest\\": host namespaces \(hostNetwork=true\)/);
    expect((await as(2, ['delete', 'deployment', 'priv'])).exitCode).toBe(0);

    // Binding cluster-admin (or writing a Role with more than the learner holds) is escalation: refused.
    const groups = '["system:serviceaccounts" "system:serviceaccounts:learner-02" "system:authenticated"]';
    const binding = `apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: me-admin }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin }
subjects: [{ kind: ServiceAccount, name: emqx-lab-learner, namespace: learner-02 }]
`;
    const bind = await as(2, ['apply', '-f', '-'], binding);
    expect(bind.exitCode).toBe(1);
    expect(String(bind.stderr)).toBe(
      `Error from server (Forbidden): error when creating "STDIN": rolebindings.rbac.authorization.k8s.io "me-admin" is forbidden: user "system:serviceaccount:learner-02:emqx-lab-learner" (groups=${groups}) is attempting to grant RBAC permissions not currently held:\n{APIGroups:["*"], Resources:["*"], Verbs:["*"]}\n{NonResourceURLs:["*"], Verbs:["*"]}`,
    );
    const wide = `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: { name: all }
rules: [{ apiGroups: [""], resources: [resourcequotas, limitranges], verbs: ["*"] }]
`;
    const role = await as(2, ['apply', '-f', '-'], wide);
    expect(role.exitCode).toBe(1);
    expect(String(role.stderr)).toContain('is attempting to grant RBAC permissions not currently held:\n{APIGroups:[""], Resources:["limitranges"], Verbs:["*"]}\n{APIGroups:[""], Resources:["resourcequotas"], Verbs:["*"]}');
    for (const what of ['resourcequota/emqx-lab-budget', 'limitrange/emqx-lab-defaults']) {
      const del = await as(2, ['delete', what]);
      expect(del.exitCode).toBe(1);
      expect(del.stderr).toContain('Forbidden');
    }
    // The course's own ServiceAccount, Role and RoleBinding (step 6) are no escalation: admitted.
    const rbac = readFileSync(join(import.meta.dirname, '..', '..', 'manifests', '06-rbac', 'rbac.yaml'), 'utf8').replaceAll('${NAMESPACE}', 'learner-02');
    const own = await as(2, ['apply', '-f', '-'], rbac);
    expect(own.exitCode, String(own.stderr)).toBe(0);
    expect(String(own.stdout)).toContain('rolebinding.rbac.authorization.k8s.io/emqx created');
    for (const kind of ['rolebinding', 'role', 'serviceaccount']) { const d = await as(2, ['delete', kind, 'emqx']); expect(d.exitCode, `${kind}: ${String(d.stderr)}`).toBe(0); }
  }, LONG);

  it('the budget: containers without resources get the defaults, and the seventh pod exceeds the quota', async () => {
    const podYaml = (i: number) => `apiVersion: v1\nkind: Pod\nmetadata: { name: p${i} }\nspec:\n  containers:\n    - { name: c, image: busybox, command: [sleep, "3600"] }\n`;
    for (let i = 1; i <= 6; i++) expect((await as(4, ['apply', '-f', '-'], podYaml(i))).exitCode).toBe(0);
    const seventh = await as(4, ['apply', '-f', '-'], podYaml(7));
    expect(seventh.exitCode).toBe(1);
    expect(seventh.stderr).toMatch(/exceeded quota: emqx-lab-budget/);
    const p1 = JSON.parse(String((await as(4, ['get', 'pod', 'p1', '-o', 'json'])).stdout)) as { spec: { containers: { resources: unknown }[] } };
    expect(p1.spec.containers[0].resources).toMatchObject({ requests: { cpu: '100m', memory: '256Mi' }, limits: { memory: '1Gi' } });
    expect((await as(4, ['delete', 'pods', '--all', '--wait=false'])).exitCode).toBe(0);
  }, LONG);

  it('learners at different steps: the trainer solves, a learner fails a check, status shows it all', async () => {
    // learner-01 is unstuck twice (step 1, then step 2: the record of step 1 survives the second solve).
    for (const step of ['1', '2']) {
      const r = await room.cli(['--sim', 'workshop', 'solve', '1', step]);
      expect(r.exitCode, `${r.stdout}\n${r.stderr}`).toBe(0);
      expect(r.stdout).toContain(`Solving step ${step} in namespace learner-01, as the trainer`);
      // No "ask the learner to verify": their next verify keeps what the trainer recorded.
      expect(r.stdout).not.toContain('emqx-lab verify');
    }
    // learner-03 jumps to step 4.
    expect((await room.cli(['--sim', 'workshop', 'solve', 'learner-03', 'scale'])).exitCode).toBe(0);
    // learner-02 verifies step 1 on an empty namespace: their own verify records the failure.
    const ctx = room.ctx();
    const s = await openSession(ctx, { sim: true, namespace: 'learner-02' }, { course });
    try {
      const r = await runVerify(engineDeps(ctx, s), course.steps[0], { mode: 'once', record: true, diagnose: false });
      expect(r.passed).toBe(false);
      expect(r.recordError).toBeUndefined();
    } finally {
      await s.close();
    }

    const st = await room.cli(['--sim', 'workshop', 'status', '--json']);
    expect(st.exitCode, String(st.stderr)).toBe(0);
    const status = JSON.parse(String(st.stdout)) as RoomStatus;
    const by = Object.fromEntries(status.learners.map((l) => [l.namespace, l]));
    expect(Object.keys(by)).toEqual(['learner-01', 'learner-02', 'learner-03', 'learner-04']);
    expect(by['learner-01'].cells.slice(0, 3)).toEqual(['passed', 'passed', 'current']);
    expect(by['learner-01'].current).toEqual({ step: 3, id: 'service' });
    expect(by['learner-02']).toMatchObject({ started: true, current: { step: 1, id: 'bare-pod' }, lastFailure: { step: 1, id: 'bare-pod' } });
    expect(by['learner-02'].lastFailure!.reason.length).toBeGreaterThan(0);
    expect(by['learner-02'].secondsOnStep).toBeGreaterThanOrEqual(0);
    expect(by['learner-03'].cells.slice(0, 4)).toEqual(['current', 'locked', 'locked', 'passed']);
    expect(by['learner-04']).toMatchObject({ started: false, passed: 0 });

    const grid = await room.cli(['--sim', 'workshop', 'status']);
    const lines = String(grid.stdout).split('\n');
    expect(lines.find((l) => l.startsWith('learner-01'))).toMatch(/✔ ✔ ▸ · · · · · ·\s+step 3/);
    expect(lines.find((l) => l.startsWith('learner-02'))).toMatch(/▸ · · · · · · · ·\s+step 1 · \d+ (s|min)\s+1: \S+: \S/);
    expect(lines.find((l) => l.startsWith('learner-03'))).toMatch(/▸ · · ✔ · · · · ·\s+step 1/);
    expect(lines.find((l) => l.startsWith('learner-04'))).toMatch(/· · · · · · · · ·\s+not started/);
    const zh = await room.cli(['--sim', '--lang', 'zh', 'workshop', 'status']);
    expect(zh.stdout).toContain('尚未开始');
  }, 600_000);

  it('status reads the whole room with ONE kubectl call', async () => {
    const ctx = room.ctx();
    let calls = 0;
    const base = execaRunner(resolveBinary({ sim: true }, room.env), room.env);
    const kube = createKube({ binary: resolveBinary({ sim: true }, room.env), target: { namespace: 'emqx-lab' }, env: room.env, runner: (a, o) => (calls++, base(a, o)) });
    const status = await readRoomStatus(kube, course, 'en', 'learner', ['learner-01', 'learner-02', 'learner-03', 'learner-04'], ctx.now());
    expect(status.learners.filter((l) => l.started)).toHaveLength(3);
    expect(calls).toBe(1);
    await kube.close();
  });

  it('solve names an unknown learner or step as a usage error (exit 2), before touching anything', async () => {
    const r = await room.cli(['--sim', 'workshop', 'solve', '9', '1']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('learner-01, learner-02, learner-03, learner-04');
    expect((await room.cli(['--sim', 'workshop', 'solve', '1', '42'])).exitCode).toBe(2);
  }, LONG);

  it('status --watch reads the room again and again until Ctrl-C (exit 130)', async () => {
    const proc = execa('node', [CLI, '--sim', 'workshop', 'status', '--watch'], { cwd: room.dir, env: room.env, reject: false, stdin: 'ignore' });
    let text = '';
    await new Promise<void>((resolve) => {
      proc.stdout!.on('data', (c: Buffer) => {
        text += c.toString();
        if ((text.match(/^learner-04 /gm) ?? []).length >= 2) resolve();
      });
    });
    proc.kill('SIGINT');
    const r = await proc;
    expect(r.exitCode).toBe(130);
    expect(text).toContain('again every 2 s. Ctrl-C stops.');
    expect(text).not.toContain('\x1b[2J');
  }, LONG);

  it('up again with fewer learners renews their kubeconfigs and keeps the others as they are', async () => {
    const before = readFileSync(file(1), 'utf8');
    const r = await room.cli(['--sim', 'workshop', 'up', '--learners', '2', '--out', out]);
    expect(r.exitCode, String(r.stderr)).toBe(0);
    expect(r.stdout).toContain('Kept as they are, from an earlier and larger room: learner-03, learner-04');
    expect(readFileSync(file(1), 'utf8')).not.toBe(before);
    const st = JSON.parse(String((await room.cli(['--sim', 'workshop', 'status', '--json'])).stdout)) as RoomStatus;
    expect(st.learners.map((l) => [l.namespace, l.passed])).toEqual([
      ['learner-01', 2],
      ['learner-02', 0],
      ['learner-03', 1],
      ['learner-04', 0],
    ]);
  }, LONG);

  it('down needs --yes without a terminal, then removes exactly what up made', async () => {
    expect((await room.cli(['--sim', 'workshop', 'down'])).exitCode).toBe(2);
    expect(await labelled()).toHaveLength(4);
    // Things down must leave: a namespace named like a learner without the label, another room, a file of
    // the trainer's beside the kubeconfigs, a kubeconfig someone rewrote.
    await room.kubectl(['create', 'namespace', 'learner-50']);
    await room.kubectl(['apply', '-f', '-'], 'apiVersion: v1\nkind: Namespace\nmetadata: { name: other-01, labels: { emqx-lab.io/workshop: other } }\n');
    writeFileSync(join(out, 'notes.txt'), 'seat plan\n');
    writeFileSync(file(4), 'apiVersion: v1\nkind: Config\n# mine now\n');
    const r = await room.cli(['--sim', 'workshop', 'down', '--yes']);
    expect(r.exitCode, String(r.stderr)).toBe(0);
    expect(r.stdout).toContain('Deleted 4 namespace(s): learner-01, learner-02, learner-03, learner-04');
    expect(r.stdout).toContain('Removed 3 kubeconfig file(s)');
    expect(r.stdout).toContain(file(4));
    expect(await labelled()).toEqual(['other-01']);
    const left = JSON.parse(String((await room.kubectl(['get', 'namespaces', '-o', 'json'])).stdout)) as { items: { metadata: { name: string } }[] };
    expect(left.items.map((n) => n.metadata.name)).toEqual(expect.arrayContaining(['learner-50', 'other-01', 'default']));
    for (const n of [1, 2, 3]) expect(existsSync(file(n))).toBe(false);
    expect(existsSync(file(4))).toBe(true);
    expect(existsSync(join(out, 'notes.txt'))).toBe(true);
    const after = await room.cli(['--sim', 'workshop', 'status']);
    expect(after.stdout).toContain('has no learners');
  }, LONG);
});

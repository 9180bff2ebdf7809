/**
 * The trainer's kit on the real API server (issue 10, part 4): `workshop up --learners 3` makes real
 * namespaces (Pod Security labels), ServiceAccounts with real tokens, Roles, quotas and LimitRanges; the
 * real API server answers each learner's kubeconfig `yes` in its own namespace and `no` for a neighbour's
 * and for cluster-scoped objects, refuses a privileged pod and an RBAC escalation; a learner goes through
 * the nine steps under that Role and budget (Kubernetes-only checks); another learner's verify is recorded;
 * `workshop status` shows it; `workshop down` leaves nothing behind. The tests run in order and share the
 * room. Writes reports/control-plane/trainer.json = {"ok": true|false} (every test here passed).
 */
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { loadCourse } from '../../src/course/load.js';
import { neededPermissions } from '../../src/engine/doctor-permissions.js';
import { canIWords } from '../../src/kube/permissions.js';
import { packageRoot } from '../../src/util/paths.js';
import type { RoomStatus } from '../../src/workshop/status.js';
import { runCourse, type StepRun } from './course-run.js';
import { realKubectl } from './harness.js';
import { PARTS } from './summary.js';
import { eventually, realLab } from './lab.js';

const plane = inject('controlPlane');
const LEARNERS = ['learner-01', 'learner-02', 'learner-03'];
const LONG = 10 * 60_000;

describe.skipIf(!plane)("the trainer's kit on the real API server", () => {
  const lab = plane ? realLab(plane, 'trainer') : (undefined as never);
  const { course } = loadCourse(packageRoot());
  const out = plane ? join(lab.dir, 'room') : '';
  const file = (ns: string) => join(out, `${ns}.yaml`);
  const as = (ns: string, args: string[], input?: string) => lab.kubectl(args, { kubeconfig: file(ns), input });
  const tests: string[] = [];
  const passed = new Set<string>();
  /** A test whose success counts towards trainer.json. */
  const step = (name: string, fn: () => Promise<void>, timeout = LONG) => {
    tests.push(name);
    it(name, async () => {
      await fn();
      passed.add(name);
    }, timeout);
  };
  const labelled = async () =>
    (JSON.parse(await lab.ok(['get', 'namespaces', '-l', 'emqx-lab.io/workshop', '-o', 'json'])) as { items: { metadata: { name: string } }[] }).items
      .map((n) => n.metadata.name)
      .sort();

  afterAll(async () => {
    mkdirSync(PARTS, { recursive: true });
    writeFileSync(join(PARTS, 'trainer.json'), `${JSON.stringify({ ok: tests.length > 0 && passed.size === tests.length })}\n`);
    // Whatever a failed test left: the room's namespaces go.
    const left = await labelled().catch(() => []);
    if (left.length) await lab.kubectl(['delete', 'namespace', ...left, '--wait=false']);
    rmSync(lab.dir, { recursive: true, force: true });
  });

  step('up --learners 3: namespaces with Pod Security labels, account, Role, binding, quota and defaults, a kubeconfig each', async () => {
    const r = await lab.cli(['workshop', 'up', '--learners', '3', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('3 learner(s) fit');
    expect(await labelled()).toEqual(LEARNERS);
    for (const ns of LEARNERS) {
      const meta = JSON.parse(await lab.ok(['get', 'namespace', ns, '-o', 'json'])) as { metadata: { labels: Record<string, string> } };
      expect(meta.metadata.labels).toMatchObject({
        'emqx-lab.io/workshop': 'learner',
        'pod-security.kubernetes.io/enforce': 'baseline',
        'pod-security.kubernetes.io/warn': 'baseline',
      });
      const objs = JSON.parse(
        await lab.ok(['get', 'serviceaccounts,roles,rolebindings,resourcequotas,limitranges', '-n', ns, '-l', 'emqx-lab.io/workshop=learner', '-o', 'json']),
      ) as { items: { kind: string; metadata: { name: string } }[] };
      expect(objs.items.map((o) => `${o.kind}/${o.metadata.name}`).sort()).toEqual([
        'LimitRange/emqx-lab-defaults',
        'ResourceQuota/emqx-lab-budget',
        'Role/emqx-lab-learner',
        'RoleBinding/emqx-lab-learner',
        'ServiceAccount/emqx-lab-learner',
      ]);
      const quota = JSON.parse(await lab.ok(['get', 'resourcequota', 'emqx-lab-budget', '-n', ns, '-o', 'json'])) as { status: { hard: Record<string, string> } };
      expect(Object.keys(quota.status.hard).sort()).toEqual(['persistentvolumeclaims', 'pods', 'requests.cpu', 'requests.memory', 'requests.storage']);
      expect(statSync(file(ns)).mode & 0o777).toBe(0o600);
      expect(readFileSync(file(ns), 'utf8')).toContain(`namespace: ${ns}`);
    }
  });

  step('each kubeconfig holds a real token of its own ServiceAccount', async () => {
    for (const ns of LEARNERS) {
      const who = JSON.parse((await as(ns, ['auth', 'whoami', '-o', 'json'])).stdout) as { status: { userInfo: { username: string; groups: string[] } } };
      expect(who.status.userInfo.username).toBe(`system:serviceaccount:${ns}:emqx-lab-learner`);
      expect(who.status.userInfo.groups).toContain(`system:serviceaccounts:${ns}`);
    }
  });

  step("the API server answers yes in a learner's own namespace, no in a neighbour's and for cluster-scoped objects", async () => {
    const asked = (ns: string) => neededPermissions(course, ns, 'en').map((q) => ['auth', 'can-i', ...canIWords(q)]);
    const answers: string[] = [];
    for (const [i, ns] of LEARNERS.entries()) {
      const neighbour = LEARNERS[(i + 1) % LEARNERS.length];
      // Every permission doctor asks (some seventy questions): a few at a time, answers kept in order.
      const questions = asked(ns);
      for (let k = 0; k < questions.length; k += 8) {
        const batch = await Promise.all(questions.slice(k, k + 8).map(async (args) => {
          const [own, other] = await Promise.all([as(ns, [...args, '-n', ns]), as(ns, [...args, '-n', neighbour])]);
          return `${ns} ${args.slice(2).join(' ')}: ${own.stdout.trim()} / ${neighbour}: ${other.stdout.trim()}`;
        }));
        answers.push(...batch);
      }
      for (const args of [
        ['list', 'nodes'],
        ['list', 'namespaces'],
        ['create', 'namespaces'],
        ['list', 'persistentvolumes'],
        ['create', 'storageclasses.storage.k8s.io'],
        ['create', 'clusterroles.rbac.authorization.k8s.io'],
        ['create', 'clusterrolebindings.rbac.authorization.k8s.io'],
        ['get', 'pods', '--all-namespaces'],
      ]) {
        const r = await as(ns, ['auth', 'can-i', ...args]);
        answers.push(`${ns} cluster ${args.join(' ')}: ${r.stdout.trim()}`);
      }
    }
    const expected = answers.map((a) => a.replace(/: \S+ \/ (\S+): \S+$/, ': yes / $1: no').replace(/(cluster .*): \S+$/, '$1: no'));
    expect(answers).toEqual(expected);
    // Not only can-i: the requests themselves are refused.
    const read = await as('learner-01', ['get', 'pods', '-n', 'learner-02']);
    expect(read.code).toBe(1);
    expect(read.stderr).toContain('Error from server (Forbidden): pods is forbidden: User "system:serviceaccount:learner-01:emqx-lab-learner" cannot list resource "pods" in API group "" in the namespace "learner-02"');
    const nodes = await as('learner-01', ['get', 'nodes']);
    expect(nodes.stderr).toContain('cannot list resource "nodes" in API group "" at the cluster scope');
    const write = await as('learner-01', ['create', 'configmap', 'x', '-n', 'learner-03', '--from-literal=a=b']);
    // kubectl words a refused `create configmap` its own way (no "Error from server (Forbidden)").
    expect(write.stderr).toContain('error: failed to create configmap: configmaps is forbidden: User "system:serviceaccount:learner-01:emqx-lab-learner" cannot create resource "configmaps" in API group "" in the namespace "learner-03"');
  });

  step('a privileged pod is refused in a learner namespace (Pod Security baseline), and binding cluster-admin is an escalation', async () => {
    const hostile = `apiVersion: v1
kind: Pod
metadata: { name: root }
spec:
  hostPID: true
  containers:
    - name: sh
      image: busybox
      securityContext: { privileged: true }
`;
    const pod = await as('learner-02', ['apply', '-f', '-'], hostile);
    expect(pod.code).toBe(1);
    expect(pod.stderr).toContain('pods "root" is forbidden: violates PodSecurity "baseline:latest": host namespaces (hostPID=true), privileged (container "sh" must not set securityContext.privileged=true)');
    // The same pod as the admin: Pod Security does not care who asks.
    const admin = await lab.kubectl(['apply', '-n', 'learner-02', '-f', '-'], { input: hostile });
    expect(admin.code).toBe(1);
    expect(admin.stderr).toContain('violates PodSecurity "baseline:latest"');
    const binding = `apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: me-admin }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin }
subjects: [{ kind: ServiceAccount, name: emqx-lab-learner, namespace: learner-02 }]
`;
    const bind = await as('learner-02', ['apply', '-f', '-'], binding);
    expect(bind.code).toBe(1);
    expect(bind.stderr).toContain('is attempting to grant RBAC permissions not currently held');
    const quota = await as('learner-02', ['delete', 'resourcequota', 'emqx-lab-budget']);
    expect(quota.stderr).toContain('Forbidden');
  });

  const learnerRuns: StepRun[] = [];
  step('a learner goes through the nine steps under that Role, quota and LimitRange (Kubernetes-only checks)', async () => {
    const ctx = lab.ctx();
    await runCourse(ctx, { kubectl: realKubectl, kubeconfig: file('learner-01'), namespace: 'learner-01' }, course, (r) => learnerRuns.push(r));
    const failed = (r: StepRun) => r.solveError ?? r.checks.filter((c) => !c.passed).map((c) => `${c.id}: ${c.reason}`).join('; ');
    expect(learnerRuns.map((r) => [r.step, r.passed ? 'passed' : failed(r)])).toEqual(course.steps.map((s) => [s.number, 'passed']));
    // doctor as the learner: every permission the course needs is granted in its namespace.
    const doctor = await lab.cli(['--namespace', 'learner-01', 'doctor', '--json'], { kubeconfig: file('learner-01') });
    const report = JSON.parse(doctor.stdout) as { items: { id: string; status: string }[] };
    expect(report.items.find((i) => i.id === 'permissions')?.status).toBe('ok');
  });

  step("another learner's verify fails and is recorded; workshop status shows the room", async () => {
    const v = await lab.cli(['--namespace', 'learner-02', 'verify', '1'], { kubeconfig: file('learner-02') });
    expect(v.code, v.stderr).toBe(1);
    expect(v.stdout).toContain('no pod matches app.kubernetes.io/name=emqx');
    const st = await lab.cli(['workshop', 'status', '--json']);
    expect(st.code, st.stderr).toBe(0);
    const status = JSON.parse(st.stdout) as RoomStatus;
    const by = Object.fromEntries(status.learners.map((l) => [l.namespace, l]));
    expect(Object.keys(by)).toEqual(LEARNERS);
    expect(by['learner-02']).toMatchObject({ started: true, current: { step: 1, id: 'bare-pod' }, lastFailure: { step: 1, id: 'bare-pod', check: 'pod-ready' } });
    expect(by['learner-03']).toMatchObject({ started: false, passed: 0 });
    const grid = await lab.cli(['workshop', 'status']);
    expect(grid.code, grid.stderr).toBe(0);
    for (const ns of LEARNERS) expect(grid.stdout).toMatch(new RegExp(`^${ns} `, 'm'));
  });

  step('workshop down leaves nothing behind: namespaces, their claims and volumes, kubeconfig files, the record', async () => {
    expect((await lab.cli(['workshop', 'down'])).code).toBe(2);
    const r = await lab.cli(['workshop', 'down', '--yes']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`Deleted 3 namespace(s): ${LEARNERS.join(', ')}`);
    expect(r.stdout).toContain('Removed 3 kubeconfig file(s).');
    for (const ns of LEARNERS) expect(existsSync(file(ns))).toBe(false);
    expect(existsSync(out)).toBe(false);
    await eventually('the learner namespaces are gone', async () => ((await labelled()).length === 0 ? true : undefined), 300_000);
    // learner-01's claims had volumes (reclaim policy Delete): they go with the namespace.
    await eventually('no volume of a learner claim is left', async () => {
      const pvs = JSON.parse(await lab.ok(['get', 'persistentvolumes', '-o', 'json'])) as { items: { spec: { claimRef?: { namespace?: string } } }[] };
      return pvs.items.some((p) => LEARNERS.includes(p.spec.claimRef?.namespace ?? '')) ? undefined : true;
    }, 300_000);
    const cluster = await lab.ok(['get', 'clusterroles,clusterrolebindings', '-l', 'app.kubernetes.io/managed-by=emqx-lab-workshop', '-o', 'name']);
    expect(cluster.trim()).toBe('');
    const after = await lab.cli(['workshop', 'status']);
    expect(after.stdout).toContain('has no learners');
  });
});

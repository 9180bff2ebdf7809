/**
 * The engine on the real API server (issue 10, part 4), with kwok's pods (no EMQX behind them): the built
 * CLI applies a step; the nine steps solved in order pass their Kubernetes-only checks; `doctor --json`;
 * `reset --all` removes the lab's objects and leaves a foreign one alone; a context that looks like a cloud
 * cluster is refused (exit 3) before any call that changes something. The tests run in order and share the
 * namespace. Writes reports/control-plane/steps.json = {"passed": S} (and steps-details.json).
 */
import { chmodSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, connect, type Server } from 'node:net';
import { join } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { stringify } from 'yaml';
import { loadCourse } from '../../src/course/load.js';
import { packageRoot } from '../../src/util/paths.js';
import { runCourse, type StepRun } from './course-run.js';
import { realKubectl } from './harness.js';
import { PARTS } from './summary.js';
import { eventually, realLab } from './lab.js';

const plane = inject('controlPlane');
const NS = 'cp-engine';
const LONG = 30 * 60_000;

interface Item {
  metadata: { name: string; labels?: Record<string, string> };
  kind: string;
}

describe.skipIf(!plane)('the engine on the real API server', () => {
  // Under the default config there is no plane and nothing here runs.
  const lab = plane ? realLab(plane, 'engine') : (undefined as never);
  const { course } = loadCourse(packageRoot());
  const runs: StepRun[] = [];
  const items = async (kinds: string, selector?: string) =>
    (JSON.parse(await lab.ok(['get', kinds, '-n', NS, ...(selector ? ['-l', selector] : []), '-o', 'json'])) as { items: Item[] }).items.map(
      (i) => `${i.kind}/${i.metadata.name}`,
    );

  afterAll(async () => {
    const passed = runs.filter((r) => r.passed).length;
    mkdirSync(PARTS, { recursive: true });
    writeFileSync(join(PARTS, 'steps.json'), `${JSON.stringify({ passed })}\n`);
    writeFileSync(join(PARTS, 'steps-details.json'), `${JSON.stringify(runs, null, 2)}\n`);
    // Gone before the next file runs: the tier's files share the plane.
    await lab.kubectl(['delete', 'namespace', NS, 'cp-cloud', '--ignore-not-found', '--wait=true', '--timeout=180s']);
    rmSync(lab.dir, { recursive: true, force: true });
  });

  it('applies step 1 through the built CLI (node dist/cli.js --kubectl <real> apply 1)', async () => {
    const r = await lab.cli(['--namespace', NS, 'apply', '1']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`Applying step 1 to namespace ${NS}:`);
    expect(r.stdout).toContain('pod/emqx created');
    const pod = JSON.parse(await lab.ok(['get', 'pod', 'emqx', '-n', NS, '-o', 'json'])) as Item;
    expect(pod.metadata.labels).toMatchObject({ 'app.kubernetes.io/part-of': 'emqx-lab', 'app.kubernetes.io/name': 'emqx' });
  });

  it('solves the nine steps in order, and each passes its Kubernetes-only checks', async () => {
    await runCourse(lab.ctx(), { kubectl: realKubectl, kubeconfig: plane!.kubeconfig, namespace: NS }, course, (r) => runs.push(r));
    const failed = (r: StepRun) => r.solveError ?? r.checks.filter((c) => !c.passed).map((c) => `${c.id}: ${c.reason}`).join('; ');
    expect(runs.map((r) => [r.step, r.passed ? 'passed' : failed(r)])).toEqual(course.steps.map((s) => [s.number, 'passed']));
    // What the last step leaves: three pods of the StatefulSet, each with its claim bound by the plane's provisioner.
    expect((await items('pods')).sort()).toEqual(['Pod/emqx-0', 'Pod/emqx-1', 'Pod/emqx-2']);
    expect(await items('deployments')).toEqual([]);
    const pvcs = JSON.parse(await lab.ok(['get', 'pvc', '-n', NS, '-o', 'json'])) as { items: { metadata: { name: string }; status: { phase: string } }[] };
    expect(pvcs.items.map((p) => [p.metadata.name, p.status.phase])).toEqual([0, 1, 2].map((i) => [`emqx-data-emqx-${i}`, 'Bound']));
  }, LONG);

  it('doctor --json: every item ok but the images (kwok nodes list none)', async () => {
    const r = await lab.cli(['--namespace', NS, 'doctor', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as { ok: boolean; context: string; namespace: string; items: { id: string; status: string; message: string }[] };
    expect(report).toMatchObject({ ok: true, context: plane!.context, namespace: NS });
    expect(report.items.map((i) => [i.id, i.status])).toEqual([
      ['kubectl', 'ok'],
      ['context', 'ok'],
      ['cluster', 'ok'],
      ['namespace', 'ok'],
      ['permissions', 'ok'],
      ['storage', 'ok'],
      ['images', 'warn'],
    ]);
    expect(report.items.find((i) => i.id === 'cluster')?.message).toContain(plane!.kubernetes);
    expect(report.items.find((i) => i.id === 'storage')?.message).toContain('standard');
  });

  it('reset --all removes every lab object (claims and the progress record too) and leaves a foreign object alone', async () => {
    await lab.ok(['create', 'configmap', 'not-the-labs', '-n', NS, '--from-literal=owner=someone-else']);
    await lab.ok(['create', 'secret', 'generic', 'also-not', '-n', NS, '--from-literal=k=v']);
    const before = await items('pods,services,configmaps,secrets,serviceaccounts,roles,rolebindings,statefulsets,persistentvolumeclaims', 'app.kubernetes.io/part-of=emqx-lab');
    expect(before.length).toBeGreaterThan(10);
    const r = await lab.cli(['--namespace', NS, 'reset', '--all', '--yes']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('statefulset.apps "emqx" deleted');
    const left = await items('pods,services,configmaps,secrets,serviceaccounts,roles,rolebindings,deployments,statefulsets,persistentvolumeclaims', 'app.kubernetes.io/part-of=emqx-lab');
    expect(left).toEqual([]);
    expect(await items('configmaps')).toContain('ConfigMap/not-the-labs');
    expect(await items('secrets')).toContain('Secret/also-not');
  });

  describe('a context named like a cloud cluster, whose server is not local', () => {
    let proxy: Server;
    let cloud = '';
    let log = '';
    let wrapper = '';

    it('is refused with exit 3 by every command that would change something, before any such call', async () => {
      // The cloud server's address leads, through an HTTP CONNECT proxy named in the kubeconfig, to the plane:
      // had the lab not refused, its calls would have reached a real API server and changed it.
      const port = Number(new URL(plane!.server).port);
      proxy = createServer((sock) => {
        sock.once('data', (head) => {
          if (!head.toString().startsWith('CONNECT ')) return void sock.destroy();
          const up = connect(port, '127.0.0.1', () => {
            sock.write('HTTP/1.1 200 Connection established\r\n\r\n');
            up.pipe(sock);
            sock.pipe(up);
          });
          up.on('error', () => sock.destroy());
          sock.on('error', () => up.destroy());
        });
      });
      await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
      const proxyPort = (proxy.address() as { port: number }).port;
      const admin = JSON.parse(await lab.ok(['config', 'view', '--raw', '--minify', '-o', 'json'])) as {
        clusters: { cluster: Record<string, string> }[];
        users: { user: Record<string, string> }[];
      };
      const name = 'gke_acme-prod_europe-west1_main';
      cloud = join(lab.dir, 'cloud.kubeconfig');
      writeFileSync(
        cloud,
        stringify({
          apiVersion: 'v1',
          kind: 'Config',
          clusters: [
            {
              name,
              cluster: {
                server: 'https://34.118.0.10',
                'certificate-authority-data': admin.clusters[0].cluster['certificate-authority-data'],
                'tls-server-name': 'kubernetes',
                'proxy-url': `http://127.0.0.1:${proxyPort}`,
              },
            },
          ],
          users: [{ name, user: admin.users[0].user }],
          contexts: [{ name, context: { cluster: name, user: name } }],
          'current-context': name,
        }),
        { mode: 0o600 },
      );
      const seen = await lab.kubectl(['get', '--raw', '/readyz'], { kubeconfig: cloud });
      expect([seen.code, seen.stdout], seen.stderr).toEqual([0, 'ok']);

      // kubectl as the lab runs it, every argv written down.
      log = join(lab.dir, 'kubectl.log');
      wrapper = join(lab.dir, 'kubectl-logged');
      writeFileSync(wrapper, `#!/bin/sh\nprintf '%s\\n' "$*" >> '${log}'\nexec '${realKubectl}' "$@"\n`);
      chmodSync(wrapper, 0o755);
      writeFileSync(log, '');
      // --yes accepts such a context (and confirms a reset): the commands here go without it. reset and
      // workshop down ask for it first (no terminal: exit 2), the others are refused by the guard (exit 3).
      const commands: [string[], number][] = [
        [['apply', '1'], 3],
        [['solve', '2'], 3],
        [['verify', '1'], 3],
        [['hint', '1'], 3],
        [['workshop', 'up', '--learners', '1', '--out', join(lab.dir, 'room')], 3],
        [['workshop', 'status'], 3],
        [['kubectl', 'create', 'configmap', 'x', '--from-literal=a=b'], 3],
        [['reset', '--all'], 2],
        [['workshop', 'down'], 2],
      ];
      for (const [args, code] of commands) {
        const r = await lab.cli(['--namespace', 'cp-cloud', ...args], { kubeconfig: cloud, kubectl: wrapper });
        expect([args.join(' '), r.code], `${r.stdout}\n${r.stderr}`).toEqual([args.join(' '), code]);
        if (code === 3) expect(r.stderr).toContain(`${name}`);
        if (code === 3) expect(r.stderr).toContain('https://34.118.0.10');
      }
      const calls = readFileSync(log, 'utf8').trim().split('\n').filter(Boolean);
      // Only kubectl's own configuration is read: not one request reaches the server.
      expect(calls.filter((c) => !/(^| )config (current-context|view)( |$)/.test(c))).toEqual([]);
      expect((await lab.kubectl(['get', 'namespace', 'cp-cloud'])).code).toBe(1);
    }, LONG);

    it('…and with --yes the same command goes through to the server the kubeconfig names', async () => {
      const r = await lab.cli(['--namespace', 'cp-cloud', '--yes', 'apply', '1'], { kubeconfig: cloud });
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toContain('pod/emqx created');
      await eventually('pod emqx in cp-cloud', async () => ((await lab.kubectl(['get', 'pod', 'emqx', '-n', 'cp-cloud'])).code === 0 ? true : undefined));
      await lab.ok(['delete', 'namespace', 'cp-cloud', '--wait=false']);
      await new Promise<void>((r) => proxy.close(() => r()));
    });
  });
});

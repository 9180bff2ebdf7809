/**
 * Driving the simulator's model directly, with a fake clock: a fresh cluster, apply YAML through the real
 * apply path, move simulated time, read pods, run commands in containers. Most behaviour tests use this;
 * the spawned tests (cli, port-forward) prove the command-line surface.
 */
import { parseAllDocuments } from 'yaml';
import { World } from '../../src/sim/api/world.js';
import { ADMIN, type User } from '../../src/sim/api/rbac.js';
import { advance, initialize, settle } from '../../src/sim/ctrl/settle.js';
import { freshState } from '../../src/sim/state/init.js';
import type { Obj } from '../../src/sim/state/types.js';
import { applyDocs } from '../../src/sim/cli/cmd-apply.js';
import { parseArgv } from '../../src/sim/cli/argv.js';
import type { Cli } from '../../src/sim/cli/cli.js';
import { kindFor } from '../../src/sim/api/kinds.js';
import { execIn } from '../../src/sim/kubelet/exec.js';
import { expandLogs } from '../../src/sim/kubelet/logs.js';
import type { ExecResult } from '../../src/sim/emqx/ctl.js';
import { GO_YAML } from '../../src/sim/cli/yaml-go.js';

export const T0 = Date.UTC(2025, 0, 1, 12, 0, 0);

export async function cluster(): Promise<World> {
  const s = freshState(T0, 1);
  const w = new World(s, s.now);
  await initialize(w);
  advance(w, T0);
  return w;
}

/** Let `seconds` of simulated time pass. */
export function pass(w: World, seconds: number): void {
  advance(w, w.now + seconds * 1000);
}

function fakeCli(ns: string): Cli {
  return {
    p: parseArgv(['apply', '-n', ns]),
    env: {},
    out: () => undefined,
    err: () => undefined,
    target: { context: 'emqx-lab-sim', admin: true },
    stdin: async () => '',
    signal: new AbortController().signal,
  };
}

/** `kubectl apply -f -` of YAML in namespace `ns`: returns kubectl's lines and errors. */
export function apply(w: World, yamlText: string, ns = 'lab', user: User = ADMIN): { lines: string[]; errors: string[] } {
  const docs = parseAllDocuments(yamlText, GO_YAML)
    .map((d) => d.toJS() as Obj)
    .filter(Boolean)
    .map((obj) => ({ source: 'test.yaml', obj: { ...obj, metadata: obj.metadata ?? { name: '' } }, kind: kindFor(String(obj.apiVersion), String(obj.kind)) }));
  const r = applyDocs(w, fakeCli(ns), user, docs, 'apply', undefined);
  settle(w);
  return { lines: r.lines, errors: r.errors };
}

export function namespace(w: World, ns = 'lab'): void {
  apply(w, `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${ns}\n`);
}

export function pods(w: World, ns = 'lab'): Obj[] {
  return w.list('pods', ns);
}

export function pod(w: World, name: string, ns = 'lab'): Obj {
  const p = w.get('pods', ns, name);
  if (!p) throw new Error(`no pod ${name}`);
  return p;
}

export function ready(p: Obj): boolean {
  return (p.status?.conditions ?? []).some((c: { type: string; status: string }) => c.type === 'Ready' && c.status === 'True');
}

export function waiting(p: Obj, container = 0): string | undefined {
  return p.status?.containerStatuses?.[container]?.state?.waiting?.reason;
}

/** Run argv in the pod's first (or named) container; the container must be running. */
export function exec(w: World, p: Obj, argv: string[], container?: string): ExecResult {
  const c = p.spec.containers.find((x: { name: string }) => !container || x.name === container);
  const r = execIn(w, p, c, argv);
  if ('notFound' in r) throw new Error(`not found: ${r.notFound}`);
  settle(w);
  return r;
}

export function logs(w: World, p: Obj, container?: string): string {
  const name = container ?? p.spec.containers[0].name;
  const inst = w.s.rt.pods[p.metadata.uid!]?.ctrs[name]?.inst;
  return inst ? expandLogs(w.s.rt.logs[inst], w.now).map((l) => l.text).join('\n') : '';
}

export function events(w: World, ns = 'lab'): Obj[] {
  return w.list('events', ns);
}

export function eventText(w: World, ns = 'lab'): string {
  return events(w, ns).map((e) => `${e.reason}: ${e.message}`).join('\n');
}

/** Pass time in steps until `cond` holds (at most `limit` simulated seconds). */
export function until(w: World, cond: () => boolean, limit = 600, step = 1): number {
  for (let t = 0; t <= limit; t += step) {
    if (cond()) return t;
    pass(w, step);
  }
  throw new Error(`condition not met within ${limit}s of simulated time`);
}

export const EMQX_IMAGE = 'emqx/emqx:5.8.9';

/** A Deployment of EMQX with the given env (the names are test data, the simulator does not know them). */
export function emqxDeployment(opts: { name?: string; replicas?: number; env?: Record<string, string>; sa?: string; image?: string; extra?: string } = {}): string {
  const name = opts.name ?? 'broker';
  const env = Object.entries(opts.env ?? {}).map(([k, v]) => `        - {name: ${k}, value: "${v}"}`).join('\n');
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
spec:
  replicas: ${opts.replicas ?? 1}
  selector:
    matchLabels: {app: ${name}}
  template:
    metadata:
      labels: {app: ${name}}
    spec:
${opts.sa ? `      serviceAccountName: ${opts.sa}\n` : ''}      containers:
      - name: emqx
        image: ${opts.image ?? EMQX_IMAGE}
        ports:
        - {name: mqtt, containerPort: 1883}
        - {name: dashboard, containerPort: 18083}
${env ? `        env:\n${env}\n` : ''}        readinessProbe:
          httpGet: {path: /status, port: 18083}
          initialDelaySeconds: 10
          periodSeconds: 5
${opts.extra ?? ''}`;
}

export function service(name: string, app: string, headless = false, publishNotReady = false): string {
  return `apiVersion: v1
kind: Service
metadata:
  name: ${name}
spec:
${headless ? '  clusterIP: None\n' : ''}${publishNotReady ? '  publishNotReadyAddresses: true\n' : ''}  selector: {app: ${app}}
  ports:
  - {name: mqtt, port: 1883, targetPort: mqtt}
  - {name: dashboard, port: 18083, targetPort: dashboard}
`;
}

export const RBAC = (sa: string) => `apiVersion: v1
kind: ServiceAccount
metadata:
  name: ${sa}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: ${sa}
rules:
- apiGroups: [""]
  resources: [endpoints]
  verbs: [get, watch, list]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: ${sa}
subjects:
- kind: ServiceAccount
  name: ${sa}
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: Role
  name: ${sa}
`;

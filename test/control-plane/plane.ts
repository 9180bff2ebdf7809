/**
 * Starting and stopping one control plane. A plane lives in a folder of its own,
 * `${TMPDIR:-/tmp}/emqx-lab-cp-XXXXXX/` (pki/, *.kubeconfig, plan.json, state.json, logs/, etcd/, kwok/,
 * pv/), run by one `harness supervise` process that leads a process group of its own: stopping the plane
 * is signalling that group, and the folder goes with it (kept when EMQX_LAB_CP_KEEP=1, for its logs).
 *
 * attached (the default, for tests): the supervisor watches a pipe from this process and stops the plane
 * when this process ends, however it ends. Not attached (`scripts/control-plane.mjs start`): the plane
 * runs on after the script; `<cache>/current.json` says where, for `status`, `env` and `stop`.
 */
import { execFileSync, spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cacheRoot, ensureBuilt } from './build.js';
import { writePlan, type Ports } from './plan.js';
import { runtimePlan, type RuntimeOptions } from './runtime.js';

export const CONTEXT = 'kind-emqx-lab';

/** What a running plane is, as written to current.json and returned by startPlane. */
export interface PlaneInfo {
  dir: string;
  kubeconfig: string;
  context: string;
  server: string;
  /** The supervisor: leader of the plane's process group. */
  pid: number;
  /** Every long-running process of the plane by name (etcd, kube-apiserver, ..., kwok). */
  processes: Record<string, number>;
  kubernetes: string;
  /** From the supervisor's start to ready. */
  readyMs: number;
}

export interface StartOptions {
  /** Stop the plane when this process ends (default true). */
  attached?: boolean;
  log?: (line: string) => void;
  /** More kwok configuration (YAML documents), e.g. Exec/Logs/PortForward rules or pod Stages. */
  kwokConfig?: string;
  /**
   * Run the lab's runtime (src/runtime) as the kubelet of the fake nodes: pods follow the simulator's kubelet
   * and EMQX model, and exec, logs and port-forward reach it (runtime.ts here). `{ speed }` runs its model
   * faster than the wall clock.
   */
  runtime?: boolean | RuntimeOptions;
}

interface SupervisorState {
  phase: 'starting' | 'ready' | 'failed' | 'stopping';
  pid: number;
  error?: string;
  pids: Record<string, number>;
  readyMs?: number;
}

const stderrLog = (line: string) => process.stderr.write(`${line}\n`);

async function freePorts(n: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from({ length: n }, () => new Promise<ReturnType<typeof createServer>>((resolve, reject) => {
      const s = createServer();
      s.once('error', reject);
      s.listen(0, '127.0.0.1', () => resolve(s));
    })),
  );
  const ports = servers.map((s) => (s.address() as AddressInfo).port);
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  return ports;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Whether any process of the group led by `pgid` still exists. */
export function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function pidAlive(pid: number): boolean {
  try {
    // A zombie still answers kill(0); it is gone for our purposes.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

function readCmdline(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
  } catch {
    return '';
  }
}

function readState(dir: string): SupervisorState | undefined {
  try {
    return JSON.parse(readFileSync(join(dir, 'state.json'), 'utf8')) as SupervisorState;
  } catch {
    return undefined;
  }
}

function logTails(dir: string, names: string[], lines = 15): string {
  return names
    .map((n) => {
      const f = join(dir, 'logs', `${n}.log`);
      if (!existsSync(f)) return '';
      const tail = readFileSync(f, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
      return tail ? `--- logs/${n}.log\n${tail}\n` : '';
    })
    .join('');
}

export async function startPlane(opts: StartOptions = {}): Promise<PlaneInfo> {
  const log = opts.log ?? stderrLog;
  const attached = opts.attached ?? true;
  const keep = process.env.EMQX_LAB_CP_KEEP === '1';
  const { bin, info } = await ensureBuilt(log);
  const started = Date.now();

  const dir = mkdtempSync(join(tmpdir(), 'emqx-lab-cp-'));
  mkdirSync(join(dir, 'logs'), { mode: 0o700 });
  mkdirSync(join(dir, 'kwok'), { mode: 0o700 });
  const [etcdClient, etcdPeer, apiserver, kwok, kubelet] = await freePorts(opts.runtime ? 5 : 4);
  const ports: Ports = { etcdClient, etcdPeer, apiserver, kwok, kubelet };
  const server = `https://127.0.0.1:${apiserver}`;
  try {
    execFileSync(join(bin, 'harness'), ['pki', '-dir', dir, '-server', server], { stdio: ['ignore', 'ignore', 'inherit'] });
    writePlan(bin, dir, ports, info.kubernetes, !keep, opts.kwokConfig, opts.runtime ? runtimePlan(opts.runtime === true ? {} : opts.runtime) : undefined);
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }

  const out = openSync(join(dir, 'logs', 'supervisor.log'), 'a');
  const child = spawn(join(bin, 'harness'), ['supervise', '-plan', join(dir, 'plan.json'), ...(attached ? ['-watch-stdin'] : [])], {
    detached: true, // a process group (and session) of its own: stop signals the whole group
    stdio: [attached ? 'pipe' : 'ignore', out, out],
  });
  closeSync(out);
  const pid = child.pid;
  if (pid === undefined) throw new Error(`could not start ${join(bin, 'harness')}`);
  child.unref();
  (child.stdin as Socket | null)?.unref();
  let exited = false;
  child.on('exit', () => (exited = true));

  let state: SupervisorState | undefined;
  for (;;) {
    state = readState(dir);
    if (state?.phase === 'ready') break;
    if (state?.phase === 'failed' || exited || (!attached && !pidAlive(pid))) {
      const why = state?.error ?? 'the supervisor exited';
      const tails = logTails(dir, ['supervisor', 'bootstrap', 'kube-apiserver', 'etcd', 'kwok', 'kube-controller-manager']);
      await stopPlane({ pid, dir }, keep);
      throw new Error(`control plane did not start: ${why}\n${tails}${keep ? `(kept ${dir})` : ''}`);
    }
    if (Date.now() - started > 120_000) {
      const tails = logTails(dir, ['supervisor', 'bootstrap', 'kube-apiserver']);
      await stopPlane({ pid, dir }, keep);
      throw new Error(`control plane not ready within 120 s\n${tails}`);
    }
    await sleep(50);
  }
  const { bootstrap: _oneshot, ...processes } = state.pids;
  const plane: PlaneInfo = {
    dir,
    kubeconfig: join(dir, 'admin.kubeconfig'),
    context: CONTEXT,
    server,
    pid,
    processes,
    kubernetes: info.kubernetes,
    readyMs: Date.now() - started,
  };
  log(`control plane: Kubernetes ${info.kubernetes} ready in ${(plane.readyMs / 1000).toFixed(1)} s at ${server} (${dir})`);
  return plane;
}

/**
 * Stops a plane: SIGTERM to its process group (the supervisor ends every process it started and removes
 * the folder), SIGKILL to whatever is left after 10 s, then the folder, unless kept.
 */
export async function stopPlane(plane: Pick<PlaneInfo, 'pid' | 'dir'>, keep = process.env.EMQX_LAB_CP_KEEP === '1'): Promise<void> {
  const signal = (sig: NodeJS.Signals) => {
    try {
      process.kill(-plane.pid, sig);
    } catch {
      // the group is gone already
    }
  };
  // A recorded plane whose supervisor is long gone: its pid may now be another program's; leave that be.
  if (pidAlive(plane.pid) && !readCmdline(plane.pid).includes(join(plane.dir, 'plan.json'))) {
    if (!keep) rmSync(plane.dir, { recursive: true, force: true });
    return;
  }
  signal('SIGTERM');
  const deadline = Date.now() + 10_000;
  while (groupAlive(plane.pid) && Date.now() < deadline) await sleep(25);
  if (groupAlive(plane.pid)) {
    signal('SIGKILL');
    while (groupAlive(plane.pid) && Date.now() < deadline + 5_000) await sleep(25);
  }
  if (!keep) rmSync(plane.dir, { recursive: true, force: true });
}

// --- the plane started by `scripts/control-plane.mjs start`, which outlives the script --------------------

const currentFile = () => join(cacheRoot(), 'current.json');

export function readCurrent(): PlaneInfo | undefined {
  try {
    const plane = JSON.parse(readFileSync(currentFile(), 'utf8')) as PlaneInfo;
    return pidAlive(plane.pid) && readState(plane.dir)?.phase === 'ready' ? plane : undefined;
  } catch {
    return undefined;
  }
}

export function writeCurrent(plane: PlaneInfo | undefined): void {
  mkdirSync(cacheRoot(), { recursive: true });
  if (plane) writeFileSync(currentFile(), `${JSON.stringify(plane, null, 2)}\n`, { mode: 0o600 });
  else rmSync(currentFile(), { force: true });
}

/** The recorded plane even if it no longer answers (for `stop` after a crash). */
export function recordedCurrent(): PlaneInfo | undefined {
  try {
    return JSON.parse(readFileSync(currentFile(), 'utf8')) as PlaneInfo;
  } catch {
    return undefined;
  }
}

/**
 * Building the control plane's binaries, once per version set. The output is cached outside git in
 * `${EMQX_LAB_CP_CACHE:-~/.cache/emqx-lab/control-plane}/<key>/bin/`, where the key hashes everything that
 * decides what gets built: the two go.mod/go.sum pairs (Kubernetes, etcd and kwok versions), the harness's
 * Go sources, the Go toolchain (`go version`) and the build recipe below. A cache hit costs one
 * `go version` call and a few file reads.
 */
import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, homedir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/** test/control-plane: the Go module of Kubernetes, etcd and the harness; kwok/ is kwok's own module. */
export const moduleDir = dirname(fileURLToPath(import.meta.url));
const kwokDir = join(moduleDir, 'kwok');

/** Bumped when the commands below change in a way the hashed files do not show. */
const RECIPE = 'v2';
const MAIN_PACKAGES = [
  'k8s.io/kubernetes/cmd/kube-apiserver',
  'k8s.io/kubernetes/cmd/kube-controller-manager',
  'k8s.io/kubernetes/cmd/kube-scheduler',
  './cmd/etcd',
  './cmd/harness',
];
const KWOK_PACKAGE = 'sigs.k8s.io/kwok/cmd/kwok';
export const BINARIES = ['kube-apiserver', 'kube-controller-manager', 'kube-scheduler', 'etcd', 'harness', 'kwok'];

export interface BuildInfo {
  kubernetes: string;
  etcd: string;
  kwok: string;
  go: string;
  builtAt: string;
  buildSeconds: number;
}

export interface Built {
  bin: string;
  info: BuildInfo;
  /** False when the cache already held this build. */
  built: boolean;
}

export function cacheRoot(): string {
  return process.env.EMQX_LAB_CP_CACHE || join(homedir(), '.cache', 'emqx-lab', 'control-plane');
}

function goVersion(): string {
  try {
    return execFileSync('go', ['version'], { encoding: 'utf8' }).trim();
  } catch {
    throw new Error('The control plane is built from source with Go (https://go.dev/dl/); `go` is not on PATH.');
  }
}

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...sourceFiles(p));
    else if (/\.go$|^go\.(mod|sum)$/.test(e.name)) out.push(p);
  }
  return out.sort();
}

/** The cache key: what decides the binaries. */
export function buildKey(): string {
  const h = createHash('sha256');
  h.update(`${RECIPE}\n${goVersion()}\n`);
  for (const f of sourceFiles(moduleDir)) {
    h.update(`${relative(moduleDir, f)}\n`);
    h.update(readFileSync(f));
  }
  return h.digest('hex').slice(0, 16);
}

/** The version a go.mod requires a module at. */
function required(goMod: string, module: string): string {
  const m = readFileSync(goMod, 'utf8').match(new RegExp(`^\\s*(?:require\\s+)?${module.replace(/\./g, '\\.')}\\s+(v\\S+)`, 'm'));
  if (!m) throw new Error(`${goMod} does not require ${module}`);
  return m[1];
}

export function versions(): Pick<BuildInfo, 'kubernetes' | 'etcd' | 'kwok'> {
  return {
    kubernetes: required(join(moduleDir, 'go.mod'), 'k8s.io/kubernetes'),
    etcd: required(join(moduleDir, 'go.mod'), 'go.etcd.io/etcd/server/v3'),
    kwok: required(join(kwokDir, 'go.mod'), 'sigs.k8s.io/kwok'),
  };
}

/**
 * What `kubectl version` and the API server's /version report. Kubernetes' own build stamps these with
 * -X (hack/lib/version.sh); without them the binaries say v0.0.0-master. Commit and date come from the
 * module proxy's record of the release tag.
 */
function versionLdflags(kubernetes: string): string {
  const download = JSON.parse(
    execFileSync('go', ['mod', 'download', '-json', `k8s.io/kubernetes@${kubernetes}`], { cwd: moduleDir, encoding: 'utf8' }),
  ) as { Info?: string; Origin?: { Hash?: string } };
  const info = { ...(download.Info ? (JSON.parse(readFileSync(download.Info, 'utf8')) as { Time?: string }) : {}), ...download };
  const [major, minor] = kubernetes.replace(/^v/, '').split('.');
  const vars: Record<string, string> = {
    gitVersion: kubernetes,
    gitMajor: major,
    gitMinor: minor,
    gitCommit: info.Origin?.Hash ?? '',
    gitTreeState: 'clean',
    buildDate: (info.Time ?? '1970-01-01T00:00:00Z').replace(/\.\d+Z$/, 'Z'),
  };
  return Object.entries(vars)
    .flatMap(([k, v]) => [`-X k8s.io/client-go/pkg/version.${k}=${v}`, `-X k8s.io/component-base/version.${k}=${v}`])
    .join(' ');
}

function run(cmd: string, args: string[], cwd: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, stdio: ['ignore', 'inherit', 'inherit'] });
    child.on('error', reject);
    child.on('exit', (code, signal) =>
      code === 0 ? resolve() : reject(new Error(`${cmd} ${args.join(' ')} failed (${signal ?? `exit ${code}`})`)),
    );
  });
}

export function cachedBuild(): Built | undefined {
  const bin = join(cacheRoot(), buildKey(), 'bin');
  const infoFile = join(bin, 'build.json');
  if (!existsSync(infoFile)) return undefined;
  return { bin, info: JSON.parse(readFileSync(infoFile, 'utf8')) as BuildInfo, built: false };
}

/** The binaries, built first if the cache does not hold them. Progress goes to `log` (stderr). */
export async function ensureBuilt(log: (line: string) => void = (l) => process.stderr.write(`${l}\n`)): Promise<Built> {
  const hit = cachedBuild();
  if (hit) return hit;
  const key = buildKey();
  const keyDir = join(cacheRoot(), key);
  const bin = join(keyDir, 'bin');
  const tmp = join(keyDir, `bin.tmp-${process.pid}`);
  mkdirSync(tmp, { recursive: true });
  const v = versions();
  const p = String(Math.max(1, availableParallelism()));
  const started = Date.now();
  log(`control plane: building Kubernetes ${v.kubernetes}, etcd ${v.etcd}, kwok ${v.kwok} and the harness from source`);
  log(`control plane: into ${bin} (the first build takes 10-20 minutes on 2 cores; later runs reuse it)`);
  try {
    // One `go build` for everything of the main module: the three commands share most packages, and one
    // call compiles each of them once.
    const flags = ['-p', p, '-trimpath'];
    await run('go', ['build', ...flags, '-ldflags', `-s -w ${versionLdflags(v.kubernetes)}`, '-o', `${tmp}/`, ...MAIN_PACKAGES], moduleDir);
    log(`control plane: Kubernetes, etcd and harness built after ${seconds(started)}`);
    await run('go', ['build', ...flags, '-ldflags', '-s -w', '-o', `${tmp}/`, KWOK_PACKAGE], kwokDir);
    const info: BuildInfo = {
      ...v,
      go: goVersion(),
      builtAt: new Date().toISOString(),
      buildSeconds: Math.round((Date.now() - started) / 1000),
    };
    writeFileSync(join(tmp, 'build.json'), `${JSON.stringify(info, null, 2)}\n`);
    try {
      renameSync(tmp, bin);
    } catch {
      // Another build of the same key finished first: its binaries are the same.
      rmSync(tmp, { recursive: true, force: true });
    }
    log(`control plane: first build took ${seconds(started)}`);
    pruneOldBuilds(keyDir);
    return { bin, info, built: true };
  } catch (err) {
    rmSync(tmp, { recursive: true, force: true });
    throw err;
  }
}

/**
 * Keeps the cache from growing by ~400 MB per version change: the newest builds stay (two checkouts on
 * different versions each keep theirs), older ones go. A plane still running from a removed build keeps
 * running: its binaries stay open until it stops.
 */
function pruneOldBuilds(keep: string, newest = 3): void {
  const root = cacheRoot();
  const builds = readdirSync(root, { withFileTypes: true })
    .filter((e) => e.isDirectory() && join(root, e.name) !== keep && existsSync(join(root, e.name, 'bin', 'build.json')))
    .map((e) => ({ dir: join(root, e.name), at: statSync(join(root, e.name, 'bin', 'build.json')).mtimeMs }))
    .sort((a, b) => b.at - a.at);
  for (const old of builds.slice(newest - 1)) rmSync(old.dir, { recursive: true, force: true });
  // Builds that were interrupted (their process is gone) leave bin.tmp-<pid> behind.
  for (const key of readdirSync(root, { withFileTypes: true }).filter((e) => e.isDirectory())) {
    for (const tmp of readdirSync(join(root, key.name))) {
      const pid = Number(/^bin\.tmp-(\d+)$/.exec(tmp)?.[1]);
      if (pid && !existsSync(`/proc/${pid}`)) rmSync(join(root, key.name, tmp), { recursive: true, force: true });
    }
    if (readdirSync(join(root, key.name)).length === 0) rmSync(join(root, key.name), { recursive: true, force: true });
  }
}

function seconds(since: number): string {
  const s = Math.round((Date.now() - since) / 1000);
  return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
}

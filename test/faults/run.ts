/**
 * Runs one case of the fault corpus (corpus.ts) as a person would meet it: dist/cli.js (or the simulator's
 * kubectl) in a fresh work folder with its own EMQX_LAB_HOME, the files, course and environment the case
 * describes, then judges what came out. Returns the problems found (none: the fault was handled).
 */
import { execa } from 'execa';
import { chmodSync, chownSync, cpSync, existsSync, lchownSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Content, FaultCase } from './corpus.js';

const root = join(import.meta.dirname, '..', '..');
export const CLI = join(root, 'dist', 'cli.js');
export const SIM = join(root, 'dist', 'sim', 'kubectl.js');
export const FAULT_KUBECTL = join(import.meta.dirname, 'bin', 'kubectl');

const LAB_LABEL = 'app.kubernetes.io/part-of=emqx-lab';
const NOBODY = 65534;
const asRoot = process.getuid?.() === 0;

/** A JavaScript stack trace or Node's own crash text anywhere in the output. */
const STACK = /^\s+at .+(\(|:\d+:\d+)|node:internal|^(\w*Error|Error \[\w+\]): |Uncaught|hit a bug/m;

/** kubectl verbs that change the cluster. */
const MUTATING = new Set(['apply', 'create', 'delete', 'replace', 'patch', 'scale', 'rollout', 'label', 'annotate', 'edit', 'set', 'taint', 'cordon', 'drain', 'autoscale', 'expose']);
const VALUED = new Set(['--kubeconfig', '--context', '--namespace', '-n', '--cluster', '--server', '-s', '--user']);

export interface Outcome {
  id: string;
  exitCode: number | undefined;
  ms: number;
  stdout: string;
  stderr: string;
  problems: string[];
}

function tokens(s: string, t: { work: string; home: string; course: string }): string {
  return s
    .replaceAll('$WORK', t.work)
    .replaceAll('$HOME', t.home)
    .replaceAll('$COURSE', t.course)
    .replaceAll('$FAULT_KUBECTL', FAULT_KUBECTL)
    .replace(/\$BIG\((\d+)\)/g, (_, n: string) => 'a'.repeat(Number(n)));
}

function write(path: string, c: Content, t: { work: string; home: string; course: string }): void {
  mkdirSync(dirname(path), { recursive: true });
  rmSync(path, { recursive: true, force: true });
  if (typeof c === 'string') writeFileSync(path, c);
  else if ('repeat' in c) writeFileSync(path, `${c.prefix ?? ''}${c.repeat.repeat(c.times)}${c.suffix ?? ''}`);
  else if ('hex' in c) writeFileSync(path, Buffer.from(c.hex.replace(/\s+/g, ''), 'hex'));
  else if ('dir' in c) mkdirSync(path, { recursive: true });
  else if ('symlink' in c) symlinkSync(tokens(c.symlink, t), path);
  else if ('text' in c) {
    writeFileSync(path, c.text);
    chmodSync(path, c.mode);
  } else {
    const text = readFileSync(join(root, c.copy), 'utf8');
    if (c.as === 'crlf') writeFileSync(path, text.replace(/\n/g, '\r\n'));
    else if (c.as === 'bom') writeFileSync(path, `\ufeff${text}`);
    else if (c.as === 'tabs') writeFileSync(path, text.replace(/^( {2})+/gm, (m) => '\t'.repeat(m.length / 2)));
    else if (c.as === 'latin1') writeFileSync(path, Buffer.from(text, 'latin1'));
    else if (c.as === 'utf16') writeFileSync(path, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
    else writeFileSync(path, text);
    if (c.mode !== undefined) chmodSync(path, c.mode);
  }
}

/** Objects of the simulated cluster outside the lab's namespace, as far as a change to them would show. */
function foreign(home: string, ns: string): Map<string, string> | undefined {
  const path = join(home, 'sim', 'state.json');
  if (!existsSync(path)) return undefined;
  let s: { objs?: Record<string, { metadata?: Record<string, unknown> }> };
  try {
    s = JSON.parse(readFileSync(path, 'utf8')) as typeof s;
    if (!s || typeof s !== 'object') return undefined;
  } catch {
    return undefined;
  }
  if (!s.objs || typeof s.objs !== 'object') return undefined;
  const out = new Map<string, string>();
  for (const [key, o] of Object.entries(s.objs)) {
    const [kind, namespace, name] = key.split('/');
    if (namespace === ns || (kind === 'namespaces' && name === ns) || kind === 'events' || kind === 'leases') continue;
    const md = o?.metadata ?? {};
    const labels = (md.labels ?? {}) as Record<string, string>;
    out.set(key, JSON.stringify([md.uid, md.generation, md.deletionTimestamp, kind === 'nodes' ? null : labels, kind === 'nodes' ? null : md.annotations, labels['app.kubernetes.io/part-of'] === 'emqx-lab', namespace]));
  }
  return out;
}

/** What changed outside the lab's namespace: existing objects changed or gone, new ones that are not the lab's. */
function foreignChanges(before: Map<string, string>, after: Map<string, string>): string[] {
  const out: string[] = [];
  for (const [k, v] of before) {
    const own = (JSON.parse(v) as unknown[])[5] === true;
    if (own) continue;
    if (!after.has(k)) out.push(`deleted ${k}`);
    else if (after.get(k) !== v) out.push(`changed ${k}`);
  }
  const newNamespaces = new Set([...after.keys()].filter((k) => k.startsWith('namespaces//') && !before.has(k)).map((k) => k.split('/')[2]));
  for (const [k, v] of after) {
    if (before.has(k)) continue;
    const [kind, namespace] = k.split('/');
    const own = (JSON.parse(v) as unknown[])[5] === true;
    // A PV is the provisioner's answer to the lab's claim; a namespace the lab created holds what it made.
    if (own || kind === 'persistentvolumes' || (namespace && newNamespaces.has(namespace))) continue;
    out.push(`created ${k}`);
  }
  return out;
}

/** Every argv the lab gave kubectl that changes the cluster must stay in its namespace (or select its label). */
function scopeProblems(argvs: string[][], ns: RegExp, clusterObjects: boolean): string[] {
  const out: string[] = [];
  for (const argv of argvs) {
    const rest: string[] = [];
    let namespace: string | undefined;
    for (let i = 0; i < argv.length; i++) {
      if (argv[i] === '--namespace' || argv[i] === '-n') namespace = argv[i + 1];
      if (argv[i].startsWith('--namespace=')) namespace = argv[i].slice(12);
      if (VALUED.has(argv[i])) i++;
      else if (!argv[i].startsWith('--request-timeout')) rest.push(argv[i]);
    }
    const verb = rest[0] ?? '';
    if (!MUTATING.has(verb)) continue;
    // The lab creates (and with reset --all may delete) its own namespace.
    if ((verb === 'create' || verb === 'delete' || verb === 'label') && /^(namespaces?|ns)$/.test(rest[1] ?? '') && ns.test(rest[2] ?? '')) continue;
    if ((verb === 'delete' || verb === 'label') && /^(namespaces?|ns)\//.test(rest[1] ?? '') && ns.test((rest[1] ?? '').split('/')[1])) continue;
    if (verb === 'rollout' && rest[1] === 'status') continue;
    // The trainer's kit applies cluster-scoped objects (the learners' namespaces): the state's diff judges those.
    if (clusterObjects && verb === 'apply' && namespace === undefined) continue;
    if (namespace !== undefined && ns.test(namespace)) continue;
    if (argv.includes('-l') && argv[argv.indexOf('-l') + 1]?.includes(LAB_LABEL) && namespace !== undefined && ns.test(namespace)) continue;
    out.push(`kubectl ${argv.join(' ').slice(0, 200)} is outside the lab's namespace`);
  }
  return out;
}

function readLines(path: string): string[][] {
  if (!existsSync(path)) return [];
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => {
      const v = JSON.parse(l) as string[] | { argv: string[] };
      return Array.isArray(v) ? v : v.argv;
    });
}

/** Damage the simulator's saved state the way the case says. */
function damage(home: string, how: NonNullable<FaultCase['simState']>): void {
  const dir = join(home, 'sim');
  const state = join(dir, 'state.json');
  mkdirSync(dir, { recursive: true });
  const load = () => JSON.parse(readFileSync(state, 'utf8')) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  switch (how) {
    case 'garbage':
      writeFileSync(state, '\x00\x01{"format": 1, "objs": {"nodes//x"');
      break;
    case 'empty':
      writeFileSync(state, '');
      break;
    case 'wrong-shape': {
      const s = load();
      s.objs = [1, 2, 3];
      s.clock = 'yesterday';
      writeFileSync(state, JSON.stringify(s));
      break;
    }
    case 'wrong-shape-deep': {
      const s = load();
      for (const p of Object.values(s.rt.pods as Record<string, any>)) p.ctrs = { emqx: 5 }; // eslint-disable-line @typescript-eslint/no-explicit-any
      const k = Object.keys(s.objs).find((x) => x.startsWith('pods/'))!;
      s.objs[k].metadata.labels = 'app=emqx';
      writeFileSync(state, JSON.stringify(s));
      break;
    }
    case 'lock-dir':
      mkdirSync(join(dir, 'state.lock'), { recursive: true });
      break;
    case 'lock-dead':
      // A pid no process has (pid_max is at most 2^22), written by a simulator that was killed.
      writeFileSync(join(dir, 'state.lock'), '4194303');
      break;
    case 'lock-live':
      // Held by a process that is alive (this test's own) and fresh: the simulator waits, then says who.
      writeFileSync(join(dir, 'state.lock'), String(process.pid));
      break;
    case 'state-dir':
      rmSync(state, { force: true });
      mkdirSync(state);
      break;
  }
}

export async function runCase(c: FaultCase): Promise<Outcome> {
  const work = mkdtempSync(join(tmpdir(), `emqx-lab-fault-${c.id.slice(0, 30)}-`));
  chmodSync(work, 0o755);
  const t = { work, home: join(work, 'home'), course: join(work, 'course') };
  const problems: string[] = [];
  try {
    // The course: a copy of the shipped one, changed as the case says.
    if (c.course) {
      cpSync(join(root, 'lessons'), join(t.course, 'lessons'), { recursive: true });
      cpSync(join(root, 'manifests'), join(t.course, 'manifests'), { recursive: true });
      for (const [p, content] of Object.entries(c.course.files ?? {})) write(join(t.course, p), content, t);
      for (const p of c.course.remove ?? []) rmSync(join(t.course, p), { recursive: true, force: true });
    }
    for (const [p, content] of Object.entries(c.files ?? {})) write(join(work, p), content, t);

    const base: Record<string, string | undefined> = {
      PATH: process.env.PATH,
      HOME: work,
      LANG: 'C.UTF-8',
      CI: '1',
      NO_COLOR: '1',
      EMQX_LAB_HOME: t.home,
      EMQX_LAB_SIM_SPEED: '50',
      EMQX_LAB_SIM_ARGV_LOG: join(work, 'sim-argv.log'),
    };
    if (c.kubectl) Object.assign(base, { EMQX_LAB_KUBECTL: FAULT_KUBECTL, FAULT_LOG: join(work, 'fault.log') });
    const env = { ...base, ...Object.fromEntries(Object.entries(c.env ?? {}).map(([k, v]) => [k, tokens(v, t)])) };
    const nsArg = c.argv.findIndex((a) => a === '-n' || a === '--namespace');
    const ns = nsArg >= 0 ? c.argv[nsArg + 1] : 'emqx-lab';
    const scope = new RegExp(c.scope ?? `^${ns.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);

    for (const b of c.before ?? []) {
      const r = await execa(process.execPath, [CLI, ...b.map((a) => tokens(a, t))], { env, extendEnv: false, reject: false, stdin: 'ignore', timeout: 120_000, cwd: work });
      if (r.exitCode !== 0) problems.push(`before: ${b.join(' ')} exited ${r.exitCode}: ${r.stderr.slice(0, 500)}`);
    }
    if (problems.length) return { id: c.id, exitCode: undefined, ms: 0, stdout: '', stderr: '', problems };

    // The home as the case wants it, once the cluster is set up.
    if (c.home === 'file') writeFileSync(t.home, 'not a folder\n');
    else if (c.home === 'under-file') {
      writeFileSync(join(work, 'plain-file'), 'x');
      t.home = join(work, 'plain-file', 'home');
      env.EMQX_LAB_HOME = t.home;
    } else if (c.home === 'readonly') {
      mkdirSync(t.home, { recursive: true });
      chmodSync(t.home, 0o555);
    } else if (c.home && typeof c.home === 'object') for (const [p, content] of Object.entries(c.home.files)) write(join(t.home, p), content, t);
    if (c.simState) damage(t.home, c.simState);
    const foreignBefore = c.home === 'file' || c.home === 'under-file' ? undefined : foreign(t.home, ns);

    const nobody = c.user === 'nobody' && asRoot;
    if (nobody) {
      for (const p of [work, t.home, t.course]) if (existsSync(p)) chownTree(p);
      if (c.home === 'readonly') chmodSync(t.home, 0o555);
    }

    const argv = c.argv.map((a) => tokens(a, t));
    const file = c.bin === 'sim' ? SIM : CLI;
    if (c.kubectl) {
      Object.assign(env, { FAULT_MODE: c.kubectl.mode, FAULT_AFTER: String(c.kubectl.after), FAULT_VERBS: (c.kubectl.verbs ?? []).join(','), FAULT_COUNTER: join(work, 'fault.count') });
    }
    const start = Date.now();
    const sub = execa(process.execPath, [file, ...argv], {
      env,
      extendEnv: false,
      reject: false,
      stdin: 'ignore',
      cwd: work,
      timeout: (c.within + 10) * 1000,
      forceKillAfterDelay: 10_000,
      maxBuffer: 20_000_000,
      ...(nobody ? { uid: NOBODY, gid: NOBODY } : {}),
    });
    if (c.stdoutClosed) sub.stdout?.destroy();
    if (c.signal) setTimeout(() => sub.kill(c.signal!.name), c.signal.after);
    const r = await sub;
    // Killed by the signal itself before the lab's handler was in place (a busy machine starts node slowly):
    // what a shell reports as 128 + the signal, the lab's 130 for Ctrl-C.
    const exitCode = r.exitCode ?? (r.signal === 'SIGINT' && c.signal ? 130 : r.signal === 'SIGTERM' && c.signal ? 143 : undefined);
    const ms = Date.now() - start;
    const stdout = String(r.stdout ?? '');
    const stderr = String(r.stderr ?? '');

    const exits = Array.isArray(c.exit) ? c.exit : [c.exit];
    if (exitCode === undefined || !exits.includes(exitCode)) problems.push(`exit ${exitCode ?? r.signal ?? '?'} (expected ${exits.join(' or ')})`);
    if (ms > c.within * 1000) problems.push(`took ${(ms / 1000).toFixed(1)} s (at most ${c.within} s)`);
    if (c.stderr && !new RegExp(c.stderr, 'm').test(stderr)) problems.push(`stderr does not match /${c.stderr}/`);
    if (c.stdout && !new RegExp(c.stdout, 'm').test(stdout)) problems.push(`stdout does not match /${c.stdout}/`);
    if (c.notOutput && new RegExp(c.notOutput, 'm').test(stdout + stderr)) problems.push(`the output matches /${c.notOutput}/`);
    if (STACK.test(stdout) || STACK.test(stderr)) problems.push('a stack trace or crash text in the output');
    const lines = stderr.split('\n').filter((l) => l.trim()).length;
    if (lines > c.lines) problems.push(`${lines} lines on stderr (at most ${c.lines})`);
    if (stderr.length > 4_000) problems.push(`${stderr.length} characters on stderr (one paragraph is at most 4000)`);

    problems.push(...scopeProblems([...readLines(join(work, 'sim-argv.log')), ...readLines(join(work, 'fault.log'))], scope, c.scope !== undefined));
    const foreignAfter = foreignBefore && foreign(t.home, ns);
    if (foreignBefore && foreignAfter) problems.push(...foreignChanges(foreignBefore, foreignAfter));
    return { id: c.id, exitCode, ms, stdout, stderr, problems };
  } finally {
    // Root removes read-only folders too; anyone else gets the home back first.
    if (existsSync(t.home) && !asRoot) chmodSync(t.home, 0o755);
    rmSync(work, { recursive: true, force: true });
  }
}

function chownTree(p: string): void {
  if (lstatSync(p).isSymbolicLink()) return lchownSync(p, NOBODY, NOBODY);
  chownSync(p, NOBODY, NOBODY);
  if (lstatSync(p).isDirectory()) for (const n of readdirSync(p)) chownTree(join(p, n));
}

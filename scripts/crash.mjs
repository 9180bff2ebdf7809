#!/usr/bin/env node
/**
 * Crash safety measured (issue 14 part 2): `npm run test:crash`. Kills `apply`, `solve`, `verify`, `reset`,
 * `workshop up` and the simulator's kubectl with SIGKILL (a user's kill -9: the command's pid only, never
 * its process group) at 100 random moments on the simulated cluster, then checks for each kill:
 *   - no process of the killed command is left running after a 3 s grace (every descendant inherits the
 *     trial's own EMQX_LAB_HOME, so a scan of /proc/<pid>/environ finds them wherever they were re-parented);
 *   - progress (EMQX_LAB_HOME/progress/**.json) is the old record or a new one: valid, nothing set aside as
 *     corrupt, no passed step lost (except by a reset, which removes progress on purpose);
 *   - the simulator's state loads (`node dist/sim/kubectl.js get pods -A` exits 0);
 *   - the next command works (`list`), and a re-run of the interrupted command completes (exit 0, or 1 for a
 *     verify of a step that is legitimately not done).
 * Prints `kill -9: K/100 recovered, O orphans` and exits non-zero unless every kill recovered with no orphan.
 * Reproducible by seed: CRASH_SEED=<n> (printed at the start); CRASH_TRIALS and CRASH_WORKERS for quicker runs.
 * Needs dist/ (npm test builds it first).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const CLI = join(root, 'dist', 'cli.js');
const SIM = join(root, 'dist', 'sim', 'kubectl.js');
const TRIALS = Number(process.env.CRASH_TRIALS ?? 100);
const WORKERS = Number(process.env.CRASH_WORKERS ?? 4);
const SEED = Number(process.env.CRASH_SEED ?? Math.floor(Math.random() * 2 ** 31));
const GRACE_MS = 3_000;

if (!existsSync(CLI) || !existsSync(SIM)) {
  console.error('crash: dist/ is missing; run npm run build first');
  process.exit(2);
}

/** mulberry32: a small seeded generator, so a run can be repeated. */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const KINDS = ['apply', 'solve', 'verify', 'reset', 'workshop', 'sim'];

/** The command of one trial and the window (ms) its kill falls in. */
function command(kind, r) {
  const step = String(1 + Math.floor(r() * 9));
  switch (kind) {
    case 'apply':
      return { file: CLI, args: ['--sim', 'apply', step], window: [80, 2_500] };
    case 'solve':
      return { file: CLI, args: ['--sim', 'solve', step], window: [80, 8_000] };
    case 'verify':
      return { file: CLI, args: ['--sim', 'verify', step], window: [80, 6_000], mayFail: true };
    case 'reset':
      return { file: CLI, args: r() < 0.3 ? ['--sim', 'reset', '--all', '--yes'] : ['--sim', 'reset', step, '--yes'], window: [80, 4_000], reset: true };
    case 'workshop':
      return { file: CLI, args: ['--sim', 'workshop', 'up', '--learners', '2', '--out', 'OUT'], window: [80, 3_500] };
    default:
      return {
        file: SIM,
        args: r() < 0.5 ? ['-n', 'emqx-lab', 'get', 'pods,deployments,statefulsets', '-o', 'json'] : ['-n', 'emqx-lab', 'delete', 'pods', '-l', 'app.kubernetes.io/name=emqx', '--wait=false'],
        window: [20, 500],
      };
  }
}

function run(file, args, env, timeoutMs = 240_000) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [file, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out = (out + d).slice(-8_000)));
    child.stderr.on('data', (d) => (out = (out + d).slice(-8_000)));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, out });
    });
  });
}

/** Processes whose environment carries this trial's home (descendants of the lab, wherever re-parented). */
function processesOf(home) {
  const needle = Buffer.from(`EMQX_LAB_HOME=${home}\0`);
  const found = [];
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d) || Number(d) === process.pid) continue;
    try {
      if (readFileSync(`/proc/${d}/environ`).includes(needle)) {
        const cmd = readFileSync(`/proc/${d}/cmdline`, 'utf8').replaceAll('\0', ' ').trim();
        if (cmd) found.push({ pid: Number(d), cmd });
      }
    } catch {
      // Gone meanwhile, or not ours to read.
    }
  }
  return found;
}

/** Every progress record: path -> text. */
function progressFiles(home) {
  const out = new Map();
  const walk = (dir) => {
    if (!existsSync(dir)) return;
    for (const n of readdirSync(dir)) {
      const p = join(dir, n);
      if (statSync(p).isDirectory()) walk(p);
      else out.set(p, readFileSync(p, 'utf8'));
    }
  };
  walk(join(home, 'progress'));
  return out;
}

const passedSteps = (text) => {
  try {
    const p = JSON.parse(text);
    return Object.entries(p.steps ?? {})
      .filter(([, s]) => s?.state === 'passed')
      .map(([id]) => id);
  } catch {
    return undefined;
  }
};

/** Progress after the kill: each record valid, none set aside as corrupt, no passed step lost. */
function progressProblems(before, after, reset) {
  const problems = [];
  for (const [p, text] of after) {
    if (/\.corrupt-/.test(p) && !before.has(p)) problems.push(`progress set aside as corrupt: ${p}`);
    else if (p.endsWith('.json') && passedSteps(text) === undefined) problems.push(`progress unreadable: ${p}`);
  }
  if (reset) return problems;
  for (const [p, text] of before) {
    if (!p.endsWith('.json') || /\.corrupt-/.test(p)) continue;
    const now = after.get(p);
    if (now === undefined) {
      problems.push(`progress lost: ${p}`);
      continue;
    }
    const lost = (passedSteps(text) ?? []).filter((s) => !(passedSteps(now) ?? []).includes(s));
    if (lost.length) problems.push(`passed steps lost from ${p}: ${lost.join(', ')}`);
  }
  return problems;
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function trial(n, kind, r, home, env, shrink) {
  const cmd = command(kind, r);
  const args = cmd.args.map((a) => (a === 'OUT' ? join(home, '..', 'kubeconfigs') : a));
  // A verify is killed while it checks a namespace in its step's state: the step is solved first (not killed).
  if (kind === 'verify') await run(CLI, ['--sim', 'solve', args[2]], env, 180_000);
  // An apply over another step's objects may legitimately fail (an immutable field): it starts from a clean namespace.
  if (kind === 'apply') await run(CLI, ['--sim', 'reset', '--all', '--yes'], env, 180_000);
  const before = progressFiles(home);
  const [lo, hi] = cmd.window;
  const at = Math.round(lo + r() * Math.max(0, hi * shrink - lo));
  const child = spawn(process.execPath, [cmd.file, ...args], { env, stdio: 'ignore' });
  const exited = new Promise((res) => child.on('exit', res));
  const done = await Promise.race([exited.then(() => true), sleep(at).then(() => false)]);
  const problems = [];
  let killed = false;
  if (!done) {
    child.kill('SIGKILL');
    killed = true;
    await exited;
  }
  await sleep(GRACE_MS);
  const left = processesOf(home);
  for (const p of left) {
    try {
      process.kill(p.pid, 'SIGKILL');
    } catch {
      // Ended meanwhile.
    }
  }
  problems.push(...progressProblems(before, progressFiles(home), cmd.reset));
  const state = await run(SIM, ['get', 'pods', '-A'], env, 60_000);
  if (state.code !== 0) problems.push(`simulator state does not load (exit ${state.code}): ${state.out.trim().slice(-300)}`);
  const next = await run(CLI, ['--sim', 'list'], env, 60_000);
  if (next.code !== 0) problems.push(`next command (list) exit ${next.code}: ${next.out.trim().slice(-300)}`);
  const again = await run(cmd.file, args, env);
  const okCodes = cmd.mayFail ? [0, 1] : [0];
  if (!okCodes.includes(again.code)) problems.push(`re-run exit ${again.code ?? again.signal}: ${again.out.trim().slice(-1_500)}`);
  const label = `${kind} ${args.filter((a) => !a.startsWith('/')).join(' ')}`;
  return { n, label, at, killed, orphans: left, problems };
}

const seedLine = `crash: seed ${SEED} (CRASH_SEED=${SEED} repeats it), ${TRIALS} kills, ${WORKERS} at a time`;
console.log(seedLine);
const started = Date.now();
const base = mkdtempSync(join(tmpdir(), 'emqx-lab-crash-'));
const results = [];

/** The kinds of all trials, evenly spread and shuffled by the seed. */
const order = rng(SEED);
const kinds = Array.from({ length: TRIALS }, (_, i) => KINDS[i % KINDS.length]);
for (let i = kinds.length - 1; i > 0; i--) {
  const j = Math.floor(order() * (i + 1));
  [kinds[i], kinds[j]] = [kinds[j], kinds[i]];
}

async function worker(w) {
  const r = rng(SEED + 1 + w);
  const dir = join(base, `w${w}`);
  const home = join(dir, 'home');
  const env = { ...process.env, EMQX_LAB_HOME: home, EMQX_LAB_SIM_SPEED: '50', CI: '1', NO_COLOR: '1' };
  delete env.EMQX_LAB_COURSE;
  delete env.EMQX_LAB_KUBECTL;
  for (let n = w; n < TRIALS; n += WORKERS) {
    // A kill must land while the command runs: one that finished first is tried again, earlier.
    let res;
    for (let attempt = 0; attempt < 4; attempt++) {
      res = await trial(n, kinds[n], r, home, env, 0.5 ** attempt);
      if (res.killed || res.problems.length || res.orphans.length) break;
    }
    results.push(res);
    const status = !res.killed ? 'not killed (ended first)' : res.problems.length || res.orphans.length ? 'FAILED' : 'recovered';
    console.log(`  #${String(n + 1).padStart(3)} ${res.label} killed at ${res.at} ms: ${status}`);
    for (const p of res.problems) console.log(`       ${p}`);
    for (const o of res.orphans) console.log(`       orphan ${o.pid}: ${o.cmd.slice(0, 160)}`);
  }
}

await Promise.all(Array.from({ length: WORKERS }, (_, w) => worker(w)));
rmSync(base, { recursive: true, force: true });
const recovered = results.filter((x) => x.killed && !x.problems.length && !x.orphans.length).length;
const orphans = results.reduce((a, x) => a + x.orphans.length, 0);
console.log(`crash: ${Math.round((Date.now() - started) / 1000)} s, seed ${SEED}`);
console.log(`kill -9: ${recovered}/${TRIALS} recovered, ${orphans} orphans`);
process.exit(recovered === TRIALS && orphans === 0 ? 0 : 1);

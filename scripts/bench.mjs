#!/usr/bin/env node
/**
 * `npm run bench`: speed and memory of emqx-lab, measured on the simulated cluster, written as JSON to
 * bench-report.json (or the path in BENCH_REPORT). Needs a build (npm run build).
 *
 * 1. Start-up: wall time of `emqx-lab --version` and `emqx-lab list` next to `node -e 0` (medians).
 *    Target: at most 2x bare node.
 * 2. The course, step by step (fail-first, solve, verify) with the engine in this process and every kubectl
 *    call going through a logging wrapper around the simulator:
 *    - detection delay: after solving a step the simulated clock is held still (EMQX_LAB_SIM_SPEED tiny) so
 *      nothing can come true; verify starts and blocks on a check; after a random pause the clock jumps an
 *      hour at a known instant T0 (`kubectl sim advance`), which makes the condition true at T0; the delay is
 *      when verify reported that check passed, minus T0. Target: median under 500 ms.
 *    - kubectl processes per poll round: spawns logged by the wrapper between one round's start (the
 *      engine's onPoll hook) and the next. Target: at most 2.
 *    - peak memory: this process (the engine) and one simulator invocation.
 * 3. `emqx-lab test --sim --json` end to end in a fresh EMQX_LAB_HOME: wall time (target under 60 s).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, chmodSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const cli = join(root, 'dist', 'cli.js');
const sim = join(root, 'dist', 'sim', 'kubectl.js');
const RUN_SPEED = Number(process.env.BENCH_SIM_SPEED ?? 50);
const FROZEN = 1e-6;
const RUNS = Number(process.env.BENCH_RUNS ?? 15);

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2) : null;
};
const round = (x) => (x === null ? null : Math.round(x * 10) / 10);
const log = (...a) => console.error('[bench]', ...a);

// ---------------------------------------------------------------------------------------------------------
function timeCommand(args, env) {
  const times = [];
  for (let i = 0; i < RUNS; i++) {
    const t = process.hrtime.bigint();
    const r = spawnSync(process.execPath, args, { env, stdio: ['ignore', 'ignore', 'ignore'] });
    if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}`);
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  return median(times);
}

function startup() {
  const home = mkdtempSync(join(tmpdir(), 'emqx-lab-bench-'));
  const env = { ...process.env, EMQX_LAB_HOME: home, KUBECONFIG: join(home, 'none') };
  // Interleave a warm-up so the page cache is the same for all three.
  timeCommand(['-e', '0'], env);
  const node = timeCommand(['-e', '0'], env);
  const version = timeCommand([cli, '--version'], env);
  const list = timeCommand([cli, 'list'], env);
  rmSync(home, { recursive: true, force: true });
  return {
    runs: RUNS,
    nodeMs: round(node),
    versionMs: round(version),
    listMs: round(list),
    versionRatio: round(version / node),
    listRatio: round(list / node),
  };
}

// ---------------------------------------------------------------------------------------------------------
async function course() {
  const home = mkdtempSync(join(tmpdir(), 'emqx-lab-bench-'));
  const spawnLog = join(home, 'spawns.log');
  const wrapper = join(home, 'kubectl');
  // The wrapper logs when each kubectl process starts (ms since the epoch) and becomes the simulator.
  writeFileSync(
    wrapper,
    `#!/bin/sh\nprintf '%s %s\\n' "$(date +%s%3N)" "$*" >> '${spawnLog}'\nexec '${process.execPath}' '${sim}' "$@"\n`,
  );
  chmodSync(wrapper, 0o755);
  process.env.EMQX_LAB_HOME = home;
  process.env.EMQX_LAB_SIM_SPEED = String(RUN_SPEED);

  const { openSession } = await import('../dist/engine/session.js');
  const { engineDeps } = await import('../dist/engine/deps.js');
  const { runVerify } = await import('../dist/engine/verify.js');
  const { solveStep } = await import('../dist/engine/solve.js');
  const { sleep } = await import('../dist/context.js');

  const controller = new AbortController();
  const ctx = { env: process.env, lang: 'en', signal: controller.signal, home, now: Date.now, sleep };
  const session = await openSession(ctx, { kubectl: wrapper, yes: true });
  // holdFor is cluster time; the engine runs this cluster at RUN_SPEED.
  const deps = { ...engineDeps(ctx, session), clusterSpeed: RUN_SPEED };

  const rounds = []; // { step, check, start, end }
  const steps = [];
  const advance = () => execFileSync(process.execPath, [sim, 'sim', 'advance', '1h'], { env: process.env, stdio: 'ignore' });

  for (const step of session.course.steps) {
    const t0 = Date.now();
    const onPoll = (check, phase) => {
      if (phase === 'start') rounds.push({ step: step.id, check, start: Date.now() });
      else rounds.at(-1).end = Date.now();
    };

    const ff = await runVerify(deps, step, { mode: 'once', diagnose: false, onPoll });

    process.env.EMQX_LAB_SIM_SPEED = String(FROZEN);
    const solved = await solveStep(deps, step);
    if (solved.error) throw new Error(`solve ${step.id}: ${solved.error.detail}`);

    let blocked; // the first check seen failing while the clock stands still
    let jumpAt;
    let passedAt;
    let resolveBlocked;
    const whenBlocked = new Promise((r) => (resolveBlocked = r));
    const verifying = runVerify(deps, step, {
      onPoll,
      onEvent: (e) => {
        if (e.type === 'reason' && !e.passed && !blocked && jumpAt === undefined) {
          blocked = e.check;
          resolveBlocked(true);
        }
        if (e.type === 'check-passed' && e.check === blocked && passedAt === undefined) passedAt = Date.now();
      },
    });
    const first = await Promise.race([whenBlocked, verifying.then(() => false)]);
    if (first) {
      // A condition comes true at an arbitrary moment, not right after a poll.
      await sleep(300 + Math.random() * 1200);
      advance();
      jumpAt = Date.now();
    }
    process.env.EMQX_LAB_SIM_SPEED = String(RUN_SPEED);
    const v = await verifying;
    steps.push({
      step: step.id,
      failFirstFailed: !ff.passed,
      verifyPassed: v.passed,
      blockedCheck: blocked ?? null,
      detectionDelayMs: jumpAt !== undefined && passedAt !== undefined ? passedAt - jumpAt : null,
      durationMs: Date.now() - t0,
    });
    log(step.id, steps.at(-1));
  }
  const rss = process.resourceUsage().maxRSS; // KiB
  await session.close();

  // kubectl processes per poll round: spawns logged between a round's start and its end.
  const spawns = readFileSync(spawnLog, 'utf8')
    .trim()
    .split('\n')
    .map((l) => Number(l.split(' ')[0]));
  const counts = rounds.map((r) => spawns.filter((t) => t >= r.start && t <= r.end).length);
  const hist = {};
  for (const c of counts) hist[c] = (hist[c] ?? 0) + 1;

  // One simulator invocation's peak memory, on the final state (GNU time when it is installed).
  let simPeakKiB = null;
  const gnuTime = spawnSync('/usr/bin/time', ['-f', '%M', process.execPath, sim, 'get', 'pods,statefulsets,services,persistentvolumeclaims', '-n', 'emqx-lab', '-o', 'json'], {
    env: process.env,
    encoding: 'utf8',
  });
  if (gnuTime.status === 0) simPeakKiB = Number(gnuTime.stderr.trim().split('\n').at(-1));
  rmSync(home, { recursive: true, force: true });

  const delays = steps.map((s) => s.detectionDelayMs).filter((x) => x !== null);
  return {
    simSpeed: RUN_SPEED,
    steps,
    detectionDelayMs: { median: median(delays), max: delays.length ? Math.max(...delays) : null, samples: delays.length },
    kubectlPerPollRound: { max: counts.length ? Math.max(...counts) : null, rounds: counts.length, histogram: hist },
    peakMemory: { engineRssMiB: round(rss / 1024), simInvocationRssMiB: simPeakKiB && round(simPeakKiB / 1024) },
  };
}

// ---------------------------------------------------------------------------------------------------------
function selfTestWall() {
  const home = mkdtempSync(join(tmpdir(), 'emqx-lab-bench-'));
  const env = { ...process.env, EMQX_LAB_HOME: home };
  delete env.EMQX_LAB_SIM_SPEED; // the command's own default, as a learner would run it
  const t = Date.now();
  const r = spawnSync(process.execPath, [cli, 'test', '--sim', '--json'], { env, encoding: 'utf8', maxBuffer: 1 << 26 });
  const wallMs = Date.now() - t;
  rmSync(home, { recursive: true, force: true });
  let passed = false;
  try {
    passed = JSON.parse(r.stdout).passed === true;
  } catch {
    passed = false;
  }
  return { exitCode: r.status, passed, wallMs };
}

const report = { date: new Date().toISOString(), node: process.version, cpus: (await import('node:os')).cpus().length };
log('start-up…');
report.startup = startup();
log(report.startup);
log('the course, step by step…');
report.course = await course();
log('test --sim end to end…');
report.selfTest = selfTestWall();
report.targets = {
  startupAtMost2x: report.startup.versionRatio <= 2 && report.startup.listRatio <= 2,
  detectionMedianUnder500ms: report.course.detectionDelayMs.median !== null && report.course.detectionDelayMs.median < 500,
  atMost2KubectlPerRound: report.course.kubectlPerPollRound.max !== null && report.course.kubectlPerPollRound.max <= 2,
  selfTestUnder60s: report.selfTest.passed && report.selfTest.wallMs < 60_000,
};
const out = process.env.BENCH_REPORT ?? join(root, 'bench-report.json');
writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);
console.log(JSON.stringify(report, null, 2));
log(`written to ${out}`);

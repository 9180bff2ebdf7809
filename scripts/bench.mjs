#!/usr/bin/env node
/**
 * `npm run bench`: speed and memory of emqx-lab, measured on the simulated cluster, written as JSON to
 * bench-report.json (or the path in BENCH_REPORT). Needs a build (npm run build).
 *
 * 1. Start-up: wall time of `emqx-lab --version` and `emqx-lab list` next to `node -e 0` (medians).
 *    Targets: --version at most 2x bare node, list at most 1.5x.
 * 2. The course, step by step (fail-first, solve, verify) with the engine in this process and every kubectl
 *    call going through a logging wrapper around the simulator:
 *    - detection delay: after solving a step the simulated clock is held still (EMQX_LAB_SIM_SPEED tiny) so
 *      nothing can come true; verify starts and blocks on a check; after a random pause the clock jumps an
 *      hour at a known instant T0 (`kubectl sim advance`), which makes the condition true at T0; the delay is
 *      when verify reported that check passed, minus T0. Target: median under 500 ms.
 *    - kubectl processes per poll round: spawns logged by the wrapper between one round's start (the
 *      engine's onPoll hook) and the next. Target: at most 2.
 *    - peak memory: this process (the engine) and one simulator invocation.
 *    Target for the engine's peak memory (this process): under 120 MiB.
 * 3. Time to diagnosis (timeToDiagnosis below): every declared mistake and the mistakes of
 *    scripts/mistakes.mjs, at the simulator's default speed. Targets: median ≤ 15 s, max ≤ 45 s, never a
 *    check's full timeout; the other ways within 60 s.
 * 4. `emqx-lab test --sim --json` end to end in a fresh EMQX_LAB_HOME: wall time (target under 30 s).
 * BENCH_PARTS=startup,course,diagnosis,selftest runs only those parts.
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
    // Two decimals, and the targets compare these: a ratio of 1.54 is not 1.5.
    versionRatio: Math.round((version / node) * 100) / 100,
    listRatio: Math.round((list / node) * 100) / 100,
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
/**
 * Time to diagnosis: for every mistake a lesson declares, the namespace is brought to the previous step's
 * verified state (quickly, at 50x), then, at the simulator's default speed (10x, the learner's), the
 * mistake's manifests are applied (as the self-test makes them) and `emqx-lab verify <step> --sim --json`
 * runs as a learner would run it. The figure is the wall time from the apply to verify exiting 1 with the
 * declared diagnosis (from verify, or at once from the apply's own error). The same for the mistakes of
 * scripts/mistakes.mjs, made with kubectl. A verify that only ends with the failing check's timeout fails
 * the target.
 */
async function timeToDiagnosis() {
  const home = mkdtempSync(join(tmpdir(), 'emqx-lab-bench-'));
  const { openSession } = await import('../dist/engine/session.js');
  const { engineDeps } = await import('../dist/engine/deps.js');
  const { runVerify } = await import('../dist/engine/verify.js');
  const { stateBefore, makeMistake } = await import('../dist/engine/selftest.js');
  const { solveStep } = await import('../dist/engine/solve.js');
  const { timeoutOf } = await import('../dist/checks/registry.js');
  const { sleep } = await import('../dist/context.js');
  const { VARIANTS } = await import('./mistakes.mjs');

  const controller = new AbortController();
  const base = { ...process.env, EMQX_LAB_HOME: home };
  delete base.EMQX_LAB_SIM_SPEED;
  const ctxAt = (speed) => ({ env: { ...base, EMQX_LAB_SIM_SPEED: String(speed) }, lang: 'en', signal: controller.signal, home, now: Date.now, sleep });
  const fast = await openSession(ctxAt(50), { sim: true, yes: true });
  const learner = await openSession(ctxAt(10), { sim: true, yes: true });
  const dFast = engineDeps(ctxAt(50), fast);
  const dLearner = engineDeps(ctxAt(10), learner);
  const steps = fast.course.steps;

  /** `verify` as the learner runs it, timed from `t0`. */
  const verify = (step, t0) => {
    const r = spawnSync(process.execPath, [cli, 'verify', String(step.number), '--sim', '--json'], { env: base, encoding: 'utf8', maxBuffer: 1 << 26 });
    const ms = Date.now() - t0;
    let failed;
    try {
      failed = JSON.parse(r.stdout).checks.find((c) => !c.passed);
    } catch {
      failed = undefined;
    }
    const check = failed && step.lesson.checks.find((c) => c.id === failed.id);
    return { ms, exit: r.status, check: failed?.id ?? null, diagnoses: failed ? failed.diagnosis.map((d) => d.id) : [], checkTimeoutMs: check ? timeoutOf(check) * 1000 : null };
  };
  const row = (kind, id, step, expected, v, fromApply = []) => {
    const by = v.diagnoses.includes(expected) ? 'verify' : fromApply.includes(expected) ? 'apply' : null;
    const out = { kind, id, step: step.id, expected, diagnosedBy: by, exit: v.exit, ms: v.ms, check: v.check, diagnoses: v.diagnoses, waitedOutTimeout: v.checkTimeoutMs !== null && v.ms >= v.checkTimeoutMs };
    log('diagnosis', JSON.stringify(out));
    return out;
  };

  const rows = [];
  for (const [index, step] of steps.entries()) {
    for (const mistake of step.lesson.mistakes ?? []) {
      const why = await stateBefore(dFast, index);
      if (why) throw new Error(`prepare ${mistake.id}: ${why}`);
      if (index > 0) {
        const prev = await runVerify(dFast, steps[index - 1], { diagnose: false });
        if (!prev.passed) throw new Error(`prepare ${mistake.id}: step ${steps[index - 1].id} does not pass`);
      }
      const t0 = Date.now();
      const made = await makeMistake(dLearner, step, mistake);
      if ('cannot' in made) throw new Error(`${mistake.id}: ${made.cannot}`);
      rows.push(row('declared', mistake.id, step, mistake.expect.diagnosis, verify(step, t0), made.fromApply));
    }
  }
  const kubectlAt10 = (argv, input) =>
    execFileSync(process.execPath, [sim, '--namespace', learner.namespace, ...argv], { env: { ...base, EMQX_LAB_SIM_SPEED: '10' }, input, encoding: 'utf8' });
  for (const v of VARIANTS) {
    const before = steps[v.after - 1];
    const s = await solveStep(dFast, before);
    if (s.error) throw new Error(`prepare ${v.id}: ${s.error.detail}`);
    if (!(await runVerify(dFast, before, { diagnose: false })).passed) throw new Error(`prepare ${v.id}: step ${before.id} does not pass`);
    const t0 = Date.now();
    v.make(kubectlAt10);
    rows.push(row('variant', v.id, steps[v.verify - 1], v.expect, verify(steps[v.verify - 1], t0)));
  }
  await fast.close();
  await learner.close();
  rmSync(home, { recursive: true, force: true });

  const summary = (list) => {
    const ms = list.map((r) => r.ms);
    return {
      count: list.length,
      medianMs: median(ms),
      maxMs: ms.length ? Math.max(...ms) : null,
      allDiagnosed: list.every((r) => r.exit === 1 && r.diagnosedBy !== null),
      noneWaitedOutTimeout: list.every((r) => !r.waitedOutTimeout),
    };
  };
  return { simSpeed: 10, declared: summary(rows.filter((r) => r.kind === 'declared')), variants: summary(rows.filter((r) => r.kind === 'variant')), rows };
}

function printDiagnosisTable(t) {
  const pad = (x, n) => String(x).padEnd(n);
  const lines = ['', 'Time to diagnosis (simulated cluster, 10x): apply → verify exits 1 with the declared diagnosis', `${pad('kind', 9)}${pad('mistake', 34)}${pad('step', 14)}${pad('diagnosis', 30)}${pad('by', 8)}${pad('seconds', 9)}ok`];
  for (const r of t.rows) {
    const ok = r.exit === 1 && r.diagnosedBy && !r.waitedOutTimeout && r.ms <= (r.kind === 'variant' ? 60_000 : 45_000);
    lines.push(`${pad(r.kind, 9)}${pad(r.id, 34)}${pad(r.step, 14)}${pad(r.expected, 30)}${pad(r.diagnosedBy ?? '-', 8)}${pad((r.ms / 1000).toFixed(1), 9)}${ok ? '✔' : '✖'}`);
  }
  const s = (x) => (x === null ? '-' : (x / 1000).toFixed(1));
  lines.push(`declared: median ${s(t.declared.medianMs)} s (target ≤ 15), max ${s(t.declared.maxMs)} s (target ≤ 45); other ways: max ${s(t.variants.maxMs)} s (target ≤ 60)`, '');
  console.error(lines.join('\n'));
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
// BENCH_PARTS=startup,course,diagnosis,selftest picks parts (all by default).
const parts = new Set((process.env.BENCH_PARTS ?? 'startup,course,diagnosis,selftest').split(','));
if (parts.has('startup')) {
  log('start-up…');
  report.startup = startup();
  log(report.startup);
}
if (parts.has('course')) {
  log('the course, step by step…');
  report.course = await course();
}
if (parts.has('diagnosis')) {
  log('time to diagnosis…');
  report.diagnosis = await timeToDiagnosis();
}
if (parts.has('selftest')) {
  log('test --sim end to end…');
  report.selfTest = selfTestWall();
}
const targets = {};
if (report.startup) {
  targets.versionAtMost2x = report.startup.versionRatio <= 2;
  targets.listAtMost1_5x = report.startup.listRatio <= 1.5;
}
if (report.course) {
  targets.detectionMedianUnder500ms = report.course.detectionDelayMs.median !== null && report.course.detectionDelayMs.median < 500;
  targets.atMost2KubectlPerRound = report.course.kubectlPerPollRound.max !== null && report.course.kubectlPerPollRound.max <= 2;
  targets.enginePeakUnder120MiB = report.course.peakMemory.engineRssMiB < 120;
}
if (report.diagnosis) {
  const { declared, variants } = report.diagnosis;
  targets.declaredDiagnosedMedianAtMost15s = declared.allDiagnosed && declared.medianMs <= 15_000;
  targets.declaredDiagnosedMaxAtMost45s = declared.allDiagnosed && declared.maxMs <= 45_000;
  targets.neverTheCheckTimeout = declared.noneWaitedOutTimeout && variants.noneWaitedOutTimeout;
  targets.otherWaysDiagnosedWithin60s = variants.allDiagnosed && variants.maxMs <= 60_000;
}
if (report.selfTest) targets.selfTestUnder30s = report.selfTest.passed && report.selfTest.wallMs < 30_000;
report.targets = targets;
const out = process.env.BENCH_REPORT ?? join(root, 'bench-report.json');
writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);
console.log(JSON.stringify(report, null, 2));
if (report.diagnosis) printDiagnosisTable(report.diagnosis);
const line = (name, value, target) => `${name.padEnd(34)}${String(value).padEnd(14)}${target}`;
const figures = [
  report.startup && line('list / node -e 0', `${report.startup.listRatio}x`, `≤ 1.5x ${targets.listAtMost1_5x ? '✔' : '✖'}`),
  report.course && line('engine peak memory', `${report.course.peakMemory.engineRssMiB} MiB`, `< 120 MiB ${targets.enginePeakUnder120MiB ? '✔' : '✖'}`),
  report.course && line('detection delay (median)', `${report.course.detectionDelayMs.median} ms`, `< 500 ms ${targets.detectionMedianUnder500ms ? '✔' : '✖'}`),
  report.selfTest && line('test --sim', `${(report.selfTest.wallMs / 1000).toFixed(1)} s`, `< 30 s ${targets.selfTestUnder30s ? '✔' : '✖'}`),
].filter(Boolean);
console.error(figures.join('\n'));
log(`written to ${out}`);

/**
 * Finishing: when all nine steps have passed, the lab re-verifies before it congratulates (rustlings does
 * the same). Each step's manifests are the COMPLETE state after that step, so the namespace can only hold
 * the last one: the last step's checks are run again live (they prove the three-node, self-healing,
 * persistent cluster), and every step must have its pass on record. Then a summary and what to read next.
 */
import type { Step } from '../course/load.js';
import type { Progress } from '../progress/store.js';
import { runChecksLive } from './check-run.js';
import { checkRows } from './checks-view.js';
import type { LabIo } from './io.js';
import type { LabPort } from './port.js';
import { afterStop, print } from './step-screen.js';
import { box, wrap } from './text.js';

/** Minutes of work: for each step, from opening it to passing it. */
export function minutesOfWork(steps: Pick<Step, 'id'>[], progress: Progress): number {
  let ms = 0;
  for (const s of steps) {
    const p = progress.steps[s.id];
    if (!p?.startedAt || !p.passedAt) continue;
    const d = Date.parse(p.passedAt) - Date.parse(p.startedAt);
    if (d > 0) ms += d;
  }
  return Math.round(ms / 60_000);
}

export function summaryLines(minutes: number, io: Pick<LabIo, 'm' | 'style' | 'columns'>, cleanup: string): string[] {
  const { m, style: s } = io;
  const cols = Math.min(io.columns() - 6, 96);
  const body = [
    ...wrap(m.summaryLines(minutes), cols),
    ...m.summaryLearned.split('\n').flatMap((l) => wrap(`• ${l}`, cols).map((x, i) => (i ? `  ${x}` : x))),
    '',
    s.bold(m.readNext),
    ...wrap(`→ ${m.readHelm}`, cols).map((x, i) => (i ? `  ${x}` : x)),
    ...wrap(`→ ${m.readOperator}`, cols).map((x, i) => (i ? `  ${x}` : x)),
    '',
    ...wrap(m.cleanupHint(cleanup), cols).map((l) => s.dim(l)),
  ];
  return box(s.green(s.bold(m.summaryTitle)), body, io.columns(), s.green);
}

/** Returns 'list' when the re-check failed or was stopped with `l` (the learner goes back to fix it). */
export async function finishScreen(port: LabPort, io: LabIo): Promise<'list' | 'done'> {
  const last = port.steps[port.steps.length - 1];
  const missing = port.steps.find((s) => !port.progress().steps[s.id]?.passedAt);
  if (missing) {
    print(io, [io.style.yellow(io.m.reverifyFailed(missing.number)), '']);
    return 'list';
  }
  const rows = checkRows(last.lesson, io.lang);
  const r = await runChecksLive(port, { title: io.m.reverifying, rows, run: (on, sig) => port.verify(last.id, on, sig) }, io);
  if (afterStop(r)) return 'list';
  if (!r.view?.passed) {
    print(io, ['', io.style.yellow(io.m.reverifyFailed(last.number)), '']);
    return 'list';
  }
  const cleanup = port.sim ? 'emqx-lab reset --all --sim' : `emqx-lab reset --all --context ${port.context}`;
  const ns = port.namespace === 'emqx-lab' ? '' : ` --namespace ${port.namespace}`;
  print(io, ['', ...summaryLines(minutesOfWork(port.steps, port.progress()), io, cleanup + ns), '']);
  return 'done';
}

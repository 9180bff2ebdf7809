/**
 * Start-up: the doctor's checks, quiet when all is well (one line saying where the lab runs). Without a
 * reachable cluster it offers what fits this machine: create a kind or minikube cluster when that tool is on
 * PATH (showing the exact command), the simulated cluster, or setup instructions. A context that does not
 * look local needs an explicit yes. It never hangs: the whole check has a deadline, and every prompt can be
 * left with Escape or Ctrl-C.
 */
import { join } from 'node:path';
import { select } from '@clack/prompts';
import type { DoctorItem, DoctorReport } from '../engine/doctor.js';
import { KIND_DEFAULT_NAME, MINIKUBE_DEFAULT_PROFILE, kindCreateArgs, minikubeStartArgs, type Provider } from '../workshop/cluster-create.js';
import { commandLine } from '../workshop/run-shown.js';
import { which } from '../workshop/which.js';
import { FRAMES } from './checks-view.js';
import type { LabIo } from './io.js';
import { Leave, answer, askYesNo } from './leave.js';
import { liveRegion } from './live.js';

export type { Provider };

/** Is `name` an executable on PATH? (The trainer's kit looks it up in the file system, starting nothing.) */
export function onPath(name: string, env: NodeJS.ProcessEnv): boolean {
  return which(name, env) !== undefined;
}

export function providersOnPath(env: NodeJS.ProcessEnv): Provider[] {
  return (['kind', 'minikube'] as const).filter((p) => onPath(p, env));
}

/** The lab's command that creates a cluster with `provider` (what to run by hand in another terminal). */
export function createCommand(provider: Provider): string {
  return `emqx-lab cluster create --provider ${provider}`;
}

/** The exact command that creates the cluster (the trainer's kit runs it and shows each command first). */
export function providerCommand(provider: Provider, home: string): string {
  return provider === 'kind'
    ? commandLine('kind', kindCreateArgs(KIND_DEFAULT_NAME, join(home, 'cluster', `kind-${KIND_DEFAULT_NAME}.yaml`)))
    : commandLine('minikube', minikubeStartArgs(MINIKUBE_DEFAULT_PROFILE));
}

/** What the doctor says, sorted into what it means for starting the lab. */
export interface PreflightVerdict {
  /** kubectl, the context or the API server is missing: offer the ways to get a cluster. */
  noCluster: boolean;
  /** The context does not look local: ask before touching it. */
  notLocal?: DoctorItem;
  /** Everything else worth a line (storage, images, permissions), shown once, briefly. */
  notes: DoctorItem[];
}

export function verdict(report: DoctorReport): PreflightVerdict {
  const blocking = report.items.find((i) => (i.id === 'kubectl' || i.id === 'context' || i.id === 'cluster') && i.status === 'fail');
  const notLocal = report.items.find((i) => i.id === 'context' && i.status === 'warn');
  const notes = blocking ? [] : report.items.filter((i) => i.id !== 'context' && i.status !== 'ok');
  return { noCluster: Boolean(blocking), notLocal, notes };
}

/** The reasons there is no cluster (the failing items up to the first one), for the learner to read. */
export function blockingLines(report: DoctorReport, io: Pick<LabIo, 'style'>): string[] {
  const out: string[] = [];
  for (const i of report.items) {
    if (i.status !== 'fail') continue;
    out.push(`${io.style.red('✗')} ${i.message}`);
    if (i.fix) out.push(`  ${io.style.dim(i.fix)}`);
    break;
  }
  return out;
}

export function noteLines(notes: DoctorItem[], io: Pick<LabIo, 'style' | 'm'>): string[] {
  if (!notes.length) return [];
  const out = [io.style.bold(io.m.doctorWarn)];
  for (const n of notes) {
    out.push(`${n.status === 'fail' ? io.style.red('✗') : io.style.yellow('!')} ${n.message}`);
    if (n.fix) out.push(`  ${io.style.dim(n.fix)}`);
  }
  return out;
}

/** Run `work` with a one-line spinner; the line disappears when it is done (quiet when all is well). */
export async function withSpinner<T>(io: LabIo, label: string, work: () => Promise<T>): Promise<T> {
  const region = liveRegion(io);
  let frame = 0;
  const draw = () => region.update([`${io.style.magenta(io.plain ? '…' : FRAMES[frame % FRAMES.length])} ${io.style.dim(label)}`]);
  draw();
  const timer = io.plain ? undefined : setInterval(() => ((frame += 1), draw()), 120);
  try {
    return await work();
  } finally {
    if (timer) clearInterval(timer);
    region.update([]);
    region.done();
  }
}

export type NoClusterChoice = { kind: 'create'; provider: Provider } | { kind: 'sim' } | { kind: 'retry' };

/** No cluster: what now? Setup instructions and quit both leave the lab (instructions printed first). */
export async function chooseSetup(providers: Provider[], canCreate: boolean, home: string, io: LabIo): Promise<NoClusterChoice> {
  const { m } = io;
  const options: { value: string; label: string; hint?: string }[] = [
    ...providers.map((p) => ({ value: `create:${p}`, label: m.optCreate(p), hint: m.optCreateHint(canCreate ? providerCommand(p, home) : createCommand(p)) })),
    { value: 'sim', label: m.optSim, hint: m.optSimHint },
    { value: 'retry', label: m.optRetry },
    { value: 'instructions', label: m.optInstructions },
    { value: 'quit', label: m.optQuit },
  ];
  const v = answer(
    await select({ message: m.chooseSetup, options, showInstructions: false, input: io.input, output: io.output, signal: io.signal }),
    io,
  );
  if (v === 'instructions') {
    io.output.write(`${m.setupInstructions}\n`);
    throw new Leave('quit');
  }
  if (v === 'quit') throw new Leave('quit');
  if (v.startsWith('create:')) {
    const provider = v.slice(7) as Provider;
    if (!canCreate) {
      io.output.write(`${m.createUnavailable(createCommand(provider))}\n`);
      throw new Leave('quit');
    }
    return { kind: 'create', provider };
  }
  return { kind: v as 'sim' | 'retry' };
}

export async function confirmNotLocal(item: DoctorItem, context: string, io: LabIo): Promise<boolean> {
  io.output.write(`${io.style.yellow('!')} ${io.m.notLocal(context, '')}\n  ${io.style.dim(item.message)}\n`);
  return askYesNo(io, io.m.notLocalConfirm);
}

/**
 * Which kubectl runs: `--kubectl PATH` > EMQX_LAB_KUBECTL > `kubectl` on PATH; with `--sim` the simulator
 * (node dist/sim/kubectl.js), which takes the same argv and prints what kubectl prints.
 */
import { accessSync, constants, statSync } from 'node:fs';
import { simKubectlPath } from '../util/paths.js';

export interface KubectlBinary {
  file: string;
  /** Arguments before kubectl's own (the simulator's script path). */
  prefix: string[];
  sim: boolean;
}

/** The kubectl a person would have to install or point to (for messages). */
export function kubectlName(opts: { kubectl?: string }, env: NodeJS.ProcessEnv): string {
  return opts.kubectl || env.EMQX_LAB_KUBECTL || 'kubectl';
}

export function resolveBinary(opts: { sim?: boolean; kubectl?: string }, env: NodeJS.ProcessEnv, execPath = process.execPath): KubectlBinary {
  if (opts.sim) return { file: execPath, prefix: [simKubectlPath()], sim: true };
  return { file: kubectlName(opts, env), prefix: [], sim: false };
}

/**
 * The kubectl given is there but cannot be run: a folder, or a file without permission to execute (a plain
 * name is looked up on PATH by the system, and is "not installed" when that fails).
 */
export function notExecutable(file: string): boolean {
  if (!file.includes('/') && !file.includes('\\')) return false;
  const st = statSync(file, { throwIfNoEntry: false });
  if (!st) return false;
  if (st.isDirectory()) return true;
  try {
    accessSync(file, constants.X_OK);
    return false;
  } catch {
    return true;
  }
}

/**
 * Which kubectl runs: `--kubectl PATH` > EMQX_LAB_KUBECTL > `kubectl` on PATH; with `--sim` the simulator
 * (node dist/sim/kubectl.js), which takes the same argv and prints what kubectl prints.
 */
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

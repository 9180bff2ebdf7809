/**
 * Hands-on mode's workspace: EMQX_LAB_HOME/workspace/<namespace>/NN-id/ holds the step's starter files,
 * which the learner edits and applies with kubectl from another terminal. A file the previous step already
 * had starts as the previous step's rendered version (the learner makes the change the screen shows); a
 * file new in this step starts as this step's version (a new object to read and apply). Objects the step
 * drops are not applied by anyone: the screen tells the learner to delete them. Existing files are kept
 * (they are the learner's edits) unless the learner asks to restore the starter files.
 */
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { toYamlStream, type KubeObject, type RenderedManifest } from '../course/render.js';
import { DEFAULT_NAMESPACE } from '../course/render.js';
import { stripAnsi } from './style.js';

export interface StarterFile {
  name: string;
  text: string;
}

export interface Workspace {
  dir: string;
  files: string[];
  /** False when the folder was already there and left as the learner had it. */
  fresh: boolean;
}

export function workspaceDir(home: string, namespace: string, step: { number: number; id: string }): string {
  return join(home, 'workspace', namespace, `${String(step.number).padStart(2, '0')}-${step.id}`);
}

/** The starter files: this step's file names, each with the previous step's content when it had that file. */
export function starterFiles(current: RenderedManifest[], previous: RenderedManifest[] | undefined, header: string): StarterFile[] {
  const prev = new Map((previous ?? []).map((m) => [m.file, m]));
  return current.map((m) => {
    const base = prev.get(m.file) ?? m;
    return { name: m.file, text: `${header}\n${toYamlStream([base])}` };
  });
}

/**
 * Write the starter files unless the folder already holds the learner's work (`restore` overwrites).
 * `notes` are extra plain-text files (what changed), never YAML, so `kubectl apply -f DIR` ignores them.
 */
export function prepareWorkspace(
  dir: string,
  files: StarterFile[],
  notes: StarterFile[],
  o: { restore?: boolean } = {},
): Workspace {
  const had = existsSync(dir) && readdirSync(dir).some((f) => /\.ya?ml$/.test(f));
  if (had && !o.restore) return { dir, files: files.map((f) => f.name), fresh: false };
  if (o.restore) rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const f of [...files, ...notes]) writeFileSync(join(dir, f.name), stripAnsi(f.text));
  return { dir, files: files.map((f) => f.name), fresh: true };
}

/** Quote a path for a POSIX shell when it needs it (the learner copies the command). */
export function shellQuote(s: string): string {
  return /^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

export interface CommandTarget {
  sim: boolean;
  namespace: string;
  context: string;
}

/** The exact command that applies the workspace: through the lab for the simulator, plain kubectl otherwise. */
export function applyCommand(t: CommandTarget, dir: string): string {
  return `${kubectlPrefix(t)} apply -f ${shellQuote(dir)}`;
}

export function deleteCommand(t: CommandTarget, o: Pick<KubeObject, 'kind'> & { metadata: { name: string } }): string {
  return `${kubectlPrefix(t)} delete ${o.kind.toLowerCase()} ${o.metadata.name}`;
}

function kubectlPrefix(t: CommandTarget): string {
  if (t.sim) return `emqx-lab kubectl --sim${t.namespace === DEFAULT_NAMESPACE ? '' : ` -n ${t.namespace}`}`;
  return `kubectl --context ${shellQuote(t.context)} -n ${t.namespace}`;
}

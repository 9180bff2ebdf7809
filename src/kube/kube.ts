/**
 * The Kube interface: everything the rest of the program does to a cluster. The real one (adapter.ts) runs
 * kubectl; tests pass objects of function fields. Failures throw KubeError (result.ts) except where a
 * missing object or a non-zero command is an ordinary answer (get → undefined, exec → exitCode, canI → false).
 */
import type { Io } from '../context.js';
import type { KubeTarget } from './argv.js';
import type { LiveObject } from './objects.js';
import type { PortForward } from './port-forward.js';
import type { RunResult } from './result.js';

export interface ExecResult {
  /** The command's exit code inside the container. */
  exitCode: number;
  stdout: string;
  stderr: string;
}

export interface ClusterInfo {
  context?: string;
  cluster?: string;
  server?: string;
  namespace?: string;
}

export interface ObjectRef {
  kind: string;
  name: string;
}

export interface Kube {
  readonly target: KubeTarget;
  /** True when talking to the simulator (only shown to people, never used to branch logic). */
  readonly sim: boolean;
  /**
   * The same Kube (target, port-forward registry) with its calls canceled by `signal` instead of the one it
   * was made with: a screen stops its own calls, and cleanup after Ctrl-C gets a signal that is not aborted.
   */
  withSignal(signal: AbortSignal): Kube;
  /** One object, or undefined when it does not exist. */
  get<T extends LiveObject = LiveObject>(kind: string, name: string): Promise<T | undefined>;
  /** Objects of one or more kinds in the namespace (cluster-wide for cluster-scoped kinds). */
  list<T extends LiveObject = LiveObject>(kinds: string | string[], opts?: { selector?: string }): Promise<T[]>;
  /** `apply -f -`: kubectl's stdout lines (`deployment.apps/emqx configured`). */
  apply(yaml: string): Promise<string[]>;
  delete(refs: ObjectRef[], opts?: { wait?: boolean }): Promise<string[]>;
  deleteAll(kinds: string[], selector: string, opts?: { wait?: boolean }): Promise<string[]>;
  scale(kind: string, name: string, replicas: number): Promise<void>;
  patchMerge(kind: string, name: string, patch: unknown): Promise<void>;
  rolloutRestart(kind: string, name: string): Promise<void>;
  /** `exec`; `stdin` is written to the command's standard input (`exec -i`), never put on a command line. */
  exec(pod: string, command: string[], opts?: { container?: string; stdin?: string }): Promise<ExecResult>;
  logs(pod: string, opts?: { container?: string; tail?: number; previous?: boolean }): Promise<string>;
  canI(verb: string, resource: string, opts?: { name?: string; as?: string; subresource?: string }): Promise<boolean>;
  /** `get --raw PATH` (a GET through the API server); a non-2xx answer throws with the server's reason. */
  getRaw(path: string, opts?: { timeoutMs?: number }): Promise<string>;
  /** `port-forward` to `pod/NAME` or `svc/NAME`; close it when done (close() of the adapter closes all). */
  portForward(target: string, remotePort: number): Promise<PortForward>;
  version(): Promise<{ client?: string; server?: string }>;
  clientVersion(): Promise<string | undefined>;
  currentContext(): Promise<string>;
  clusterInfo(): Promise<ClusterInfo>;
  /** Every cluster the kubeconfig names, with its server (`config view -o json`, credentials redacted). */
  clusters(): Promise<{ name: string; server?: string }[]>;
  createNamespace(): Promise<void>;
  /** Any kubectl argv (global flags NOT added): the result as data, never thrown. */
  raw(args: string[], opts?: { input?: string; timeoutMs?: number }): Promise<RunResult>;
  /** kubectl with the learner's terminal: `emqx-lab kubectl ...`. Returns kubectl's exit code. */
  interactive(args: string[], io: Io): Promise<number>;
  /** Kill every port-forward still open (those of every withSignal view too: they share one registry). */
  close(): Promise<void>;
}

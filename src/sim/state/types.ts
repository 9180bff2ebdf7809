/**
 * The simulator's persisted state: Kubernetes objects as the API server would return them, plus the runtime
 * that lives below the API (kubelet container state, EMQX nodes, volume contents, logs). Plain JSON, so one
 * `JSON.parse` gives a process the whole cluster.
 */

/** A Kubernetes object in its API (JSON) form. */
export interface Obj {
  apiVersion: string;
  kind: string;
  metadata: Meta;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  [field: string]: any;
}

export interface Meta {
  name: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  deletionGracePeriodSeconds?: number;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: OwnerRef[];
  finalizers?: string[];
  generateName?: string;
  [field: string]: unknown;
}

export interface OwnerRef {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

/** One line a container wrote. `every` makes it repeat (a retry loop) until `until` or forever. */
export interface LogLine {
  t: number;
  text: string;
  every?: number;
  until?: number;
}

/** A container as the kubelet tracks it (one per container name of a pod; init containers as `init:<name>`). */
export interface CtrRt {
  /** new: about to pull/start; pull: pulling; pullFail: resolving an image that will not pull; pullErr: pull
   *  failed, backing off; config: env could not be built; run: process running; exited: ended, backing off
   *  before the next start; done: ended for good. */
  st: 'new' | 'pull' | 'pullFail' | 'pullErr' | 'config' | 'run' | 'exited' | 'done';
  /** When the current phase ends (pull finished, back-off over, process exits), if known. */
  until?: number;
  inst?: string;
  prevInst?: string;
  restarts: number;
  /** Next back-off in seconds (doubles up to 300). */
  backoff: number;
  startedAt?: number;
  exit?: { code: number; reason: string; startedAt: number; finishedAt: number };
  msg?: string;
  /** When the last image pull failed. */
  errAt?: number;
  ready: boolean;
  /** Resolved environment, fixed when the container started. */
  env?: [string, string][];
  /** Program facts of the current run: exits at `exitAt` with `code`; stops `stopMs` after SIGTERM. */
  exitAt?: number;
  code?: number;
  stopMs?: number;
  serves?: boolean;
  emqx?: boolean;
  /** Readiness failures already reported as events: before the program was up, and after. */
  rFails?: number;
  lFails?: number;
  /** Killed by its liveness probe or a changed definition (stopping now). */
  killed?: boolean;
  /** The image the current run started from (a changed image restarts the container). */
  image?: string;
  readySince?: number;
}

export interface PodRt {
  node: string;
  ip?: string;
  /** Sandbox (network, volumes) ready at this time. */
  sandboxAt: number;
  ctrs: Record<string, CtrRt>;
  /** Pod termination started / finishes at these times. */
  termFrom?: number;
  termAt?: number;
}

/** A node's image store and pull queue (kubelet pulls images one at a time by default). */
export interface NodeRt {
  images: Record<string, number>;
  pullBusyUntil: number;
  /** Pulls queued or running, by image reference: when each completes. */
  inflight?: Record<string, number>;
}

/** What a volume holds: files written by programs, and EMQX's mnesia directories by node name. */
export interface VolData {
  mnesia?: Record<string, MnesiaDir>;
  seeded?: boolean;
}

/** The persistent part of an EMQX node (data/mnesia/<node>): cluster membership and replicated tables. */
export interface MnesiaDir {
  cluster: string;
  members: string[];
  users: Record<string, { pw: string; desc: string }>;
  /** When each member was last seen going down (for stopped_nodes and autoclean). */
  down: Record<string, number>;
  /** Members still running when this node last stopped (mnesia's "who has newer tables"). */
  runningAtStop?: string[];
  stoppedAt?: number;
}

/** A running EMQX node (one container instance). */
export interface EmqxRt {
  podUid: string;
  pod: string;
  ns: string;
  ctr: string;
  ip: string;
  node: string;
  vol: string;
  bootAt: number;
  startedAt?: number;
  /** boot → (wait for tables) → up; stopAt: shutting down at that time. */
  st: 'boot' | 'wait' | 'up';
  stopAt?: number;
  cluster?: string;
  /** Discovery loop: next round at this time; undefined once the loop ended. */
  discAt?: number;
  /** What the last round saw and said, and the model revision it was computed at. */
  discSig?: string;
  discRev?: string;
  /** `emqx ctl cluster leave` turned automatic discovery off (ekka:disable_autocluster) until re-enabled. */
  discOff?: boolean;
  cfg: EmqxCfg;
  version: string;
}

export interface EmqxCfg {
  name: string;
  strategy: string;
  k8s: { apiserver: string; service: string; ns: string; addressType: string; suffix: string };
  dns: { name: string; recordType: string };
  seeds: string;
  logLevel: string;
  dashUser: string;
  dashPass: string;
  autoclean: number;
  cookie: string;
  clusterName: string;
}

export interface Runtime {
  pods: Record<string, PodRt>;
  nodes: Record<string, NodeRt>;
  emqx: Record<string, EmqxRt>;
  vols: Record<string, VolData>;
  logs: Record<string, LogLine[]>;
  ipNext: Record<string, number>;
  svcNext: number;
  seq: number;
  /** Controllers' private bookkeeping (last progress seen, ...), by key. */
  memo: Record<string, string>;
}

export interface Clock {
  /** Wall-clock ms and simulated ms at the last anchor, and the speed since then. */
  wall: number;
  sim: number;
  speed: number;
}

export interface SimState {
  format: 1;
  clock: Clock;
  /** Simulated time the model has been advanced to (ms). */
  now: number;
  rv: number;
  objs: Record<string, Obj>;
  /** Wake-up times: the model must be re-evaluated at these simulated times. */
  timers: Record<string, number>;
  rt: Runtime;
  /** Key that signs service-account tokens. */
  key: string;
}

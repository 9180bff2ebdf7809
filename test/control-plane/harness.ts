/**
 * The control plane for tests: `startControlPlane()` builds the binaries if the cache lacks them, starts
 * a plane tied to this process (it stops when this process ends, even by SIGKILL) and returns how to
 * reach it. vitest.control-plane.config.ts starts one per run in its globalSetup (global-setup.ts).
 */
import { startPlane, stopPlane, type PlaneInfo } from './plane.js';
import type { RuntimeOptions } from './runtime.js';

export interface ControlPlane {
  /** Admin kubeconfig (0600): context `kind-emqx-lab`, user kubernetes-admin in system:masters. */
  kubeconfig: string;
  /** `kind-emqx-lab`, the name kind gives the context of a cluster named emqx-lab. */
  context: string;
  /** https://127.0.0.1:<port> */
  server: string;
  /** The plane's folder (pki, kubeconfigs, logs/); removed by stop(). */
  dir: string;
  /** Kubernetes version of the API server, e.g. v1.32.5. */
  kubernetes: string;
  /** The supervisor's pid, leader of the plane's process group, and each component's pid. */
  pid: number;
  processes: Record<string, number>;
  /** Milliseconds from launch to ready (once built). */
  readyMs: number;
  /** Ends every process of the plane and removes its folder. */
  stop(): Promise<void>;
}

/** The real kubectl matching the plane (not the Cloud SDK's `kubectl` dispatcher on PATH). */
export const realKubectl = process.env.EMQX_LAB_REAL_KUBECTL || '/usr/lib/google-cloud-sdk/bin/kubectl.1.32';

export function handle(info: PlaneInfo, stop: () => Promise<void>): ControlPlane {
  const { kubeconfig, context, server, dir, kubernetes, pid, processes, readyMs } = info;
  return { kubeconfig, context, server, dir, kubernetes, pid, processes, readyMs, stop };
}

export interface ControlPlaneOptions {
  /** Where progress lines go (default stderr). */
  log?: (line: string) => void;
  /**
   * kwok configuration added to the plane's (YAML documents, kwok.x-k8s.io/v1alpha1): Exec, ClusterExec,
   * Logs, ClusterLogs, PortForward, ClusterPortForward, Attach rules, or Stages (pod Stages given here
   * replace kwok's default pod lifecycle). Read once, when kwok starts.
   */
  kwokConfig?: string;
  /**
   * Run the lab's runtime (src/runtime, runtime.ts here) as the fake nodes' kubelet: pods are played by the
   * simulator's kubelet and EMQX model (status, probes, events, logs, exec, port-forward), not by kwok.
   * `{ speed }` runs the model that much faster than the wall clock (docs/dev/RUNTIME.md, Time).
   */
  runtime?: boolean | RuntimeOptions;
}

export async function startControlPlane(options: ControlPlaneOptions = {}): Promise<ControlPlane> {
  const info = await startPlane({ attached: true, ...options });
  let stopped: Promise<void> | undefined;
  return handle(info, () => (stopped ??= stopPlane(info)));
}

/**
 * vitest globalSetup of vitest.control-plane.config.ts: one control plane for the whole run, built first
 * if the cache lacks it, stopped when the run ends. The plane runs the lab's runtime (src/runtime) as its
 * nodes' kubelet: pods run the EMQX model, and exec, logs and port-forward reach it. Tests get the plane
 * with `inject('controlPlane')`; KUBECONFIG
 * (and EMQX_LAB_CP_KUBECONFIG) point at its admin kubeconfig in the test processes too.
 *
 * EMQX_LAB_CP_REUSE=1 uses the plane of `node scripts/control-plane.mjs start` instead, and leaves it
 * running: the quick loop while writing tests.
 */
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { stepDirs } from '../../src/course/load.js';
import { startControlPlane } from './harness.js';
import { readCurrent } from './plane.js';
import { clearParts, reportRun } from './summary.js';

export interface ProvidedPlane {
  kubeconfig: string;
  context: string;
  server: string;
  dir: string;
  kubernetes: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    controlPlane?: ProvidedPlane;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // The tier's result comes from this run's tests only (summary.ts); its time includes a build.
  const started = Date.now();
  clearParts();
  const reused = process.env.EMQX_LAB_CP_REUSE === '1' ? readCurrent() : undefined;
  // The runtime's model runs faster than the wall clock (docs/dev/RUNTIME.md, Time): the course with its
  // mistakes in minutes, not a quarter of an hour.
  const speed = Number(process.env.EMQX_LAB_RUNTIME_SPEED ?? '4');
  const plane = reused ? { ...reused, stop: async () => {} } : await startControlPlane({ runtime: { speed: speed > 0 ? speed : 1 } });
  const { kubeconfig, context, server, dir, kubernetes } = plane;
  project.provide('controlPlane', { kubeconfig, context, server, dir, kubernetes });
  process.env.KUBECONFIG = kubeconfig;
  process.env.EMQX_LAB_CP_KUBECONFIG = kubeconfig;
  return async () => {
    await plane.stop();
    const steps = stepDirs(join(import.meta.dirname, '..', '..', 'lessons')).length;
    console.log(reportRun(kubernetes, steps, Date.now() - started));
  };
}

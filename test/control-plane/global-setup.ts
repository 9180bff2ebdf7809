/**
 * vitest globalSetup of vitest.control-plane.config.ts: one control plane for the whole run, built first
 * if the cache lacks it, stopped when the run ends. Tests get it with `inject('controlPlane')`; KUBECONFIG
 * (and EMQX_LAB_CP_KUBECONFIG) point at its admin kubeconfig in the test processes too.
 *
 * EMQX_LAB_CP_REUSE=1 uses the plane of `node scripts/control-plane.mjs start` instead, and leaves it
 * running: the quick loop while writing tests.
 */
import type { TestProject } from 'vitest/node';
import { startControlPlane } from './harness.js';
import { readCurrent } from './plane.js';

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
  const reused = process.env.EMQX_LAB_CP_REUSE === '1' ? readCurrent() : undefined;
  const plane = reused ? { ...reused, stop: async () => {} } : await startControlPlane();
  const { kubeconfig, context, server, dir, kubernetes } = plane;
  project.provide('controlPlane', { kubeconfig, context, server, dir, kubernetes });
  process.env.KUBECONFIG = kubeconfig;
  process.env.EMQX_LAB_CP_KUBECONFIG = kubeconfig;
  return async () => {
    await plane.stop();
  };
}

#!/usr/bin/env node
/**
 * The lab's real Kubernetes control plane for tests (test/control-plane/README.md).
 *
 *   node scripts/control-plane.mjs build    build the binaries unless the cache holds them; print where
 *   node scripts/control-plane.mjs start    start a plane that runs on after this script (one at a time);
 *                                           --runtime: with the lab's runtime as the nodes' kubelet
 *   node scripts/control-plane.mjs stop     stop it: every process ends, its folder goes
 *   node scripts/control-plane.mjs status   whether one runs (exit 0) or not (exit 1)
 *   node scripts/control-plane.mjs env      KUBECONFIG=<its admin kubeconfig>, for `export $(...)`
 *
 * The logic is TypeScript in test/control-plane/ (shared with the vitest globalSetup), loaded through
 * tsx, a devDependency.
 */
import { tsImport } from 'tsx/esm/api';

const usage = 'usage: node scripts/control-plane.mjs build|start [--runtime]|stop|status|env';
const here = import.meta.url;

async function main(cmd) {
  const build = await tsImport('../test/control-plane/build.ts', here);
  const plane = await tsImport('../test/control-plane/plane.ts', here);
  switch (cmd) {
    case 'build': {
      const t = Date.now();
      const b = await build.ensureBuilt();
      console.log(
        b.built
          ? `built Kubernetes ${b.info.kubernetes}, etcd ${b.info.etcd}, kwok ${b.info.kwok} in ${b.info.buildSeconds} s: ${b.bin}`
          : `cached (Kubernetes ${b.info.kubernetes}, etcd ${b.info.etcd}, kwok ${b.info.kwok}; built in ${b.info.buildSeconds} s on ${b.info.builtAt}; checked in ${Date.now() - t} ms): ${b.bin}`,
      );
      return 0;
    }
    case 'start': {
      const running = plane.readCurrent();
      if (running) {
        console.error(`a control plane already runs (pid ${running.pid}, ${running.server})`);
        console.log(`KUBECONFIG=${running.kubeconfig}`);
        return 0;
      }
      // A plane recorded but no longer answering (its supervisor was killed): clear what is left of it.
      const stale = plane.recordedCurrent();
      if (stale) await plane.stopPlane(stale);
      const info = await plane.startPlane({ attached: false, runtime: process.argv.includes('--runtime') });
      plane.writeCurrent(info);
      console.log(`KUBECONFIG=${info.kubeconfig}`);
      return 0;
    }
    case 'stop': {
      const recorded = plane.recordedCurrent();
      if (!recorded) {
        console.error('no control plane was started here');
        return 0;
      }
      await plane.stopPlane(recorded);
      plane.writeCurrent(undefined);
      console.error(`stopped the control plane (pid ${recorded.pid})`);
      return 0;
    }
    case 'status': {
      const running = plane.readCurrent();
      if (!running) {
        console.log('no control plane runs');
        return 1;
      }
      console.log(
        `control plane ${running.kubernetes} runs: ${running.server}, context ${running.context}, pid ${running.pid}, ${running.dir}`,
      );
      return 0;
    }
    case 'env': {
      const running = plane.readCurrent();
      if (!running) {
        console.error('no control plane runs (node scripts/control-plane.mjs start)');
        return 1;
      }
      console.log(`KUBECONFIG=${running.kubeconfig}`);
      return 0;
    }
    default:
      console.error(usage);
      return 2;
  }
}

main(process.argv[2]).then(
  (code) => process.exit(code),
  (err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);

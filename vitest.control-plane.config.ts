import { defineConfig } from 'vitest/config';

// The real control plane tier (test/control-plane/README.md): kube-apiserver, controller-manager,
// scheduler, etcd and kwok built from source (Go), one plane per run, started by the globalSetup.
export default defineConfig({
  test: {
    // The conformance corpus (simulator against this plane) runs here too; npm test leaves both out.
    include: ['test/control-plane/**/*.test.ts', 'test/conformance/**/*.test.ts'],
    globalSetup: ['test/control-plane/global-setup.ts'],
    testTimeout: 120_000,
    // The first build on a new machine compiles Kubernetes: up to 30 minutes on 2 cores.
    hookTimeout: 45 * 60_000,
    pool: 'forks',
    // One plane for every file: one file at a time, so no test sees another's namespaces come and go.
    fileParallelism: false,
  },
});

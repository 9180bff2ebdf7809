import { defineConfig } from 'vitest/config';

// The tests Stryker runs against each mutant of the core (npm run test:mutation): the in-process tests of
// the mutated areas. Tests that reach the code only through a child process (dist/cli.js, the simulator,
// the real kubectl, a browser) cannot see a mutant in the sandbox's source and would only add minutes.
export default defineConfig({
  test: {
    include: [
      'test/{checks,diagnosis,engine,progress,kube,lint,workshop,util}/**/*.test.ts',
      'test/i18n.test.ts',
      'test/util-width.test.ts',
    ],
    exclude: [
      'node_modules/**',
      'test/engine/cli.test.ts',
      'test/engine/kubectl-guard.test.ts',
      'test/engine/sim-env.test.ts',
      'test/engine/variants.test.ts',
      'test/kube/argv-real.test.ts',
      'test/kube/usage-verdict.test.ts',
      'test/lint/cli.test.ts',
      'test/workshop/argv.test.ts',
      'test/workshop/cluster-prepare.test.ts',
      'test/workshop/dashboard.browser.test.ts',
      'test/workshop/room.sim.test.ts',
      'test/integration/**',
    ],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});

import { defineConfig } from 'vitest/config';

// The real-cluster suite: runs `emqx-lab test` against the current kube context when one is reachable.
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.test.ts'],
    testTimeout: 60 * 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});

import { defineConfig } from 'vitest/config';

// Two projects: `unit` (pure: deadlines, charts, documents; no servers) and `integration`
// (real Temporal: one dev server for the run, started in global setup, plus the time-skipping
// test server). Forks pool: the Temporal worker's native bridge is not thread-safe to share.
export default defineConfig({
  test: {
    pool: 'forks',
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          testTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          globalSetup: ['test/integration/global-setup.ts'],
          testTimeout: 240_000,
          hookTimeout: 240_000,
          fileParallelism: false,
        },
      },
    ],
  },
});

import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/bench/**', 'node_modules/**'],
    globalSetup: ['test/helpers/global-setup.ts'],
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 120_000,
    // expect.poll waits for what a screen must come to show; its default second was too short on a loaded
    // two-core runner (a worker's first progress during the full suite), and a poll that never holds still fails.
    expect: { poll: { timeout: 10_000 } },
    // e2e files start Chromium; two cores, so keep parallelism modest.
    maxWorkers: 2,
  },
});

import { defineConfig } from 'vitest/config';
import { jsonReport } from './vitest.config.js';

/**
 * Browser journeys (playwright-core + Debian's Chromium at /usr/bin/chromium) against the real
 * server: globalSetup builds the web app if needed and starts a demo server on a random port with a
 * fresh data directory. Run with `npm run test:e2e`.
 */
export default defineConfig({
  test: {
    include: ['web/e2e/**/*.e2e.test.ts'],
    globalSetup: ['web/e2e/global-setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 600_000,
    pool: 'forks',
    maxWorkers: 1,
    fileParallelism: false,
    // A page waits for the server (analytics, histograms): on a busy CI machine that takes seconds,
    // so a polled expectation waits up to 15 s instead of vitest's 1 s default.
    expect: { poll: { timeout: 15_000 } },
    ...jsonReport('browser'),
  },
});

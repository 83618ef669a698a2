import { defineConfig } from 'vitest/config';

/**
 * With TEST_REPORT_DIR set (.ci/run sets it), each run also writes a JSON report there, from which
 * scripts/count-tests.mjs prints the tests per engine.
 */
export const jsonReport = (name: string) =>
  process.env.TEST_REPORT_DIR
    ? {
        reporters: ['default', 'json'],
        outputFile: { json: `${process.env.TEST_REPORT_DIR}/${name}.json` },
      }
    : {};

export default defineConfig({
  test: {
    // web/src: the web app's plain logic (no DOM), tested like the server's.
    include: ['src/**/*.test.ts', 'web/src/**/*.test.ts'],
    // On PostgreSQL: the login role request work connects as (src/test/tenant-login.ts).
    globalSetup: ['src/test/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 90_000,
    pool: 'forks',
    maxWorkers: 2,
    ...jsonReport('unit'),
  },
});

import { defineConfig } from 'vitest/config';

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
  },
});

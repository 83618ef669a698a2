/**
 * The Citus stage of `.ci/run` (issue #14): the unit suite once more, PostgreSQL engine only
 * (TEST_CITUS=1), with TEST_DATABASE_URL on the coordinator of scripts/citus-cluster.sh. Every
 * test file runs there except those that never reach the distributed database: they proved all
 * they can in the plain runs before, and only cost the stage time. A new test file runs on the
 * cluster unless it is added here with its reason.
 */
import { configDefaults, defineConfig, mergeConfig } from 'vitest/config';
import base from './vitest.config.js';

/** Test file → why it cannot prove anything on the cluster. */
export const NOT_ON_CLUSTER: Record<string, string> = {
  // No database at all: pure functions, DuckDB, child processes without a database, static files.
  'src/analytics/business-minutes.test.ts': 'pure calendar arithmetic, no database',
  'src/analytics/replica/local-time.test.ts': 'DuckDB replica SQL against Intl, no PostgreSQL',
  'src/analytics/replica/read-stop.test.ts': 'interrupting DuckDB reads, no PostgreSQL',
  'src/auth/tokens.test.ts': 'token signing and checking, no database',
  'src/charts/report-options.test.ts': 'report chart options from a run, no database',
  'src/config.test.ts': 'environment parsing, no database',
  'src/events/catalogue.test.ts': 'the event type catalogue (colours, labels), no database',
  'src/events/event-id.test.ts': 'UUIDv7 generation, no database',
  'src/exports/backpressure.test.ts': 'stream backpressure against a fake endless table, no database',
  'src/ops/config-check.test.ts': '`config --check` child process, no database',
  'src/schedules/timing.test.ts': 'cron slots and time zones, no database',
  'src/schedules/webhook.test.ts':
    'webhook signing, retries and SSRF refusals against a local HTTP server, no database',
  'src/stream/client.test.ts': 'SSE client buffering against in-memory rows, no database',
  'src/test/dependencies.test.ts': 'import graph of the source tree, no database',
  'src/test/pglite-templates.test.ts': 'removal of stale PGlite copies in a temporary directory, no database',
  'src/time/local-calendar.test.ts': 'calendar arithmetic, no database',
  'src/timelines/narrow.test.ts': 'filter intersection, no database',
  'src/web/static.test.ts': 'serving the built web app from a directory, no database',
  'web/src/features/timeline-view/coalesce-reloads.test.ts':
    'reload coalescing of a live list, fake timers, no database',
  // The embedded engine only.
  'src/db/data-dir-lock.test.ts': 'PGlite data directory lock (child processes), embedded engine only',
  'src/db/pglite-thread.test.ts': 'PGlite worker thread keeping the event loop free, embedded engine only',
  'src/ops/backup.test.ts': 'backup/restore of the embedded database through the CLI, PGlite only',
  // A scratch database of their own (createScratchDatabase / openFreshDb): on the coordinator that
  // is a plain PostgreSQL database without Citus (12.1 does not propagate CREATE DATABASE), so
  // they would repeat the plain PostgreSQL run.
  'src/db/database-watch.test.ts': 'drops and recreates a scratch database; skipped on the cluster anyway',
  'src/ops/migrations.test.ts': 'migrates scratch databases from empty; skipped on the cluster anyway',
  'src/ops/copy-to-postgres.test.ts': 'copies a PGlite database into a scratch PostgreSQL database',
  'src/ops/database-faults.test.ts': 'a server process on a scratch database whose connections are killed',
  'src/ops/shutdown.test.ts': 'server processes on scratch databases, stopped mid-request',
  'src/ops/multi-instance.test.ts': 'two server processes migrating one scratch database together',
  'src/http/request-limits.test.ts': 'request time limits on PGlite and on scratch databases with tiny pools',
};

export default mergeConfig(
  base,
  defineConfig({
    test: {
      exclude: [...configDefaults.exclude, ...Object.keys(NOT_ON_CLUSTER)],
      // The base config's JSON report (TEST_REPORT_DIR), under this stage's name.
      ...(process.env.TEST_REPORT_DIR
        ? { outputFile: { json: `${process.env.TEST_REPORT_DIR}/citus.json` } }
        : {}),
    },
  }),
);

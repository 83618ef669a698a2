/** `serve`: open and migrate the database, seed the demo if asked, listen, and shut down cleanly. */
import type { FastifyBaseLogger } from 'fastify';
import { startAnalyticsReplica } from './analytics/replica/start.js';
import { buildApp } from './app.js';
import type { Config } from './config.js';
import { analyzeIfEmbedded, onStatisticsFailure, startEmbeddedMaintenance } from './db/maintenance.js';
import { DEMO_COMPANY_ID } from './demo/directory.js';
import { isDemoSeeded, seedDemo } from './demo/seed.js';
import { loggerOptions } from './ops/logging.js';
import { startRetention } from './retention/purge-all.js';
import { openContext } from './runtime.js';
import { startScheduler } from './schedules/start.js';

export async function serve(config: Config) {
  let log: FastifyBaseLogger | undefined;
  const ctx = await openContext(config, (error) =>
    log?.warn({ err: error, retryInMs: error.retryInMs }, 'database connection lost'),
  );
  const logger = loggerOptions(config, Boolean(process.stdout.isTTY));
  // applyPendingMigrations: a database recreated or restored while we run is migrated, then served.
  const app = await buildApp(ctx, { logger, applyPendingMigrations: true });
  log = app.log;
  onStatisticsFailure((error) => app.log.warn({ err: error }, 'ANALYZE after a bulk ingest failed'));
  if (ctx.applied.length) app.log.info({ migrations: ctx.applied }, 'applied migrations');
  if (config.demo && !(await isDemoSeeded(ctx.db, DEMO_COMPANY_ID))) {
    app.log.info('seeding the demo company (first start only)…');
    const started = Date.now();
    const n = await seedDemo(ctx.db, {
      onProgress: (done, total) => {
        if (done === total || done % 10000 === 0) app.log.info(`demo data: ${done}/${total} events`);
      },
    });
    app.log.info(`demo company seeded: ${n} events in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
  // Embedded only: refresh planner statistics at start (data may have grown since) and periodically.
  await analyzeIfEmbedded(ctx.db);
  const stopMaintenance = startEmbeddedMaintenance(ctx.db, undefined, (error) =>
    app.log.warn({ err: error }, 'embedded ANALYZE failed'),
  );
  // The columnar analytics replica: loads (first start) or catches up every company in the
  // background, then follows the change log; /readyz shows its progress.
  const analytics = await startAnalyticsReplica(ctx.db, config.analytics, app.log);
  // Retention: purges what company settings no longer keep (RETENTION_INTERVAL_MINUTES).
  const retention = startRetention(ctx.db, config.retentionIntervalMinutes, app.log);
  // Scheduled reports: delivers due slots (a missed one at start-up, marked late), then ticks.
  const scheduler = startScheduler(ctx.db, config.schedules, app.log);
  let closing = false;
  /**
   * SIGTERM/SIGINT: turn unready, send stream clients a going-away message (they reconnect
   * elsewhere), stop the scheduler (a delivery in progress finishes; one cut short by the bound
   * below is retaken by another process when its lease expires), stop accepting connections, let
   * in-flight requests finish, stop the replica's follower, close the database, exit 0. Whatever hangs, the process exits (1) after
   * SHUTDOWN_TIMEOUT_MS, so an orchestrator's kill never has to.
   */
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info(`${signal}: shutting down (at most ${config.shutdownTimeoutMs} ms)`);
    setTimeout(() => {
      app.log.error(`shutdown took longer than ${config.shutdownTimeoutMs} ms: exiting anyway`);
      process.exit(1);
    }, config.shutdownTimeoutMs); // not unref'd: it is the bound, even if nothing else is pending
    try {
      stopMaintenance();
      await scheduler?.stop();
      await app.close();
      await retention.stop();
      await analytics.stop();
      await ctx.db.close();
    } catch (error) {
      app.log.error({ err: error }, 'shutdown failed');
      process.exit(1);
    }
    app.log.info('shut down cleanly');
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  await app.listen({ host: config.host, port: config.port });
  const shown = config.host === '0.0.0.0' ? 'localhost' : config.host;
  const base = `http://${shown}:${config.port}`;
  const lines = [
    '',
    `CRM Activity Timeline is running at ${base}  (API docs: ${base}/docs)`,
    `Database: ${config.databaseUrl ? 'PostgreSQL' : `embedded PGlite in ${config.dataDir}`}`,
  ];
  if (config.demo) {
    lines.push(
      'Demo mode: sign in as any persona in the web app, or get a token with curl:',
      `  curl -s ${base}/api/v1/demo/personas`,
      `  curl -s -X POST ${base}/api/v1/demo/session -H 'content-type: application/json' -d '{"user_id":"<user_id>"}'`,
    );
  }
  console.log(lines.join('\n'));
  return app;
}

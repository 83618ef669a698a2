/**
 * The service listening on a real port (127.0.0.1, ephemeral), built exactly like `serve` builds
 * it but silent, so HTTP figures include Fastify, auth, validation, serialization and the socket.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type RunningReplica, startAnalyticsReplica } from '../../src/analytics/replica/start.js';
import { buildApp } from '../../src/app.js';
import type { Role } from '../../src/auth/roles.js';
import { signToken } from '../../src/auth/tokens.js';
import { loadConfig } from '../../src/config.js';
import type { Db } from '../../src/db/connect.js';

export const BENCH_SECRET = 'bench-secret-that-is-at-least-32-characters-long';

export interface BenchServer {
  baseUrl: string;
  app: Awaited<ReturnType<typeof buildApp>>;
  secret: string;
  /** `Authorization` header value for a new user of the company with this role. */
  bearer(companyId: string, role: Role): Promise<string>;
  /** The analytics replica (a DuckDB file in a temporary directory), started by startReplica. */
  replica?: RunningReplica & { dir: string };
  /** Opens the replica and waits until every company is loaded; returns the seconds it took. */
  startReplica(): Promise<{ seconds: number; dir: string }>;
  close(): Promise<void>;
}

export async function startServer(db: Db): Promise<BenchServer> {
  // The analytics time limit (30 s by default) is a safety net for tenants, not a measure: the bench
  // must time a slow KPI rather than stop at its 503, so it allows ten minutes (a request that still
  // fails is recorded as a failed sample, lib/http-samples.ts). BENCH_ANALYTICS_TIMEOUT (seconds)
  // overrides it, e.g. to check that failure path.
  const config = loadConfig({
    DEMO_MODE: 'false',
    SERVE_WEB: 'false',
    LOG_LEVEL: 'silent',
    ANALYTICS_QUERY_TIMEOUT: process.env.BENCH_ANALYTICS_TIMEOUT ?? '600',
    ...(process.env.ANALYTICS_CHECKPOINT_THRESHOLD
      ? { ANALYTICS_CHECKPOINT_THRESHOLD: process.env.ANALYTICS_CHECKPOINT_THRESHOLD }
      : {}),
    ...(process.env.ANALYTICS_MEMORY_LIMIT
      ? { ANALYTICS_MEMORY_LIMIT: process.env.ANALYTICS_MEMORY_LIMIT }
      : {}),
  });
  const app = await buildApp({ config, db, secret: BENCH_SECRET });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = app.server.address() as AddressInfo;
  const server: BenchServer = {
    baseUrl: `http://127.0.0.1:${port}`,
    app,
    secret: BENCH_SECRET,
    bearer: async (companyId, role) =>
      `Bearer ${await signToken(BENCH_SECRET, { userId: randomUUID(), companyId, role, teamId: null })}`,
    async startReplica() {
      // BENCH_ANALYTICS_DIR keeps the replica between runs (with --reuse, a 10M-event dataset's
      // replica then catches up instead of loading for minutes); by default a temporary one.
      const dir = process.env.BENCH_ANALYTICS_DIR ?? mkdtempSync(join(tmpdir(), 'crm-bench-analytics-'));
      const started = performance.now();
      const running = await startAnalyticsReplica(
        db,
        { ...config.analytics, dir },
        {
          // A load's phases (not its progress lines) with the RSS at each: where memory goes.
          info: (_f, m) => {
            if (m !== 'analytics replica: loading')
              console.log(`  ${m} (RSS ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MiB)`);
          },
          warn: (f, m) => console.warn(m, f),
        },
      );
      server.replica = { ...running, dir };
      await running.follower.ready;
      return { seconds: (performance.now() - started) / 1000, dir };
    },
    async close() {
      await app.close();
      if (server.replica) {
        await server.replica.stop();
        if (!process.env.BENCH_ANALYTICS_DIR) rmSync(server.replica.dir, { recursive: true, force: true });
      }
    },
  };
  return server;
}

/**
 * Prometheus metrics. Each app gets its own registry (tests build many apps in one process), and
 * features reach the instruments through `app.metrics`: the stream sets `streamClients` and
 * observes `streamDeliveryLag`, jobs go through `recordJobRun`, the analytics guard observes
 * `analyticsQueryDuration`; the replica's gauges are read from it at scrape time.
 */
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { peekReplica } from '../analytics/replica/registry.js';
import type { Db } from '../db/connect.js';

export interface AppMetrics {
  registry: Registry;
  httpRequests: Counter<'method' | 'route' | 'status_code'>;
  httpDuration: Histogram<'method' | 'route' | 'status_code'>;
  /** Events by ingest outcome: stored (new), duplicate (idempotent re-send), rejected (invalid or conflict). */
  ingestEvents: Counter<'outcome'>;
  /** Live-stream connections open now (the stream increments on connect, decrements on close). */
  streamClients: Gauge;
  /** Seconds from an event's commit to its delivery to a stream client. */
  streamDeliveryLag: Histogram;
  jobRuns: Counter<'job' | 'outcome'>;
  jobDuration: Histogram<'job'>;
  /** Seconds an analytics request spent in replica queries, by route pattern. */
  analyticsQueryDuration: Histogram<'route'>;
}

export function createMetrics(db: Db): AppMetrics {
  const registry = new Registry();
  const registers = [registry];
  collectDefaultMetrics({ register: registry });
  // Sampled at scrape time: pg's pool counters, or PGlite's single in-process connection.
  const poolGauge = (name: string, help: string, read: (pool: NonNullable<Db['pool']>) => number) =>
    new Gauge({
      name,
      help,
      registers,
      collect() {
        this.set(db.pool ? read(db.pool) : db.engine === 'pglite' && name.endsWith('total') ? 1 : 0);
      },
    });
  poolGauge(
    'db_pool_connections_total',
    'Database connections open (PGlite: always 1).',
    (p) => p.totalCount,
  );
  poolGauge('db_pool_connections_idle', 'Database connections idle in the pool.', (p) => p.idleCount);
  poolGauge('db_pool_waiting_requests', 'Queries waiting for a free pool connection.', (p) => p.waitingCount);
  // The analytics replica of this process (absent until serve attaches one).
  const replicaGauge = (
    name: string,
    help: string,
    read: (r: NonNullable<ReturnType<typeof peekReplica>>) => number,
  ) =>
    new Gauge({
      name,
      help,
      registers,
      collect() {
        const r = peekReplica(db);
        this.set(r ? read(r) : 0);
      },
    });
  replicaGauge(
    'analytics_replica_lag_changes',
    'Committed changes the analytics replica had not applied at its last poll (all companies).',
    (r) => r.lag.behind,
  );
  replicaGauge(
    'analytics_replica_lag_seconds',
    'Age of the oldest change the replica had not applied at its last poll (0 when current).',
    (r) => r.lag.seconds,
  );
  replicaGauge(
    'analytics_replica_applied_changes_total',
    'Changes applied to the analytics replica since start.',
    (r) => r.counters.appliedChanges,
  );
  replicaGauge('analytics_replica_loads_total', 'Full company loads since start.', (r) => r.counters.loads);
  replicaGauge(
    'analytics_replica_idle_checkpoints_total',
    'Checkpoints the follower ran while it had nothing to apply.',
    (r) => r.counters.checkpoints,
  );
  replicaGauge(
    'analytics_replica_companies_loading',
    'Companies whose replica load is running now.',
    (r) => [...r.progress.values()].filter((p) => p.state === 'loading').length,
  );
  return {
    registry,
    httpRequests: new Counter({
      name: 'http_requests_total',
      help: 'HTTP requests by route pattern and status.',
      labelNames: ['method', 'route', 'status_code'],
      registers,
    }),
    httpDuration: new Histogram({
      name: 'http_request_duration_seconds',
      help: 'HTTP request latency by route pattern and status.',
      labelNames: ['method', 'route', 'status_code'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    }),
    ingestEvents: new Counter({
      name: 'ingest_events_total',
      help: 'Events received by the ingest API, by outcome (stored, duplicate, rejected).',
      labelNames: ['outcome'],
      registers,
    }),
    streamClients: new Gauge({
      name: 'stream_clients_connected',
      help: 'Live-stream clients connected to this instance.',
      registers,
    }),
    streamDeliveryLag: new Histogram({
      name: 'stream_delivery_lag_seconds',
      help: 'Seconds from an event change being committed to its delivery to a stream client.',
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    }),
    jobRuns: new Counter({
      name: 'job_runs_total',
      help: 'Background job runs by job and outcome (ok, failed).',
      labelNames: ['job', 'outcome'],
      registers,
    }),
    jobDuration: new Histogram({
      name: 'job_duration_seconds',
      help: 'Background job run time.',
      labelNames: ['job'],
      buckets: [0.01, 0.1, 0.5, 1, 5, 15, 60, 300],
      registers,
    }),
    analyticsQueryDuration: new Histogram({
      name: 'analytics_query_duration_seconds',
      help: 'Time an analytics request spent in replica queries, by route.',
      labelNames: ['route'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    }),
  };
}

/** Runs one job, counting the run as ok or failed and timing it; rethrows the job's error. */
export async function recordJobRun<T>(metrics: AppMetrics, job: string, run: () => Promise<T>): Promise<T> {
  const stop = metrics.jobDuration.startTimer({ job });
  try {
    const result = await run();
    metrics.jobRuns.inc({ job, outcome: 'ok' });
    return result;
  } catch (error) {
    metrics.jobRuns.inc({ job, outcome: 'failed' });
    throw error;
  } finally {
    stop();
  }
}

/**
 * Ingest throughput: the batch API over real HTTP with concurrent clients, and beside it the bare
 * SQL ceilings on the same table (multi-row INSERT, COPY) so the service's overhead is visible.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { type Dialect, Kysely, PostgresDialect, sql } from 'kysely';
import { PGliteDialect } from '../../src/db/pglite-dialect.js';
import type { Database } from '../../src/db/types.js';
import { checkEvent } from '../../src/events/ingest.js';
import { insertEvents, type NewEvent } from '../../src/events/queries/write-events.js';
import type { BenchContext } from './context.js';
import { cpuPer1000, cpuSnapshot } from './cpu.js';
import { benchEvent, buildBatches, type TimeSpread } from './payloads.js';

export interface IngestRun {
  /** events/s, wall clock */
  rate: number;
  /** CPU ms per 1,000 events in this process (server + clients) and in the database backends. */
  cpu: { node: number; db: number };
  /** Wall ms per 1,000 events in statements on the analytics tables (direct measure only). */
  analyticsMs?: number;
}

/** Events/s of `total` events sent as `batchSize` batches by `clients` concurrent clients. */
export async function httpIngestRate(
  ctx: BenchContext,
  opts: { batchSize: number; clients: number; total: number; spread?: TimeSpread },
): Promise<IngestRun> {
  const bodies = buildBatches(
    ctx.dataset,
    Math.ceil(opts.total / opts.batchSize),
    opts.batchSize,
    opts.spread,
  );
  const auth = await ctx.server.bearer(ctx.dataset.companyId, 'integration');
  let next = 0;
  let stored = 0;
  const client = async () => {
    while (next < bodies.length) {
      const body = bodies[next++] as string;
      const res = await fetch(`${ctx.server.baseUrl}/api/v1/events/batch`, {
        method: 'POST',
        headers: { authorization: auth, 'content-type': 'application/json' },
        body,
      });
      const json = (await res.json()) as { stored?: number; rejected?: number; detail?: string };
      // A benchmark that loses events measures nothing: every item must be stored.
      if (res.status !== 200 || json.stored !== opts.batchSize) {
        throw new Error(`batch answered ${res.status}: ${JSON.stringify(json).slice(0, 300)}`);
      }
      stored += json.stored;
    }
  };
  const before = await cpuSnapshot(ctx.db);
  const started = performance.now();
  await Promise.all(Array.from({ length: opts.clients }, client));
  const rate = stored / ((performance.now() - started) / 1000);
  return { rate, cpu: cpuPer1000(before, await cpuSnapshot(ctx.db), stored) };
}

/**
 * insertEvents called directly, no HTTP, one caller: the write path's own cost. Its statements are
 * timed through a logging Kysely on the same connections, so the share spent keeping the analytics
 * tables (rollups, response pairs: statements naming an analytics_ table) shows apart.
 */
export async function directIngestRate(
  ctx: BenchContext,
  batchSize: number,
  total: number,
): Promise<IngestRun> {
  const batches: NewEvent[][] = Array.from({ length: Math.ceil(total / batchSize) }, (_, b) =>
    Array.from({ length: batchSize }, (_, i) => {
      const checked = checkEvent(benchEvent(ctx.dataset, b * batchSize + i));
      if (!checked.ok) throw new Error(`bench event refused: ${checked.detail}`);
      return checked.event;
    }),
  );
  let analyticsMs = 0;
  const dialect: Dialect = ctx.db.pglite
    ? new PGliteDialect(ctx.db.pglite)
    : new PostgresDialect({ pool: ctx.db.pool as NonNullable<typeof ctx.db.pool> });
  // Not destroyed afterwards: that would close the pool (or PGlite) the service shares.
  const timed = new Kysely<Database>({
    dialect,
    log: (e) => {
      if (/\banalytics_/.test(e.query.sql)) analyticsMs += e.queryDurationMillis;
    },
  });
  const scope = { db: timed, companyId: ctx.dataset.companyId, handle: ctx.db };
  const before = await cpuSnapshot(ctx.db);
  const started = performance.now();
  let stored = 0;
  for (const events of batches) {
    const outcomes = await insertEvents(scope, events);
    stored += outcomes.filter((o) => o.status === 'created').length;
  }
  if (stored !== batches.length * batchSize)
    throw new Error(`stored ${stored} of ${batches.length * batchSize}`);
  const rate = stored / ((performance.now() - started) / 1000);
  const cpu = cpuPer1000(before, await cpuSnapshot(ctx.db), stored);
  return { rate, cpu, analyticsMs: (analyticsMs * 1000) / stored };
}

const COLUMNS = [
  'company_id',
  'id',
  'customer_id',
  'user_id',
  'event_type',
  'event_source',
  'event_title',
  'event_description',
  'event_timestamp',
  'duration_minutes',
  'event_data',
  'participants',
  'priority',
  'status',
  'engagement_score',
  'direction',
  'external_id',
  'seq',
] as const;

/** Rows like the API stores them, for the bare-SQL measures (into a company of their own). */
function bareRows(ctx: BenchContext, companyId: string, n: number, seq0: number) {
  const ds = ctx.dataset;
  return Array.from({ length: n }, (_, i) => ({
    company_id: companyId,
    id: randomUUID(),
    customer_id: ds.customerIds[i % ds.customerIds.length] as string,
    user_id: ds.userIds[i % ds.userIds.length] as string,
    event_type: 'email',
    event_source: 'email',
    event_title: `Bare ${seq0 + i}`,
    event_description: i % 3 ? null : 'Customer asked about renewal terms and pricing tiers.',
    event_timestamp: new Date(Date.now() - i * 1000).toISOString(),
    duration_minutes: null,
    event_data: JSON.stringify({ thread_id: `th-${i >> 2}`, outcome: 'replied', subject: 'Renewal' }),
    participants: JSON.stringify([{ email: `contact${i % 997}@customer.test`, role: 'to' }]),
    priority: 'normal',
    status: 'completed',
    engagement_score: (i % 10000) / 100,
    direction: 'inbound',
    external_id: `bare-${randomUUID()}`,
    seq: seq0 + i,
  }));
}

/** Rows/s of plain multi-row INSERTs, `batchSize` rows per statement and transaction, one client. */
export async function bareInsertRate(ctx: BenchContext, total: number, batchSize = 1000): Promise<IngestRun> {
  const companyId = randomUUID();
  const batches = Array.from({ length: Math.ceil(total / batchSize) }, (_, b) =>
    bareRows(ctx, companyId, batchSize, b * batchSize + 1),
  );
  const before = await cpuSnapshot(ctx.db);
  const started = performance.now();
  for (const rows of batches) {
    await ctx.db.kysely
      .transaction()
      .execute((trx) => trx.insertInto('crm_activity_events').values(rows).execute());
  }
  const n = batches.length * batchSize;
  const rate = n / ((performance.now() - started) / 1000);
  return { rate, cpu: cpuPer1000(before, await cpuSnapshot(ctx.db), n) };
}

const csvCell = (v: unknown) => {
  if (v === null || v === undefined) return '';
  const s = String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** Rows/s of one COPY … FROM STDIN (psql on PostgreSQL, '/dev/blob' on PGlite) of `total` rows. */
export async function bareCopyRate(ctx: BenchContext, total: number): Promise<IngestRun> {
  const rows = bareRows(ctx, randomUUID(), total, 1);
  const csv = `${rows.map((r) => COLUMNS.map((c) => csvCell(r[c])).join(',')).join('\n')}\n`;
  const copy = `copy crm_activity_events (${COLUMNS.join(', ')}) from stdin with (format csv)`;
  const started = performance.now();
  if (ctx.db.pglite) {
    await ctx.db.pglite.query(copy.replace('stdin', "'/dev/blob'"), [], { blob: new Blob([csv]) });
  } else {
    // \copy … from pstdin: psql forwards its own standard input to COPY FROM STDIN.
    await psqlCopy(ctx.url as string, copy.replace('stdin', 'pstdin'), csv);
  }
  const seconds = (performance.now() - started) / 1000;
  const { rows: check } = await sql<{ n: number }>`select count(*)::int as n from crm_activity_events
    where company_id = ${rows[0]?.company_id}`.execute(ctx.db.kysely);
  if (check[0]?.n !== total) throw new Error(`COPY stored ${check[0]?.n} of ${total} rows`);
  // psql's backend is gone by now; its CPU is not measured.
  return { rate: total / seconds, cpu: { node: Number.NaN, db: Number.NaN } };
}

/** `pg-copy-streams` is not a dependency; psql's \copy is the same COPY protocol, for a bare figure. */
function psqlCopy(url: string, copy: string, csv: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('psql', [url, '-v', 'ON_ERROR_STOP=1', '-q', '-c', `\\${copy}`], {
      stdio: ['pipe', 'ignore', 'pipe'],
    });
    let err = '';
    child.stderr.on('data', (d) => {
      err += d;
    });
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`psql COPY failed: ${err}`))));
    child.stdin.end(csv);
  });
}

/**
 * Embedded-database upkeep. PGlite runs no autovacuum, so its planner statistics never refresh by
 * themselves: after bulk loads, and then periodically, we ANALYZE so plans follow the data.
 * PostgreSQL's autovacuum does this on a server; there it is a no-op.
 */
import { sql } from 'kysely';
import type { Db } from './connect.js';
import { outsideRequest } from './statement-limits.js';

export async function analyzeIfEmbedded(db: Db): Promise<void> {
  if (db.engine === 'pglite') await sql`analyze`.execute(db.kysely);
}

/** Re-analyzes the embedded database every `intervalMs`; returns a stop function. */
export function startEmbeddedMaintenance(
  db: Db,
  intervalMs = 15 * 60_000,
  onError?: (e: unknown) => void,
): () => void {
  if (db.engine !== 'pglite') return () => {};
  const timer = setInterval(() => {
    analyzeIfEmbedded(db).catch((error) => onError?.(error));
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}

/**
 * Planner statistics after bulk writes, on both engines. A table analyzed while empty (a fresh
 * database, a new tenant's first import) makes the planner expect one row where there are
 * thousands (measured: 29 s instead of 0.5 s for one report); PostgreSQL's autovacuum gets there
 * only after its thresholds and naptime. So once this process has inserted enough rows since its
 * last look — 5,000, and a tenth of what the statistics think the table holds — it analyzes the
 * event tables in the background (one run at a time; failures are reported, never thrown). When the
 * table is too big for that, the next look waits for a tenth of it: looking cost two statements
 * (and two switches of a pooled connection between tenant and owner) per ingest batch.
 */
const BULK_ROWS = 5000;
interface StatsState {
  rows: number;
  /** Rows inserted before the next look. */
  nextLook: number;
  running: Promise<void> | null;
}
const stats = new WeakMap<Db, StatsState>();
let reportStatsFailure: (error: unknown) => void = () => {};

/** Where a failed background ANALYZE is reported (serve points it at the log). */
export function onStatisticsFailure(report: (error: unknown) => void): void {
  reportStatsFailure = report;
}

export function noteInsertedEvents(db: Db, rows: number): void {
  let s = stats.get(db);
  if (!s) {
    s = { rows: 0, nextLook: BULK_ROWS, running: null };
    stats.set(db, s);
  }
  s.rows += rows;
  if (s.rows < s.nextLook || s.running) return;
  const state = s;
  // Outside the request that tipped it over: its client leaving must not cancel the ANALYZE.
  state.running = outsideRequest(async () => {
    const { rows: est } = await sql<{ n: number }>`
      select greatest(reltuples, 0)::float8 as n from pg_class where relname = 'crm_activity_events'`.execute(
      db.kysely,
    );
    const tenth = 0.1 * Number(est[0]?.n ?? 0);
    if (state.rows < tenth) {
      state.nextLook = Math.max(BULK_ROWS, Math.ceil(tenth));
      return;
    }
    state.rows = 0;
    state.nextLook = BULK_ROWS;
    await sql`analyze crm_activity_events, event_changes`.execute(db.kysely);
  })
    .catch((error: unknown) => reportStatsFailure(error))
    .finally(() => {
      state.running = null;
    });
}

/** Resolves when a background ANALYZE started by noteInsertedEvents has finished (tests, tools). */
export async function statisticsSettled(db: Db): Promise<void> {
  await stats.get(db)?.running;
}

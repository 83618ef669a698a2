/** Writes source rows into the replica's tables with DuckDB's appender (~300k rows/s here). */
import { type DuckDBAppender, type DuckDBConnection, LIST, VARCHAR } from '@duckdb/node-api';
import { FACT_COLUMNS } from './sequence-facts.js';
import type { SourceCustomer, SourceEvent, SourceUser } from './source-rows.js';

const PARTICIPANTS = LIST(VARCHAR);
/** The events table's last columns (schema.ts), computed after the rows are in. */
const SEQUENCE_FACT_COLUMNS = FACT_COLUMNS.length;

const text = (a: DuckDBAppender, v: string | null) => (v === null ? a.appendNull() : a.appendVarchar(v));

/**
 * Appends event rows (sequence facts unset) to a table of the events table's shape: the staging
 * temp tables the load and the change batches fill before their facts are computed
 * (sequence-facts.ts), which then move them into events.
 */
export async function appendEvents(
  c: DuckDBConnection,
  table: { name: string; temp: boolean },
  companyId: string,
  rows: SourceEvent[],
) {
  if (rows.length === 0) return;
  const a = await c.createAppender(table.name, null, table.temp ? 'temp' : null);
  for (const r of rows) {
    a.appendVarchar(companyId);
    a.appendVarchar(r.id);
    a.appendVarchar(r.customer_id);
    text(a, r.contact_id);
    a.appendVarchar(r.user_id);
    a.appendVarchar(r.event_type);
    a.appendVarchar(r.event_source);
    text(a, r.direction);
    a.appendVarchar(r.status);
    a.appendVarchar(r.priority);
    text(a, r.sentiment);
    text(a, r.outcome);
    text(a, r.thread_id);
    a.appendBoolean(r.has_due_at);
    a.appendBigInt(BigInt(r.due_us));
    a.appendBigInt(BigInt(r.ts_us));
    if (r.duration_minutes === null) a.appendNull();
    else a.appendInteger(r.duration_minutes);
    if (r.engagement_score === null) a.appendNull();
    else a.appendDouble(r.engagement_score);
    a.appendList(r.participants, PARTICIPANTS);
    a.appendBigInt(BigInt(r.seq));
    // Sequence facts: computed when the rows move into events (sequence-facts.ts).
    for (let i = 0; i < SEQUENCE_FACT_COLUMNS; i++) a.appendNull();
    a.endRow();
  }
  a.closeSync();
}

export async function appendCustomers(c: DuckDBConnection, companyId: string, rows: SourceCustomer[]) {
  if (rows.length === 0) return;
  const a = await c.createAppender('customers');
  for (const r of rows) {
    a.appendVarchar(companyId);
    a.appendVarchar(r.id);
    text(a, r.segment);
    a.endRow();
  }
  a.closeSync();
}

export async function appendUsers(c: DuckDBConnection, companyId: string, rows: SourceUser[]) {
  if (rows.length === 0) return;
  const a = await c.createAppender('users');
  for (const r of rows) {
    a.appendVarchar(companyId);
    a.appendVarchar(r.id);
    text(a, r.team_id);
    a.appendBoolean(r.active);
    a.endRow();
  }
  a.closeSync();
}

/** Runs `body` in one DuckDB transaction on the writer connection. */
export async function inTransaction<T>(c: DuckDBConnection, body: () => Promise<T>): Promise<T> {
  await c.run('begin transaction');
  try {
    const result = await body();
    await c.run('commit');
    return result;
  } catch (error) {
    await c.run('rollback').catch(() => {});
    throw error;
  }
}

/** Creates (or empties) a temp table of the events table's shape for staging rows. */
export async function createEventStage(
  c: DuckDBConnection,
  name: string,
): Promise<{ name: string; temp: boolean }> {
  await c.run(`create or replace temp table ${name} as select * from events limit 0`);
  return { name, temp: true };
}

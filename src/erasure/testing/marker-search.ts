/**
 * What the erasure tests search with: every text-like column of the database, and the analytics
 * replica's rows, for a marker string; and the replica's figures, which an erasure must not change.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, expect } from 'vitest';
import { AnalyticsReplica } from '../../analytics/replica/replica.js';
import type { Db } from '../../db/connect.js';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** A replica of `db` in a temporary directory, removed after the file's tests. */
export async function openTestReplica(db: Db): Promise<AnalyticsReplica> {
  const dir = mkdtempSync(join(tmpdir(), 'erasure-test-'));
  dirs.push(dir);
  return AnalyticsReplica.open(db, { dir });
}

/** Tables and columns (schema.table.column) whose text holds `marker`, searched in every column of text-like type. */
export async function findInDatabase(db: Db, marker: string): Promise<string[]> {
  const { rows: columns } = await sql<{ table_name: string; column_name: string }>`
    select table_name, column_name from information_schema.columns
    where table_schema = current_schema()
      and data_type in ('text', 'character varying', 'jsonb', 'json', 'tsvector', 'ARRAY', 'USER-DEFINED')
      and table_name in (select table_name from information_schema.tables
                         where table_schema = current_schema() and table_type = 'BASE TABLE')`.execute(
    db.kysely,
  );
  expect(columns.length).toBeGreaterThan(20); // the search really reads the schema
  const found: string[] = [];
  for (const c of columns) {
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(c.table_name)}
      where ${sql.ref(c.column_name)}::text ilike ${`%${marker}%`}`.execute(db.kysely);
    if ((rows[0]?.n ?? 0) > 0) found.push(`${c.table_name}.${c.column_name}`);
  }
  return found;
}

/** The company's rows of every replica table, as one text to search. */
export async function replicaText(replica: AnalyticsReplica, companyId: string) {
  const parts: string[] = [];
  for (const table of ['events', 'customers', 'users']) {
    const rows = await replica.read(`select * from ${table} where company_id = $c::uuid`, { c: companyId });
    parts.push(JSON.stringify(rows, (_k, v) => (typeof v === 'bigint' ? v.toString() : v)));
  }
  return parts.join('\n');
}

/** The replica's figures an erasure keeps: per type, events, threads, participants, minutes, outcomes. */
export async function replicaCounts(replica: AnalyticsReplica, companyId: string) {
  return replica.read(
    `select event_type, count(*)::int as n, count(distinct thread_id)::int as threads,
       count(distinct p)::int as participants, sum(duration_minutes)::int as minutes,
       count(outcome)::int as outcomes
     from (select *, unnest(case when len(participants) = 0 then [null] else participants end) as p from events
           where company_id = $c::uuid)
     group by event_type order by event_type`,
    { c: companyId },
  );
}

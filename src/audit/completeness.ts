/**
 * Completeness: per day in the company's zone, events stored vs events named by ingest audit
 * entries. Both are written in one transaction with one clock (now() at the transaction's start),
 * so every stored event falls on the day of its entry; a day with more stored than audited is a gap.
 * Purged events leave the stored count (never the audited one), so a purge never shows as a gap.
 */
import { sql } from 'kysely';
import { getCompanySettings } from '../company/queries.js';
import type { Scope } from '../db/scope.js';
import type { RangeQuery } from './schema.js';

const DAY_MS = 86_400_000;

export async function auditCompleteness(scope: Scope, range: RangeQuery) {
  const { timezone } = await getCompanySettings(scope);
  const to = range.to ? new Date(range.to) : new Date();
  const from = range.from ? new Date(range.from) : new Date(to.getTime() - 30 * DAY_MS);
  const { rows } = await sql<{ date: string; ingested: number; covered: number }>`
    with stored as (
      select to_char((created_at at time zone ${timezone})::date, 'YYYY-MM-DD') as date, count(*)::int as n
      from crm_activity_events
      where company_id = ${scope.companyId} and created_at >= ${from} and created_at < ${to}
      group by 1),
    audited as (
      select to_char((at at time zone ${timezone})::date, 'YYYY-MM-DD') as date, sum(event_count)::int as n
      from audit_log
      where company_id = ${scope.companyId} and action = 'events.ingest' and at >= ${from} and at < ${to}
      group by 1)
    select coalesce(s.date, a.date) as date, coalesce(s.n, 0) as ingested, coalesce(a.n, 0) as covered
    from stored s full join audited a on a.date = s.date
    order by 1`.execute(scope.db);
  const days = rows.map((r) => ({ ...r, gap: r.ingested > r.covered }));
  return { timezone, days, gaps: days.filter((d) => d.gap).length };
}

/**
 * KPI 8, Real-time: what happened in the last minutes, and what is overdue, as of `now`. The recent
 * counts read raw events (minutes, served by the (company, time) index); the overdue count sums
 * the rollups' `scheduled` column up to now when the filters allow.
 */
import { sql } from 'kysely';
import type { Scope } from '../../db/scope.js';
import { applyEventFilters } from '../../events/queries/filter-events.js';
import type { ResolvedParams } from '../params.js';
import { rollupFamily } from '../rollups/choose-rollup.js';
import { rollupZone } from '../rollups/maintain.js';
import { countByBucket } from './count-by-bucket.js';

const MINUTE = 60_000;
type Filters = ResolvedParams['filters'];

const filtered = (scope: Scope, filters: Filters) =>
  applyEventFilters(scope.db.selectFrom('crm_activity_events as e'), scope.companyId, filters);

/** Events per type in [now − 5 min, now] and [now − 60 min, now]. */
export async function countRecentByType(scope: Scope, filters: Filters, now: Date) {
  const rows = await filtered(scope, filters)
    .where('e.event_timestamp', '>=', new Date(now.getTime() - 60 * MINUTE))
    .where('e.event_timestamp', '<=', now)
    .select([
      'e.event_type',
      sql<number>`count(*) filter (where e.event_timestamp >= ${new Date(now.getTime() - 5 * MINUTE)})::int`.as(
        'n5',
      ),
      sql<number>`count(*)::int`.as('n60'),
    ])
    .groupBy('e.event_type')
    .execute();
  return rows.map((r) => ({ type: r.event_type, last5: Number(r.n5), last60: Number(r.n60) }));
}

/** Events per UTC minute for the 60 minutes ending with the current (partial) minute. */
export async function countPerMinute(scope: Scope, filters: Filters, now: Date) {
  const current = Math.floor(now.getTime() / MINUTE) * MINUTE;
  const first = current - 59 * MINUTE;
  const rows = await filtered(scope, filters)
    .where('e.event_timestamp', '>=', new Date(first))
    .where('e.event_timestamp', '<=', now)
    .select([
      sql<Date>`date_trunc('minute', e.event_timestamp)`.as('minute'),
      sql<number>`count(*)::int`.as('n'),
    ])
    .groupBy(sql`1`)
    .execute();
  const counts = new Map(rows.map((r) => [new Date(r.minute).getTime(), Number(r.n)]));
  return Array.from({ length: 60 }, (_, i) => {
    const t = first + i * MINUTE;
    return { minute: new Date(t).toISOString(), events: counts.get(t) ?? 0 };
  });
}

/**
 * Scheduled events without a due_at whose timestamp is before `now`, from the rollups (every day
 * before today's, then hours, then minutes from raw), or null when the filters need raw events:
 * the bench's 2M such events took 330 ms to count from their index.
 */
async function countUndatedOverdue(scope: Scope, filters: Filters, now: Date): Promise<number | null> {
  if (!rollupFamily(filters, 'none')) return null;
  const zone = await rollupZone(scope.db, scope.companyId);
  if (!zone) return null;
  // Ingest accepts no event before 1970 (src/events/ingest.ts); month buckets keep the series short.
  const since = new Date(Date.UTC(1970, 0, 1));
  const q = { filters, bucket: 'month' as const, tz: zone };
  return (await countByBucket(scope, q, { from: since, to: now }, 'none', 'scheduled')).total;
}

/**
 * Scheduled activities whose due time is past: due = event_data.due_at when it is an ISO timestamp,
 * else event_timestamp. Oldest first, up to `limit`, and the total count. Events without a due_at
 * (most) are counted from the rollups (or their own index when the filters need it) and listed by
 * timestamp from that index; those with one are read apart.
 */
export async function listOverdue(scope: Scope, filters: Filters, now: Date, limit: number) {
  const due = sql<Date>`coalesce(case when e.event_data->>'due_at' ~ '^\\d{4}-\\d{2}-\\d{2}T'
    then (e.event_data->>'due_at')::timestamptz end, e.event_timestamp)`;
  const scheduled = filtered(scope, filters).where('e.status', '=', 'scheduled');
  const plain = scheduled
    .where(sql<boolean>`not (e.event_data ? 'due_at')`)
    .where('e.event_timestamp', '<', now);
  const dated = scheduled.where(sql<boolean>`e.event_data ? 'due_at'`).where(sql<boolean>`${due} < ${now}`);
  const columns = [
    'e.id',
    'e.event_title',
    'e.event_type',
    'e.user_id',
    'e.customer_id',
    due.as('due_at'),
  ] as const;
  const countPlain = async () =>
    (await countUndatedOverdue(scope, filters, now)) ??
    Number((await plain.select(sql<number>`count(*)::int`.as('n')).executeTakeFirst())?.n ?? 0);
  const [plainCount, datedCount, plainRows, datedRows] = await Promise.all([
    countPlain(),
    dated.select(sql<number>`count(*)::int`.as('n')).executeTakeFirst(),
    plain.select(columns).orderBy('e.event_timestamp').orderBy('e.id').limit(limit).execute(),
    dated.select(columns).orderBy(sql`6`).orderBy('e.id').limit(limit).execute(),
  ]);
  const rows = [...plainRows, ...datedRows]
    .sort((a, b) => new Date(a.due_at).getTime() - new Date(b.due_at).getTime() || (a.id < b.id ? -1 : 1))
    .slice(0, limit);
  return {
    total: plainCount + Number(datedCount?.n ?? 0),
    items: rows.map((r) => {
      const dueAt = new Date(r.due_at);
      return {
        id: r.id,
        title: r.event_title,
        type: r.event_type,
        user_id: r.user_id,
        customer_id: r.customer_id,
        due_at: dueAt.toISOString(),
        overdue_minutes: Math.floor((now.getTime() - dueAt.getTime()) / MINUTE),
      };
    }),
  };
}

/**
 * Events per local day of week (0 = Sunday) × local hour of day (0–23) in a zone: the timing
 * heatmap. The events per hour bucket come from countByBucket (the hour rollups in any zone whose
 * hours are whole UTC hours, else raw events); PostgreSQL then files each bucket under its local
 * weekday and hour, with the same zone rules as the raw query. Ranges of more than ~5 years read
 * raw events instead (one row per hour bucket would be the larger read).
 */
import { sql } from 'kysely';
import type { Scope } from '../../db/scope.js';
import type { Period, ResolvedParams } from '../params.js';
import { countByBucket } from './count-by-bucket.js';
import { eventsIn } from './period-filter.js';

/** Beyond this many hours (~5 years) listing every hour bucket costs more than reading raw events. */
const MAX_HOUR_BUCKETS = 45_000;

/** A 7 × 24 matrix, rows = day of week from Sunday, columns = hour. */
export async function getHeatmap(scope: Scope, p: Pick<ResolvedParams, 'filters' | 'tz'>, period: Period) {
  const spanHours = (period.to.getTime() - period.from.getTime()) / 3_600_000;
  const rows =
    spanHours <= MAX_HOUR_BUCKETS ? await fromHourBuckets(scope, p, period) : await fromRaw(scope, p, period);
  const matrix = Array.from({ length: 7 }, () => Array.from({ length: 24 }, () => 0));
  for (const r of rows) {
    const row = matrix[Number(r.dow)];
    if (row) row[Number(r.hour)] = Number(r.n);
  }
  return matrix;
}

async function fromHourBuckets(scope: Scope, p: Pick<ResolvedParams, 'filters' | 'tz'>, period: Period) {
  const hours = (await countByBucket(scope, { ...p, bucket: 'hour' }, period, 'none')).buckets.filter(
    (b) => b.total > 0,
  );
  const local = sql`(h.start at time zone ${p.tz})`;
  const { rows } = await sql<{ dow: number; hour: number; n: number }>`
    select extract(dow from ${local})::int as dow, extract(hour from ${local})::int as hour, sum(h.n)::int as n
    from unnest(${hours.map((b) => b.start.toISOString())}::timestamptz[], ${hours.map((b) => b.total)}::int[])
      as h(start, n)
    group by 1, 2`.execute(scope.db);
  return rows;
}

async function fromRaw(scope: Scope, p: Pick<ResolvedParams, 'filters' | 'tz'>, period: Period) {
  const local = sql`(e.event_timestamp at time zone ${p.tz})`;
  return eventsIn(scope, p, period)
    .select([
      sql<number>`extract(dow from ${local})::int`.as('dow'),
      sql<number>`extract(hour from ${local})::int`.as('hour'),
      sql<number>`count(*)::int`.as('n'),
    ])
    .groupBy([sql`1`, sql`2`])
    .execute();
}

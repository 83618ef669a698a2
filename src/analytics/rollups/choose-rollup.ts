/**
 * The one place that decides whether a count can come from a rollup (Umami style). A rollup row is
 * (company, local day in the rollup zone, its key columns), so it answers a question only when:
 * - the bucket is day, week or month (no hour inside a rollup day) in the rollup's own zone;
 * - every active filter and the breakdown dimension are key columns of that rollup;
 * and only for the whole local days of the period: partial days at either edge come from raw
 * events (see splitOnLocalDays), so `from`/`to` at any instant stay exact.
 */
import { sql } from 'kysely';
import type { Scope } from '../../db/scope.js';
import type { TimelineFilters } from '../../events/filters.js';
import type { Bucket } from '../../time/zones.js';
import type { Period } from '../params.js';
import { rollupZone } from './maintain.js';

export type RollupTable = 'analytics_daily' | 'analytics_user_daily';

/** What each rollup can group by and filter on (filter names as in TimelineFilters). */
const CAPABILITIES: Record<RollupTable, { dimensions: string[]; filters: string[] }> = {
  analytics_daily: {
    dimensions: ['none', 'type', 'source', 'direction'],
    filters: ['type', 'source', 'direction'],
  },
  analytics_user_daily: {
    dimensions: ['none', 'type', 'user', 'team'],
    filters: ['type', 'user_id', 'team_id'],
  },
};

/** Names of the filters that actually restrict something. */
export function activeFilters(filters: Omit<TimelineFilters, 'from' | 'to'>): string[] {
  return Object.entries(filters)
    .filter(([, v]) => (Array.isArray(v) ? v.length > 0 : v !== undefined && v !== ''))
    .map(([k]) => k);
}

/** The rollup able to answer (dimension, filters, bucket, tz), or null for raw events. */
export async function chooseRollup(
  scope: Scope,
  q: { filters: Omit<TimelineFilters, 'from' | 'to'>; bucket: Bucket; tz: string },
  dimension: string,
): Promise<RollupTable | null> {
  if (q.bucket === 'hour') return null;
  const used = activeFilters(q.filters);
  const table = (Object.keys(CAPABILITIES) as RollupTable[]).find(
    (t) =>
      CAPABILITIES[t].dimensions.includes(dimension) &&
      used.every((f) => CAPABILITIES[t].filters.includes(f)),
  );
  if (!table) return null;
  // Rollup days are local days of one zone; another zone's days cut across them.
  return (await rollupZone(scope.db, scope.companyId)) === q.tz ? table : null;
}

export interface LocalDaySplit {
  /** Whole local days [firstDay, endDay) answered by the rollup (YYYY-MM-DD), or null when none. */
  days: { firstDay: string; endDay: string } | null;
  /** Instant ranges answered from raw events (the partial days at the edges, or everything). */
  raw: Period[];
}

/** Splits a period into whole local days (for a rollup) and the partial days at its edges. */
export async function splitOnLocalDays(scope: Scope, period: Period, tz: string): Promise<LocalDaySplit> {
  const from = period.from.toISOString();
  const to = period.to.toISOString();
  // First local midnight at or after `from`, last local midnight at or before `to`.
  const { rows } = await sql<{ inner_from: Date; inner_to: Date; first_day: string; end_day: string }>`
    with b as (
      select case when date_trunc('day', ${from}::timestamptz, ${tz}) = ${from}::timestamptz
               then ${from}::timestamptz
               else ((((${from}::timestamptz at time zone ${tz})::date + 1)::timestamp) at time zone ${tz}) end as inner_from,
             date_trunc('day', ${to}::timestamptz, ${tz}) as inner_to)
    select inner_from, inner_to, (inner_from at time zone ${tz})::date::text as first_day,
           (inner_to at time zone ${tz})::date::text as end_day
    from b`.execute(scope.db);
  const b = rows[0];
  if (!b) return { days: null, raw: [period] };
  const innerFrom = new Date(b.inner_from);
  const innerTo = new Date(b.inner_to);
  if (innerFrom.getTime() >= innerTo.getTime()) return { days: null, raw: [period] };
  const raw: Period[] = [];
  if (period.from < innerFrom) raw.push({ from: period.from, to: innerFrom });
  if (innerTo < period.to) raw.push({ from: innerTo, to: period.to });
  return { days: { firstDay: b.first_day, endDay: b.end_day }, raw };
}

/**
 * The one place that decides where a count comes from (Umami style). Rollups come in two
 * families of the same key columns, each kept per local day in the rollup zone and per UTC hour:
 * - a day row answers whole local days, for day, week or month buckets in the rollup's own zone;
 * - an hour row answers whole UTC hours of any request whose bucket edges all fall on whole UTC
 *   hours (any bucket in a zone with a whole-hour offset): the partial days at a period's edges,
 *   hour buckets, another zone;
 * - raw events answer the rest (minutes at the edges, half-hour zones, filters no rollup keeps).
 * A family is usable only when every active filter and the breakdown dimension are its key
 * columns. So `from`/`to` at any instant stay exact.
 */
import { sql } from 'kysely';
import type { Scope } from '../../db/scope.js';
import type { TimelineFilters } from '../../events/filters.js';
import type { Bucket } from '../../time/zones.js';
import type { Period } from '../params.js';
import { rollupZone } from './maintain.js';

export type RollupFamily = 'coarse' | 'user';
export const ROLLUP_TABLES = {
  coarse: { day: 'analytics_daily', hour: 'analytics_hourly' },
  user: { day: 'analytics_user_daily', hour: 'analytics_user_hourly' },
} as const;
export type RollupTable = (typeof ROLLUP_TABLES)[RollupFamily]['day' | 'hour'];

/** What each family can group by and filter on (filter names as in TimelineFilters). */
const CAPABILITIES: Record<RollupFamily, { dimensions: string[]; filters: string[] }> = {
  coarse: {
    dimensions: ['none', 'type', 'source', 'direction', 'segment', 'segment_type'],
    filters: ['type', 'source', 'direction', 'segment'],
  },
  user: {
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

/** The rollup family able to answer (dimension, filters), or null for raw events. */
export function rollupFamily(
  filters: Omit<TimelineFilters, 'from' | 'to'>,
  dimension: string,
): RollupFamily | null {
  const used = activeFilters(filters);
  // Rollups file a customer without a segment under 'unknown'; the segment filter matches only a
  // segment literally named so: raw events tell the two apart.
  if (filters.segment?.includes('unknown')) return null;
  return (
    (Object.keys(CAPABILITIES) as RollupFamily[]).find(
      (f) =>
        CAPABILITIES[f].dimensions.includes(dimension) &&
        used.every((u) => CAPABILITIES[f].filters.includes(u)),
    ) ?? null
  );
}

export interface RollupPlan {
  family: RollupFamily | null;
  /** Whole local days [firstDay, endDay) for the family's day table, or null. */
  days: LocalDaySplit['days'];
  /** Whole UTC hours for the family's hour table. */
  hours: Period[];
  /** Instant ranges answered from raw events. */
  raw: Period[];
}

const HOUR = 3_600_000;

/** Splits a range into whole UTC hours (for the hour table) and the minutes at its ends (raw). */
function onWholeHours(range: Period, plan: Pick<RollupPlan, 'hours' | 'raw'>) {
  const a = Math.ceil(range.from.getTime() / HOUR) * HOUR;
  const b = Math.floor(range.to.getTime() / HOUR) * HOUR;
  if (a >= b) {
    plan.raw.push(range);
    return;
  }
  if (range.from.getTime() < a) plan.raw.push({ from: range.from, to: new Date(a) });
  plan.hours.push({ from: new Date(a), to: new Date(b) });
  if (b < range.to.getTime()) plan.raw.push({ from: new Date(b), to: range.to });
}

/**
 * Where each part of `period` is read from. `bucketStarts` are the period's bucket starts in
 * `q.tz` (listBucketStarts): hour rows are usable only when each lies on a whole UTC hour.
 */
export async function planRollupRead(
  scope: Scope,
  q: { filters: Omit<TimelineFilters, 'from' | 'to'>; bucket: Bucket; tz: string },
  period: Period,
  dimension: string,
  bucketStarts: Date[],
): Promise<RollupPlan> {
  const family = rollupFamily(q.filters, dimension);
  const rawOnly: RollupPlan = { family: null, days: null, hours: [], raw: [period] };
  if (!family) return rawOnly;
  const zone = await rollupZone(scope.db, scope.companyId);
  if (!zone) return rawOnly; // no event written yet: nothing rolled up
  const hourAligned = bucketStarts.every((s) => s.getTime() % HOUR === 0);
  const plan: RollupPlan = { family, days: null, hours: [], raw: [] };
  // Rollup days are local days of one zone; another zone's days cut across them.
  const split = q.bucket !== 'hour' && zone === q.tz ? await splitOnLocalDays(scope, period, q.tz) : null;
  plan.days = split?.days ?? null;
  for (const range of split?.days ? split.raw : [period]) {
    if (hourAligned) onWholeHours(range, plan);
    else plan.raw.push(range);
  }
  return plan.days || plan.hours.length ? plan : rawOnly;
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

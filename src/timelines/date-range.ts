/** Turns a timeline's date_range_default into the from/to of a TimelineFilters, at request time. */
import { sql } from 'kysely';
import type { Scope } from '../db/scope.js';
import type { DateRangeDefault, RelativeRange } from './fields.js';

/** Rolling windows end open (new and scheduled events keep appearing on a live timeline). */
const ROLLING: Partial<Record<RelativeRange, string>> = {
  last_24_hours: '24 hours',
  last_7_days: '7 days',
  last_30_days: '30 days',
  last_90_days: '90 days',
  last_365_days: '365 days',
};

/** Calendar periods: [trunc(now) + start, trunc(now) + end) in the company's local time. */
const CALENDAR: Partial<Record<RelativeRange, { unit: string; start: string; end: string }>> = {
  today: { unit: 'day', start: '0 days', end: '1 day' },
  yesterday: { unit: 'day', start: '-1 day', end: '0 days' },
  this_week: { unit: 'week', start: '0 days', end: '7 days' },
  last_week: { unit: 'week', start: '-7 days', end: '0 days' },
  this_month: { unit: 'month', start: '0 months', end: '1 month' },
  last_month: { unit: 'month', start: '-1 month', end: '0 months' },
  this_quarter: { unit: 'quarter', start: '0 months', end: '3 months' },
  this_year: { unit: 'year', start: '0 years', end: '1 year' },
};

const iso = (d: Date | string) => new Date(d).toISOString();

/**
 * The window of a date range default, computed with the database clock. Calendar arithmetic happens
 * on local timestamps, converted back with `at time zone`, so DST days have their true length.
 * `rollingEnd` (a scheduled slot) ends a rolling window there instead of now, with the same
 * interval arithmetic.
 */
export async function resolveDateRange(
  scope: Scope,
  range: DateRangeDefault,
  timezone: string,
  rollingEnd?: Date,
): Promise<{ from?: string; to?: string }> {
  if (!range.relative) return { from: range.from, to: range.to };
  const rolling = ROLLING[range.relative];
  if (rolling) {
    const end = rollingEnd ? sql`${rollingEnd.toISOString()}::timestamptz` : sql`now()`;
    const { rows } = await sql<{ from: Date }>`select ${end} - ${rolling}::interval as "from"`.execute(
      scope.db,
    );
    return { from: iso(rows[0]!.from) };
  }
  const cal = CALENDAR[range.relative];
  if (!cal) throw new Error(`No resolution for date range ${range.relative}`);
  const { rows } = await sql<{ from: Date; to: Date }>`
    select (d + ${cal.start}::interval) at time zone ${timezone} as "from",
           (d + ${cal.end}::interval) at time zone ${timezone} as "to"
    from (select date_trunc(${cal.unit}, now() at time zone ${timezone}) as d) local_start`.execute(scope.db);
  return { from: iso(rows[0]!.from), to: iso(rows[0]!.to) };
}

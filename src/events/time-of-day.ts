/**
 * The `weekday` and `hour` filters: an event's local wall-clock time in a zone. SQL reads it with
 * `at time zone` (filter-events.ts); the live stream reads it here with Intl, on the same zone name.
 */
import type { Scope } from '../db/scope.js';
import { assertZone, companyZone } from '../time/request-zone.js';
import type { TimelineFilters } from './filters.js';

const ISO_WEEKDAY: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };

/** One formatter per zone: creating Intl formatters is slow and a stream matches many events. */
const formatters = new Map<string, Intl.DateTimeFormat>();

/** ISO weekday (1 = Monday … 7 = Sunday) and hour (0–23) of an instant in a (canonical) zone. */
export function localWeekdayHour(instant: Date, zone: string): { weekday: number; hour: number } {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      weekday: 'short',
      hour: 'numeric',
      hourCycle: 'h23',
    });
    formatters.set(zone, f);
  }
  let weekday = 0;
  let hour = 0;
  for (const part of f.formatToParts(instant)) {
    if (part.type === 'weekday') weekday = ISO_WEEKDAY[part.value] ?? 0;
    else if (part.type === 'hour') hour = Number(part.value);
  }
  return { weekday, hour };
}

/** True when the filters select by local weekday or hour (and so depend on a zone). */
export const hasTimeOfDay = (f: TimelineFilters): boolean => !!(f.weekday?.length || f.hour?.length);

/**
 * The filters with `tz` made explicit and canonical when `weekday`/`hour` need it (the company's
 * zone by default), so every consumer — SQL, the stream's matcher, a cursor — reads the same zone.
 * This is where a filter set's zone is resolved; readers below use `tz` as it is.
 */
export async function withFilterZone<F extends TimelineFilters>(scope: Scope, f: F): Promise<F> {
  if (f.tz !== undefined) return { ...f, tz: assertZone(f.tz) };
  return hasTimeOfDay(f) ? { ...f, tz: await companyZone(scope) } : f;
}

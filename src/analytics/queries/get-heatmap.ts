/**
 * Events per local day of week (0 = Sunday) × local hour of day (0–23) in a zone: the timing
 * heatmap, from the analytics replica in one pass whatever the range. Local time comes from
 * localMicros (the period's few UTC offsets, DST-correct, no ICU per row).
 */
import type { Scope } from '../../db/scope.js';
import type { Period, ResolvedParams } from '../params.js';
import { eventConditions } from '../replica/event-filters.js';
import { localMicros, US_PER_MS } from '../replica/local-time.js';
import { queryReplica } from '../replica/query.js';

const DAY_MS = 86_400_000;
const HOUR_US = 3_600_000_000;
/** 1970-01-04, a Sunday, as a day number. */
const FIRST_SUNDAY = 3;

/**
 * A local Sunday 00:00 (in local µs) before every event of the period: no offset exceeds a day,
 * so two days before its start is early enough. Counting hours from there keeps the arithmetic
 * on non-negative integers, where `//` and `%` are floor division and modulo (2× cheaper than
 * local-time.ts's float-based isoWeekday/localHour over millions of rows).
 */
function sundayBefore(period: Period): number {
  const day = Math.floor(period.from.getTime() / DAY_MS) - 2;
  const sunday = day - ((((day - FIRST_SUNDAY) % 7) + 7) % 7);
  return sunday * DAY_MS * US_PER_MS;
}

/** A 7 × 24 matrix, rows = day of week from Sunday, columns = hour. */
export async function getHeatmap(
  scope: Scope,
  p: Pick<ResolvedParams, 'filters' | 'visible' | 'tz'>,
  period: Period,
) {
  const rows = await queryReplica<{ hour_of_week: number; n: number }>(scope, async (q) => {
    const where = await eventConditions(scope, p, period, q);
    const local = localMicros('e.ts_us', p.tz, period.from.getTime(), period.to.getTime(), q);
    // Hours since a local Sunday midnight, modulo a week: day of week × 24 + hour.
    const hourOfWeek = `((${local} - ${q.int(sundayBefore(period))}) // ${HOUR_US}) % 168`;
    return `select ${hourOfWeek} as hour_of_week, count(*)::int as n from events e where ${where} group by 1`;
  });
  const matrix = Array.from({ length: 7 }, () => Array.from({ length: 24 }, () => 0));
  for (const r of rows) {
    const row = matrix[Math.floor(r.hour_of_week / 24)];
    if (row) row[r.hour_of_week % 24] = r.n;
  }
  return matrix;
}

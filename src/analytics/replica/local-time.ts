/**
 * Local wall-clock time in an IANA zone, for replica SQL. Converting every row through ICU costs
 * ~500 ms per 2.7M events (PERF-NOTES), so instead the period's UTC offsets are worked out here
 * (a period has a few zone transitions at most) and SQL adds the right one with a small CASE.
 */
import { offsetAt } from '../../time/offsets.js';
import type { SqlParams } from './sql-params.js';

const DAY = 86_400_000;
export const US_PER_MS = 1000;

export interface OffsetSpan {
  /** First instant (ms) of the span; the first span starts at the period's start. */
  from: number;
  offsetMs: number;
}

/** The zone's offsets over [fromMs, toMs): one span per offset, transitions found to the second. */
export function offsetSpans(zone: string, fromMs: number, toMs: number): OffsetSpan[] {
  const spans: OffsetSpan[] = [{ from: fromMs, offsetMs: offsetAt(zone, fromMs) }];
  let t = fromMs;
  while (t < toMs) {
    const next = Math.min(t + DAY, toMs);
    const current = spans[spans.length - 1] as OffsetSpan;
    const after = offsetAt(zone, next);
    if (after !== current.offsetMs) {
      // Bisect to the first second with the new offset (zones change offset on whole seconds).
      let lo = t;
      let hi = next;
      while (hi - lo > 1000) {
        const mid = lo + Math.floor((hi - lo) / 2000) * 1000;
        if (offsetAt(zone, mid) === current.offsetMs) lo = mid;
        else hi = mid;
      }
      spans.push({ from: hi, offsetMs: offsetAt(zone, hi) });
      t = hi;
      continue;
    }
    t = next;
  }
  return spans;
}

/**
 * SQL for the local wall-clock time (epoch microseconds, as if the local time were UTC) of the
 * integer column `tsUs`, for instants in [fromMs, toMs). Offsets and transitions are parameters.
 */
export function localMicros(tsUs: string, zone: string, fromMs: number, toMs: number, p: SqlParams): string {
  // Over decades a CASE would grow long: convert per row through DuckDB's ICU instead (slower per
  // row, but such a range is rare and its result the same).
  if (toMs - fromMs > LONG_RANGE_MS) return icuLocalMicros(tsUs, zone, p);
  const spans = offsetSpans(zone, fromMs, toMs);
  if (spans.length > MAX_SPANS) return icuLocalMicros(tsUs, zone, p);
  if (spans.length === 1) return `(${tsUs} + ${p.int((spans[0] as OffsetSpan).offsetMs * US_PER_MS)})`;
  const branches = spans
    .slice(1)
    .map(
      (s, i) =>
        `when ${tsUs} < ${p.int(s.from * US_PER_MS)} then ${p.int((spans[i] as OffsetSpan).offsetMs * US_PER_MS)}`,
    );
  const last = spans[spans.length - 1] as OffsetSpan;
  return `(${tsUs} + case ${branches.join(' ')} else ${p.int(last.offsetMs * US_PER_MS)} end)`;
}

const LONG_RANGE_MS = 10 * 366 * DAY;
const MAX_SPANS = 24;

const icuLocalMicros = (tsUs: string, zone: string, p: SqlParams) =>
  `epoch_us(timezone(${p.text(zone)}, make_timestamp(${tsUs})::timestamptz))`;

/**
 * Integer arithmetic only (a float `floor` per row cost 2–2.5× more on the heatmap): local instants
 * are shifted by 100,000 days (to 1696) so DuckDB's truncating `//` floors, for any date this
 * service accepts (from 1900). The shift is whole days, so hours and weekdays are unchanged.
 */
const SHIFT_DAYS = 100_000;
const DAY_US = 86_400_000_000;
const shifted = (local: string) => `(${local} + ${SHIFT_DAYS * DAY_US})`;

/** Local day number (days since 1970-01-01 local) of a local-micros expression. */
export const localDay = (local: string) => `(${shifted(local)} // ${DAY_US} - ${SHIFT_DAYS})`;
/** Local hour of day, 0–23. */
export const localHour = (local: string) => `(${shifted(local)} // 3600000000 % 24)`;
/** ISO weekday, 1 = Monday … 7 = Sunday (1970-01-01, a Thursday, is shifted day 100,000 ≡ 3 + 5 mod 7). */
export const isoWeekday = (local: string) => `((${shifted(local)} // ${DAY_US} + 5) % 7 + 1)`;

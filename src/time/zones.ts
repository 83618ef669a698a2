/** Time-zone and calendar-bucket helpers shared by the histogram and analytics. */
import { invalid } from '../errors.js';

export type Bucket = 'hour' | 'day' | 'week' | 'month';
const APPROX_MS: Record<Bucket, number> = {
  hour: 3_600_000,
  day: 86_400_000,
  week: 7 * 86_400_000,
  month: 30.44 * 86_400_000,
};
export const MAX_BUCKETS = 5000;

/** The bucket `auto` picks for a range: a readable number of bars at any zoom level. */
export function autoBucket(spanMs: number): Bucket {
  if (spanMs <= 3 * APPROX_MS.day) return 'hour';
  if (spanMs <= 180 * APPROX_MS.day) return 'day';
  if (spanMs <= 3 * 365 * APPROX_MS.day) return 'week';
  return 'month';
}

/** Refuses a bucket that would give more than MAX_BUCKETS buckets, suggesting a coarser one. */
export function assertBucketCount(bucket: Bucket, spanMs: number): void {
  const count = Math.ceil(spanMs / APPROX_MS[bucket]);
  if (count > MAX_BUCKETS) {
    const order: Bucket[] = ['hour', 'day', 'week', 'month'];
    const better = order.find((b) => Math.ceil(spanMs / APPROX_MS[b]) <= MAX_BUCKETS) ?? 'month';
    throw invalid(
      `bucket=${bucket} gives about ${count} buckets for this range (at most ${MAX_BUCKETS}); use bucket=${better} or a shorter range.`,
      [{ path: 'query.bucket', message: `too fine for the range; try ${better}` }],
    );
  }
}

/** Checks that from < to when both are given. */
export function assertRange(from?: string, to?: string): void {
  if (from && to && new Date(from).getTime() >= new Date(to).getTime()) {
    throw invalid('`from` must be before `to`.', [
      { path: 'query.from', message: 'must be before query.to' },
    ]);
  }
}

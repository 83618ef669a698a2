/** Every calendar bucket start of a period in a zone, so charts show empty buckets as zeros. */
import { sql } from 'kysely';
import type { Scope } from '../../db/scope.js';
import type { Bucket } from '../../time/zones.js';
import type { Period } from '../params.js';

export async function listBucketStarts(
  scope: Scope,
  period: Period,
  bucket: Bucket,
  tz: string,
): Promise<Date[]> {
  const from = period.from.toISOString();
  const to = period.to.toISOString();
  // Hours step in absolute time (a DST fall-back hour appears twice, as date_trunc(.., tz) sees it);
  // days, weeks and months step in local wall-clock time and are converted back to instants.
  const query =
    bucket === 'hour'
      ? sql<{ start: Date }>`select g as start from generate_series(
          date_trunc('hour', ${from}::timestamptz, ${tz}), ${to}::timestamptz - interval '1 microsecond', interval '1 hour') g`
      : sql<{ start: Date }>`select (g at time zone ${tz}) as start from generate_series(
          date_trunc(${bucket}, ${from}::timestamptz at time zone ${tz}),
          (${to}::timestamptz at time zone ${tz}) - interval '1 microsecond',
          ('1 ' || ${bucket})::interval) g`;
  const { rows } = await query.execute(scope.db);
  return rows.map((r) => new Date(r.start));
}

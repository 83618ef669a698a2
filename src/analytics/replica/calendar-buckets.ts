/**
 * Calendar buckets in a zone for replica queries. SQL groups by the local day (or, for hour
 * buckets, by the hour's start instant), never by a bucket computed per row through ICU; the
 * bucket starts themselves (DST-correct local midnights, as instants) come from listBucketStarts,
 * and each local day is mapped to the bucket containing it here.
 */

import { offsetAt } from '../../time/offsets.js';
import type { Bucket } from '../../time/zones.js';
import type { Period } from '../params.js';
import { localDay, localMicros } from './local-time.js';
import type { SqlParams } from './sql-params.js';

const DAY_MS = 86_400_000;

/**
 * The SQL grouping key of an event's bucket: for hour buckets the bucket's start in epoch µs
 * (local hour start minus the event's own offset: a DST fall-back hour counts twice, as two
 * instants), else the local day number. `toStart` turns a key into the bucket's start instant.
 */
export function bucketKey(
  tsUs: string,
  bucket: Bucket,
  tz: string,
  period: Period,
  starts: Date[],
  p: SqlParams,
) {
  const local = localMicros(tsUs, tz, period.from.getTime(), period.to.getTime(), p);
  if (bucket === 'hour') {
    return {
      sql: `(floor(${local} / 3600000000.0)::bigint * 3600000000 - (${local} - ${tsUs}))`,
      toStart: (key: number) => new Date(Math.round(key / 1000)),
    };
  }
  // Local day number of each bucket start, ascending with the starts.
  const startDays = starts.map((s) => Math.floor((s.getTime() + offsetAt(tz, s.getTime())) / DAY_MS));
  return {
    sql: localDay(local),
    toStart: (day: number) => {
      let lo = 0;
      let hi = startDays.length - 1;
      if (hi < 0 || day < (startDays[0] as number))
        return new Date(day * DAY_MS - offsetAt(tz, day * DAY_MS));
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if ((startDays[mid] as number) <= day) lo = mid;
        else hi = mid - 1;
      }
      return starts[lo] as Date;
    },
  };
}

/** Event counts per calendar bucket (in a time zone) and type: the visual timeline's overview strip. */
import { sql } from 'kysely';
import type { Scope } from '../../db/scope.js';
import { assertBucketCount, autoBucket, type Bucket } from '../../time/zones.js';
import { selectEventsFor } from './events-source.js';
import { type EventsViewScope, whereInView } from './view-events.js';

export interface HistogramResult {
  bucket: Bucket;
  from: Date | null;
  to: Date | null;
  buckets: Array<{ start: Date; total: number; by_type: Record<string, number> }>;
  total: number;
}

/** The events of the histogram: the view's (filters, the viewer's visible events, unanswered). */
const selectEvents = (scope: Scope, view: EventsViewScope) =>
  whereInView(selectEventsFor(scope.db, view.filters), scope.companyId, view);

async function extent(scope: Scope, view: EventsViewScope) {
  const row = await selectEvents(scope, view)
    .select((eb) => [eb.fn.min('e.event_timestamp').as('first'), eb.fn.max('e.event_timestamp').as('last')])
    .executeTakeFirst();
  return { first: row?.first ? new Date(row.first) : null, last: row?.last ? new Date(row.last) : null };
}

export async function getHistogram(
  scope: Scope,
  view: EventsViewScope,
  requested: Bucket | 'auto',
  tz: string,
): Promise<HistogramResult> {
  const { filters } = view;
  let from = filters.from ? new Date(filters.from) : null;
  let to = filters.to ? new Date(filters.to) : null;
  if (!from || !to) {
    const span = await extent(scope, view);
    from ??= span.first;
    to ??= span.last ? new Date(span.last.getTime() + 1) : null;
  }
  const spanMs = from && to ? Math.max(to.getTime() - from.getTime(), 1) : 86_400_000;
  const bucket = requested === 'auto' ? autoBucket(spanMs) : requested;
  assertBucketCount(bucket, spanMs);

  const rows = await selectEvents(scope, view)
    .select([
      // date_trunc with a zone gives the local calendar boundary (DST-correct) as an instant.
      sql<Date>`date_trunc(${bucket}, e.event_timestamp, ${tz})`.as('start'),
      'e.event_type',
      sql<number>`count(*)::int`.as('n'),
    ])
    .groupBy([sql`1`, 'e.event_type'])
    .orderBy(sql`1`)
    .execute();

  const buckets: HistogramResult['buckets'] = [];
  let total = 0;
  for (const r of rows) {
    const start = new Date(r.start);
    let last = buckets.at(-1);
    if (!last || last.start.getTime() !== start.getTime()) {
      last = { start, total: 0, by_type: {} };
      buckets.push(last);
    }
    last.by_type[r.event_type] = r.n;
    last.total += r.n;
    total += r.n;
  }
  return { bucket, from, to, buckets, total };
}

/** The histogram as API JSON (the events route and saved timelines answer the same shape). */
export function presentHistogram(h: HistogramResult, tz: string) {
  return {
    bucket: h.bucket,
    tz,
    from: h.from?.toISOString() ?? null,
    to: h.to?.toISOString() ?? null,
    total: h.total,
    buckets: h.buckets.map((b) => ({ start: b.start.toISOString(), total: b.total, by_type: b.by_type })),
  };
}

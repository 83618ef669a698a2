/** Events per channel (event type) per customer segment ("unknown" when none) in a period. */
import { sql } from 'kysely';
import type { Scope } from '../../db/scope.js';
import type { Period, ResolvedParams } from '../params.js';
import { eventsIn } from './period-filter.js';

export async function getChannelMixBySegment(
  scope: Scope,
  p: Pick<ResolvedParams, 'filters'>,
  period: Period,
) {
  const rows = await eventsIn(scope, p, period)
    .leftJoin('customers as c', (j) =>
      j.onRef('c.company_id', '=', 'e.company_id').onRef('c.id', '=', 'e.customer_id'),
    )
    .select([
      sql<string>`coalesce(c.segment, 'unknown')`.as('segment'),
      'e.event_type',
      sql<number>`count(*)::int`.as('n'),
    ])
    .groupBy([sql`1`, 'e.event_type'])
    .execute();
  const bySegment: Record<string, Record<string, number>> = {};
  const overall: Record<string, number> = {};
  for (const r of rows) {
    const n = Number(r.n);
    bySegment[r.segment] ??= {};
    (bySegment[r.segment] as Record<string, number>)[r.event_type] = n;
    overall[r.event_type] = (overall[r.event_type] ?? 0) + n;
  }
  return { overall, bySegment };
}

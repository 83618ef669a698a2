/**
 * Interaction frequency: the gaps, in days, between consecutive events of the same customer within
 * the period (filters apply), pooled per customer segment; median gap per segment and overall.
 */
import { sql } from 'kysely';
import type { Scope } from '../../db/scope.js';
import type { Period, ResolvedParams } from '../params.js';
import { eventsIn } from './period-filter.js';

export interface GapStats {
  segment: string | null;
  customers: number;
  gaps: number;
  medianDays: number | null;
}

export async function getInteractionGaps(
  scope: Scope,
  p: Pick<ResolvedParams, 'filters'>,
  period: Period,
): Promise<GapStats[]> {
  // One window (the same sort) for both the gap and the row number.
  const byCustomer = sql`(partition by e.customer_id order by e.event_timestamp, e.id)`;
  const gaps = eventsIn(scope, p, period)
    .leftJoin('customers as c', (j) =>
      j.onRef('c.company_id', '=', 'e.company_id').onRef('c.id', '=', 'e.customer_id'),
    )
    .select([
      'e.customer_id',
      sql<string>`coalesce(c.segment, 'unknown')`.as('segment'),
      // float8, not numeric (extract's type): the median sorts every gap.
      sql<number>`extract(epoch from e.event_timestamp - lag(e.event_timestamp) over ${byCustomer})::float8 / 86400`.as(
        'gap',
      ),
      // The customer's second event marks a customer with gaps: counted without a distinct (a sort).
      sql<boolean>`row_number() over ${byCustomer} = 2`.as('second'),
    ]);
  // grouping sets: one row per segment plus the overall row (segment null).
  const { rows } = await sql<{
    segment: string | null;
    customers: number;
    gaps: number;
    median: number | null;
  }>`
    select g.segment, count(*) filter (where g.second)::int as customers, count(*)::int as gaps,
      percentile_cont(0.5) within group (order by g.gap)::float8 as median
    from (${gaps}) g where g.gap is not null
    group by grouping sets ((g.segment), ())`.execute(scope.db);
  return rows.map((r) => ({
    segment: r.segment,
    customers: Number(r.customers),
    gaps: Number(r.gaps),
    medianDays: r.median === null ? null : Number(r.median),
  }));
}

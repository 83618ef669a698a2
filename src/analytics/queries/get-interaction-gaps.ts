/**
 * Interaction frequency: the gaps, in days, between consecutive events of the same customer within
 * the period (filters apply), pooled per customer segment; median gap per segment and overall.
 */
import type { Scope } from '../../db/scope.js';
import type { Period, ResolvedParams } from '../params.js';
import { eventConditions, wholeSequences } from '../replica/event-filters.js';
import { US_PER_MS } from '../replica/local-time.js';
import { queryReplica } from '../replica/query.js';

const DAY_US = 86_400_000_000;

export interface GapStats {
  /** null: all segments. */
  segment: string | null;
  /** Customers with ≥ 2 events (the ones with gaps). */
  customers: number;
  gaps: number;
  medianDays: number | null;
}

export async function getInteractionGaps(
  scope: Scope,
  p: Pick<ResolvedParams, 'filters' | 'visible'>,
  period: Period,
): Promise<GapStats[]> {
  const rows = await queryReplica<{
    segment: string | null;
    customers: number;
    gaps: number;
    median_us: number | null;
  }>(scope, async (q) => {
    const where = await eventConditions(scope, p, period, q);
    if (wholeSequences(p)) {
      // Each event keeps the instants of its customer's previous two (sequence-facts.ts): a gap is
      // in the period when the previous event is; the customer's first such gap has no earlier one.
      const from = q.int(period.from.getTime() * US_PER_MS);
      return `
        select segment, count(*) filter (where second)::int as customers, count(*)::int as gaps,
          median(gap_us) as median_us
        from (
          select coalesce(c.segment, 'unknown') as segment, e.ts_us - e.prev_us as gap_us,
            coalesce(e.prev2_us < ${from}, true) as second
          from events e
          left join customers c on c.company_id = ${q.uuid(scope.companyId)} and c.id = e.customer_id
          where ${where} and e.prev_us >= ${from}
        ) x
        group by grouping sets ((segment), ())`;
    }
    // One window pass (the sort is the cost). Ordered by ts_us alone: events at the same instant
    // are 0 apart in any order, so the gaps are the same multiset without the id tiebreak, which
    // doubled the sort's cost. The segment is joined after the window, to the gaps: carrying it
    // through the sort cost more than the join. grouping sets: per segment, and overall (null).
    return `
        select segment, count(*) filter (where second)::int as customers, count(*)::int as gaps,
          median(gap_us) as median_us
        from (
          select coalesce(c.segment, 'unknown') as segment, g.gap_us, g.second
          from (
            select e.customer_id, e.ts_us - lag(e.ts_us) over w as gap_us, row_number() over w = 2 as second
            from events e where ${where}
            window w as (partition by e.customer_id order by e.ts_us)
          ) g
          left join customers c on c.company_id = ${q.uuid(scope.companyId)} and c.id = g.customer_id
          where g.gap_us is not null
        ) x
        group by grouping sets ((segment), ())`;
  });
  return rows.map((r) => ({
    segment: r.segment,
    customers: r.customers,
    gaps: r.gaps,
    medianDays: r.median_us === null ? null : r.median_us / DAY_US,
  }));
}

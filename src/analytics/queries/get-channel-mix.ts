/**
 * Events per channel (event type) per customer segment ("unknown" when none) in a period, and
 * overall, from the analytics replica.
 */
import type { Scope } from '../../db/scope.js';
import type { Period, ResolvedParams } from '../params.js';
import { eventConditions } from '../replica/event-filters.js';
import { queryReplica } from '../replica/query.js';

export interface ChannelMix {
  overall: Record<string, number>;
  bySegment: Record<string, Record<string, number>>;
}

export async function getChannelMixBySegment(
  scope: Scope,
  p: Pick<ResolvedParams, 'filters' | 'visible'>,
  period: Period,
): Promise<ChannelMix> {
  const rows = await queryReplica<{ segment: string; channel: string; n: number }>(scope, async (q) => {
    const where = await eventConditions(scope, p, period, q);
    // Counted per customer first, then the few resulting rows joined to their segment, not every
    // event (at 10M events, 90 days: 54 ms against 95 ms for the join per event).
    return `select coalesce(c.segment, 'unknown') as segment, x.channel, sum(x.n)::int as n
      from (select e.customer_id, e.event_type as channel, count(*) as n from events e where ${where} group by all) x
      left join customers c on c.company_id = ${q.uuid(scope.companyId)} and c.id = x.customer_id
      group by all`;
  });
  // At most segments × types rows: the overall counts are summed here.
  const bySegment: Record<string, Record<string, number>> = {};
  const overall: Record<string, number> = {};
  for (const r of rows) {
    bySegment[r.segment] ??= {};
    (bySegment[r.segment] as Record<string, number>)[r.channel] = r.n;
    overall[r.channel] = (overall[r.channel] ?? 0) + r.n;
  }
  return { overall, bySegment };
}

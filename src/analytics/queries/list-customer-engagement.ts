/**
 * Per customer with events in the period (filters apply): segment, whether it had inbound and
 * outbound events, and the decayed sums the engagement score is made of (see engagement-score.ts).
 * One pass over the period's raw events: the decay depends on the period end, so no rollup helps.
 */
import { sql } from 'kysely';
import type { Scope } from '../../db/scope.js';
import { applyEventFilters } from '../../events/queries/filter-events.js';
import type { DecayedSums } from '../engagement-score.js';
import type { Period, ResolvedParams } from '../params.js';

export interface CustomerEngagement extends DecayedSums {
  customerId: string;
  name: string | null;
  segment: string;
  hasInbound: boolean;
  hasOutbound: boolean;
  events: number;
  lastEventAt: Date;
}

export async function listCustomerEngagement(
  scope: Scope,
  params: Pick<ResolvedParams, 'filters'>,
  period: Period,
  halfLifeDays: number,
): Promise<CustomerEngagement[]> {
  const w = sql<number>`power(0.5, extract(epoch from (${period.to}::timestamptz - e.event_timestamp)) / ${halfLifeDays * 86_400})`;
  const sentiment = sql<number>`(case e.sentiment when 'positive' then 1 when 'negative' then 0 else 0.5 end)`;
  const rows = await applyEventFilters(scope.db.selectFrom('crm_activity_events as e'), scope.companyId, {
    ...params.filters,
    from: period.from.toISOString(),
    to: period.to.toISOString(),
  })
    .leftJoin('customers as c', (j) =>
      j.onRef('c.company_id', '=', 'e.company_id').onRef('c.id', '=', 'e.customer_id'),
    )
    .groupBy('e.customer_id')
    .select([
      'e.customer_id',
      sql<string | null>`max(c.name)`.as('name'),
      sql<string>`coalesce(max(c.segment), 'unknown')`.as('segment'),
      sql<boolean>`bool_or(e.direction = 'inbound')`.as('has_in'),
      sql<boolean>`bool_or(e.direction = 'outbound')`.as('has_out'),
      sql<number>`count(*)::int`.as('events'),
      sql<Date>`max(e.event_timestamp)`.as('last_at'),
      sql<number>`max(${w})::float8`.as('max_w'),
      sql<number>`sum(${w})::float8`.as('sw'),
      sql<number>`coalesce(sum(${w}) filter (where e.direction = 'inbound'), 0)::float8`.as('sw_in'),
      sql<number>`coalesce(sum(${w}) filter (where e.sentiment is not null), 0)::float8`.as('sw_sent'),
      sql<number>`coalesce(sum(${w} * ${sentiment}) filter (where e.sentiment is not null), 0)::float8`.as(
        'sv_sent',
      ),
      sql<number>`coalesce(sum(${w}) filter (where e.engagement_score is not null), 0)::float8`.as(
        'sw_score',
      ),
      sql<number>`coalesce(sum(${w} * e.engagement_score) filter (where e.engagement_score is not null), 0)::float8`.as(
        'sv_score',
      ),
    ])
    .execute();
  return rows.map((r) => ({
    customerId: r.customer_id,
    name: r.name,
    segment: r.segment,
    hasInbound: Boolean(r.has_in),
    hasOutbound: Boolean(r.has_out),
    events: Number(r.events),
    lastEventAt: new Date(r.last_at),
    maxWeight: Number(r.max_w),
    weight: Number(r.sw),
    inboundWeight: Number(r.sw_in),
    sentimentWeight: Number(r.sw_sent),
    sentimentValue: Number(r.sv_sent),
    scoreWeight: Number(r.sw_score),
    scoreValue: Number(r.sv_score),
  }));
}

/**
 * Each customer's preferred channel: the event type of most of its inbound events in the period
 * (ties: alphabetically first type). Customers without inbound events have none.
 */
import { sql } from 'kysely';
import type { Scope } from '../../db/scope.js';
import type { Period, ResolvedParams } from '../params.js';
import { eventsIn } from './period-filter.js';

export interface PreferredChannel {
  customerId: string;
  channel: string;
  channelEvents: number;
  inboundEvents: number;
}

export async function listPreferredChannels(
  scope: Scope,
  p: Pick<ResolvedParams, 'filters'>,
  period: Period,
): Promise<PreferredChannel[]> {
  const perType = eventsIn(scope, p, period)
    .where('e.direction', '=', 'inbound')
    .select([
      'e.customer_id',
      'e.event_type',
      sql<number>`count(*)`.as('n'),
      sql<number>`sum(count(*)) over (partition by e.customer_id)`.as('total'),
    ])
    .groupBy(['e.customer_id', 'e.event_type']);
  const rows = await scope.db
    .selectFrom(perType.as('t'))
    .select(['t.customer_id', 't.event_type', 't.n', 't.total'])
    .distinctOn('t.customer_id')
    .orderBy('t.customer_id')
    .orderBy('t.n', 'desc')
    .orderBy('t.event_type')
    .execute();
  return rows.map((r) => ({
    customerId: r.customer_id,
    channel: r.event_type,
    channelEvents: Number(r.n),
    inboundEvents: Number(r.total),
  }));
}

/**
 * Each customer's preferred channel: the event type of most of its inbound events in the period
 * (ties: alphabetically first type). Customers without inbound events have none. Counted per
 * channel over all customers in the replica; only the `limit` busiest customers reach Node.
 */
import type { Scope } from '../../db/scope.js';
import { EVENT_TYPES } from '../../events/catalogue.js';
import type { Period, ResolvedParams } from '../params.js';
import { eventConditions } from '../replica/event-filters.js';
import { queryReplica } from '../replica/query.js';

/**
 * Event types in byte order (= alphabetical: the catalogue's names are lower-case ASCII, and a
 * CHECK constraint in the system of record admits no others).
 */
const CHANNELS = [...EVENT_TYPES].sort();

export interface PreferredChannel {
  customerId: string;
  channel: string;
  channelEvents: number;
  inboundEvents: number;
}

export interface PreferredChannels {
  /** Customers per preferred channel. */
  customersByChannel: Record<string, number>;
  /** The `limit` customers with the most inbound events (ties: by id). */
  customers: PreferredChannel[];
}

interface Row {
  by_channel: Array<{ channel: string; customers: number }> | null;
  customers: Array<{
    customer_id: string;
    channel: string;
    channel_events: number;
    inbound_events: number;
  }> | null;
}

export async function listPreferredChannels(
  scope: Scope,
  p: Pick<ResolvedParams, 'filters' | 'visible'>,
  period: Period,
  limit: number,
): Promise<PreferredChannels> {
  const [row] = await queryReplica<Row>(scope, async (q) => {
    const where = await eventConditions(scope, p, period, q);
    const channels = q.texts(CHANNELS);
    // Channels as codes, their 1-based positions in CHANNELS (< 16): grouping (customer, small
    // integer) is ~1.5× cheaper than (customer, string). pick = count·16 + (16 − code), so its max
    // is the most events, then the smallest code: the alphabetically first channel.
    const channel = `(${channels})[16 - pick % 16]`;
    return `
      with preferred as materialized (
        select customer_id, max(n * 16 + (16 - code)) as pick, sum(n)::int as inbound_events
        from (
          select e.customer_id, list_position(${channels}, e.event_type) as code, count(*) as n
          from events e where ${where} and e.direction = 'inbound' group by all
        ) t
        group by customer_id
      )
      select
        (select list({channel: channel, customers: customers})
          from (select ${channel} as channel, count(*)::int as customers from preferred group by all)) as by_channel,
        (select list({customer_id: customer_id::varchar, channel: ${channel}, channel_events: (pick // 16)::int,
            inbound_events: inbound_events} order by inbound_events desc, customer_id)
          from (select * from preferred order by inbound_events desc, customer_id limit ${q.int(limit)})) as customers`;
  });
  return {
    customersByChannel: Object.fromEntries((row?.by_channel ?? []).map((c) => [c.channel, c.customers])),
    customers: (row?.customers ?? []).map((c) => ({
      customerId: c.customer_id,
      channel: c.channel,
      channelEvents: c.channel_events,
      inboundEvents: c.inbound_events,
    })),
  };
}

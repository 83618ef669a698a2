/**
 * KPI 6c: the first-touch and last-touch channel (activity type) before an outcome. For each customer
 * whose touchpoints in the period (matching the filters) include one with event_data.outcome =
 * `outcome`, take the first such touchpoint (by time, then id); the first touch is the customer's
 * earliest touchpoint before it and the last touch the latest one before it, in the same order. A
 * customer whose converting touchpoint is their first is counted under channel "none".
 */
import { sql } from 'kysely';
import type { Scope } from '../../db/scope.js';
import type { ResolvedParams } from '../params.js';
import { periodEvents } from './period-events.js';

export interface AttributionRow {
  /** Activity type, or "none" when nothing preceded the outcome. */
  channel: string;
  first_touch: number;
  last_touch: number;
}

export async function getTouchAttribution(scope: Scope, params: ResolvedParams, outcome = 'deal_won') {
  const ev = periodEvents(scope, params).select([
    'e.customer_id',
    'e.event_type',
    'e.event_timestamp',
    'e.id',
    sql<string | null>`e.outcome`.as('outcome'),
  ]);
  // Conversions are few: find each converting customer's first conversion with one filtered pass
  // (no sort of the period), then its first and last earlier touchpoints by two probes of the
  // customer's (company, customer, time) index. `ev` is inlined where used, with the filters.
  const rows = await sql<{ first_type: string | null; last_type: string | null }>`
    with ev as not materialized (${ev}),
    firsts as (
      select distinct on (customer_id) customer_id, event_timestamp as ts, id
      from ev where outcome = ${outcome} order by customer_id, event_timestamp, id
    )
    select
      (select e.event_type from ev e where e.customer_id = c.customer_id and (e.event_timestamp, e.id) < (c.ts, c.id)
        order by e.event_timestamp, e.id limit 1) as first_type,
      (select e.event_type from ev e where e.customer_id = c.customer_id and (e.event_timestamp, e.id) < (c.ts, c.id)
        order by e.event_timestamp desc, e.id desc limit 1) as last_type
    from firsts c
  `.execute(scope.db);
  const by = new Map<string, AttributionRow>();
  const bump = (channel: string, key: 'first_touch' | 'last_touch') => {
    const row = by.get(channel) ?? { channel, first_touch: 0, last_touch: 0 };
    row[key]++;
    by.set(channel, row);
  };
  for (const r of rows.rows) {
    bump(r.first_type ?? 'none', 'first_touch');
    bump(r.last_type ?? 'none', 'last_touch');
  }
  return {
    outcome,
    conversions: rows.rows.length,
    by_channel: [...by.values()].sort(
      (a, b) =>
        b.first_touch + b.last_touch - (a.first_touch + a.last_touch) || (a.channel < b.channel ? -1 : 1),
    ),
  };
}

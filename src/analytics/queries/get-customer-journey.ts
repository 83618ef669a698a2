/** KPI 6a: one customer's touchpoints in time order, each with the gap since the previous one. */
import { sql } from 'kysely';
import type { Scope } from '../../db/scope.js';
import type { ResolvedParams } from '../params.js';
import { periodEvents } from './period-events.js';

export interface Touchpoint {
  id: string;
  at: string;
  type: string;
  source: string;
  direction: string;
  user_id: string;
  outcome: string | null;
  /** Minutes since the previous touchpoint of this list; null for the first. */
  gap_minutes: number | null;
}

export interface CustomerJourney {
  customer_id: string;
  /** Touchpoints in the period matching the filters (all of them, even past `limit`). */
  total: number;
  truncated: boolean;
  /** Median of the gaps, in minutes; null with fewer than two touchpoints. */
  median_gap_minutes: number | null;
  touchpoints: Touchpoint[];
}

export function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

/**
 * Oldest first (ties by id, the same order the path analysis uses). Gaps are measured between the
 * touchpoints returned, so a type filter gives gaps between touchpoints of that type.
 */
export async function getCustomerJourney(
  scope: Scope,
  params: ResolvedParams,
  customerId: string,
  limit = 500,
): Promise<CustomerJourney> {
  const base = periodEvents(scope, params).where('e.customer_id', '=', customerId);
  const [rows, count] = await Promise.all([
    base
      .select([
        'e.id',
        'e.event_timestamp',
        'e.event_type',
        'e.event_source',
        sql<string>`coalesce(e.direction, 'unknown')`.as('direction'),
        'e.user_id',
        sql<string | null>`e.outcome`.as('outcome'),
      ])
      .orderBy('e.event_timestamp', 'asc')
      .orderBy('e.id', 'asc')
      .limit(limit)
      .execute(),
    base.select(sql<number>`count(*)::int`.as('n')).executeTakeFirst(),
  ]);
  const touchpoints = rows.map((r, i) => {
    const at = new Date(r.event_timestamp);
    const prev = i > 0 ? new Date((rows[i - 1] as (typeof rows)[number]).event_timestamp) : null;
    return {
      id: r.id,
      at: at.toISOString(),
      type: r.event_type,
      source: r.event_source,
      direction: r.direction,
      user_id: r.user_id,
      outcome: r.outcome,
      gap_minutes: prev ? (at.getTime() - prev.getTime()) / 60_000 : null,
    };
  });
  const total = count?.n ?? 0;
  return {
    customer_id: customerId,
    total,
    truncated: total > touchpoints.length,
    median_gap_minutes: median(touchpoints.flatMap((t) => (t.gap_minutes === null ? [] : [t.gap_minutes]))),
    touchpoints,
  };
}

/** KPI 6a: one customer's touchpoints in time order, each with the gap since the previous one. */
import type { Scope } from '../../db/scope.js';
import { findUnreadable } from '../../visibility/queries.js';
import type { ResolvedParams } from '../params.js';
import { eventConditions } from '../replica/event-filters.js';
import { US_PER_MS } from '../replica/local-time.js';
import { queryReplica } from '../replica/query.js';

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
  /** Set when the viewer may not read this touchpoint's event (its outcome is then null). */
  redacted?: true;
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

const US_PER_MINUTE = 60_000_000;

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
  const rows = await queryReplica<{
    id: string;
    ts_us: number;
    type: string;
    source: string;
    direction: string;
    user_id: string;
    outcome: string | null;
    total: number;
  }>(scope, async (p) => {
    const where = await eventConditions(scope, params, params.period, p);
    // The window count is taken before the limit: every touchpoint of the customer in the period.
    return `select e.id, e.ts_us, e.event_type as type, e.event_source as source,
        coalesce(e.direction, 'unknown') as direction, e.user_id, e.outcome, count(*) over () as total
      from events e where ${where} and e.customer_id = ${p.uuid(customerId)}
      order by e.ts_us, e.id limit ${p.int(limit)}`;
  });
  // Counts and gaps include every touchpoint; the outcome (read from event_data) of one whose
  // content the viewer may not read is left out (src/visibility/content.ts).
  const hidden = new Set(
    await findUnreadable(
      scope,
      params.visible.reader,
      rows.map((r) => r.id),
    ),
  );
  const touchpoints = rows.map(({ ts_us, total: _, ...r }, i) => {
    const prev = rows[i - 1];
    return {
      ...r,
      ...(hidden.has(r.id) ? { outcome: null, redacted: true as const } : {}),
      at: new Date(ts_us / US_PER_MS).toISOString(),
      gap_minutes: prev ? (ts_us - prev.ts_us) / US_PER_MINUTE : null,
    };
  });
  const total = rows[0]?.total ?? 0;
  return {
    customer_id: customerId,
    total,
    truncated: total > touchpoints.length,
    median_gap_minutes: median(touchpoints.flatMap((t) => (t.gap_minutes === null ? [] : [t.gap_minutes]))),
    touchpoints,
  };
}

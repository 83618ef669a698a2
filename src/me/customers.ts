/**
 * "My customers by engagement": every customer the user had events with in the period, scored
 * with the KPI 3b engagement formula over the user's own events (exact, not a sample).
 */
import { engagementScore } from '../analytics/engagement-score.js';
import { listCustomerEngagement } from '../analytics/queries/list-customer-engagement.js';
import type { Scope } from '../db/scope.js';
import { assertRange } from '../time/zones.js';
import type { ReadScope } from '../visibility/policy.js';
import type { MyCustomer, MyCustomersQuery, MyCustomersResponse } from './schema.js';

const DEFAULT_DAYS = 30;
/** The dashboards' half-life, so the score reads like the engagement section of the bundles. */
const HALF_LIFE_DAYS = 30;

export async function listMyCustomers(
  scope: Scope,
  userId: string,
  visible: ReadScope,
  query: MyCustomersQuery,
  now = new Date(),
): Promise<MyCustomersResponse> {
  assertRange(query.from, query.to);
  const to = query.to ? new Date(query.to) : now;
  const from = query.from ? new Date(query.from) : new Date(to.getTime() - DEFAULT_DAYS * 86_400_000);
  assertRange(from.toISOString(), to.toISOString());
  const rows = await listCustomerEngagement(
    scope,
    // The caller's own events, which every setting lets them see; the rule applies all the same.
    { filters: { user_id: [userId] }, visible },
    { from, to },
    HALF_LIFE_DAYS,
  );
  const items: MyCustomer[] = rows.map((r) => ({
    customer_id: r.customerId,
    name: r.name,
    segment: r.segment,
    engagement_score: engagementScore(r),
    events: r.events,
    inbound: r.hasInbound,
    last_touch: r.lastEventAt.toISOString(),
  }));
  items.sort(
    (a, b) =>
      b.engagement_score - a.engagement_score ||
      b.events - a.events ||
      b.last_touch.localeCompare(a.last_touch) ||
      a.customer_id.localeCompare(b.customer_id),
  );
  return {
    period: { from: from.toISOString(), to: to.toISOString() },
    total: items.length,
    items: items.slice(0, query.limit ?? 10),
  };
}

/** Live counters: events in the last 5 and 60 minutes (by event time) by type, for a filter set. */
import { sql } from 'kysely';
import type { Scope } from '../../db/scope.js';
import type { TimelineFilters } from '../../events/filters.js';
import { selectEventsFor } from '../../events/queries/events-source.js';
import { applyEventFilters } from '../../events/queries/filter-events.js';
import type { ReadScope } from '../../visibility/policy.js';
import { whereVisible } from '../../visibility/sql-filter.js';
import type { StreamMetrics } from '../schema.js';

export async function countRecentEvents(
  scope: Scope,
  filters: TimelineFilters,
  visible: ReadScope,
  now = new Date(),
): Promise<StreamMetrics> {
  const since60 = new Date(now.getTime() - 60 * 60_000);
  const since5 = new Date(now.getTime() - 5 * 60_000);
  // The (company, event_timestamp) index bounds the scan to the last hour.
  const rows = await whereVisible(
    applyEventFilters(selectEventsFor(scope.db, filters), scope.companyId, filters),
    scope.companyId,
    visible,
    filters,
  )
    .where('e.event_timestamp', '>=', since60)
    .where('e.event_timestamp', '<=', now)
    .select([
      'e.event_type',
      sql<number>`count(*) filter (where e.event_timestamp >= ${since5})::int`.as('n5'),
      sql<number>`count(*)::int`.as('n60'),
    ])
    .groupBy('e.event_type')
    .execute();
  const metrics: StreamMetrics = {
    at: now.toISOString(),
    last_5m: {},
    last_60m: {},
    total_5m: 0,
    total_60m: 0,
  };
  for (const r of rows) {
    if (r.n5 > 0) metrics.last_5m[r.event_type] = r.n5;
    metrics.last_60m[r.event_type] = r.n60;
    metrics.total_5m += r.n5;
    metrics.total_60m += r.n60;
  }
  return metrics;
}

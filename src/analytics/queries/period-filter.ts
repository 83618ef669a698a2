/** The company's live events in a period matching the filters, aliased `e` (part A's raw queries start here). */
import type { Scope } from '../../db/scope.js';
import { applyEventFilters } from '../../events/queries/filter-events.js';
import type { Period, ResolvedParams } from '../params.js';

export function eventsIn(scope: Scope, params: Pick<ResolvedParams, 'filters'>, period: Period) {
  return applyEventFilters(scope.db.selectFrom('crm_activity_events as e'), scope.companyId, {
    ...params.filters,
    from: period.from.toISOString(),
    to: period.to.toISOString(),
  });
}

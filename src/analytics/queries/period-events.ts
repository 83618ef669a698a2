/**
 * Shared definitions of the outcome rates (KPIs 5 and 7), and the row-store reader of a period's
 * events that queries not yet answered from the analytics replica still start from.
 */
import type { Scope } from '../../db/scope.js';
import { applyEventFilters } from '../../events/queries/filter-events.js';
import type { Period, ResolvedParams } from '../params.js';

/**
 * The company's live events in a period that match the timeline filters, from the system of record
 * (applyEventFilters adds `company_id = …` and `not is_deleted`). Goes away once nothing uses it.
 */
export function periodEvents(scope: Scope, params: ResolvedParams, period: Period = params.period) {
  return applyEventFilters(scope.db.selectFrom('crm_activity_events as e'), scope.companyId, {
    ...params.filters,
    from: period.from.toISOString(),
    to: period.to.toISOString(),
  });
}

/** Outcomes that count as a success in rates (KPI 5 and 7) unless the caller names others. */
export const SUCCESS_OUTCOMES = [
  'connected',
  'replied',
  'meeting_booked',
  'deal_won',
  'resolved',
  'completed',
];

/** x ÷ y, or null when y is 0 (a rate over nothing is unknown, not 0). */
export const ratio = (x: number, y: number): number | null => (y === 0 ? null : x / y);

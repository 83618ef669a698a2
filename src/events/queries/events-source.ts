/**
 * Where a read of events starts. Reads filtered by content (`q`, `participant`) made as the tenant
 * role start from the view tenant_activity_events (migration 0055): under row-level security the
 * GIN indexes behind those filters cannot be used on the table (their operators are not leakproof),
 * while the view, read with its owner's rights and limited to the same company as the policy, lets
 * the planner choose the index as it does for the owner. Every other read starts from the table.
 */
import type { Kysely } from 'kysely';
import { currentTenant } from '../../db/tenant-context.js';
import type { Database } from '../../db/types.js';
import type { TimelineFilters } from '../filters.js';

/** The filters that need an index RLS would disable. */
export type IndexedContentFilters = Pick<TimelineFilters, 'q' | 'participant'>;

const TABLE = 'crm_activity_events as e';

/**
 * `crm_activity_events as e`, or the tenant view under the same alias and row type. The owner
 * (work outside requests) always reads the table: RLS does not apply to it, and the view shows
 * nothing without `app.company_id`.
 */
export function eventsSource(filters: IndexedContentFilters): typeof TABLE {
  const needsIndex = Boolean(filters.q || filters.participant);
  // The view has the table's columns (0055, checked by tenant-isolation.test.ts): same row type.
  return needsIndex && currentTenant() !== undefined
    ? ('tenant_activity_events as e' as typeof TABLE)
    : TABLE;
}

/** `db.selectFrom(eventsSource(filters))`: a read of events for `filters`. */
export const selectEventsFor = (db: Kysely<Database>, filters: IndexedContentFilters) =>
  db.selectFrom(eventsSource(filters));

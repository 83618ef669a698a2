/** Reads and writes of crm_activity_timelines, always within the scope's company. */
import { type Generated, type Selectable, sql } from 'kysely';
import { auditContext, recordAudit } from '../audit/record.js';
import type { Scope } from '../db/scope.js';
import type { TimelinesTable } from '../db/types.js';
import { listableBy } from '../sharing/queries.js';
import { type SharedWrite, sharedEntry, updateShared } from '../sharing/update-shared.js';

// Columns added by migration 0030_timelines.sql (declaration merging keeps db/types.ts untouched).
declare module '../db/types.js' {
  interface TimelinesTable {
    version: Generated<number>;
    is_default: Generated<boolean>;
  }
}

export type TimelineRow = Selectable<TimelinesTable>;

/** The JSON and plain fields a create or update writes. */
export interface TimelineValues {
  timeline_name: string;
  timeline_type: string;
  default_filters: object;
  saved_filters: unknown[];
  view_preferences: object;
  column_configuration: unknown[];
  color_scheme: object;
  activity_sources: string[];
  date_range_default: object;
  real_time_updates: boolean;
  notification_preferences: object;
  is_public: boolean;
  shared_with_users: unknown[];
}

const JSON_FIELDS = [
  'default_filters',
  'saved_filters',
  'view_preferences',
  'column_configuration',
  'color_scheme',
  'activity_sources',
  'date_range_default',
  'notification_preferences',
  'shared_with_users',
] as const;

/** JSON columns are sent as text: both drivers then store exactly the JSON given. */
function encode<T extends Partial<TimelineValues>>(values: T): Record<string, unknown> {
  const out: Record<string, unknown> = { ...values };
  for (const key of JSON_FIELDS) if (values[key] !== undefined) out[key] = JSON.stringify(values[key]);
  return out;
}

/** A live (not deleted) timeline of the company, whoever may see it. */
export async function getTimeline(scope: Scope, id: string): Promise<TimelineRow | undefined> {
  return scope.db
    .selectFrom('crm_activity_timelines')
    .selectAll()
    .where('company_id', '=', scope.companyId)
    .where('id', '=', id)
    .where('is_deleted', '=', false)
    .executeTakeFirst();
}

/** Timelines the user owns, is shared on, or that are public in the company; newest change first. */
export async function listVisibleTimelines(
  scope: Scope,
  userId: string,
  opts: { timelineType?: string; relation?: 'mine' | 'shared' | 'public'; limit: number },
): Promise<TimelineRow[]> {
  let q = scope.db
    .selectFrom('crm_activity_timelines')
    .selectAll()
    .where('company_id', '=', scope.companyId)
    .where('is_deleted', '=', false)
    .where(listableBy(userId, opts.relation));
  if (opts.timelineType) q = q.where('timeline_type', '=', opts.timelineType);
  return q.orderBy('updated_at', 'desc').orderBy('id').limit(opts.limit).execute();
}

export async function insertTimeline(
  scope: Scope,
  row: TimelineValues & { id: string; user_id: string; created_by_user_id: string; is_default?: boolean },
): Promise<TimelineRow | undefined> {
  // A second default for the same user hits the partial unique index: no row, the caller re-reads.
  return scope.db.transaction().execute(async (trx) => {
    const created = await trx
      .insertInto('crm_activity_timelines')
      .values({ ...encode(row), company_id: scope.companyId } as never)
      .onConflict((oc) => oc.doNothing())
      .returningAll()
      .executeTakeFirst();
    if (created) await recordAudit(trx, auditContext(scope), sharedEntry('timeline.create', created));
    return created;
  });
}

export async function getDefaultTimeline(scope: Scope, userId: string): Promise<TimelineRow | undefined> {
  return scope.db
    .selectFrom('crm_activity_timelines')
    .selectAll()
    .where('company_id', '=', scope.companyId)
    .where('user_id', '=', userId)
    .where('is_default', '=', true)
    .where('is_deleted', '=', false)
    .executeTakeFirst();
}

export type WriteOutcome = SharedWrite<TimelineRow>;

/**
 * Updates a live timeline after `check` approves the current row (permissions), refusing a lost
 * update when `expectedVersion` (If-Match) is not the stored version (src/sharing/update-shared.ts).
 */
export async function updateTimeline(
  scope: Scope,
  id: string,
  changes: Partial<TimelineValues> & { is_deleted?: boolean },
  expectedVersion: number | undefined,
  check: (current: TimelineRow) => void,
): Promise<WriteOutcome> {
  const target = { table: 'crm_activity_timelines', kind: 'timeline' } as const;
  return updateShared(scope, target, id, encode(changes), Object.keys(changes), expectedVersion, check);
}

export { findDirectoryUsers } from '../sharing/queries.js';

/** Customers the user owns in the directory: the default account portfolio (at most 200, a filter's cap). */
export async function listOwnedCustomerIds(scope: Scope, userId: string): Promise<string[]> {
  const rows = await scope.db
    .selectFrom('customers')
    .select('id')
    .where('company_id', '=', scope.companyId)
    .where('owner_user_id', '=', userId)
    .orderBy('id')
    .limit(200)
    .execute();
  return rows.map((r) => r.id);
}

/** The stored configuration of a row, as a create or update would write it. */
export function valuesOf(row: TimelineRow): TimelineValues {
  return {
    timeline_name: row.timeline_name,
    timeline_type: row.timeline_type,
    default_filters: row.default_filters,
    saved_filters: row.saved_filters,
    view_preferences: row.view_preferences,
    column_configuration: row.column_configuration,
    color_scheme: row.color_scheme,
    activity_sources: row.activity_sources,
    date_range_default: row.date_range_default,
    real_time_updates: row.real_time_updates,
    notification_preferences: row.notification_preferences,
    is_public: row.is_public,
    shared_with_users: row.shared_with_users,
  };
}

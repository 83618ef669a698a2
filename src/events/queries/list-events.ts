/** Timeline reads: keyset pages, single events and events by id, with directory names joined. */
import type { Kysely } from 'kysely';
import type { Scope } from '../../db/scope.js';
import type { Database } from '../../db/types.js';
import type { CursorPosition } from '../cursor.js';
import type { TimelineFilters } from '../filters.js';
import type { EventWithNames } from '../presenter.js';
import { applyEventFilters } from './filter-events.js';

const EVENT_COLUMNS = [
  'e.id',
  'e.company_id',
  'e.customer_id',
  'e.contact_id',
  'e.user_id',
  'e.event_type',
  'e.event_source',
  'e.event_title',
  'e.event_description',
  'e.event_timestamp',
  'e.duration_minutes',
  'e.event_data',
  'e.participants',
  'e.related_objects',
  'e.priority',
  'e.status',
  'e.engagement_score',
  'e.sentiment',
  'e.direction',
  'e.external_id',
  'e.seq',
  'e.created_at',
  'e.updated_at',
  'e.is_deleted',
] as const;

/** Events joined to the directory for names (left joins: unknown users/customers show as null). */
export function selectEventsWithNames(db: Kysely<Database>) {
  return db
    .selectFrom('crm_activity_events as e')
    .leftJoin('users as u', (j) =>
      j.onRef('u.company_id', '=', 'e.company_id').onRef('u.id', '=', 'e.user_id'),
    )
    .leftJoin('customers as c', (j) =>
      j.onRef('c.company_id', '=', 'e.company_id').onRef('c.id', '=', 'e.customer_id'),
    )
    .select([
      ...EVENT_COLUMNS,
      'u.name as user_name',
      'u.team_id as team_id',
      'c.name as customer_name',
      'c.segment as customer_segment',
    ]);
}

export interface PageRequest {
  filters: TimelineFilters;
  order: 'asc' | 'desc';
  limit: number;
  after?: CursorPosition;
}

/**
 * One keyset page; fetches limit + 1 keys to know whether another page follows.
 * Two steps on purpose: the page's keys come from the keyset index alone (no joins, so the
 * planner cannot trade the index walk for a join plan on stale statistics — PGlite has no
 * autovacuum), then the page's rows are read by primary key with their directory names.
 */
export async function listTimelineEvents(
  scope: Scope,
  req: PageRequest,
): Promise<{ rows: EventWithNames[]; more: boolean }> {
  const dir = req.order;
  let q = applyEventFilters(
    scope.db.selectFrom('crm_activity_events as e'),
    scope.companyId,
    req.filters,
  ).select('e.id');
  if (req.after) {
    // Row comparison keeps the order total: (timestamp, id) is unique, so no row repeats or is skipped.
    const after = req.after;
    q = q.where((eb) =>
      eb(
        eb.refTuple('e.event_timestamp', 'e.id'),
        dir === 'desc' ? '<' : '>',
        eb.tuple(new Date(after.t), after.id),
      ),
    );
  }
  const keys = await q
    .orderBy('e.event_timestamp', dir)
    .orderBy('e.id', dir)
    .limit(req.limit + 1)
    .execute();
  const pageIds = keys.slice(0, req.limit).map((k) => k.id);
  const byId = new Map((await getEventsByIds(scope, pageIds)).map((r) => [r.id, r]));
  const rows = pageIds.flatMap((id) => byId.get(id) ?? []);
  return { rows, more: keys.length > req.limit };
}

/** One event by id within the company, deleted or not (callers decide what deleted means). */
export async function getEvent(scope: Scope, id: string): Promise<EventWithNames | undefined> {
  return (await selectEventsWithNames(scope.db)
    .where('e.company_id', '=', scope.companyId)
    .where('e.id', '=', id)
    .executeTakeFirst()) as EventWithNames | undefined;
}

/** Events by id, in no particular order (the stream orders by its change log). */
export async function getEventsByIds(scope: Scope, ids: string[]): Promise<EventWithNames[]> {
  if (ids.length === 0) return [];
  return (await selectEventsWithNames(scope.db)
    .where('e.company_id', '=', scope.companyId)
    .where('e.id', 'in', ids)
    .execute()) as EventWithNames[];
}

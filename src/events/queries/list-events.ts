/** Timeline reads: keyset pages, single events and events by id, with directory names joined. */
import { type Kysely, type SelectQueryBuilder, sql } from 'kysely';
import type { Scope } from '../../db/scope.js';
import type { Database } from '../../db/types.js';
import type { CursorPosition } from '../cursor.js';
import type { EventWithNames } from '../presenter.js';
import { selectEventsFor } from './events-source.js';
import { type EventsViewScope, whereInView } from './view-events.js';

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
  'e.visibility',
] as const;

type EventKeys = Pick<Database['crm_activity_events'], 'company_id' | 'user_id' | 'customer_id'>;

/**
 * Directory names for the rows of `e`: one primary-key probe per row (LIMIT 1 keeps each join a
 * probe; joined plainly, the planner hashed the company's whole customer list to name a page of
 * 50, 1.8 ms of a 5 ms page at 5,000 customers). Left joins: unknown users/customers show as null.
 * Each probe also names the company as a constant: on Citus that is what makes the whole statement
 * one router query on the company's shard (a join on the column alone is refused).
 */
function withNames<E extends EventKeys, O>(
  qb: SelectQueryBuilder<Database & { e: E }, 'e', O>,
  companyId: string,
) {
  return qb
    .leftJoinLateral(
      (eb) =>
        eb
          .selectFrom('users as u')
          .select(['u.name as user_name', 'u.team_id as team_id'])
          .where('u.company_id', '=', companyId)
          .whereRef('u.company_id', '=', 'e.company_id')
          .whereRef('u.id', '=', 'e.user_id')
          .limit(1)
          .as('u'),
      (j) => j.onTrue(),
    )
    .leftJoinLateral(
      (eb) =>
        eb
          .selectFrom('customers as c')
          .select(['c.name as customer_name', 'c.segment as customer_segment'])
          .where('c.company_id', '=', companyId)
          .whereRef('c.company_id', '=', 'e.company_id')
          .whereRef('c.id', '=', 'e.customer_id')
          .limit(1)
          .as('c'),
      (j) => j.onTrue(),
    )
    .select(['u.user_name', 'u.team_id', 'c.customer_name', 'c.customer_segment']);
}

/** Events with their directory names. */
export function selectEventsWithNames(db: Kysely<Database>, companyId: string) {
  return withNames(db.selectFrom('crm_activity_events as e').select(EVENT_COLUMNS), companyId);
}

export interface PageRequest extends EventsViewScope {
  order: 'asc' | 'desc';
  limit: number;
  after?: CursorPosition;
}

/**
 * A row's event_timestamp exactly, as ISO 8601 UTC with microseconds: the driver's Date stops at
 * milliseconds, and a keyset position must be the stored instant (cursor.ts). Reads the events
 * table under the alias `e`, as the timeline's and the export's queries name it.
 */
export const exactInstant = sql<string>`to_char(e.event_timestamp at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/**
 * One keyset page in one statement; fetches limit + 1 rows to know whether another page follows,
 * and gives the position after its last row (`next`, when another page follows).
 * The page is walked in a subquery of its own (its LIMIT keeps it from being merged into the
 * joins, so the planner cannot trade the keyset index walk for a join plan on stale statistics —
 * PGlite has no autovacuum); the directory names are then probed for its rows alone.
 */
export async function listTimelineEvents(
  scope: Scope,
  req: PageRequest,
): Promise<{ rows: EventWithNames[]; more: boolean; next?: CursorPosition }> {
  const dir = req.order;
  let page = whereInView(selectEventsFor(scope.db, req.filters), scope.companyId, req).select(EVENT_COLUMNS);
  if (req.after) {
    // Row comparison keeps the order total: (timestamp, id) is unique, so no row repeats or is skipped.
    const after = req.after;
    page = page.where((eb) =>
      eb(
        eb.refTuple('e.event_timestamp', 'e.id'),
        dir === 'desc' ? '<' : '>',
        eb.tuple(sql<Date>`cast(${after.at} as timestamptz)`, after.id),
      ),
    );
  }
  const walked = page
    .orderBy('e.event_timestamp', dir)
    .orderBy('e.id', dir)
    .limit(req.limit + 1);
  const rows = (await withNames(
    scope.db.selectFrom(walked.as('e')).select([...EVENT_COLUMNS, exactInstant.as('exact_at')]),
    scope.companyId,
  )
    .orderBy('e.event_timestamp', dir)
    .orderBy('e.id', dir)
    .execute()) as Array<EventWithNames & { exact_at: string }>;
  const more = rows.length > req.limit;
  const last = more ? rows[req.limit - 1] : undefined;
  return {
    rows: rows.slice(0, req.limit),
    more,
    next: last ? { at: last.exact_at, id: last.id } : undefined,
  };
}

/** One event by id within the company, deleted or not (callers decide what deleted means). */
export async function getEvent(scope: Scope, id: string): Promise<EventWithNames | undefined> {
  return (await selectEventsWithNames(scope.db, scope.companyId)
    .where('e.company_id', '=', scope.companyId)
    .where('e.id', '=', id)
    .executeTakeFirst()) as EventWithNames | undefined;
}

/** Events by id, in no particular order (the stream orders by its change log). */
export async function getEventsByIds(scope: Scope, ids: string[]): Promise<EventWithNames[]> {
  if (ids.length === 0) return [];
  return (await selectEventsWithNames(scope.db, scope.companyId)
    .where('e.company_id', '=', scope.companyId)
    .where('e.id', 'in', ids)
    .execute()) as EventWithNames[];
}

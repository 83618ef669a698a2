/** Turns TimelineFilters into WHERE clauses on crm_activity_events (aliased `e`), always tenant-scoped. */
import { type ExpressionBuilder, type SelectQueryBuilder, sql } from 'kysely';
import type { Database } from '../../db/types.js';
import type { TimelineFilters } from '../filters.js';

type EventsQuery<O> = SelectQueryBuilder<Database & { e: Database['crm_activity_events'] }, 'e', O>;
type Eb = ExpressionBuilder<Database & { e: Database['crm_activity_events'] }, 'e'>;

const EMAIL = /@/;

/**
 * Events owned by a current member of one of `teams` (the directory now, not the team at the
 * time): the one reading of "a team's activity", shared by the team_id filter and visibility.
 */
export function ownedByTeamMembers(eb: Eb, companyId: string, teams: readonly string[]) {
  return eb(
    'e.user_id',
    'in',
    eb
      .selectFrom('users')
      .select('users.id')
      .where('users.company_id', '=', companyId)
      .where('users.team_id', 'in', [...teams]),
  );
}

/** Adds the company, not-deleted and filter conditions. Callers keep ordering and paging. */
export function applyEventFilters<O>(
  qb: EventsQuery<O>,
  companyId: string,
  f: TimelineFilters,
): EventsQuery<O> {
  let q = qb.where('e.company_id', '=', companyId).where('e.is_deleted', '=', false);
  if (f.from) q = q.where('e.event_timestamp', '>=', new Date(f.from));
  if (f.to) q = q.where('e.event_timestamp', '<', new Date(f.to));
  if (f.customer_id?.length) q = q.where('e.customer_id', 'in', f.customer_id);
  if (f.contact_id?.length) q = q.where('e.contact_id', 'in', f.contact_id);
  if (f.user_id?.length) q = q.where('e.user_id', 'in', f.user_id);
  if (f.type?.length) q = q.where('e.event_type', 'in', f.type);
  if (f.source?.length) q = q.where('e.event_source', 'in', f.source);
  if (f.priority?.length) q = q.where('e.priority', 'in', f.priority);
  if (f.status?.length) q = q.where('e.status', 'in', f.status);
  if (f.sentiment?.length) q = q.where('e.sentiment', 'in', f.sentiment);
  if (f.direction?.length) q = q.where('e.direction', 'in', f.direction);
  if (f.team_id?.length) {
    const teams = f.team_id;
    q = q.where((eb: Eb) => ownedByTeamMembers(eb, companyId, teams));
  }
  if (f.segment?.length) {
    const segments = f.segment;
    q = q.where((eb: Eb) =>
      eb(
        'e.customer_id',
        'in',
        eb
          .selectFrom('customers')
          .select('customers.id')
          .where('customers.company_id', '=', companyId)
          .where('customers.segment', 'in', segments),
      ),
    );
  }
  if (f.participant) {
    // jsonb containment uses the GIN (jsonb_path_ops) index; emails are stored lower-cased.
    const probe = EMAIL.test(f.participant) ? { email: f.participant.toLowerCase() } : { id: f.participant };
    q = q.where(sql<boolean>`e.participants @> ${JSON.stringify([probe])}::jsonb`);
  }
  if (f.q) q = q.where(sql<boolean>`e.search_vector @@ websearch_to_tsquery('simple', ${f.q})`);
  if (f.weekday?.length || f.hour?.length) {
    // Local wall-clock time in the zone (DST-correct: `at time zone` applies the offset of that instant).
    const zone = f.tz
      ? sql`${f.tz}::text` // canonical: withFilterZone resolved it
      : sql`coalesce((select c.timezone from companies c where c.id = ${companyId}), 'UTC')`;
    const local = sql`(e.event_timestamp at time zone ${zone})`;
    if (f.weekday?.length)
      q = q.where(sql<boolean>`extract(isodow from ${local})::int in (${sql.join(f.weekday.map(Number))})`);
    if (f.hour?.length)
      q = q.where(sql<boolean>`extract(hour from ${local})::int in (${sql.join(f.hour.map(Number))})`);
  }
  return q;
}

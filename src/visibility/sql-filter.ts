/** The visibility rule as a condition on crm_activity_events (aliased `e`), for Kysely queries. */
import { type ExpressionBuilder, type SelectQueryBuilder, sql } from 'kysely';
import type { Database } from '../db/types.js';
import type { TimelineFilters } from '../events/filters.js';
import { ownedByTeamMembers } from '../events/queries/filter-events.js';
import type { ContentReader } from './content.js';
import type { ReadScope } from './policy.js';

type Events = Database & { e: Database['crm_activity_events'] };
type Eb = ExpressionBuilder<Events, 'e'>;

/** The filters that match an event's content: only events whose content the viewer reads may match them. */
export type ContentFilters = Pick<TimelineFilters, 'q' | 'participant'>;

/**
 * Keeps the events of `visible.rows` (null: all): owned by one of its owners, or by a current
 * member of one of its teams (ownedByTeamMembers, as the `team_id` filter, so both read the
 * directory alike). With a full-text (`q`) or participant filter, also only the events whose content
 * the viewer reads (content.ts): a redacted event must not be found by the words it hides.
 */
export function whereVisible<O>(
  qb: SelectQueryBuilder<Events, 'e', O>,
  companyId: string,
  visible: ReadScope,
  filters: ContentFilters,
): SelectQueryBuilder<Events, 'e', O> {
  const q =
    filters.q || filters.participant
      ? qb.where((eb: Eb) => contentReadable(eb, companyId, visible.reader))
      : qb;
  const rows = visible.rows;
  if (rows === null) return q;
  const owners = [...rows.owners];
  const teams = [...rows.teams];
  return q.where((eb: Eb) => {
    const any = [];
    if (owners.length) any.push(eb('e.user_id', 'in', owners));
    if (teams.length) any.push(ownedByTeamMembers(eb, companyId, teams));
    return any.length ? eb.or(any) : sql<boolean>`false`;
  });
}

/** content.ts's rule as SQL: the events of `e` whose content `reader` reads. */
export function contentReadable(eb: Eb, companyId: string, reader: ContentReader) {
  const probes: object[] = [{ id: reader.userId }];
  if (reader.email) probes.push({ email: reader.email });
  const any = [eb('e.visibility', '=', 'default'), eb('e.user_id', '=', reader.userId)];
  if (reader.team)
    any.push(eb.and([eb('e.visibility', '=', 'team'), ownedByTeamMembers(eb, companyId, [reader.team])]));
  any.push(
    eb.and([
      eb('e.visibility', '=', 'participants'),
      eb.or(probes.map((p) => sql<boolean>`e.participants @> ${JSON.stringify([p])}::jsonb`)),
    ]),
  );
  return eb.or(any);
}

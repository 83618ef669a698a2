/** The visibility rule as a condition on crm_activity_events (aliased `e`), for Kysely queries. */
import { type ExpressionBuilder, type SelectQueryBuilder, sql } from 'kysely';
import type { Database } from '../db/types.js';
import { ownedByTeamMembers } from '../events/queries/filter-events.js';
import type { RowScope } from './policy.js';

type Events = Database & { e: Database['crm_activity_events'] };

/**
 * Keeps the events of `rows` (null: all): owned by one of its owners, or by a current member of
 * one of its teams (ownedByTeamMembers, as the `team_id` filter, so both read the directory alike).
 */
export function whereVisible<O>(
  qb: SelectQueryBuilder<Events, 'e', O>,
  companyId: string,
  rows: RowScope | null,
): SelectQueryBuilder<Events, 'e', O> {
  if (rows === null) return qb;
  const owners = [...rows.owners];
  const teams = [...rows.teams];
  return qb.where((eb: ExpressionBuilder<Events, 'e'>) => {
    const any = [];
    if (owners.length) any.push(eb('e.user_id', 'in', owners));
    if (teams.length) any.push(ownedByTeamMembers(eb, companyId, teams));
    return any.length ? eb.or(any) : sql<boolean>`false`;
  });
}

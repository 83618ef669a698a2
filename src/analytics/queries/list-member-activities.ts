/**
 * A team's members with their activities over the period: what a member's standing in KPI 5 (rank,
 * deviation, share) is computed from, without the rest of KPI 5's figures.
 */
import type { Scope } from '../../db/scope.js';
import type { ResolvedParams } from '../params.js';
import { eventConditions } from '../replica/event-filters.js';
import { queryReplica } from '../replica/query.js';

/**
 * The members KPI 5 lists under the team: its directory users that are active or have events under
 * the filters (`params` should filter by this team), each with their event count.
 */
export async function listMemberActivities(scope: Scope, params: ResolvedParams, teamId: string) {
  return queryReplica<{ user_id: string; activities: number }>(scope, async (p) => {
    const where = await eventConditions(scope, params, params.period, p);
    return `with acts as (select e.user_id, count(*) as n from events e where ${where} group by all)
      select m.id::varchar as user_id, coalesce(a.n, 0) as activities
      from users m left join acts a on a.user_id = m.id
      where m.company_id = ${p.uuid(scope.companyId)} and m.team_id = ${p.uuid(teamId)}
        and (m.active or a.n is not null)`;
  });
}

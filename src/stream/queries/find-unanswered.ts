/** Which of some events are still unanswered: what a saved "unanswered" timeline notifies of. */
import { type SqlBool, sql } from 'kysely';
import type { Scope } from '../../db/scope.js';
import { UNANSWERED_WINDOW_DAYS, unansweredInbound } from '../../events/queries/unanswered.js';
import type { ReadScope } from '../../visibility/policy.js';

/**
 * For each of `viewers`, the ids among `ids` that GET /events?unanswered=true would list for them
 * now (unanswered.ts's condition: a reply counts only if that viewer sees it). One query for all
 * viewers, one column each, so a page of changes costs one round trip however many clients follow.
 */
export async function findUnanswered(
  scope: Scope,
  ids: string[],
  viewers: ReadScope[],
): Promise<Array<Set<string>>> {
  const sets = viewers.map(() => new Set<string>());
  if (ids.length === 0 || viewers.length === 0) return sets;
  const rows = await scope.db
    .selectFrom('crm_activity_events as e')
    .select('e.id')
    .select((eb) =>
      viewers.map((v, i) =>
        unansweredInbound(eb, scope.companyId, v, UNANSWERED_WINDOW_DAYS).as(`unanswered_${i}`),
      ),
    )
    .where('e.company_id', '=', scope.companyId)
    .where(sql<SqlBool>`e.id = any(${ids}::uuid[])`)
    .execute();
  for (const row of rows as Array<Record<string, unknown> & { id: string }>)
    sets.forEach((set, i) => {
      if (row[`unanswered_${i}`] === true) set.add(row.id);
    });
  return sets;
}

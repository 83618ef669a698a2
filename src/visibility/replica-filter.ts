/** The visibility rule as a condition on the analytics replica's `events` (DuckDB SQL, bound values). */
import type { SqlParams } from '../analytics/replica/sql-params.js';
import type { RowScope } from './policy.js';

/**
 * The condition for `rows` on the events aliased `alias` (null: no condition), the replica's twin
 * of sql-filter.ts: owned by an owner, or by a member of a team in the replica's users table.
 */
export function visibleCondition(
  rows: RowScope | null,
  p: SqlParams,
  alias: string,
  company: string,
): string | null {
  if (rows === null) return null;
  const any: string[] = [];
  if (rows.owners.size) any.push(`list_contains(${p.uuids([...rows.owners])}, ${alias}.user_id)`);
  if (rows.teams.size)
    any.push(`${alias}.user_id in (select u.id from users u where u.company_id = ${company}
      and list_contains(${p.uuids([...rows.teams])}, u.team_id))`);
  return any.length ? `(${any.join(' or ')})` : 'false';
}

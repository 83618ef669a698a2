/** Database reads the sharing rules need: who a row reaches (SQL twin of access.ts) and directory names. */
import { type RawBuilder, sql } from 'kysely';
import type { Scope } from '../db/scope.js';
import type { Share } from './fields.js';

export type ListRelation = 'mine' | 'shared' | 'public';

/**
 * The condition, on a shareable table's unqualified columns, for rows the user may list, with
 * access.ts's precedence (mine, shared, public) when `relation` narrows it.
 */
export function listableBy(userId: string, relation?: ListRelation): RawBuilder<boolean> {
  const shared = sql<boolean>`shared_with_users @> ${JSON.stringify([{ user_id: userId }])}::jsonb`;
  const mine = sql<boolean>`user_id = ${userId}`;
  const others = sql<boolean>`user_id <> ${userId}`;
  if (relation === 'mine') return mine;
  if (relation === 'shared') return sql<boolean>`(${others} and ${shared})`;
  if (relation === 'public') return sql<boolean>`(${others} and not ${shared} and is_public)`;
  return sql<boolean>`(${mine} or is_public or ${shared})`;
}

/** Names of these users in the company directory (sharing targets must be active ones). */
export async function findDirectoryUsers(
  scope: Scope,
  ids: string[],
  opts: { activeOnly?: boolean } = {},
): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  let q = scope.db
    .selectFrom('users')
    .select(['id', 'name'])
    .where('company_id', '=', scope.companyId)
    .where('id', 'in', ids);
  if (opts.activeOnly) q = q.where('active', '=', true);
  const rows = await q.execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** Users named in the rows' shares, once each (for one name look-up). */
export function sharedUserIds(rows: Array<{ shared_with_users: unknown }>): string[] {
  return [...new Set(rows.flatMap((r) => (r.shared_with_users as Share[]).map((s) => s.user_id)))];
}

/** The stored shares with each user's directory name (null when not in the directory). */
export function presentShares(stored: unknown, names: Map<string, string>) {
  return (stored as Share[]).map((s) => ({ ...s, user_name: names.get(s.user_id) ?? null }));
}

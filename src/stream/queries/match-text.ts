/** Which of some events match a full-text query: the one stream filter that needs the database. */
import { sql } from 'kysely';
import type { Scope } from '../../db/scope.js';

/** Same condition as the timeline's `q` filter (filter-events.ts), limited to `ids`. */
export async function matchText(scope: Scope, ids: string[], q: string): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await scope.db
    .selectFrom('crm_activity_events as e')
    .select('e.id')
    .where('e.company_id', '=', scope.companyId)
    .where(sql<boolean>`e.id = any(${ids}::uuid[])`)
    .where(sql<boolean>`e.search_vector @@ websearch_to_tsquery('simple', ${q})`)
    .execute();
  return new Set(rows.map((r) => r.id));
}

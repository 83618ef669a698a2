/** Directory look-ups a visibility decision needs: the viewer's teams and their members. */
import type { Scope } from '../db/scope.js';
import type { ContentReader } from './content.js';
import type { ActivityVisibility } from './setting.js';
import { contentReadable } from './sql-filter.js';

/** What every read request's decision starts from: the company's setting and the viewer's own entry. */
export interface ViewerFacts {
  setting: ActivityVisibility;
  self: { team_id: string | null; email: string | null } | undefined;
}

/**
 * The company's visibility setting and the viewer's directory entry in one statement (a read
 * request's only look-up besides its page, as before private activities added the entry): the
 * join is on the company, so on Citus it stays on the company's shard. Undefined when the company
 * has no settings row (the caller falls back to the defaults).
 */
export async function findViewerFacts(scope: Scope, userId: string): Promise<ViewerFacts | undefined> {
  const row = await scope.db
    .selectFrom('companies as c')
    .leftJoin('users as u', (j) =>
      j.onRef('u.company_id', '=', 'c.id').on('u.company_id', '=', scope.companyId).on('u.id', '=', userId),
    )
    .select(['c.activity_visibility', 'u.id as user_id', 'u.team_id', 'u.email'])
    .where('c.id', '=', scope.companyId)
    .executeTakeFirst();
  if (!row) return undefined;
  const self = row.user_id === null ? undefined : { team_id: row.team_id, email: row.email };
  return { setting: row.activity_visibility, self };
}

/** Teams naming `userId` as their lead. */
export async function findLedTeams(scope: Scope, userId: string): Promise<string[]> {
  const rows = await scope.db
    .selectFrom('teams')
    .select('id')
    .where('company_id', '=', scope.companyId)
    .where('lead_user_id', '=', userId)
    .execute();
  return rows.map((r) => r.id);
}

/** The user's team and e-mail in the directory (undefined when the directory does not know them). */
export async function findDirectoryEntry(
  scope: Scope,
  userId: string,
): Promise<{ team_id: string | null; email: string | null } | undefined> {
  return scope.db
    .selectFrom('users')
    .select(['team_id', 'email'])
    .where('company_id', '=', scope.companyId)
    .where('id', '=', userId)
    .executeTakeFirst();
}

/** Current members of the teams. */
export async function findTeamMembers(scope: Scope, teams: readonly string[]): Promise<string[]> {
  if (teams.length === 0) return [];
  const rows = await scope.db
    .selectFrom('users')
    .select('id')
    .where('company_id', '=', scope.companyId)
    .where('team_id', 'in', [...teams])
    .execute();
  return rows.map((r) => r.id);
}

/**
 * Ids of the company's events whose content `reader` may not read (few: only non-default events
 * are candidates, on a partial index), for readers that cannot evaluate the rule themselves: the
 * analytics replica's participant filter, redaction of analytics' lists of events.
 */
export async function findUnreadable(
  scope: Scope,
  reader: ContentReader,
  among?: readonly string[],
): Promise<string[]> {
  if (among?.length === 0) return [];
  let q = scope.db
    .selectFrom('crm_activity_events as e')
    .select('e.id')
    .where('e.company_id', '=', scope.companyId)
    .where('e.visibility', '<>', 'default')
    .where((eb) => eb.not(contentReadable(eb, scope.companyId, reader)));
  if (among) q = q.where('e.id', 'in', [...among]);
  return (await q.execute()).map((r) => r.id);
}

/** Directory look-ups a visibility decision needs: the viewer's teams and their members. */
import type { Scope } from '../db/scope.js';

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

/** The user's team in the directory (null when unknown or without a team). */
export async function findDirectoryTeam(scope: Scope, userId: string): Promise<string | null> {
  const row = await scope.db
    .selectFrom('users')
    .select('team_id')
    .where('company_id', '=', scope.companyId)
    .where('id', '=', userId)
    .executeTakeFirst();
  return row?.team_id ?? null;
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

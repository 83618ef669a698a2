/**
 * Who may see whose analytics figures (issue 4): rep and agent see their own individual figures
 * and company totals; team_lead their team(s) and its members; marketing, executive, compliance
 * and admin everyone; integration (a machine) no analytics. Asking explicitly for figures you may
 * not see is a 403; breakdowns by user or team silently keep only the rows you may see.
 */
import type { AuthUser } from '../auth/tokens.js';
import type { Scope } from '../db/scope.js';
import { AppError, forbidden } from '../errors.js';

const EVERYONE = new Set(['marketing', 'executive', 'compliance', 'admin']);

/** `null` means "everyone"; a Set lists the ids one may see individually. */
export interface Visibility {
  users: ReadonlySet<string> | null;
  teams: ReadonlySet<string> | null;
}

export function assertAnalyticsAccess(user: AuthUser): void {
  if (user.role === 'integration') throw forbidden('Integration tokens have no access to analytics.');
}

/** Teams a team lead leads: the team in their token plus every team naming them as lead. */
async function ledTeams(user: AuthUser, scope: Scope): Promise<Set<string>> {
  const rows = await scope.db
    .selectFrom('teams')
    .select('id')
    .where('company_id', '=', scope.companyId)
    .where('lead_user_id', '=', user.userId)
    .execute();
  const teams = new Set(rows.map((r) => r.id));
  if (user.teamId) teams.add(user.teamId);
  return teams;
}

/** The users and teams whose individual figures `user` may see. */
export async function getVisibility(user: AuthUser, scope: Scope): Promise<Visibility> {
  assertAnalyticsAccess(user);
  if (EVERYONE.has(user.role)) return { users: null, teams: null };
  if (user.role !== 'team_lead') return { users: new Set([user.userId]), teams: new Set() };
  const teams = await ledTeams(user, scope);
  const members =
    teams.size === 0
      ? []
      : await scope.db
          .selectFrom('users')
          .select('id')
          .where('company_id', '=', scope.companyId)
          .where('team_id', 'in', [...teams])
          .execute();
  return { users: new Set([user.userId, ...members.map((m) => m.id)]), teams };
}

export const canSeeUser = (v: Visibility, userId: string) => v.users === null || v.users.has(userId);
export const canSeeTeam = (v: Visibility, teamId: string) => v.teams === null || v.teams.has(teamId);

/** Ids among `userIds` the viewer may see (all of them when unrestricted). */
export function visibleUserIds(v: Visibility, userIds: readonly string[]): string[] {
  return userIds.filter((id) => canSeeUser(v, id));
}

const hidden = (path: string, what: string) =>
  new AppError('forbidden', `You may not see ${what}.`, [{ path, message: 'not visible to your role' }]);

/**
 * Throws 403 naming the field when the filters ask for a user or team the viewer may not see;
 * returns the viewer's Visibility for filtering breakdown rows.
 */
export async function assertCanSee(
  user: AuthUser,
  filters: { user_id?: string[]; team_id?: string[] },
  scope: Scope,
): Promise<Visibility> {
  const v = await getVisibility(user, scope);
  const hiddenUser = filters.user_id?.find((id) => !canSeeUser(v, id));
  if (hiddenUser) throw hidden('query.user_id', `the individual figures of user ${hiddenUser}`);
  const hiddenTeam = filters.team_id?.find((id) => !canSeeTeam(v, id));
  if (hiddenTeam) throw hidden('query.team_id', `the figures of team ${hiddenTeam}`);
  return v;
}

/** Keeps the breakdown rows the viewer may see; `restricted` tells the client rows were left out. */
export function filterVisibleRows<T>(
  v: Visibility,
  dimension: 'user' | 'team',
  rows: T[],
  keyOf: (row: T) => string,
): { rows: T[]; restricted: boolean } {
  const allowed = dimension === 'user' ? v.users : v.teams;
  if (allowed === null) return { rows, restricted: false };
  const kept = rows.filter((r) => allowed.has(keyOf(r)));
  return { rows: kept, restricted: kept.length !== rows.length };
}

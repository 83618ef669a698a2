/**
 * Asking explicitly for what one may not see: 403 naming the field, on every read path alike.
 * Unfiltered reads are not refused: they silently hold only the visible rows.
 */
import { AppError, forbidden } from '../errors.js';
import type { FigureScope, Visibility } from './policy.js';

interface Asked {
  user_id?: readonly string[];
  team_id?: readonly string[];
}

const hidden = (path: string, what: string) =>
  new AppError('forbidden', `You may not see ${what}.`, [{ path, message: 'not visible to your role' }]);

const has = (set: ReadonlySet<string> | null, id: string) => set === null || set.has(id.toLowerCase());

/** Activity reads: every user_id and team_id asked for must be visible (`path` prefixes the field). */
export function assertCanAsk(v: Visibility, asked: Asked, path = 'query'): void {
  if (v.rows === null) return;
  const user = asked.user_id?.find((id) => !has(v.rows?.users ?? null, id));
  if (user) throw hidden(`${path}.user_id`, `the activity of user ${user}`);
  const team = asked.team_id?.find((id) => !has(v.rows?.teams ?? null, id));
  if (team) throw hidden(`${path}.team_id`, `the activity of team ${team}`);
}

/** Analytics: no figures for integration tokens. */
export function assertAnalyticsAccess(v: Visibility): void {
  if (!v.analytics) throw forbidden('Integration tokens have no access to analytics.');
}

/** Analytics: asked-for users and teams must be within the individual figures one may see. */
export function assertCanSeeFigures(v: Visibility, asked: Asked): void {
  assertAnalyticsAccess(v);
  const user = asked.user_id?.find((id) => !canSeeUser(v.figures, id));
  if (user) throw hidden('query.user_id', `the individual figures of user ${user}`);
  const team = asked.team_id?.find((id) => !canSeeTeam(v.figures, id));
  if (team) throw hidden('query.team_id', `the figures of team ${team}`);
}

export const canSeeUser = (f: FigureScope, userId: string) => has(f.users, userId);
export const canSeeTeam = (f: FigureScope, teamId: string) => has(f.teams, teamId);

/** Keeps the breakdown rows whose user or team the viewer may see; `restricted` says rows were left out. */
export function filterVisibleRows<T>(
  f: FigureScope,
  dimension: 'user' | 'team',
  rows: T[],
  keyOf: (row: T) => string,
): { rows: T[]; restricted: boolean } {
  const allowed = dimension === 'user' ? f.users : f.teams;
  if (allowed === null) return { rows, restricted: false };
  const kept = rows.filter((r) => allowed.has(keyOf(r).toLowerCase()));
  return { rows: kept, restricted: kept.length !== rows.length };
}

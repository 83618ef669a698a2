/** The visibility rule in memory, for events already read (drill-down, the live stream). */
import type { RowScope, Visibility } from './policy.js';

/** What the predicate reads of an event: its owner and the owner's current team (joined from users). */
export interface VisibleFacts {
  user_id: string;
  team_id: string | null;
}

/** Same rule as sql-filter.ts and replica-filter.ts: owned by an owner or by a member of a team. */
export function compileVisibility(rows: RowScope | null): (event: VisibleFacts) => boolean {
  if (rows === null) return () => true;
  return (e) =>
    rows.owners.has(e.user_id.toLowerCase()) ||
    (e.team_id !== null && rows.teams.has(e.team_id.toLowerCase()));
}

export const canSeeEvent = (v: Visibility, event: VisibleFacts): boolean => compileVisibility(v.rows)(event);

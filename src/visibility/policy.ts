/**
 * Who may read whose activity: the one decision every read path applies (timeline, drill-down,
 * histogram, live stream, saved timelines, analytics, dashboards; later exports and reports).
 *
 * "Activity of a user" = the events whose `user_id` (the owning user) is that user. "Activity of a
 * team" = the events whose owning user is, in the directory now, a member of the team
 * (`users.team_id`): the meaning the `team_id` filter has everywhere (events carry no team column,
 * so a user who changes team takes their history along). A customer's owner gets no extra rights.
 *
 * Under `company` every role but integration reads all activity; under `team` rep and agent read
 * their own and their team's (the team in their token, else their team in the directory), team_lead
 * their own and their teams' (the token's team and every team naming them lead), everyone else all.
 * Integration tokens are the company's communication modules: they write every team's activity
 * and read all of it back, under either setting, but see no analytics and no saved timelines.
 *
 * The result is one object; its filters (SQL for Kysely, SQL for the DuckDB replica, a predicate
 * for the stream) live beside it and read only this object. Per-event visibility (private
 * activities, content.ts) is its `reader`: who is reading, as the content rule needs it.
 */
import type { AuthUser } from '../auth/tokens.js';
import { DEFAULT_SETTINGS } from '../company/queries.js';
import type { Scope } from '../db/scope.js';
import type { ContentReader } from './content.js';
import { findDirectoryEntry, findLedTeams, findTeamMembers, findViewerFacts } from './queries.js';
import type { ActivityVisibility } from './setting.js';

/** The events a viewer may read, when not all of them. */
export interface RowScope {
  /** Events owned by these users (the viewer). */
  owners: ReadonlySet<string>;
  /** Events owned by current members of these teams. */
  teams: ReadonlySet<string>;
  /** owners ∪ the current members of `teams`: the users a `user_id` filter may name. */
  users: ReadonlySet<string>;
}

/** Whose individual figures analytics may break out or be asked for; null = everyone's. */
export interface FigureScope {
  users: ReadonlySet<string> | null;
  teams: ReadonlySet<string> | null;
}

export interface Visibility {
  setting: ActivityVisibility;
  /** Null: every event of the company. */
  rows: RowScope | null;
  /**
   * Analytics' rule for individual figures (per user or team), the same under both settings and
   * never wider than `rows`: rep and agent their own, team_lead their teams and members, others all.
   */
  figures: FigureScope;
  /** Integration tokens (machines) have no analytics. */
  analytics: boolean;
  /** Who reads: decides which events' content is redacted (content.ts), for every role alike. */
  reader: ContentReader;
}

/** What an activity read takes: the rows the viewer sees and whose content they read. */
export type ReadScope = Pick<Visibility, 'rows' | 'reader'>;

const EVERYTHING = new Set(['marketing', 'executive', 'compliance', 'admin', 'integration']);

/** Directory facts a decision needs: the viewer's teams and their current members, their own entry. */
export interface ViewerTeams {
  teams: string[];
  members: string[];
  /** The viewer in the directory (team and e-mail now), for the content rule. */
  self?: { team_id: string | null; email: string | null };
}

const lower = (ids: Iterable<string>) => new Set([...ids].map((id) => id.toLowerCase()));

/** The pure decision, given the setting and the viewer's teams. */
export function decideVisibility(
  user: AuthUser,
  setting: ActivityVisibility,
  facts: ViewerTeams,
): Visibility {
  const analytics = user.role !== 'integration';
  const reader = readerOf(user, facts.self);
  if (EVERYTHING.has(user.role))
    return { setting, rows: null, figures: { users: null, teams: null }, analytics, reader };
  const self = user.userId.toLowerCase();
  const teams = lower(facts.teams);
  const users = lower([self, ...facts.members]);
  const figures: FigureScope =
    user.role === 'team_lead' ? { users, teams } : { users: new Set([self]), teams: new Set() };
  const rows = setting === 'team' ? { owners: new Set([self]), teams, users } : null;
  return { setting, rows, figures, analytics, reader };
}

/** The content reader from the token's user and their directory entry (none: no team, no e-mail). */
function readerOf(user: AuthUser, self: ViewerTeams['self']): ContentReader {
  return {
    userId: user.userId.toLowerCase(),
    email: self?.email?.toLowerCase() ?? null,
    team: self?.team_id?.toLowerCase() ?? null,
  };
}

/** The viewer's teams: a lead's token team and led teams; a rep's or agent's token team, else directory team. */
async function viewerTeams(
  scope: Scope,
  user: AuthUser,
  setting: ActivityVisibility,
  self: ViewerTeams['self'],
): Promise<ViewerTeams> {
  let teams: string[] = [];
  if (user.role === 'team_lead') {
    teams = [
      ...new Set([...(user.teamId ? [user.teamId] : []), ...(await findLedTeams(scope, user.userId))]),
    ];
  } else if (setting === 'team') {
    // Figures of a rep or agent are their own under either setting: only `team` needs their team.
    const team = user.teamId ?? self?.team_id ?? null;
    teams = team ? [team] : [];
  }
  return { teams, members: await findTeamMembers(scope, teams), self };
}

/** The viewer's visibility in their company now (the setting and the directory as they are). */
export async function resolveVisibility(scope: Scope, user: AuthUser): Promise<Visibility> {
  const facts = await findViewerFacts(scope, user.userId);
  const { setting, self } = facts ?? {
    setting: DEFAULT_SETTINGS.activity_visibility,
    self: await findDirectoryEntry(scope, user.userId),
  };
  if (EVERYTHING.has(user.role)) return decideVisibility(user, setting, { teams: [], members: [], self });
  return decideVisibility(user, setting, await viewerTeams(scope, user, setting, self));
}

/**
 * The content reader for presenting one written event (ingest and patch responses): the directory
 * is read only when the event's content is restricted (a `default` event reads the same for all).
 */
export async function resolveReaderFor(
  scope: Scope,
  user: AuthUser,
  event: { visibility: string },
): Promise<ContentReader> {
  const self = event.visibility === 'default' ? undefined : await findDirectoryEntry(scope, user.userId);
  return readerOf(user, self);
}

/**
 * The three dashboard bundles, composed from the KPI functions (not HTTP), so every tile equals the
 * KPI endpoint asked with the same period and filters. Sections run concurrently: on PostgreSQL they
 * use several pool connections; on PGlite they queue on the one connection.
 */

import {
  type AnalyticsQuery,
  presentPeriod,
  type ResolvedParams,
  resolveAnalyticsParams,
} from '../analytics/params.js';
import { listMemberActivities } from '../analytics/queries/list-member-activities.js';
import { type Standing, standings } from '../analytics/queries/workload.js';
import { reportEffectiveness } from '../analytics/reports/effectiveness.js';
import { reportEngagement } from '../analytics/reports/engagement.js';
import { reportPatterns } from '../analytics/reports/patterns.js';
import { reportProductivity } from '../analytics/reports/productivity.js';
import { reportRealtime } from '../analytics/reports/realtime.js';
import { reportResponseTimes } from '../analytics/reports/response-times.js';
import { reportVolume } from '../analytics/reports/volume.js';
import type { AuthUser } from '../auth/tokens.js';
import type { Scope } from '../db/scope.js';
import { forbidden, notFound } from '../errors.js';
import { canSeeTeam } from '../visibility/explicit.js';
import type { FigureScope, ReadScope, Visibility } from '../visibility/policy.js';
import type { DashboardQuery, ExecutiveDashboard, MeDashboard, TeamDashboard } from './schema.js';
import { topMovers } from './top-movers.js';

type Rows = Array<[string, number, { previous: number; absolute: number; relative: number | null } | null]>;
const volumeRows = (v: { by: Array<{ key: string; value: number; change: Rows[number][2] }> }): Rows =>
  v.by.map((r) => [r.key, r.value, r.change]);

/** Customers listed with their preferred channel in the personal patterns section. */
const PREFERRED_CHANNELS = 20;

/** Overdue scheduled activities listed in a bundle's real-time tile. */
const REALTIME_OVERDUE = 10;

/** The sections every bundle shows, for the filters of that bundle. */
async function sections(scope: Scope, p: ResolvedParams, v: FigureScope, volumeBy: 'type' | 'user') {
  const [volume, channels, response_times, productivity, effectiveness, realtime] = await Promise.all([
    reportVolume(scope, p, volumeBy, 'events', v),
    reportVolume(scope, p, 'source', 'events', v),
    reportResponseTimes(scope, p, { windowDays: 7, hours: 'calendar' }, v),
    reportProductivity(scope, p, v, { medians: 'shared' }),
    reportEffectiveness(scope, p, v),
    reportRealtime(scope, { ...p, limit: REALTIME_OVERDUE }),
  ]);
  return {
    period: presentPeriod(p),
    volume,
    channels,
    response_times,
    productivity,
    effectiveness,
    realtime,
    alerts: [],
  };
}

async function resolve(
  scope: Scope,
  query: DashboardQuery,
  visible: ReadScope,
  filters: Partial<AnalyticsQuery> = {},
) {
  const { compare = 'previous', ...rest } = query;
  return resolveAnalyticsParams(scope, { ...rest, ...filters, compare }, visible);
}

/** Company-wide figures over the events the viewer may see; breakdown rows as their figure scope allows. */
export async function composeExecutive(
  scope: Scope,
  v: Visibility,
  query: DashboardQuery,
): Promise<ExecutiveDashboard> {
  const p = await resolve(scope, query, v);
  const [s, engagement] = await Promise.all([
    sections(scope, p, v.figures, 'type'),
    reportEngagement(scope, p, { halfLifeDays: 30, limit: 10 }),
  ]);
  const top_movers = topMovers([
    { dimension: 'type', rows: volumeRows(s.volume) },
    { dimension: 'source', rows: volumeRows(s.channels) },
    {
      dimension: 'team',
      rows: s.productivity.teams.map((t) => [t.team_id, t.activities, t.activities_change]),
    },
  ]);
  return { kind: 'executive', ...s, engagement, top_movers };
}

/** Team dashboard: the team's lead (or a lead it names) and everyone-roles; others get 403. */
export async function composeTeam(
  scope: Scope,
  v: Visibility,
  teamId: string,
  query: DashboardQuery,
): Promise<TeamDashboard> {
  const team = await scope.db
    .selectFrom('teams')
    .select(['id', 'name', 'lead_user_id'])
    .where('company_id', '=', scope.companyId)
    .where('id', '=', teamId)
    .executeTakeFirst();
  if (!team) throw notFound('Team');
  if (!canSeeTeam(v.figures, teamId)) throw forbidden('You may not see this team’s dashboard.');
  const p = await resolve(scope, query, v, { team_id: [teamId] });
  const [s, engagement] = await Promise.all([
    sections(scope, p, v.figures, 'user'),
    reportEngagement(scope, p, { halfLifeDays: 30, limit: 10 }),
  ]);
  const top_movers = topMovers([{ dimension: 'user', rows: volumeRows(s.volume) }]);
  return { kind: 'team', team, ...s, engagement, top_movers };
}

/**
 * The caller's own dashboard: their figures (user_id = caller) and their standing in their team
 * (rank, deviation, share), which are their own figures even though the team mean enters them.
 */
export async function composeMe(
  scope: Scope,
  user: AuthUser,
  v: Visibility,
  query: DashboardQuery,
): Promise<MeDashboard> {
  const own: FigureScope = { users: new Set([user.userId.toLowerCase()]), teams: new Set() };
  const p = await resolve(scope, query, v, { user_id: [user.userId] });
  const [s, standing, patterns] = await Promise.all([
    sections(scope, p, own, 'type'),
    getStanding(scope, user, v, query),
    reportPatterns(scope, p, { limit: PREFERRED_CHANNELS }),
  ]);
  const top_movers = topMovers([
    { dimension: 'type', rows: volumeRows(s.volume) },
    { dimension: 'source', rows: volumeRows(s.channels) },
  ]);
  return { kind: 'me', user_id: user.userId, ...s, standing, patterns, top_movers };
}

/**
 * The caller's member row in their (directory) team: rank, deviation from the team mean, share,
 * over the events the caller may see (under `team` a rep sees their team's, so the mean is whole).
 */
async function getStanding(scope: Scope, user: AuthUser, visible: ReadScope, query: DashboardQuery) {
  const row = await scope.db
    .selectFrom('users')
    .select('team_id')
    .where('company_id', '=', scope.companyId)
    .where('id', '=', user.userId)
    .executeTakeFirst();
  if (!row?.team_id) return null;
  const p = await resolve(scope, { ...query, compare: 'none' }, visible, { team_id: [row.team_id] });
  const members = await listMemberActivities(scope, p, row.team_id);
  const i = members.findIndex((m) => m.user_id === user.userId);
  if (i < 0) return null;
  const { members: standing } = standings(members.map((m) => m.activities));
  return { team_id: row.team_id, member_count: members.length, ...(standing[i] as Standing) };
}

/**
 * KPI 5 as the API answers it: team productivity for the period, activity changes against the
 * previous period when compared, and the viewer's visibility applied to user and team rows. The
 * route and the dashboard bundles both call this, so a tile equals the endpoint.
 */
import type { Scope } from '../../db/scope.js';
import { filterVisibleRows } from '../../visibility/explicit.js';
import type { FigureScope } from '../../visibility/policy.js';
import { change, presentPeriod, type ResolvedParams } from '../params.js';
import { getResponseMedians } from '../queries/get-response-medians.js';
import {
  countActivities,
  getTeamProductivity,
  type ResponseMedians,
} from '../queries/get-team-productivity.js';
import { SUCCESS_OUTCOMES } from '../queries/period-events.js';
import type { ProductivityResponse } from '../schemas/productivity.js';
import { changeBy } from './compare.js';

export interface ProductivityOptions {
  /** Outcomes that count as a success (default SUCCESS_OUTCOMES). */
  success?: string[];
  /**
   * Where the median response times come from: 'own' (default) reads the responders' figures only;
   * 'shared' reads KPI 2's whole summary, which a dashboard reads anyway for its response section
   * (once per request).
   */
  medians?: 'own' | 'shared';
}

export async function reportProductivity(
  scope: Scope,
  p: ResolvedParams,
  v: FigureScope,
  opts: ProductivityOptions = {},
): Promise<ProductivityResponse> {
  const { success = SUCCESS_OUTCOMES, medians = 'own' } = opts;
  const responseMedians: ResponseMedians = (s, q) =>
    getResponseMedians(s, q, medians === 'shared' ? 'all' : 'responders');
  // Changes compare activities only, so the previous period needs just one small aggregate.
  const [cur, prev] = await Promise.all([
    getTeamProductivity(scope, p, { success, responseMedians }),
    p.previous ? countActivities(scope, p, p.previous) : null,
  ]);
  const userChange = changeBy(
    prev?.users ?? null,
    (u) => u.user_id,
    (u) => u.activities,
    0,
  );
  const teamChange = changeBy(
    prev?.teams ?? null,
    (t) => t.team_id,
    (t) => t.activities,
    0,
  );
  const users = filterVisibleRows(v, 'user', cur.users, (u) => u.user_id);
  const teams = filterVisibleRows(v, 'team', cur.teams, (t) => t.team_id);
  return {
    period: presentPeriod(p),
    success_outcomes: success,
    restricted: users.restricted || teams.restricted,
    totals: {
      ...cur.totals,
      activities_change: prev ? change(cur.totals.activities, prev.totals.activities) : null,
    },
    users: users.rows.map((u) => ({ ...u, activities_change: userChange(u) })),
    teams: teams.rows.map((t) => ({
      ...t,
      activities_change: teamChange(t),
      members: t.members.map((m) => ({ ...m, activities_change: userChange(m) })),
    })),
  };
}

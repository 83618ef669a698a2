/**
 * KPIs 5–7 as API answers: the query of each KPI for the period (and the previous period when
 * compare=previous), the changes between them, and the viewer's visibility applied to user and team
 * rows. Routes and dashboard bundles both call these, so a tile equals its KPI endpoint.
 */
import type { Scope } from '../db/scope.js';
import { change, type Period, presentPeriod, type ResolvedParams } from './params.js';
import { countByBucket } from './queries/count-by-bucket.js';
import { getConversion, getOutcomeRates, type OutcomeGroup } from './queries/get-effectiveness.js';
import { getJourneySequences } from './queries/get-journey-paths.js';
import { getResponseMedians } from './queries/get-response-medians.js';
import { getTeamProductivity } from './queries/get-team-productivity.js';
import { getTouchAttribution } from './queries/get-touch-attribution.js';
import { SUCCESS_OUTCOMES } from './queries/period-events.js';
import type { EffectivenessResponse } from './schemas/effectiveness.js';
import type { JourneyResponse } from './schemas/journey.js';
import type { ProductivityResponse } from './schemas/productivity.js';
import { filterVisibleRows, type Visibility } from './visibility.js';

const at = (p: ResolvedParams, period: Period): ResolvedParams => ({ ...p, period, previous: null });

/**
 * Runs `f` for the period and, when compared, for the previous one, concurrently (on PostgreSQL the
 * two use two pool connections; on PGlite they queue on its one connection).
 */
function both<T>(p: ResolvedParams, f: (q: ResolvedParams) => Promise<T>): Promise<[T, T | null]> {
  return Promise.all([f(p), p.previous ? f(at(p, p.previous)) : null]);
}

/**
 * Change of a keyed figure against the previous period's row of the same key; `missing` is the
 * previous value of a key absent there (0 for counts over complete lists, null for rates). Null when
 * not compared or either value is unknown.
 */
function changeBy<T>(
  prev: T[] | null,
  keyOf: (r: T) => string,
  figureOf: (r: T) => number | null,
  missing: 0 | null,
) {
  const m = prev ? new Map(prev.map((r) => [keyOf(r), figureOf(r)])) : null;
  return (r: T) => {
    if (!m) return null;
    const now = figureOf(r);
    const before = m.has(keyOf(r)) ? (m.get(keyOf(r)) ?? null) : missing;
    return now === null || before === null ? null : change(now, before);
  };
}

/**
 * The previous period's activities per user, per team and in all: all that productivity's changes
 * compare, so counted from the per-user rollup (whole days) instead of a second full scan.
 */
async function previousActivities(scope: Scope, p: ResolvedParams) {
  if (!p.previous) return null;
  const q = { filters: p.filters, bucket: 'month' as const, tz: p.tz };
  const [byUser, byTeam] = await Promise.all([
    countByBucket(scope, q, p.previous, 'user'),
    countByBucket(scope, q, p.previous, 'team'),
  ]);
  const rows = <K extends string>(by: Record<string, number>, key: K) =>
    Object.entries(by).map(
      ([id, activities]) => ({ [key]: id, activities }) as Record<K, string> & { activities: number },
    );
  return {
    users: rows(byUser.by, 'user_id'),
    teams: rows(byTeam.by, 'team_id'),
    totals: { activities: byUser.total },
  };
}

export async function reportProductivity(
  scope: Scope,
  p: ResolvedParams,
  v: Visibility,
  success: string[] = SUCCESS_OUTCOMES,
): Promise<ProductivityResponse> {
  const [cur, prev] = await Promise.all([
    getTeamProductivity(scope, p, { success, responseMedians: getResponseMedians }),
    previousActivities(scope, p),
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

export async function reportEffectiveness(
  scope: Scope,
  p: ResolvedParams,
  v: Visibility,
  opts: { success?: string[]; outcome?: string; withinDays?: number } = {},
): Promise<EffectivenessResponse> {
  const success = opts.success ?? SUCCESS_OUTCOMES;
  const outcome = opts.outcome ?? 'deal_won';
  const withinDays = opts.withinDays ?? 30;
  const [[rates, prevRates], [conv, prevConv]] = await Promise.all([
    both(p, (q) => getOutcomeRates(scope, q, success)),
    both(p, (q) => getConversion(scope, q, outcome, withinDays)),
  ]);
  const withChange = (rows: OutcomeGroup[], prev: OutcomeGroup[] | null) => {
    const c = changeBy(
      prev,
      (g) => g.key,
      (g) => g.success_rate,
      null,
    );
    return rows.map((g) => ({ ...g, success_rate_change: c(g) }));
  };
  const users = filterVisibleRows(v, 'user', rates.by_user, (g) => g.key);
  const convChange = changeBy(
    prevConv,
    (r) => String(r.type),
    (r) => r.rate,
    null,
  );
  return {
    period: presentPeriod(p),
    success_outcomes: success,
    restricted: users.restricted,
    by_type: withChange(rates.by_type, prevRates?.by_type ?? null),
    by_source: withChange(rates.by_source, prevRates?.by_source ?? null),
    by_user: withChange(users.rows, prevRates?.by_user ?? null),
    conversion: {
      outcome,
      within_days: withinDays,
      by_type: conv.map((r) => ({ ...r, rate_change: convChange(r) })),
    },
  };
}

export const JOURNEY_DEFINITION =
  'Each customer’s non-deleted events in [from, to) matching the filters, ordered by (event_timestamp, id), form a sequence of activity types; paths are runs of consecutive types, transitions are pairs of consecutive touchpoints.';

export async function reportJourney(
  scope: Scope,
  p: ResolvedParams,
  opts: { minLength?: number; maxLength?: number; limit?: number; outcome?: string } = {},
): Promise<JourneyResponse> {
  const [[seq, prevSeq], [attr, prevAttr]] = await Promise.all([
    both(p, (q) => getJourneySequences(scope, q, { ...opts, limit: opts.limit ?? 20 })),
    both(p, (q) => getTouchAttribution(scope, q, opts.outcome ?? 'deal_won')),
  ]);
  const { paths, transitions } = seq;
  const prevPaths = prevSeq?.paths ?? null;
  const prevTransitions = prevSeq?.transitions ?? null;
  // Previous occurrences of a path are looked up among the previous top paths; a path outside them
  // has no reliable previous count, so its change is null rather than a made-up 0.
  const pathKey = (r: { path: string[] }) => r.path.join('>');
  const prevByPath = prevPaths ? new Map(prevPaths.map((r) => [pathKey(r), r.occurrences])) : null;
  const trChange = changeBy(
    prevTransitions,
    (r) => `${r.from}>${r.to}`,
    (r) => r.count,
    0,
  );
  return {
    period: presentPeriod(p),
    definition: JOURNEY_DEFINITION,
    paths: paths.map((r) => {
      const before = prevByPath?.get(pathKey(r));
      return { ...r, occurrences_change: before === undefined ? null : change(r.occurrences, before) };
    }),
    transitions: transitions.map((r) => ({ ...r, count_change: trChange(r) })),
    attribution: {
      ...attr,
      conversions_change: prevAttr ? change(attr.conversions, prevAttr.conversions) : null,
    },
  };
}

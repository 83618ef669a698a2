/**
 * KPI 2, Response time, as the API answers it: the period's figures (getResponseTimes), the change
 * against the previous period when compared, and the viewer's visibility applied to the user and
 * team rows. The route and the dashboard bundles both call this, so a tile equals its endpoint.
 */
import type { Scope } from '../../db/scope.js';
import { filterVisibleRows } from '../../visibility/explicit.js';
import type { FigureScope } from '../../visibility/policy.js';
import { change, presentPeriod, type ResolvedParams } from '../params.js';
import { getResponseTimes } from '../queries/get-response-times.js';
import type { PairSummary } from '../queries/summarize-response-pairs.js';
import type { ResponseStats, ResponseTimesResponse } from '../schemas/response-times.js';

function present(s: PairSummary, withUnanswered = true): ResponseStats {
  return {
    answered: s.count,
    unanswered: withUnanswered ? s.unanswered : null,
    mean_minutes: s.mean,
    median_minutes: s.median,
    p90_minutes: s.p90,
  };
}

/** Rows sorted by key; user and team rows have no unanswered count (only replies have a responder). */
const rowsOf = (m: Map<string, PairSummary>, withUnanswered = true) =>
  [...m]
    .map(([key, s]) => ({ key, ...present(s, withUnanswered) }))
    .sort((a, b) => a.key.localeCompare(b.key));

export async function reportResponseTimes(
  scope: Scope,
  p: ResolvedParams,
  opts: { windowDays: number; hours: 'calendar' | 'business' },
  v: FigureScope,
): Promise<ResponseTimesResponse> {
  const figures = await getResponseTimes(scope, p, opts);
  const cur = figures.current;
  const overall = present(cur.overall);
  const previous = figures.previous ? present(figures.previous) : null;
  const users = filterVisibleRows(v, 'user', rowsOf(cur.byUser, false), (r) => r.key);
  const teams = filterVisibleRows(v, 'team', rowsOf(cur.byTeam, false), (r) => r.key);
  const delta = (k: keyof ResponseStats) => {
    const now = overall[k];
    const before = previous?.[k];
    return now === null || before === null || before === undefined ? null : change(now, before);
  };
  return {
    period: presentPeriod(p),
    unit: 'minutes',
    hours: opts.hours,
    window_days: opts.windowDays,
    working_calendar: figures.workingCalendar,
    overall,
    previous,
    change: previous
      ? {
          answered: delta('answered'),
          unanswered: delta('unanswered'),
          mean_minutes: delta('mean_minutes'),
          median_minutes: delta('median_minutes'),
          p90_minutes: delta('p90_minutes'),
        }
      : null,
    by_type: rowsOf(cur.byType),
    by_source: rowsOf(cur.bySource),
    by_user: users.rows,
    by_team: teams.rows,
    restricted: users.restricted || teams.restricted,
  };
}

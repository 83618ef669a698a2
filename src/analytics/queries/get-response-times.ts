/**
 * KPI 2, Response time. For each inbound event in the period, the time to the first later outbound
 * event to the same customer (same thread when the inbound names one) — see listResponsePairs —
 * answered when that reply comes within the window. Figures per inbound type and source, and per
 * responding user and team; minutes of calendar time or of business time.
 */
import { getCompanySettings } from '../../company/queries.js';
import type { Scope } from '../../db/scope.js';
import { createBusinessClock } from '../business-minutes.js';
import { change, type Period, presentPeriod, type ResolvedParams } from '../params.js';
import type { ResponseStats, ResponseTimesResponse } from '../schemas/response-times.js';
import { summarize } from '../stats.js';
import { filterVisibleRows, type Visibility } from '../visibility.js';
import { listResponsePairs, type ResponsePair } from './list-response-pairs.js';

type Minutes = (p: ResponsePair) => number;

function stats(pairs: ResponsePair[], minutesOf: Minutes, withUnanswered = true): ResponseStats {
  const answered = pairs.filter((p) => p.repliedAt !== null);
  const s = summarize(answered.map(minutesOf));
  return {
    answered: s.count,
    unanswered: withUnanswered ? pairs.length - answered.length : null,
    mean_minutes: s.mean,
    median_minutes: s.median,
    p90_minutes: s.p90,
  };
}

function groupBy(
  pairs: ResponsePair[],
  keyOf: (p: ResponsePair) => string | null,
  minutesOf: Minutes,
  withUnanswered = true,
) {
  const groups = new Map<string, ResponsePair[]>();
  for (const p of pairs) {
    const k = keyOf(p);
    if (k === null) continue;
    const g = groups.get(k);
    if (g) g.push(p);
    else groups.set(k, [p]);
  }
  return [...groups.entries()]
    .map(([key, ps]) => ({ key, ...stats(ps, minutesOf, withUnanswered) }))
    .sort((a, b) => a.key.localeCompare(b.key));
}

export async function getResponseTimes(
  scope: Scope,
  p: ResolvedParams,
  opts: { windowDays: number; hours: 'calendar' | 'business' },
  v: Visibility,
): Promise<ResponseTimesResponse> {
  const windowMinutes = opts.windowDays * 1440;
  let minutesOf: Minutes = (x) => ((x.repliedAt?.getTime() ?? 0) - x.askedAt.getTime()) / 60_000;
  let calendar: ResponseTimesResponse['working_calendar'] = null;
  if (opts.hours === 'business') {
    const settings = await getCompanySettings(scope);
    const clock = createBusinessClock(settings.timezone, settings.working_calendar);
    minutesOf = (x) => clock(x.askedAt, x.repliedAt ?? x.askedAt);
    calendar = { tz: settings.timezone, ...settings.working_calendar };
  }
  const load = (period: Period) => listResponsePairs(scope, p, period, windowMinutes);
  const pairs = await load(p.period);
  const overall = stats(pairs, minutesOf);
  const previous = p.previous ? stats(await load(p.previous), minutesOf) : null;
  const users = filterVisibleRows(
    v,
    'user',
    groupBy(pairs, (x) => x.replyUserId, minutesOf, false),
    (r) => r.key,
  );
  const answered = pairs.filter((x) => x.repliedAt !== null);
  const teams = filterVisibleRows(
    v,
    'team',
    groupBy(answered, (x) => x.replyTeamId ?? 'unknown', minutesOf, false),
    (r) => r.key,
  );
  const delta = (k: keyof ResponseStats) => {
    const cur = overall[k];
    const prev = previous?.[k];
    return cur === null || prev === null || prev === undefined ? null : change(cur, prev);
  };
  return {
    period: presentPeriod(p),
    unit: 'minutes',
    hours: opts.hours,
    window_days: opts.windowDays,
    working_calendar: calendar,
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
    by_type: groupBy(pairs, (x) => x.type, minutesOf),
    by_source: groupBy(pairs, (x) => x.source, minutesOf),
    by_user: users.rows,
    by_team: teams.rows,
    restricted: users.restricted || teams.restricted,
  };
}

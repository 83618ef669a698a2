/**
 * KPI 2, Response time. For each inbound event in the period, the time to the first later outbound
 * event to the same customer (same thread when the inbound names one) — see list-response-pairs.ts —
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
import { listAnsweredPairs, type ResponsePair, type UnansweredCounts } from './list-response-pairs.js';
import { type PairSummaries, type PairSummary, summarizeResponsePairs } from './summarize-response-pairs.js';

type Minutes = (p: ResponsePair) => number;

/**
 * The same figures as summarizeResponsePairs, in Node, for business minutes (a per-pair clock):
 * `answered` holds the answered pairs only; the unanswered ones come counted.
 */
function summarizeInNode(
  answered: ResponsePair[],
  minutesOf: Minutes,
  unanswered: UnansweredCounts,
): PairSummaries {
  const groups = {
    byType: new Map<string, ResponsePair[]>(),
    bySource: new Map<string, ResponsePair[]>(),
    byUser: new Map<string, ResponsePair[]>(),
    byTeam: new Map<string, ResponsePair[]>(),
  };
  const push = (m: Map<string, ResponsePair[]>, k: string, p: ResponsePair) => {
    const g = m.get(k);
    if (g) g.push(p);
    else m.set(k, [p]);
  };
  for (const p of answered) {
    push(groups.byType, p.type, p);
    push(groups.bySource, p.source, p);
    if (p.replyUserId) push(groups.byUser, p.replyUserId, p);
    push(groups.byTeam, p.replyTeamId ?? 'unknown', p);
  }
  const of = (ps: ResponsePair[], unansweredCount = 0): PairSummary => ({
    ...summarize(ps.map(minutesOf)),
    unanswered: unansweredCount,
  });
  // A type or source whose inbound events all went unanswered still gets its row.
  const each = (m: Map<string, ResponsePair[]>, counts = new Map<string, number>()) =>
    new Map(
      [...new Set([...m.keys(), ...counts.keys()])].map(
        (k) => [k, of(m.get(k) ?? [], counts.get(k))] as const,
      ),
    );
  return {
    overall: of(answered, unanswered.overall),
    byType: each(groups.byType, unanswered.byType),
    bySource: each(groups.bySource, unanswered.bySource),
    byUser: each(groups.byUser),
    byTeam: each(groups.byTeam),
  };
}

function present(s: PairSummary, withUnanswered = true): ResponseStats {
  return {
    answered: s.count,
    unanswered: withUnanswered ? s.unanswered : null,
    mean_minutes: s.mean,
    median_minutes: s.median,
    p90_minutes: s.p90,
  };
}

const rowsOf = (m: Map<string, PairSummary>, withUnanswered = true) =>
  [...m]
    .map(([key, s]) => ({ key, ...present(s, withUnanswered) }))
    .sort((a, b) => a.key.localeCompare(b.key));

export async function getResponseTimes(
  scope: Scope,
  p: ResolvedParams,
  opts: { windowDays: number; hours: 'calendar' | 'business' },
  v: Visibility,
): Promise<ResponseTimesResponse> {
  const windowMinutes = opts.windowDays * 1440;
  let load = (period: Period) => summarizeResponsePairs(scope, p, period, windowMinutes);
  let calendar: ResponseTimesResponse['working_calendar'] = null;
  if (opts.hours === 'business') {
    const settings = await getCompanySettings(scope);
    const clock = createBusinessClock(settings.timezone, settings.working_calendar);
    const minutesOf: Minutes = (x) => clock(x.askedAt, x.repliedAt ?? x.askedAt);
    calendar = { tz: settings.timezone, ...settings.working_calendar };
    load = async (period) => {
      const { answered, unanswered } = await listAnsweredPairs(scope, p, period, windowMinutes);
      return summarizeInNode(answered, minutesOf, unanswered);
    };
  }
  const [cur, prev] = await Promise.all([load(p.period), p.previous ? load(p.previous) : null]);
  const overall = present(cur.overall);
  const previous = prev ? present(prev.overall) : null;
  const users = filterVisibleRows(v, 'user', rowsOf(cur.byUser, false), (r) => r.key);
  const teams = filterVisibleRows(v, 'team', rowsOf(cur.byTeam, false), (r) => r.key);
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
    by_type: rowsOf(cur.byType),
    by_source: rowsOf(cur.bySource),
    by_user: users.rows,
    by_team: teams.rows,
    restricted: users.restricted || teams.restricted,
  };
}

/**
 * KPI 2's calendar-time figures computed in the database: answered, unanswered, mean, median and
 * p90 minutes overall and per inbound type, inbound source, responding user and responding team, in
 * one grouping-sets pass over the period's pairs. The same definitions as summarize() over
 * the answered pairs (stats.ts; percentile_cont interpolates like percentileCont), without shipping
 * every pair to Node: a 90-day period of a busy company has tens of thousands.
 */
import { sql } from 'kysely';
import type { Scope } from '../../db/scope.js';
import type { Period, ResolvedParams } from '../params.js';
import { round4, type Summary } from '../stats.js';
import { oncePerRequest, pairsQuery } from './list-response-pairs.js';

export interface PairSummary extends Summary {
  /** Inbound events without a reply within the window (0 for user and team rows: only replies count). */
  unanswered: number;
}

export interface PairSummaries {
  overall: PairSummary;
  byType: Map<string, PairSummary>;
  bySource: Map<string, PairSummary>;
  /** Replies per responding user. */
  byUser: Map<string, PairSummary>;
  /** Replies per responding user's team ("unknown": no team, or not in the directory). */
  byTeam: Map<string, PairSummary>;
}

interface Row {
  g: number;
  key: string | null;
  answered: number;
  unanswered: number;
  mean: number | null;
  median: number | null;
  p90: number | null;
}

// grouping(event_type, event_source, reply_user_id, team) bits, set when the column is NOT grouped.
const SETS = { overall: 15, type: 7, source: 11, user: 13, team: 14 } as const;

async function read(
  scope: Scope,
  params: Pick<ResolvedParams, 'filters'>,
  period: Period,
  windowMinutes: number,
) {
  const pairs = pairsQuery(scope, params, period, windowMinutes);
  const { rows } = await sql<Row>`
    with p as (${pairs}),
    q as (
      select p.event_type, p.event_source, p.reply_user_id,
        case when p.replied_at is not null then coalesce(u.team_id::text, 'unknown') end as team,
        extract(epoch from p.replied_at - p.asked_at)::float8 / 60 as minutes
      from p left join users u on u.company_id = ${scope.companyId}::uuid and u.id = p.reply_user_id)
    select grouping(event_type, event_source, reply_user_id, team) as g,
      coalesce(event_type, event_source, reply_user_id::text, team) as key,
      count(minutes)::int as answered, (count(*) - count(minutes))::int as unanswered,
      avg(minutes) as mean,
      percentile_cont(0.5) within group (order by minutes) as median,
      percentile_cont(0.9) within group (order by minutes) as p90
    from q
    group by grouping sets ((), (event_type), (event_source), (reply_user_id), (team))`.execute(scope.db);

  const empty = (): PairSummary => ({ count: 0, unanswered: 0, mean: null, median: null, p90: null });
  const out: PairSummaries = {
    overall: empty(),
    byType: new Map(),
    bySource: new Map(),
    byUser: new Map(),
    byTeam: new Map(),
  };
  for (const r of rows) {
    const s: PairSummary = {
      count: Number(r.answered),
      unanswered: Number(r.unanswered),
      mean: round4(r.mean === null ? null : Number(r.mean)),
      median: round4(r.median === null ? null : Number(r.median)),
      p90: round4(r.p90 === null ? null : Number(r.p90)),
    };
    const g = Number(r.g);
    if (g === SETS.overall) out.overall = s;
    // A null user or team key gathers the unanswered events: not a responder.
    else if (r.key === null) continue;
    else if (g === SETS.type) out.byType.set(r.key, s);
    else if (g === SETS.source) out.bySource.set(r.key, s);
    else if (g === SETS.user) out.byUser.set(r.key, { ...s, unanswered: 0 });
    else if (g === SETS.team) out.byTeam.set(r.key, { ...s, unanswered: 0 });
  }
  return out;
}

/** Once per request for the same filters, period and window (a dashboard asks twice). */
export function summarizeResponsePairs(
  scope: Scope,
  params: Pick<ResolvedParams, 'filters'>,
  period: Period,
  windowMinutes: number,
): Promise<PairSummaries> {
  return oncePerRequest('summary', scope, params, period, windowMinutes, () =>
    read(scope, params, period, windowMinutes),
  );
}

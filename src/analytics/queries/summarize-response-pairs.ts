/**
 * KPI 2's calendar-time figures computed on the replica: answered, unanswered, mean, median and p90
 * minutes overall and per inbound type, inbound source, responding user and responding team, in
 * one grouping-sets pass over the period's pairs. The same definitions as summarize() over the
 * answered pairs (stats.ts; quantile_cont interpolates like percentileCont), without shipping every
 * pair to Node: a 90-day period of a busy company has hundreds of thousands.
 */
import type { Scope } from '../../db/scope.js';
import type { Period, ResolvedParams } from '../params.js';
import { queryReplica } from '../replica/query.js';
import { round4, type Summary } from '../stats.js';
import { oncePerRequest, responsePairsSql } from './list-response-pairs.js';

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

/**
 * Which figures: every group; the responders' (per user, per team, overall: what productivity
 * shows); or the overall ones only (a previous period's comparison).
 */
export type PairGroups = 'all' | 'responders' | 'overall';

interface Row {
  g: number;
  key: string | null;
  answered: number;
  unanswered: number;
  mean_us: number | null;
  /** quantile_cont at 0.5 and 0.9, in µs; null when nothing was answered. */
  q: [number, number] | null;
}

// grouping(event_type, event_source, reply_user_id, team) bits, set when the column is NOT grouped.
const SETS = { overall: 15, type: 7, source: 11, user: 13, team: 14 } as const;
/** The grouping key and GROUP BY clause of each choice (grouping() needs a grouped column). */
const GROUPS: Record<PairGroups, { key: string; by: string }> = {
  all: {
    key: `grouping(event_type, event_source, reply_user_id, team) as g,
      coalesce(event_type, event_source, reply_user_id::varchar, team) as key`,
    by: 'group by grouping sets ((), (event_type), (event_source), (reply_user_id), (team))',
  },
  // Type and source never grouped: their bits (8 and 4) always set, so g is as under 'all'.
  responders: {
    key: `grouping(reply_user_id, team) + 12 as g, coalesce(reply_user_id::varchar, team) as key`,
    by: 'group by grouping sets ((), (reply_user_id), (team))',
  },
  overall: { key: `${SETS.overall} as g, null as key`, by: '' },
};

const US_PER_MINUTE = 60_000_000;
const minutes = (us: number | null | undefined) =>
  round4(us === null || us === undefined ? null : us / US_PER_MINUTE);

async function read(
  scope: Scope,
  params: Pick<ResolvedParams, 'filters' | 'visible'>,
  period: Period,
  windowMinutes: number,
  groups: PairGroups,
): Promise<PairSummaries> {
  const rows = await queryReplica<Row>(scope, async (p) => {
    const pairs = await responsePairsSql(scope, params, period, windowMinutes, p);
    // Durations stay integer µs until the end: exact sums, and cheaper quantiles than on doubles.
    return `with q as (
        select x.event_type, x.event_source, x.reply_user_id,
          case when x.replied_us is not null then coalesce(u.team_id::varchar, 'unknown') end as team,
          x.replied_us - x.asked_us as us
        from (${pairs}) x
        left join users u on u.company_id = ${p.uuid(scope.companyId)} and u.id = x.reply_user_id)
      select ${GROUPS[groups].key}, count(us) as answered, count(*) - count(us) as unanswered, avg(us) as mean_us,
        quantile_cont(us, [0.5, 0.9]) as q
      from q ${GROUPS[groups].by}`;
  });

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
      mean: minutes(r.mean_us),
      median: minutes(r.q?.[0]),
      p90: minutes(r.q?.[1]),
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

/** Once per request for the same filters, period, window and groups (a dashboard asks twice). */
export function summarizeResponsePairs(
  scope: Scope,
  params: Pick<ResolvedParams, 'filters' | 'visible'>,
  period: Period,
  windowMinutes: number,
  groups: PairGroups = 'all',
): Promise<PairSummaries> {
  return oncePerRequest(`summary:${groups}`, scope, params, period, windowMinutes, () =>
    read(scope, params, period, windowMinutes, groups),
  );
}

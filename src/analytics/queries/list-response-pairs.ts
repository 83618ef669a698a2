/**
 * Response pairs: each inbound event in the period (filters apply to the inbound events) with the
 * first later outbound event to the same customer — in the same event_data.thread_id when the
 * inbound has one — no later than `windowMinutes` after it, or none. Ties at the same instant: the
 * lowest id replies.
 *
 * Read from analytics_response_pairs (migration 0026), maintained on every write
 * (rollups/response-pairs.ts), which holds each inbound event's first reply within 90 days: the
 * first reply is within a shorter window iff it comes no later than the window after the question.
 * Filters the pairs table carries (type, source, customer) read it alone, by an index-only scan
 * of the period; any other filter joins the inbound events through the timeline filters.
 */
import { sql } from 'kysely';
import type { Scope } from '../../db/scope.js';
import type { TimelineFilters } from '../../events/filters.js';
import type { Period, ResolvedParams } from '../params.js';
import { eventsIn } from './period-filter.js';

export interface ResponsePair {
  inboundId: string;
  type: string;
  source: string;
  askedAt: Date;
  repliedAt: Date | null;
  replyUserId: string | null;
  replyTeamId: string | null;
}

/** Filters answered from the pairs table's own columns. */
const PAIR_FILTERS = new Set<string>(['type', 'source', 'customer_id']);

const isSet = (v: unknown) =>
  v !== undefined && v !== null && v !== '' && !(Array.isArray(v) && v.length === 0);

/** True when every filter in use is one the pairs table carries. */
export function pairsAnswer(filters: Omit<TimelineFilters, 'from' | 'to'>): boolean {
  return Object.entries(filters).every(([k, v]) => !isSet(v) || PAIR_FILTERS.has(k));
}

interface Row {
  inbound_id: string;
  event_type: string;
  event_source: string;
  asked_at: Date;
  replied_at: Date | null;
  reply_user_id: string | null;
}

/**
 * One request's answers, by its filters object (created per request by resolveAnalyticsParams, so
 * entries go with it): a dashboard asks KPI 2 and KPI 5's medians for the same pairs; read them once.
 */
const perRequest = new WeakMap<object, Map<string, Promise<unknown>>>();

/** `read()` once per request (its filters object), company, period, window and `what`. */
export function oncePerRequest<T>(
  what: string,
  scope: Scope,
  params: Pick<ResolvedParams, 'filters'>,
  period: Period,
  windowMinutes: number,
  read: () => Promise<T>,
): Promise<T> {
  const key = `${what}|${scope.companyId}|${period.from.toISOString()}|${period.to.toISOString()}|${windowMinutes}`;
  let memo = perRequest.get(params.filters);
  if (!memo) {
    memo = new Map();
    perRequest.set(params.filters, memo);
  }
  let answer = memo.get(key) as Promise<T> | undefined;
  if (!answer) {
    answer = read();
    memo.set(key, answer);
  }
  return answer;
}

/** The pairs of the period matching the filters, as a query (columns of `Row`). */
export function pairsQuery(
  scope: Scope,
  params: Pick<ResolvedParams, 'filters'>,
  period: Period,
  windowMinutes: number,
) {
  // The reply counts only within the window (exact to the microsecond, in SQL).
  const inWindow = sql<boolean>`rp.replied_at <= rp.asked_at + ${windowMinutes} * interval '1 minute'`;
  const columns = [
    'rp.inbound_id',
    'rp.event_type',
    'rp.event_source',
    'rp.asked_at',
    sql<Date | null>`case when ${inWindow} then rp.replied_at end`.as('replied_at'),
    sql<string | null>`case when ${inWindow} then rp.reply_user_id end`.as('reply_user_id'),
  ] as const;
  if (pairsAnswer(params.filters)) {
    const f = params.filters;
    let q = scope.db
      .selectFrom('analytics_response_pairs as rp')
      .select(columns)
      .where('rp.company_id', '=', scope.companyId)
      .where('rp.asked_at', '>=', period.from)
      .where('rp.asked_at', '<', period.to);
    if (f.type?.length) q = q.where('rp.event_type', 'in', f.type);
    if (f.source?.length) q = q.where('rp.event_source', 'in', f.source);
    if (f.customer_id?.length) q = q.where('rp.customer_id', 'in', f.customer_id);
    return q;
  }
  return eventsIn(scope, params, period)
    .where('e.direction', '=', 'inbound')
    .innerJoin('analytics_response_pairs as rp', (j) =>
      j.onRef('rp.company_id', '=', 'e.company_id').onRef('rp.inbound_id', '=', 'e.id'),
    )
    .select(columns);
}

/** Inbound events without a reply within the window: overall, per inbound type and per source. */
export interface UnansweredCounts {
  overall: number;
  byType: Map<string, number>;
  bySource: Map<string, number>;
}

/**
 * The answered pairs only, with the unanswered ones counted in SQL: business-hours figures need a
 * clock per answered pair, while an unanswered one only counts, so it need not travel to Node.
 */
export function listAnsweredPairs(
  scope: Scope,
  params: Pick<ResolvedParams, 'filters'>,
  period: Period,
  windowMinutes: number,
): Promise<{ answered: ResponsePair[]; unanswered: UnansweredCounts }> {
  return oncePerRequest('answered', scope, params, period, windowMinutes, async () => {
    const pairs = pairsQuery(scope, params, period, windowMinutes);
    const [answered, counts] = await Promise.all([
      sql<Row>`select * from (${pairs}) p where p.replied_at is not null`.execute(scope.db),
      // grouping(event_type, event_source): 3 overall, 1 per type, 2 per source.
      sql<{ g: number; key: string | null; n: number }>`
        select grouping(event_type, event_source) as g, coalesce(event_type, event_source) as key, count(*)::int as n
        from (${pairs}) p where p.replied_at is null
        group by grouping sets ((), (event_type), (event_source))`.execute(scope.db),
    ]);
    const unanswered: UnansweredCounts = { overall: 0, byType: new Map(), bySource: new Map() };
    for (const r of counts.rows) {
      const g = Number(r.g);
      if (g === 3) unanswered.overall = Number(r.n);
      else if (r.key !== null) (g === 1 ? unanswered.byType : unanswered.bySource).set(r.key, Number(r.n));
    }
    return { answered: await attachTeams(scope, answered.rows.map(toPair)), unanswered };
  });
}

const toPair = (r: Row): ResponsePair => ({
  inboundId: r.inbound_id,
  type: r.event_type,
  source: r.event_source,
  askedAt: new Date(r.asked_at),
  repliedAt: r.replied_at === null ? null : new Date(r.replied_at),
  replyUserId: r.reply_user_id,
  replyTeamId: null,
});

/** The responding users' current teams, from the directory (one small query). */
async function attachTeams(scope: Scope, pairs: ResponsePair[]): Promise<ResponsePair[]> {
  const ids = [...new Set(pairs.flatMap((p) => (p.replyUserId ? [p.replyUserId] : [])))];
  if (ids.length === 0) return pairs;
  const users = await scope.db
    .selectFrom('users')
    .select(['id', 'team_id'])
    .where('company_id', '=', scope.companyId)
    .where('id', 'in', ids)
    .execute();
  const teams = new Map(users.map((u) => [u.id, u.team_id]));
  return pairs.map((p) => ({ ...p, replyTeamId: p.replyUserId ? (teams.get(p.replyUserId) ?? null) : null }));
}

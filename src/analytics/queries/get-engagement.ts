/**
 * KPI 3, Engagement, as figures: (a) customers with inbound, with outbound, and with both events in
 * the period, overall and per segment; (b) the per-customer score (engagement-score.ts) with its
 * mean, median, 10-point distribution, and the most and least engaged customers. Every customer is
 * scored inside the replica; only these aggregates and the two short lists reach Node.
 */
import type { Scope } from '../../db/scope.js';
import { engagementScoreSql } from '../engagement-score.js';
import type { Period, ResolvedParams } from '../params.js';
import { queryReplica } from '../replica/query.js';
import type { SqlParams } from '../replica/sql-params.js';
import { customerSumsSql, INBOUND_BIT, OUTBOUND_BIT } from './list-customer-engagement.js';

export interface RateCounts {
  /** Customers with ≥ 1 inbound event. */
  engaged: number;
  /** Customers with ≥ 1 outbound event. */
  touched: number;
  /** Customers with both. */
  responded: number;
}

export interface PeriodEngagement {
  overall: RateCounts;
  /** Per segment ('unknown' when none), by name. */
  bySegment: Array<RateCounts & { segment: string }>;
  /** Customers with ≥ 1 event (scored). */
  customers: number;
  /** Mean and median (percentile_cont) of the scores, points; null without customers. */
  meanScore: number | null;
  medianScore: number | null;
}

export interface ScoredCustomer {
  customerId: string;
  segment: string;
  score: number;
  events: number;
  lastEventAt: Date;
}

export interface EngagementFigures {
  current: PeriodEngagement;
  /** The previous period (when compared). */
  previous: PeriodEngagement | null;
  /** Customers per 10-point bin of the current scores, [0, 10) … [90, 100]. */
  distribution: number[];
  /** Highest scores first, ties: latest last event first, then by id. */
  mostEngaged: ScoredCustomer[];
  /** The exact reverse order: lowest scores first. */
  leastEngaged: ScoredCustomer[];
}

interface Row {
  rates: Array<RateCounts & { cur: boolean; segment: string | null }> | null;
  scores: Array<{ cur: boolean; customers: number; mean: number | null; median: number | null }> | null;
  bins: Array<{ bin: number; customers: number }> | null;
  most: CustomerRow[] | null;
  least: CustomerRow[] | null;
}
interface CustomerRow {
  customer_id: string;
  segment: string;
  score: number;
  events: number;
  last_ms: number;
}

export async function getEngagement(
  scope: Scope,
  p: ResolvedParams,
  opts: { halfLifeDays: number; limit: number },
): Promise<EngagementFigures> {
  const periods: [Period] | [Period, Period] = p.previous ? [p.period, p.previous] : [p.period];
  const [row] = await queryReplica<Row>(scope, async (q) =>
    summarySql(await customerSumsSql(scope, p, periods, opts.halfLifeDays, q), q, opts.limit),
  );
  const distribution = Array.from({ length: 10 }, () => 0);
  for (const b of row?.bins ?? []) distribution[b.bin] = b.customers;
  return {
    current: periodOf(row, true),
    previous: p.previous ? periodOf(row, false) : null,
    distribution,
    mostEngaged: (row?.most ?? []).map(presentCustomer),
    leastEngaged: (row?.least ?? []).map(presentCustomer),
  };
}

/**
 * Scores every customer row of `sums` (materialized: read five times), then summarizes: rates per
 * period and segment (grouping sets add the overall row, segment null), score statistics per
 * period, and, for the current period, the distribution and both ends of the ranking.
 */
function summarySql(sums: string, q: SqlParams, limit: number): string {
  const customer = `{customer_id: customer_id::varchar, segment: segment, score: score, events: events,
    last_ms: floor(last_us / 1000)::double}`;
  const top = q.int(limit);
  return `
    with scored as materialized (
      select customer_id, cur, segment, dirs, events, last_us, ${engagementScoreSql(q)} as score
      from (${sums}) s
    )
    select
      (select list({cur: cur, segment: segment, engaged: engaged, touched: touched, responded: responded})
        from (select cur, segment,
            count(*) filter (where dirs & ${INBOUND_BIT} <> 0)::int as engaged,
            count(*) filter (where dirs & ${OUTBOUND_BIT} <> 0)::int as touched,
            count(*) filter (where dirs = ${INBOUND_BIT | OUTBOUND_BIT})::int as responded
          from scored group by grouping sets ((cur, segment), (cur)))) as rates,
      (select list({cur: cur, customers: customers, mean: mean, median: median})
        from (select cur, count(*)::int as customers, avg(score) as mean, quantile_cont(score, 0.5) as median
          from scored group by cur)) as scores,
      (select list({bin: bin, customers: customers})
        from (select least(9, floor(score / 10))::int as bin, count(*)::int as customers
          from scored where cur group by 1)) as bins,
      (select list(${customer} order by score desc, last_us desc, customer_id)
        from (select * from scored where cur order by score desc, last_us desc, customer_id limit ${top})) as most,
      (select list(${customer} order by score, last_us, customer_id desc)
        from (select * from scored where cur order by score, last_us, customer_id desc limit ${top})) as least`;
}

const counts = (r: RateCounts): RateCounts => ({
  engaged: r.engaged,
  touched: r.touched,
  responded: r.responded,
});

function periodOf(row: Row | undefined, cur: boolean): PeriodEngagement {
  const rates = (row?.rates ?? []).filter((r) => r.cur === cur);
  const stats = row?.scores?.find((s) => s.cur === cur);
  const overall = rates.find((r) => r.segment === null);
  return {
    overall: overall ? counts(overall) : { engaged: 0, touched: 0, responded: 0 },
    bySegment: rates
      .filter((r): r is typeof r & { segment: string } => r.segment !== null)
      .map((r) => ({ segment: r.segment, ...counts(r) }))
      .sort((a, b) => (a.segment < b.segment ? -1 : a.segment > b.segment ? 1 : 0)),
    customers: stats?.customers ?? 0,
    meanScore: stats?.mean ?? null,
    medianScore: stats?.median ?? null,
  };
}

const presentCustomer = (c: CustomerRow): ScoredCustomer => ({
  customerId: c.customer_id,
  segment: c.segment,
  score: c.score,
  events: c.events,
  lastEventAt: new Date(c.last_ms),
});

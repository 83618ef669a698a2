/**
 * KPI 7, effectiveness: how activities turn out (event_data.outcome) per type, source and user, and
 * which activity types are followed by a conversion (a chosen outcome, default deal_won) within N days.
 */
import { sql } from 'kysely';
import type { Scope } from '../../db/scope.js';
import type { ResolvedParams } from '../params.js';
import { periodEvents, ratio, SUCCESS_OUTCOMES } from './period-events.js';

export interface OutcomeGroup {
  key: string;
  /** Events in the group. */
  activities: number;
  /** Events with an event_data.outcome. */
  with_outcome: number;
  /** Events whose outcome is in the success set. */
  successes: number;
  /** successes ÷ with_outcome; null when no outcome was recorded. */
  success_rate: number | null;
  /** with_outcome ÷ activities. */
  outcome_coverage: number | null;
  by_outcome: Record<string, number>;
}

export interface ConversionRow {
  /** Activity type, or null for "any type". */
  type: string | null;
  customers: number;
  converted: number;
  rate: number | null;
}

export interface EffectivenessOptions {
  success?: string[];
  outcome?: string;
  withinDays?: number;
}

type Dim = 'type' | 'source' | 'user';

/** Outcome counts per type, source and user, in one scan (grouping sets). */
export async function getOutcomeRates(scope: Scope, params: ResolvedParams, success = SUCCESS_OUTCOMES) {
  const rows = await periodEvents(scope, params)
    .select([
      sql<number>`grouping(e.event_type, e.event_source, e.user_id)`.as('g'),
      sql<string | null>`coalesce(e.event_type, e.event_source, e.user_id::text)`.as('key'),
      sql<string | null>`e.outcome`.as('outcome'),
      sql<number>`count(*)::int`.as('n'),
    ])
    .groupBy(
      sql`grouping sets ((e.event_type, e.outcome), (e.event_source, e.outcome), (e.user_id, e.outcome))`,
    )
    .execute();
  // grouping() bits: type=4, source=2, user=1; a bit is set when that column is NOT grouped.
  const dimOf: Record<number, Dim> = { 3: 'type', 5: 'source', 6: 'user' };
  const out: Record<Dim, Map<string, OutcomeGroup>> = { type: new Map(), source: new Map(), user: new Map() };
  const ok = new Set(success);
  for (const r of rows) {
    const dim = dimOf[Number(r.g)];
    if (!dim || r.key === null) continue;
    let g = out[dim].get(r.key);
    if (!g) {
      g = {
        key: r.key,
        activities: 0,
        with_outcome: 0,
        successes: 0,
        success_rate: null,
        outcome_coverage: null,
        by_outcome: {},
      };
      out[dim].set(r.key, g);
    }
    g.activities += r.n;
    if (r.outcome !== null) {
      g.with_outcome += r.n;
      g.by_outcome[r.outcome] = r.n;
      if (ok.has(r.outcome)) g.successes += r.n;
    }
  }
  const finish = (m: Map<string, OutcomeGroup>) =>
    [...m.values()]
      .map((g) => ({
        ...g,
        success_rate: ratio(g.successes, g.with_outcome),
        outcome_coverage: ratio(g.with_outcome, g.activities),
      }))
      .sort((a, b) => b.activities - a.activities || (a.key < b.key ? -1 : 1));
  return { by_type: finish(out.type), by_source: finish(out.source), by_user: finish(out.user) };
}

/**
 * Customer-level conversion per activity type: of the customers with at least one activity of type T
 * in the period (matching the filters), the share who have an event with outcome `outcome` at or after
 * such an activity and less than `withinDays` days after it. The converting event is any live event of
 * the customer (it need not match the filters nor lie in the period: a win after the period still
 * follows an activity inside it).
 */
export async function getConversion(
  scope: Scope,
  params: ResolvedParams,
  outcome = 'deal_won',
  withinDays = 30,
): Promise<ConversionRow[]> {
  const acts = periodEvents(scope, params).select(['e.customer_id', 'e.event_type', 'e.event_timestamp']);
  const { from, to } = params.period;
  // Wins are few: each win converts its customer's activities in the `withinDays` before it (a win
  // at the same instant as an activity follows it). A join of the wins to the activities and hash
  // aggregates, instead of sorting every activity of the period by customer and time. `acts` is
  // inlined where used (not materialized: that wrote every activity of the period to a tuplestore),
  // so the wins' activities can be found through the customer index, and distinct customers are
  // counted from the (type, customer) pairs rather than by sorting the activities.
  const rows = await sql<{ type: string | null; customers: number; converted: number }>`
    with acts as not materialized (${acts}),
    wins as (
      select w.customer_id, w.event_timestamp as ts from crm_activity_events w
      where w.company_id = ${scope.companyId} and not w.is_deleted
        and w.outcome = ${outcome}
        and w.event_timestamp >= ${from}::timestamptz
        and w.event_timestamp < ${to}::timestamptz + make_interval(days => ${withinDays}::int)
    ),
    conv as (
      select a.event_type, a.customer_id from acts a
      join wins w on w.customer_id = a.customer_id and a.event_timestamp <= w.ts
        and w.ts < a.event_timestamp + make_interval(days => ${withinDays}::int)
      group by 1, 2
    ),
    pairs as materialized (select event_type, customer_id from acts group by 1, 2),
    den as (select event_type, count(*)::int as n from pairs group by 1),
    num as (select event_type, count(*)::int as n from conv group by 1)
    select den.event_type as type, den.n as customers, coalesce(num.n, 0) as converted
    from den left join num on num.event_type = den.event_type
    union all
    select null, (select count(distinct customer_id)::int from pairs), (select count(distinct customer_id)::int from conv)
  `.execute(scope.db);
  return rows.rows
    .map((r) => ({ ...r, rate: ratio(r.converted, r.customers) }))
    .sort((a, b) => (a.type === null ? 1 : b.type === null ? -1 : a.type < b.type ? -1 : 1));
}

/** The whole KPI 7 answer. */
export async function getEffectiveness(
  scope: Scope,
  params: ResolvedParams,
  opts: EffectivenessOptions = {},
) {
  const success = opts.success ?? SUCCESS_OUTCOMES;
  const outcome = opts.outcome ?? 'deal_won';
  const withinDays = opts.withinDays ?? 30;
  // Independent scans: concurrent on PostgreSQL (two pool connections), queued on PGlite.
  const [rates, conversion] = await Promise.all([
    getOutcomeRates(scope, params, success),
    getConversion(scope, params, outcome, withinDays),
  ]);
  return {
    success_outcomes: success,
    ...rates,
    conversion: { outcome, within_days: withinDays, by_type: conversion },
  };
}

/**
 * KPI 6b, journeys across customers: each customer's touchpoints in the period (matching the filters)
 * form a sequence of activity types, ordered by (event_timestamp, id). From it come the most frequent
 * paths (runs of 2–5 consecutive types) and the transition matrix type → next type (Sankey data).
 */
import { sql } from 'kysely';
import type { Scope } from '../../db/scope.js';
import type { ResolvedParams } from '../params.js';
import { periodEvents } from './period-events.js';

export interface PathRow {
  length: number;
  /** Activity types in order, e.g. ["email", "call", "meeting"]. */
  path: string[];
  /** Times the run occurs (a customer can contribute several). */
  occurrences: number;
  /** Distinct customers whose sequence contains the run. */
  customers: number;
}

export interface TransitionRow {
  from: string;
  to: string;
  count: number;
  /** Median minutes between the two touchpoints. */
  median_minutes: number;
}

/** The sequence: each touchpoint with the next four types and the next timestamp. */
function sequence(scope: Scope, params: ResolvedParams) {
  const ev = periodEvents(scope, params).select([
    'e.customer_id',
    'e.event_type',
    'e.event_timestamp',
    'e.id',
  ]);
  return sql`
    seq as (
      select customer_id, event_type as t0,
        lead(event_type, 1) over w as t1, lead(event_type, 2) over w as t2,
        lead(event_type, 3) over w as t3, lead(event_type, 4) over w as t4,
        event_timestamp as ts, lead(event_timestamp, 1) over w as next_ts
      from (${ev}) ev
      window w as (partition by customer_id order by event_timestamp, id)
    )`;
}

/**
 * Top `limit` paths per length in [minLength, maxLength], by occurrences, ties by path (byte order),
 * so the answer is deterministic.
 */
export async function getJourneyPaths(
  scope: Scope,
  params: ResolvedParams,
  opts: { minLength?: number; maxLength?: number; limit?: number } = {},
): Promise<PathRow[]> {
  const { minLength = 2, maxLength = 5, limit = 20 } = opts;
  const rows = await sql<{ length: number; path: string; occurrences: number; customers: number }>`
    with ${sequence(scope, params)},
    grams as (
      select s.customer_id, g.len, g.path from seq s
      cross join lateral (values
        (2, case when t1 is not null then t0 || '>' || t1 end),
        (3, case when t2 is not null then t0 || '>' || t1 || '>' || t2 end),
        (4, case when t3 is not null then t0 || '>' || t1 || '>' || t2 || '>' || t3 end),
        (5, case when t4 is not null then t0 || '>' || t1 || '>' || t2 || '>' || t3 || '>' || t4 end)
      ) as g(len, path)
      where g.path is not null and g.len between ${minLength}::int and ${maxLength}::int
    ),
    -- Two hash aggregates (per customer, then per path) instead of a sort for count(distinct).
    per_customer as (
      select len, path, customer_id, count(*) as n from grams group by len, path, customer_id
    ),
    counted as (
      select len, path, sum(n)::int as occurrences, count(*)::int as customers
      from per_customer group by len, path
    )
    select len as length, path, occurrences, customers from (
      select c.*, row_number() over (partition by len order by occurrences desc, path collate "C") as rn
      from counted c
    ) r where rn <= ${limit}::int
    order by len, occurrences desc, path collate "C"
  `.execute(scope.db);
  return rows.rows.map((r) => ({ ...r, path: r.path.split('>') }));
}

/** Every observed transition type → next type of the same customer, with count and median gap. */
export async function getTransitions(scope: Scope, params: ResolvedParams): Promise<TransitionRow[]> {
  const rows = await sql<TransitionRow>`
    with ${sequence(scope, params)}
    select t0 as "from", t1 as "to", count(*)::int as count,
      percentile_cont(0.5) within group (order by extract(epoch from (next_ts - ts))::float8 / 60) as median_minutes
    from seq where t1 is not null
    group by t0, t1
    order by count(*) desc, t0 collate "C", t1 collate "C"
  `.execute(scope.db);
  return rows.rows.map((r) => ({ ...r, median_minutes: Number(r.median_minutes) }));
}
